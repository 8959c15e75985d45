import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaRegistry, parseConfig, mergeConfig, emptyConfig } from '../../server/src/service';
import { loadSchemaText } from '../../server/src/service/schema/load';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import { makeService, repoRoot } from '../support/service';

const kind = (body: string) => ({ source: '/ws/custom.yaml', text: body });

describe('schemas', () => {
  it('every built-in and example schema validates against schema-format.json', () => {
    const files = [
      ...builtinSchemaFiles().map((f) => f.source),
      ...fs
        .readdirSync(path.join(repoRoot, 'examples', 'schemas'))
        .map((f) => path.join(repoRoot, 'examples', 'schemas', f)),
    ];
    assert.ok(files.length >= 4);
    for (const file of files) {
      const loaded = loadSchemaText(fs.readFileSync(file, 'utf8'), file);
      assert.deepEqual(loaded.problems, [], file);
      assert.ok(loaded.kind);
    }
  });

  it('built-in spec and handoff cover the four pillars and the handoff essentials', () => {
    const registry = SchemaRegistry.fromTexts(builtinSchemaFiles());
    const spec = registry.get('spec')!;
    const handoff = registry.get('handoff')!;
    const ids = (k: typeof spec) => k.allSections.map((s) => s.id);
    for (const id of [
      'system-context',
      'scope',
      'out-of-scope',
      'technical-specifics',
      'api-contracts',
      'error-handling',
      'performance',
      'acceptance-criteria',
    ])
      assert.ok(ids(spec).includes(id), `spec lacks ${id}`);
    assert.ok(spec.allSections.find((s) => s.id === 'acceptance-criteria')!.rules.checklist);
    assert.ok(handoff.allSections.length >= 6);
    for (const s of [...spec.allSections, ...handoff.allSections]) {
      assert.ok(s.guidance.length > 40, `${s.id} has thin guidance`);
      assert.doesNotMatch(
        s.example,
        /\bTODO\b|\bTBD\b|\?\?\?|NEEDS CLARIFICATION/,
        `${s.id} example has a placeholder`,
      );
    }
  });

  it('reports schema errors with the line of the offending key and keeps the built-ins', () => {
    const bad = kind('id: custom\ntitle: Custom\nsections:\n  - id: a\n    title: A\n    requird: true\n');
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), bad]);
    assert.ok(registry.get('spec'));
    assert.equal(registry.get('custom'), undefined);
    const problem = registry.problems.find((p) => p.source === '/ws/custom.yaml');
    assert.ok(problem);
    assert.equal(problem.line, 5);
    assert.match(problem.message, /requird/);
  });

  it('reports malformed YAML and refuses alias bombs', () => {
    const broken = loadSchemaText('id: x\ntitle: [unclosed\n', 's.yaml');
    assert.ok(broken.problems.length > 0);
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++)
      lol.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const bomb = loadSchemaText(`id: x\ntitle: X\n${lol.join('\n')}\n`, 'bomb.yaml');
    assert.equal(bomb.kind, undefined);
    assert.ok(bomb.problems.length > 0);
  });

  it('extends merges sections by id, appends new ones, and matches only by its own rules', () => {
    const child = kind(
      [
        'id: api-spec',
        'title: API spec',
        'extends: spec',
        'sections:',
        '  - id: summary',
        '    title: Summary',
        '    minWords: 5',
        '  - id: rollout',
        '    title: Rollout plan',
        '    template: "Ship behind a flag."',
      ].join('\n'),
    );
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), child]);
    const apiSpec = registry.get('api-spec')!;
    const spec = registry.get('spec')!;
    assert.equal(apiSpec.sections.find((s) => s.id === 'summary')!.minWords, 5);
    assert.equal(
      apiSpec.sections.find((s) => s.id === 'summary')!.guidance,
      spec.sections.find((s) => s.id === 'summary')!.guidance,
    );
    assert.equal(apiSpec.sections[apiSpec.sections.length - 1].id, 'rollout');
    assert.equal(apiSpec.allSections.length, spec.allSections.length + 1);
    assert.deepEqual(apiSpec.match.frontMatterType, ['api-spec']);
    assert.equal(registry.match({ frontMatterType: 'api-spec' })?.id, 'api-spec');
    assert.equal(registry.match({ frontMatterType: 'spec' })?.id, 'spec');
    // The inherited front matter schema accepts the child's own type and keeps the parent's other rules.
    const service = makeService({ extraSchemas: [child] });
    const doc = service.analyze({ text: '---\ntype: api-spec\ntitle: T\nstatus: nonsense\n---\n# T\n' });
    const fm = doc.findings.filter((f) => f.code === 'SH010');
    assert.equal(fm.length, 1, fm.map((f) => f.message).join('\n'));
    assert.match(fm[0].message, /status/);
  });

  it('a child section override merges content rules instead of replacing them', () => {
    const child = kind(
      'id: strict-spec\ntitle: Strict spec\nextends: spec\nsections:\n  - id: acceptance-criteria\n    title: Acceptance criteria\n    rules:\n      avoidWords: [nice]\n',
    );
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), child]);
    const rules = registry.get('strict-spec')!.allSections.find((s) => s.id === 'acceptance-criteria')!.rules;
    assert.equal(rules.checklist, true);
    assert.ok(
      rules.avoidWords!.includes('nice') && rules.avoidWords!.includes('fast'),
      'word lists are extended, not replaced',
    );
  });

  it('reports kinds that extend themselves or an unknown kind', () => {
    const self = kind('id: loop\ntitle: Loop\nextends: loop\n');
    const a = { source: '/ws/a.yaml', text: 'id: a\ntitle: A\nextends: b\n' };
    const b = { source: '/ws/b.yaml', text: 'id: b\ntitle: B\nextends: a\n' };
    const orphan = { source: '/ws/o.yaml', text: 'id: o\ntitle: O\nextends: nothing\n' };
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), self, a, b, orphan]);
    for (const id of ['loop', 'a', 'b', 'o']) assert.equal(registry.get(id), undefined, id);
    assert.ok(registry.problems.some((p) => /extends itself/.test(p.message) && p.source === '/ws/custom.yaml'));
    assert.ok(registry.problems.some((p) => /not a known kind/.test(p.message)));
    assert.ok(registry.get('spec'));
  });

  it('matches documents: override, then associations, then front matter type, then globs', () => {
    const registry = SchemaRegistry.fromTexts(builtinSchemaFiles());
    assert.equal(registry.match({ relativePath: 'docs/x.spec.md' })?.id, 'spec');
    assert.equal(registry.match({ relativePath: 'docs/x.handoff.md' })?.id, 'handoff');
    assert.equal(registry.match({ relativePath: 'README.md' }), undefined);
    assert.equal(registry.match({ relativePath: 'docs/x.spec.md', frontMatterType: 'handoff' })?.id, 'handoff');
    assert.equal(
      registry.match({ relativePath: 'notes/a.md', frontMatterType: 'handoff', associations: { 'notes/**': 'spec' } })
        ?.id,
      'spec',
    );
    assert.equal(
      registry.match({ relativePath: 'notes/a.md', override: 'handoff', associations: { 'notes/**': 'spec' } })?.id,
      'handoff',
    );
  });
});

