/**
 * Issue 13, "honest documents": example text is never inserted and never
 * "ready", fixes never make a failing spec pass, and a generated handoff
 * copies the spec's criteria unticked and invents nothing. The four
 * reproductions of the issue, at the service level (the CLI and in-editor
 * suites repeat them through their front ends).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, type GeneratedDocument, type GenerateRefusal } from '../../server/src/service';
import { makeService, isSubsequence, repoRoot } from '../support/service';
import {
  SAVED_FILTERS_19,
  criteriaProblems,
  exampleSentences,
  foreignSentences,
  inventedEvidence,
  sectionBody,
} from '../support/honest';

const diskHost = {
  exists: (p: string) => fs.existsSync(p),
  readFile: (p: string) => (fs.existsSync(p) && fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined),
};
const service = makeService({ host: diskHost });
const EXAMPLES = exampleSentences(service.registry.kinds);

describe('honest documents (issue 13)', () => {
  it('a new spec is not ready and holds no example text, in every kind', () => {
    for (const kind of service.registry.kinds) {
      const text = service.newDocument(kind.id, 'Passwordless login')!;
      assert.deepEqual(foreignSentences(text, EXAMPLES), [], `${kind.id}: example text in a new document`);
      const checklist = service.checklist(
        service.analyze({ text, relativePath: `docs/login.${kind.id}.md`, kindId: kind.id }),
      )!;
      assert.equal(checklist.readiness.ready, false, `${kind.id}: a new document is ready`);
      assert.equal(
        checklist.readiness.checks.find((c) => c.id === 'content')?.ok,
        false,
        `${kind.id}: its sections count as written`,
      );
    }
  });

  it('fix-all on a 19-line spec with 4 errors: no SH001 left, no foreign text, only skeletons inserted, not ready', () => {
    assert.equal(SAVED_FILTERS_19.split('\n').length - 1, 19);
    const before = service.analyze({ text: SAVED_FILTERS_19, relativePath: 'docs/saved-filters.spec.md' });
    assert.equal(before.findings.filter((f) => f.severity === 'error').length, 4);
    const fixed = applyEdits(SAVED_FILTERS_19, service.fixAllEdits(before));
    assert.ok(isSubsequence(SAVED_FILTERS_19, fixed), 'insert-only');
    assert.deepEqual(foreignSentences(fixed, EXAMPLES), []);
    // Every inserted line is a heading, guidance in a comment, a TODO placeholder or blank.
    const original = new Set(SAVED_FILTERS_19.split('\n'));
    const fixedLines = fixed.split('\n');
    let inComment = false;
    for (const line of fixedLines) {
      const opens = line.startsWith('<!--');
      if (!original.has(line) && !inComment && !opens)
        assert.match(line, /^(?:#{2,3} .+|(?:- (?:\[ \] )?)?TODO|)$/, `inserted line is not skeleton: ${line}`);
      if (opens) inComment = true;
      if (line.includes('-->')) inComment = false;
    }
    const after = service.analyze({ text: fixed, relativePath: 'docs/saved-filters.spec.md' });
    assert.deepEqual(
      after.findings.filter((f) => f.code === 'SH001'),
      [],
    );
    assert.deepEqual(
      after.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const readiness = service.checklist(after)!.readiness;
    assert.equal(readiness.ready, false);
    assert.match(readiness.checks.find((c) => c.id === 'content')!.detail, /\d+ empty/);
  });

  it("Generate Handoff on examples/workspace/specs/export-csv.spec.md copies exactly the spec's criteria, unticked, invents nothing, and is not ready", () => {
    const specPath = path.join(repoRoot, 'examples', 'workspace', 'specs', 'export-csv.spec.md');
    const specText = fs.readFileSync(specPath, 'utf8');
    const spec = service.analyze({ text: specText, path: specPath, relativePath: 'specs/export-csv.spec.md' });
    const handoff = generatedText(
      service.generate(spec, specPath, {
        targetPath: path.join(repoRoot, 'examples', 'workspace', 'handoffs', 'export-csv.handoff.md'),
      }),
    );
    assert.match(handoff, /^spec: \.\.\/specs\/export-csv\.spec\.md$/m);
    assert.deepEqual(criteriaProblems(handoff, specText, 5), []);
    assert.doesNotMatch(handoff, /\[[xX]\]/, 'nothing is ticked');
    assert.deepEqual(inventedEvidence(handoff, specText), []);
    assert.deepEqual(foreignSentences(handoff, EXAMPLES), []);
    // Out-of-scope items ("Non-goals") and the open question are copied by their text, with a placeholder each.
    const notAddressed = sectionBody(handoff, 'Not addressed')!;
    assert.match(
      notAddressed,
      /^- Excel \(`\.xlsx`\) output; CSV opens in every spreadsheet tool we support\.\n {2}- TODO$/m,
    );
    assert.match(
      notAddressed,
      /^- Scheduled or emailed exports; tracked separately in the scheduling spec\.\n {2}- TODO$/m,
    );
    assert.match(
      sectionBody(handoff, 'Future work')!,
      /^- Should the file name include the filter values\? Proposed: report name plus the export date, e\.g\. `monthly-revenue-2025-03-04\.csv`\.\n {2}- TODO$/m,
    );
    const handoffPath = path.join(repoRoot, 'examples', 'workspace', 'handoffs', 'export-csv.handoff.md');
    const a = service.analyze({ text: handoff, path: handoffPath, relativePath: 'handoffs/export-csv.handoff.md' });
    assert.equal(a.kind?.id, 'handoff');
    assert.deepEqual(
      a.findings.filter((f) => f.code === 'SH024' || f.code === 'SH026'),
      [],
      'the link resolves; no stale criterion',
    );
    // Criteria without IDs are accounted for by their text: none is missing, each is still open.
    assert.equal(a.findings.filter((f) => f.code === 'SH025' && /not accounted for/.test(f.message)).length, 0);
    assert.equal(
      a.findings.filter((f) => f.code === 'SH025' && /neither ticked nor explained/.test(f.message)).length,
      5,
    );
    const readiness = service.checklist(a)!.readiness;
    assert.equal(readiness.ready, false);
    assert.equal(readiness.checks.find((c) => c.id === 'trace')?.ok, false);
  });

  it("a handoff with the template's ticked, invented criteria (the old behaviour) is stale and not ready", () => {
    const specPath = path.join(repoRoot, 'examples', 'workspace', 'specs', 'export-csv.spec.md');
    const handoffPath = path.join(repoRoot, 'examples', 'workspace', 'handoffs', 'old.handoff.md');
    const handoffKind = service.registry.get('handoff')!;
    const criteriaExample = handoffKind.allSections.find((s) => s.id === 'acceptance-criteria-status')!.example;
    const text = `---\ntype: handoff\ntitle: Export report as CSV\nspec: ../specs/export-csv.spec.md\n---\n\n# Handoff: Export report as CSV\n\n## Acceptance criteria status\n\n${criteriaExample}\n`;
    assert.ok(fs.existsSync(specPath));
    const a = service.analyze({ text, path: handoffPath, relativePath: 'handoffs/old.handoff.md' });
    assert.ok(
      a.findings.some((f) => f.code === 'SH026'),
      'AC-1…AC-6 are not criteria of the spec',
    );
    assert.equal(
      a.findings.filter((f) => f.code === 'SH025' && /not accounted for/.test(f.message)).length,
      5,
      "the spec's five criteria are missing",
    );
    const readiness = service.checklist(a)!.readiness;
    assert.equal(readiness.ready, false);
    assert.equal(readiness.checks.find((c) => c.id === 'trace')?.ok, false);
  });

  it('a generated handoff from a spec whose criteria have IDs lists them by ID, each unexplained until evidence replaces the TODO', () => {
    const specText = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'trace', 'export.spec.md'), 'utf8');
    const specPath = path.join(repoRoot, 'test', 'fixtures', 'trace', 'export.spec.md');
    const spec = service.analyze({ text: specText, path: specPath });
    const handoff = generatedText(service.generate(spec, specPath));
    assert.deepEqual(criteriaProblems(handoff, specText, 3), []);
    const handoffPath = path.join(repoRoot, 'test', 'fixtures', 'trace', 'generated.handoff.md');
    const a = service.analyze({ text: handoff, path: handoffPath });
    assert.deepEqual(
      a.findings.filter((f) => f.code === 'SH025').map((f) => f.data?.criterionId),
      ['AC-1', 'AC-2', 'AC-3'],
    );
    // Writing the evidence (replacing the TODO) accounts for a criterion.
    const explained = handoff.replace(
      '  - Evidence: TODO',
      '  - Evidence: `export.e2e.ts` downloads the filtered list and compares the rows.',
    );
    const b = service.analyze({ text: explained, path: handoffPath });
    assert.deepEqual(
      b.findings.filter((f) => f.code === 'SH025').map((f) => f.data?.criterionId),
      ['AC-2', 'AC-3'],
    );
  });

  it('example text left in (SH002) keeps a document not ready although it is only a warning', () => {
    const spec = service.registry.get('spec')!;
    const complete = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'complete.spec.md'), 'utf8');
    const summaryExample = spec.allSections.find((s) => s.id === 'summary')!.example;
    const withExample = complete.replace(/## Summary\n\n[\s\S]*?\n\n## /, `## Summary\n\n${summaryExample}\n\n## `);
    assert.notEqual(withExample, complete);
    const a = service.analyze({ text: withExample, relativePath: 'docs/x.spec.md' });
    const sh002 = a.findings.filter((f) => f.code === 'SH002');
    assert.deepEqual(
      sh002.map((f) => [f.severity, f.data?.state]),
      [['warning', 'template']],
    );
    assert.match(sh002[0].message, /example text/);
    const content = service.checklist(a)!.readiness.checks.find((c) => c.id === 'content')!;
    assert.deepEqual([content.ok, content.detail], [false, '1 with example text']);
    assert.equal(
      service.checklist(service.analyze({ text: complete, relativePath: 'docs/x.spec.md' }))!.readiness.ready,
      true,
    );
  });

  it('"Insert example" adds the worked example on request only: never in fix-all, and what it adds is reported until replaced', () => {
    const text = service.newDocument('spec', 'Passwordless login')!;
    const a = service.analyze({ text, relativePath: 'docs/login.spec.md' });
    const line = text.split('\n').indexOf('## Summary');
    const fix = service.insertExample(a, line + 2)!;
    assert.ok(fix, 'offered inside the Summary section');
    assert.equal(fix.isPreferred, false);
    const summaryExample = service.registry.get('spec')!.allSections.find((s) => s.id === 'summary')!.example;
    const withExample = applyEdits(text, fix.edits);
    assert.ok(isSubsequence(text, withExample));
    assert.ok(withExample.includes(summaryExample));
    // Fix-all (and so --fix and fix-on-save) never inserts an example.
    assert.deepEqual(foreignSentences(applyEdits(text, service.fixAllEdits(a)), EXAMPLES), []);
    // With the TODO deleted, the section is the example verbatim: reported, not ready.
    const todoGone = withExample.replace(/(## Summary\n\n<!--[\s\S]*?-->\n\n)TODO\n/, '$1');
    assert.notEqual(todoGone, withExample);
    const b = service.analyze({ text: todoGone, relativePath: 'docs/login.spec.md' });
    assert.ok(b.findings.some((f) => f.code === 'SH002' && f.sectionId === 'summary' && f.data?.state === 'template'));
    assert.equal(service.checklist(b)!.readiness.ready, false);
    // No example where the section has none (a parent of subsections) or outside any section.
    assert.equal(service.insertExample(a, 0), undefined);
    assert.equal(service.insertExample(a, text.split('\n').indexOf('## System context')), undefined);
  });

  it('the worked example is in the hover and the checklist data', () => {
    const text = service.newDocument('spec', 'Passwordless login')!;
    const a = service.analyze({ text, relativePath: 'docs/login.spec.md' });
    const summary = service.checklist(a)!.sections.find((s) => s.id === 'summary')!;
    assert.match(summary.example, /Finance admins can download the invoices/);
  });

  it('a schema file\'s old "template:" key is read as the example and is never inserted', () => {
    const schema =
      'id: note\ntitle: Note\nmatch:\n  globs: ["**/*.note.md"]\nsections:\n  - id: context\n    title: Context\n    guidance: Why this note exists.\n    template: |\n      The importer was rewritten in March because the old one dropped rows.\n';
    const s = makeService({ extraSchemas: [{ source: '/schemas/note.yaml', text: schema }] });
    const kind = s.registry.get('note')!;
    assert.equal(kind.allSections[0].example, 'The importer was rewritten in March because the old one dropped rows.');
    const text = s.newDocument('note', 'Importer')!;
    assert.doesNotMatch(text, /importer was rewritten/);
    assert.match(text, /## Context\n\n<!-- Why this note exists\. -->\n\nTODO\n/);
  });
});

/** The text of a generated document; fails the test with the refusal otherwise. */
function generatedText(result: GeneratedDocument | GenerateRefusal): string {
  if ('error' in result) assert.fail(result.error);
  return result.text;
}
