/**
 * The second reliability round (issue 23) in the service: front matter fixes
 * that never introduce a new error, TOML front matter, bounded findings,
 * bounded near-miss matching, links that stay inside the workspace.
 */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/service';
import { makeService, isSubsequence } from '../support/service';

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
      assert.deepEqual(after.findings.filter((f) => f.code === 'SH010').map((f) => f.message), [], 'no new front matter error');
      assert.equal(applyEdits(fixed, service.fixAllEdits(after)), fixed, 'idempotent');
    });

    it('a required key with no value to give (no const, default or enum) gets no fix, not an empty string', () => {
      const schema = { source: '/ws/own.yaml', text: ['id: own', 'title: Own', 'titleRequired: false', 'frontMatter:', '  required: [type, owner]', '  properties:', '    owner: {type: string, minLength: 1}', 'sections: []', ''].join('\n') };
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
      assert.ok(!a.findings.some((f) => f.code === 'SH010' || f.code === 'SH011'), a.findings.map((f) => f.code).join());
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
});