describe('configuration', () => {
  it('parses schemas, associations, rules and excludes, resolving paths', () => {
    const { config, problems } = parseConfig(
      'schemas: [s/adr.yaml]\nassociations:\n  "adr/**": adr\nrules:\n  SH014: off\n  missing-section: warning\nexclude: ["drafts/**"]\n',
      '/ws/.spec-handoff.yaml',
      (p) => path.posix.join('/ws', p),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.schemas, ['/ws/s/adr.yaml']);
    assert.equal(config.associations['adr/**'], 'adr');
    assert.equal(config.rules.SH014, 'off');
    assert.deepEqual(config.exclude, ['drafts/**']);
  });

  it('reports a bad severity with its line', () => {
    const { problems } = parseConfig('rules:\n  SH014: loud\n', '/ws/.spec-handoff.yaml', (p) => p);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 1);
    assert.match(problems[0].message, /one of/);
  });

  it('settings override the file', () => {
    const merged = mergeConfig(
      { ...emptyConfig(), rules: { SH001: 'error', SH002: 'off' } },
      { rules: { SH001: 'hint' } },
    );
    assert.deepEqual(merged.rules, { SH001: 'hint', SH002: 'off' });
  });

  it('rule severities from configuration change findings, by code or by name', () => {
    const text = '---\ntype: spec\ntitle: T\n---\n# T\n';
    const plain = makeService().analyze({ text });
    assert.ok(plain.findings.some((f) => f.code === 'SH001' && f.severity === 'error'));
    const configured = makeService({ config: { rules: { SH001: 'hint', 'too-short': 'off' } } }).analyze({ text });
    assert.ok(configured.findings.filter((f) => f.code === 'SH001').every((f) => f.severity === 'hint'));
    const off = makeService({ config: { rules: { 'missing-section': 'off' } } }).analyze({ text });
    assert.equal(off.findings.filter((f) => f.code === 'SH001').length, 0);
  });
});
