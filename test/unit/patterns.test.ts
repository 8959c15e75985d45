/**
 * User-supplied patterns run on RE2 (linear time), whatever their shape
 * (issue 23, items 6, 7 and 17's `minWords: .inf`). Each case below hangs a
 * backtracking engine for minutes on the given input.
 */
import * as assert from 'node:assert/strict';
import { LanguageService, SchemaRegistry, emptyConfig } from '../../server/src/service';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import { memoryHost } from '../support/service';
import { idAt } from '../../server/src/lsp/navigation';

function serviceWith(...extra: { source: string; text: string }[]): {
  registry: SchemaRegistry;
  service: LanguageService;
} {
  const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), ...extra]);
  return { registry, service: new LanguageService({ registry, host: memoryHost(), config: emptyConfig() }) };
}

const EVIL = `${'a'.repeat(40)}!`;

describe('user patterns run in linear time (RE2)', () => {
  it('a front matter JSON Schema `pattern` with nested repetition does not hang the check, and still validates', () => {
    const schema = {
      source: '/ws/fm.yaml',
      text: [
        'id: fm',
        'title: FM',
        'titleRequired: false',
        'frontMatter:',
        '  type: object',
        '  properties:',
        '    title: {type: string, pattern: "^(a+)+$"}',
        'sections: []',
        '',
      ].join('\n'),
    };
    const { registry, service } = serviceWith(schema);
    assert.ok(registry.get('fm'), JSON.stringify(registry.problems));
    const bad = service.analyze({ text: `---\ntitle: ${EVIL}\n---\n`, kindId: 'fm' });
    assert.match(bad.findings.find((f) => f.code === 'SH010')?.message ?? '', /pattern/);
    assert.equal(bad.findings.filter((f) => f.code === 'SH010').length, 1, 'the title does not match');
    const good = service.analyze({ text: `---\ntitle: aaaa\n---\n`, kindId: 'fm' });
    assert.equal(
      good.findings.filter((f) => f.code === 'SH010').length,
      0,
      `a matching title passes: ${good.findings.map((f) => f.message).join(' / ')}`,
    );
  });

  it('several front matter patterns in one schema each keep their own pattern (ajv caches them by their string)', () => {
    const schema = {
      source: '/ws/two.yaml',
      text: [
        'id: two',
        'title: Two',
        'titleRequired: false',
        'frontMatter:',
        '  properties:',
        '    date: {type: string, pattern: "^[0-9]{4}$"}',
        '    code: {type: string, pattern: "^[A-Z]+$"}',
        'sections: []',
        '',
      ].join('\n'),
    };
    const { service } = serviceWith(schema);
    const sh010 = (fm: string) =>
      service.analyze({ text: `---\n${fm}\n---\n`, kindId: 'two' }).findings.filter((f) => f.code === 'SH010').length;
    assert.equal(sh010('date: "2024"\ncode: ABC'), 0);
    assert.equal(sh010('date: "2024"\ncode: abc'), 1);
    assert.equal(sh010('date: "20x4"\ncode: ABC'), 1);
  });

  it('a front matter pattern RE2 cannot run (look-behind) is refused at load, with its line', () => {
    const schema = {
      source: '/ws/fm2.yaml',
      text: [
        'id: fm2',
        'title: FM2',
        'frontMatter:',
        '  properties:',
        '    title:',
        '      pattern: "(?<!x)a"',
        'sections: []',
        '',
      ].join('\n'),
    };
    const { registry } = serviceWith(schema);
    assert.equal(registry.get('fm2'), undefined);
    const p = registry.problems.find((x) => x.source === '/ws/fm2.yaml');
    assert.ok(
      p &&
        p.line === 5 &&
        /frontMatter\.properties\.title\.pattern: the pattern is not supported: it uses look-around \("\(\?<!…\)"\), which the linear-time \(RE2\) engine does not have/.test(
          p.message,
        ),
      JSON.stringify(registry.problems),
    );
  });

  for (const pattern of ['((a+))+$', '(a|a)+$', '([a-z]|[a-z0-9])+$', '(a|aa)+$', 'a*a*a*a*a*a*a*a*$']) {
    it(`criteria.idPattern ${pattern}: accepted, and criteria, IDs and go-to lookups finish`, () => {
      const schema = {
        source: '/ws/ids.yaml',
        text: [
          'id: ids',
          'title: IDs',
          'titleRequired: false',
          'criteria:',
          `  idPattern: '${pattern}'`,
          'sections:',
          '  - id: ac',
          '    title: Acceptance criteria',
          '    rules:',
          '      checklist: true',
          '',
        ].join('\n'),
      };
      const { registry, service } = serviceWith(schema);
      assert.ok(registry.get('ids'), JSON.stringify(registry.problems));
      const lines = Array.from({ length: 20 }, () => `- [ ] ${EVIL}`).join('\n');
      const a = service.analyze({ text: `## Acceptance criteria\n\n${lines}\n`, kindId: 'ids' });
      assert.ok(a.kind);
      assert.ok(!a.findings.some((f) => /Internal error/.test(f.message)));
      assert.equal(idAt(EVIL, 3, pattern), undefined, 'no ID: the "!" is not part of one');
    });
  }

  it('the default ID pattern still finds IDs, with word boundaries', () => {
    const p = '(?:AC|FR|NFR|SC)-\\d+';
    assert.deepEqual(idAt('see AC-12 and XAC-3', 6, p), { id: 'AC-12', start: 4, end: 9 });
    assert.equal(idAt('see XAC-3 here', 6, p), undefined);
  });

  it('minWords: .inf is refused by the schema format (it was accepted: "needs at least Infinity")', () => {
    const schema = {
      source: '/ws/inf.yaml',
      text: ['id: inf', 'title: Inf', 'sections:', '  - id: a', '    title: A', '    minWords: .inf', ''].join('\n'),
    };
    const { registry } = serviceWith(schema);
    assert.equal(registry.get('inf'), undefined);
    assert.ok(
      registry.problems.some((p) => p.source === '/ws/inf.yaml' && p.line === 5),
      JSON.stringify(registry.problems),
    );
  });
});
