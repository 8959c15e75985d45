import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, codes, read, tempDir, writeFiles, ROOT } from './helpers';
import { makeService } from '../support/service';
import { criteriaProblems, exampleSentences, foreignSentences, inventedEvidence } from '../support/honest';

const SPEC = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'trace', 'export.spec.md'), 'utf8');

describe('cli: handoff', () => {
  before(ensureBuilt);

  it('writes <name>.handoff.md next to the spec, with the spec: link and every criterion, and prints the path', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/specs/export.spec.md': SPEC });
    const r = cli(['handoff', 'docs/specs/export.spec.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'docs/specs/export.handoff.md\n');
    const text = read(dir, 'docs/specs/export.handoff.md');
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
      /## Not addressed\n\n<!--[\s\S]*?-->\n\n- XLSX and PDF output formats\.\n {2}- TODO\n- Scheduled recurring exports\./,
    );
    // No temporary file is left behind.
    assert.deepEqual(fs.readdirSync(path.join(dir, 'docs', 'specs')).sort(), ['export.handoff.md', 'export.spec.md']);
    // It is a handoff linked to its spec: only the criteria still to tick are reported by the trace rules.
    const check = cliJson(['check', '--format', 'json'], { cwd: dir });
    const handoff = fileOf(check.json, 'docs/specs/export.handoff.md');
    assert.equal(handoff.kind, 'handoff');
    assert.ok(!codes(handoff).includes('SH024'), 'the spec: link resolves');
    assert.deepEqual(
      handoff.diagnostics.filter((d) => d.code === 'SH025').map((d) => d.message.slice(0, 4)),
      ['AC-1', 'AC-2', 'AC-3'],
    );
  });

  it('lists the decision records and answered questions whose spec: links to the spec under Decisions, and no others (issue 18)', () => {
    const dir = tempDir();
    const fixture = (name: string, spec: string) =>
      fs
        .readFileSync(path.join(ROOT, 'test', 'fixtures', 'decisions', name), 'utf8')
        .replace(/^spec: .*$/m, `spec: ${spec}`);
    writeFiles(dir, {
      'docs/specs/export.spec.md': SPEC,
      'docs/decisions/cursor-paging.decision.md': fixture('cursor-paging.decision.md', '../specs/export.spec.md'),
      'docs/questions/excel-bom.question.md': fixture('excel-bom.question.md', '../specs/export.spec.md'),
      'docs/questions/still-open.question.md': fixture('still-open.question.md', '../specs/export.spec.md'),
      'docs/decisions/other-spec.decision.md': fixture('other-spec.decision.md', '../specs/other.spec.md'),
      'docs/decisions/unlinked.decision.md': fixture('unlinked.decision.md', ''),
    });
    const r = cli(['handoff', 'docs/specs/export.spec.md', '-o', '-'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const decisions = r.stdout.slice(r.stdout.indexOf('## Decisions'));
    const listed = decisions
      .slice(0, decisions.indexOf('\n## ', 3))
      .split('\n')
      .filter((l) => /^- \[/.test(l));
    assert.deepEqual(listed, [
      '- [Page the export with a cursor](../decisions/cursor-paging.decision.md) (decision record, accepted, 2024-04-02): Chosen option: cursor pagination in batches of 1,000 rows, because each query stays under 200 ms.',
      '- [Should the CSV carry a byte-order mark?](../questions/excel-bom.question.md) (answered question, 2024-04-04): Yes, write the byte-order mark.',
    ]);
  });

  it("on examples/workspace/specs/export-csv.spec.md: exactly the spec's criteria, all unticked, nothing invented, not ready (issue 13, reproduction 3)", () => {
    const dir = tempDir();
    const specText = fs.readFileSync(path.join(ROOT, 'examples', 'workspace', 'specs', 'export-csv.spec.md'), 'utf8');
    writeFiles(dir, { 'specs/export-csv.spec.md': specText });
    const r = cli(['handoff', 'specs/export-csv.spec.md', '-o', 'handoffs/export-csv.handoff.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const text = read(dir, 'handoffs/export-csv.handoff.md');
    assert.deepEqual(criteriaProblems(text, specText, 5), []);
    assert.doesNotMatch(text, /\[[xX]\]/);
    assert.deepEqual(inventedEvidence(text, specText), []);
    assert.deepEqual(foreignSentences(text, exampleSentences(makeService().registry.kinds)), []);
    const check = cli(['check', 'handoffs/export-csv.handoff.md'], { cwd: dir });
    assert.match(check.stdout, /^ {2}not ready: .*linked criteria: 5 not accounted for or stale/m);
    const json = cliJson(['check', '--format', 'json', 'handoffs/export-csv.handoff.md'], { cwd: dir });
    const handoff = fileOf(json.json, 'handoffs/export-csv.handoff.md');
    assert.equal(handoff.readiness?.ready, false);
    assert.ok(!codes(handoff).includes('SH026') && !codes(handoff).includes('SH024'));
  });

  it('-o writes elsewhere with the link relative to the new file; a spec matched by front matter keeps its name', () => {
    const dir = tempDir();
    writeFiles(dir, { 'specs/export.md': SPEC });
    const r = cli(['handoff', 'specs/export.md', '-o', 'handoffs/csv/export.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'handoffs/csv/export.md\n');
    assert.match(read(dir, 'handoffs/csv/export.md'), /^spec: \.\.\/\.\.\/specs\/export\.md$/m);
    const r2 = cli(['handoff', 'specs/export.md'], { cwd: dir });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(r2.stdout, 'specs/export.handoff.md\n');
  });

  it('never overwrites: exit 1, the existing file untouched', () => {
    const dir = tempDir();
    writeFiles(dir, { 'export.spec.md': SPEC, 'export.handoff.md': 'my notes\n', 'mine.md': 'keep\n' });
    const r = cli(['handoff', 'export.spec.md'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /export\.handoff\.md already exists; not overwritten\. Choose another file with -o/);
    assert.equal(r.stdout, '');
    assert.equal(read(dir, 'export.handoff.md'), 'my notes\n');
    const r2 = cli(['handoff', 'export.spec.md', '-o', 'mine.md'], { cwd: dir });
    assert.equal(r2.code, 1);
    assert.equal(read(dir, 'mine.md'), 'keep\n');
  });

  it('refuses -o paths outside the current folder (../, absolute elsewhere, a symlinked folder leading out) with exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'cwd/export.spec.md': SPEC });
    fs.mkdirSync(path.join(dir, 'outside'));
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'cwd', 'link'));
    const cwd = path.join(dir, 'cwd');
    for (const target of ['../x.md', 'a/../../x.md', path.join(dir, 'x.md'), 'link/x.handoff.md']) {
      const r = cli(['handoff', 'export.spec.md', '-o', target], { cwd });
      assert.equal(r.code, 2, `${target}: ${r.stderr}`);
      assert.match(r.stderr, /outside the current folder/, target);
    }
    assert.ok(!fs.existsSync(path.join(dir, 'x.md')));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'outside')), []);
    assert.deepEqual(fs.readdirSync(cwd).sort(), ['export.spec.md', 'link']);
  });

  it('refuses a document that is not a spec, a missing file and bad arguments with exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'export.spec.md': SPEC,
      'done.handoff.md': '---\ntype: handoff\ntitle: Done\nspec: export.spec.md\n---\n\n# Handoff: Done\n',
      'README.md': '# Readme\n',
    });
    const handoff = cli(['handoff', 'done.handoff.md'], { cwd: dir });
    assert.equal(handoff.code, 2);
    assert.match(handoff.stderr, /done\.handoff\.md is a handoff, not a spec/);
    const readme = cli(['handoff', 'README.md'], { cwd: dir });
    assert.equal(readme.code, 2);
    assert.match(readme.stderr, /README\.md is not a recognised document, not a spec/);
    const missing = cli(['handoff', 'nope.spec.md'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read nope\.spec\.md: not found\./);
    assert.equal(cli(['handoff'], { cwd: dir }).code, 2);
    assert.equal(cli(['handoff', 'a.spec.md', 'b.spec.md'], { cwd: dir }).code, 2);
    assert.equal(cli(['handoff', 'export.spec.md', '--nope'], { cwd: dir }).code, 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['README.md', 'done.handoff.md', 'export.spec.md']);
  });

  it('--help documents the command, and the main help lists it', () => {
    const dir = tempDir();
    const r = cli(['handoff', '--help'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: spec-handoff handoff <spec\.md> \[-o FILE\]/);
    assert.match(cli(['--help'], { cwd: dir }).stdout, /spec-handoff handoff <spec\.md>/);
  });
});
