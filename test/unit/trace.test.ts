/**
 * Spec ↔ handoff traceability (SH024–SH027) and handoff generation. The
 * handoff fixtures in test/fixtures/trace carry their expected trace findings
 * inline; only trace rules are compared (the handoffs are deliberately short).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, type GeneratedDocument, type GenerateRefusal } from '../../server/src/service';
import { makeService, fixturesDir, isSubsequence } from '../support/service';
import { expectedOf } from '../support/expectations';

const traceDir = path.join(fixturesDir, 'trace');
const TRACE_CODES = new Set(['SH024', 'SH025', 'SH026', 'SH027']);
/** Files in the trace folder, overridable per test (an editor's unsaved text wins over the disk). */
function hostWith(overrides: Record<string, string> = {}) {
  const read = (p: string) =>
    overrides[p] ?? (p.startsWith(traceDir) && fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);
  return { exists: (p: string) => read(p) !== undefined, readFile: read };
}

describe('traceability fixtures', () => {
  const service = makeService({ host: hostWith() });
  for (const name of fs
    .readdirSync(traceDir)
    .filter((f) => f.endsWith('.handoff.md'))
    .sort()) {
    it(name, () => {
      const file = path.join(traceDir, name);
      const text = fs.readFileSync(file, 'utf8');
      const a = service.analyze({ text, path: file, relativePath: `trace/${name}` });
      assert.equal(a.kind?.id, 'handoff');
      const actual = a.findings
        .filter((f) => TRACE_CODES.has(f.code))
        .map((f) => `${f.code}@${f.range.start.line + 1}`)
        .sort();
      assert.deepEqual(
        actual,
        expectedOf(text),
        a.findings.map((f) => `${f.code}@${f.range.start.line + 1} ${f.message}`).join('\n'),
      );
    });
  }

  it('quick fixes add the missing criteria and out-of-scope items, insert-only, and clear those findings', () => {
    const file = path.join(traceDir, 'gaps.handoff.md');
    const text = fs.readFileSync(file, 'utf8');
    const before = service.analyze({ text, path: file });
    const missing = before.findings.find((f) => f.code === 'SH025' && f.fixes.length)!;
    const fixed = applyEdits(text, missing.fixes[0].edits);
    assert.ok(isSubsequence(text, fixed));
    assert.match(fixed, /- \[ \] AC-2: The CSV has a header row naming every column\.\n/);
    const after = service.analyze({ text: fixed, path: file });
    assert.ok(
      !after.findings.some(
        (f) => f.code === 'SH025' && f.data?.criterionId === 'AC-2' && /not accounted/.test(f.message),
      ),
    );
    const oos = before.findings.find((f) => f.code === 'SH027')!;
    const fixed2 = applyEdits(text, oos.fixes[0].edits);
    assert.ok(isSubsequence(text, fixed2));
    assert.equal(service.analyze({ text: fixed2, path: file }).findings.filter((f) => f.code === 'SH027').length, 0);
  });

  it('findings follow the spec: changing the spec text changes the handoff diagnostics', () => {
    const handoff = path.join(traceDir, 'complete.handoff.md');
    const spec = path.join(traceDir, 'export.spec.md');
    const specText = fs.readFileSync(spec, 'utf8').replace('- [ ] AC-3:', '- [ ] AC-3: Admins get a 403.\n- [ ] AC-4:');
    const changed = makeService({ host: hostWith({ [spec]: specText }) }).analyze({
      text: fs.readFileSync(handoff, 'utf8'),
      path: handoff,
    });
    assert.deepEqual(
      changed.findings.filter((f) => TRACE_CODES.has(f.code)).map((f) => f.data?.criterionId),
      ['AC-4'],
    );
  });
});

describe('generating a handoff from a spec', () => {
  const service = makeService({ host: hostWith() });
  const specFile = path.join(traceDir, 'export.spec.md');
  const spec = service.analyze({ text: fs.readFileSync(specFile, 'utf8'), path: specFile });

  it('prefills front matter, criteria, scope, out-of-scope and open questions, linking back to the spec', () => {
    const text = generatedText(service.generate(spec, specFile));
    assert.match(
      text,
      /^---\ntype: handoff\ntitle: Export invoices as CSV\nspec: export\.spec\.md\n---\n\n# Handoff: Export invoices as CSV\n/,
    );
    assert.match(
      text,
      /## Acceptance criteria status\n\n<!--[\s\S]*?-->\n\n- \[ \] AC-1: Given a filtered list.*\n {2}- Evidence: TODO\n- \[ \] AC-2: .*\n {2}- Evidence: TODO\n- \[ \] AC-3: /,
    );
    assert.match(
      text,
      /## What was built\n\n<!--[\s\S]*?-->\n\n- A CSV download button on the Invoices page\.\n {2}- TODO\n- The same filters as the page\./,
    );
    assert.match(
      text,
      /## Not addressed\n\n<!--[\s\S]*?-->\n\n- XLSX and PDF output formats\.\n {2}- TODO\n- Scheduled recurring exports\./,
    );
    assert.match(text, /- Should voided invoices be exported\?\n {2}- TODO/);
    assert.match(text, /\(export\.spec\.md#out-of-scope\)/);
    assert.doesNotMatch(text, /\[x\]/i, 'nothing is ticked');
  });

  it("links back with GitHub's anchor of the section, -1 included when an earlier heading has the same anchor", () => {
    const text = fs
      .readFileSync(specFile, 'utf8')
      .replace('## Summary\n', '## Summary\n\n#### Out of scope?\n\nA note, before the real section.\n');
    const repeated = service.analyze({ text, path: specFile });
    const handoff = generatedText(service.generate(repeated, specFile));
    assert.match(handoff, /\(export\.spec\.md#out-of-scope-1\)/);
  });

  it('the generated handoff traces cleanly except for the criteria still to tick', () => {
    const file = path.join(traceDir, 'generated.handoff.md');
    const text = generatedText(service.generate(spec, specFile));
    const a = service.analyze({ text, path: file });
    assert.equal(a.kind?.id, 'handoff');
    const trace = a.findings.filter((f) => TRACE_CODES.has(f.code));
    assert.deepEqual(
      trace.map((f) => `${f.code} ${f.data?.criterionId}`),
      ['SH025 AC-1', 'SH025 AC-2', 'SH025 AC-3'],
    );
    assert.ok(trace.every((f) => /neither ticked nor explained/.test(f.message)));
    assert.deepEqual(
      a.findings.filter((f) => f.code === 'SH001'),
      [],
    );
  });

  it('refuses a source of the wrong kind', () => {
    const handoffFile = path.join(traceDir, 'complete.handoff.md');
    const handoff = service.analyze({ text: fs.readFileSync(handoffFile, 'utf8'), path: handoffFile });
    const refusal = service.generate(handoff, handoffFile);
    assert.ok('error' in refusal);
    assert.match(refusal.error, /complete\.handoff\.md is a handoff, not a spec/);
  });
});

/** The text of a generated document; fails the test with the refusal otherwise. */
function generatedText(result: GeneratedDocument | GenerateRefusal): string {
  if ('error' in result) assert.fail(result.error);
  return result.text;
}
