/**
 * The second reliability round (issue 23) in the service: front matter fixes
 * that never introduce a new error, TOML front matter, bounded findings,
 * bounded near-miss matching, links that stay inside the workspace.
 */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/service';
import { LanguageService, SchemaRegistry, emptyConfig } from '../../server/src/service';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import {
  MAX_CHECKLIST_ITEMS,
  MAX_FINDINGS_PER_DOCUMENT,
  MAX_FINDINGS_PER_RULE,
  MAX_SCHEMA_SECTIONS,
} from '../../server/src/service/limits';
import { makeService, isSubsequence, memoryHost } from '../support/service';

const service = makeService();

describe('service reliability (issue 23)', () => {
  describe('front matter fixes', () => {
    it('a missing title is never written as `title: ""` (it failed minLength: --fix introduced a new SH010)', () => {
      const text = '---\ntype: spec\n---\n';
      const a = service.analyze({ text });
      const fixed = applyEdits(text, service.fixAllEdits(a));
      assert.doesNotMatch(fixed, /^title: ""$/m);
      // The same generic label as the inserted "# Spec title" heading (SH016), so a second run adds nothing.
      assert.match(fixed, /^title: Spec title$/m);
      const after = service.analyze({ text: fixed });
      assert.deepEqual(
        after.findings.filter((f) => f.code === 'SH010').map((f) => f.message),
        [],
        'no new front matter error',
      );
      assert.equal(applyEdits(fixed, service.fixAllEdits(after)), fixed, 'idempotent');
    });

    it('a required key with no value to give (no const, default or enum) gets no fix, not an empty string', () => {
      const schema = {
        source: '/ws/own.yaml',
        text: [
          'id: own',
          'title: Own',
          'titleRequired: false',
          'frontMatter:',
          '  required: [type, owner]',
          '  properties:',
          '    owner: {type: string, minLength: 1}',
          'sections: []',
          '',
        ].join('\n'),
      };
      const s = makeService({ extraSchemas: [schema] });
      const text = '---\ntype: own\n---\n\nText.\n';
      const a = s.analyze({ text });
      const sh010 = a.findings.filter((f) => f.code === 'SH010');
      assert.equal(sh010.length, 1);
      assert.deepEqual(sh010[0].fixes, []);
    });

    it('a missing title is taken from the H1 when there is one', () => {
      const text = '---\ntype: spec\n---\n\n# Invoice export\n';
      const fixed = applyEdits(text, service.fixAllEdits(service.analyze({ text })));
      assert.match(fixed, /^title: Invoice export$/m);
    });
  });

  describe('TOML front matter (+++)', () => {
    const toml = '+++\ntitle = "Invoice export"\ntype = "spec"\n+++\n\n## Summary\n\nText.\n';

    it('is recognised: its type picks the kind, its title is the document title, it is not body text', () => {
      const a = service.analyze({ text: toml });
      assert.equal(a.kind?.id, 'spec');
      assert.ok(a.frontMatter.present && a.frontMatter.toml);
      assert.equal(a.frontMatter.data?.title, 'Invoice export');
      assert.ok(
        !a.findings.some((f) => f.code === 'SH010' || f.code === 'SH011'),
        a.findings.map((f) => f.code).join(),
      );
    });

    it('--fix / fix-all never puts a YAML block above it: the TOML stays first and whole', () => {
      for (const text of [toml, '+++\ntitle = "X"\n+++\n\n## Summary\n\nText.\n']) {
        const fixed = applyEdits(text, service.fixAllEdits(service.analyze({ text, kindId: 'spec' })));
        assert.ok(fixed.startsWith(text.slice(0, text.indexOf('+++', 3) + 4)), fixed.slice(0, 80));
        assert.doesNotMatch(fixed, /^---$/m);
        assert.ok(isSubsequence(text, fixed));
      }
    });
  });

  describe('bounds', () => {
    it('findings are capped per rule and per document, each cap with one "N more" finding; the checklist lists are cut, their totals kept', () => {
      const lines = Array.from({ length: 6000 }, (_, i) => `- TODO ${i}: make it fast and simple, TBD.`).join('\n');
      const text = `---\ntype: spec\ntitle: X\n---\n\n# X\n\n## Summary\n\n${lines}\n`;
      const a = service.analyze({ text });
      assert.ok(a.findings.length <= MAX_FINDINGS_PER_DOCUMENT + 1, `${a.findings.length} findings`);
      const byCode = new Map<string, number>();
      for (const f of a.findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
      for (const [code, n] of byCode) assert.ok(n <= MAX_FINDINGS_PER_RULE + 1, `${code}: ${n}`);
      const more = a.findings.filter((f) => /more .*findings in this document are not listed/.test(f.message));
      assert.ok(
        more.some((f) => f.code === 'SH007'),
        'the placeholder rule says how many more',
      );
      const checklist = service.checklist(a)!;
      assert.ok(checklist.openItems.length <= MAX_CHECKLIST_ITEMS);
      assert.ok(checklist.summary.openItems >= 12000, `summary keeps the total: ${checklist.summary.openItems}`);
    });

    it(`a kind with more than ${MAX_SCHEMA_SECTIONS} sections is refused with a clear problem (near-miss matching was quadratic)`, () => {
      const big = {
        source: '/ws/big.yaml',
        text: [
          'id: big',
          'title: Big',
          'sections:',
          ...Array.from({ length: MAX_SCHEMA_SECTIONS + 1 }, (_, i) => `  - {id: s${i}, title: "Section ${i}"}`),
          '',
        ].join('\n'),
      };
      const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), big]);
      assert.equal(registry.get('big'), undefined);
      assert.ok(
        registry.problems.some(
          (p) => p.source === '/ws/big.yaml' && /has 1001 sections .* at most 1000 are supported/.test(p.message),
        ),
        JSON.stringify(registry.problems),
      );
    });

    it('near misses are still found against a large schema (names bucketed by length)', () => {
      const sections = Array.from(
        { length: MAX_SCHEMA_SECTIONS - 1 },
        (_, i) => `  - {id: s${i}, title: "Section number ${i}"}`,
      );
      const big = {
        source: '/ws/big.yaml',
        text: [
          'id: big',
          'title: Big',
          'titleRequired: false',
          'sections:',
          ...sections,
          '  - {id: acc, title: "Acceptance criteria"}',
          '',
        ].join('\n'),
      };
      const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), big]);
      const kind = registry.get('big');
      assert.ok(kind, JSON.stringify(registry.problems));
      const s = new LanguageService({ registry, host: memoryHost(), config: emptyConfig() });
      const headings = Array.from({ length: 300 }, (_, i) => `## Sectoin nubmer ${i}\n\ntext\n`).join('\n');
      const a = s.analyze({ text: `## Acceptence criteria\n\n${headings}`, kindId: 'big' });
      assert.equal(a.matching?.nearMisses.get(a.doc.sections[0])?.id, 'acc');
    });
  });
});
