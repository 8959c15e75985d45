/**
 * The Rust RFC example schema over the whole RFC corpus (shared/, never
 * copied into the repo): the CLI must report every file without crashing, and
 * the findings on a few RFCs read by hand must be the expected ones.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliJson, ensureBuilt, ROOT, type JsonFile, type JsonReport } from './helpers';

const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'rust-rfcs');
const SCHEMA = path.join(ROOT, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml');

function markdownUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownUnder(full));
    else if (/\.(md|markdown)$/i.test(entry.name)) out.push(full);
  }
  return out;
}

describe('cli: Rust RFC corpus with schemas/presets/rust-rfc/rust-rfc.yaml', function () {
  this.timeout(180_000);
  let report: JsonReport;
  let code: number | null;
  let stderr: string;

  before(function () {
    if (!fs.existsSync(CORPUS)) this.skip(); // the corpus lives in ../shared/corpus/rust-rfcs next to the repo; absent here
    if (!fs.existsSync(SCHEMA)) this.skip(); // the example schema is not in this checkout
    ensureBuilt();
    const run = cliJson(
      ['check', '--schema', 'schemas/presets/rust-rfc/rust-rfc.yaml', '--format', 'json', path.relative(ROOT, CORPUS)],
      { cwd: ROOT },
    );
    report = run.json;
    code = run.code;
    stderr = run.stderr;
  });

  const file = (name: string): JsonFile => {
    const f = report.files.find((x) => x.path.endsWith(`/rust-rfcs/${name}`));
    assert.ok(f, `${name} is reported`);
    return f;
  };
  const missing = (f: JsonFile): string[] =>
    f.diagnostics.filter((d) => d.code === 'SH001').map((d) => d.sectionId ?? '?');

  it('exits 0 or 1 (never a usage error or a crash), with no schema problems', () => {
    assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr.slice(0, 2000)}`);
    assert.deepEqual(report.problems, []);
    assert.equal(stderr, '');
  });

  it('reports every markdown file of the corpus, each as a Rust RFC', () => {
    const expected = markdownUnder(CORPUS)
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .sort();
    assert.ok(expected.length >= 639, `${expected.length} files in the corpus`);
    assert.deepEqual(report.files.map((f) => f.path).sort(), expected);
    assert.equal(report.summary.files, expected.length);
    assert.equal(report.summary.checked, expected.length);
    assert.ok(report.files.every((f) => f.kind === 'rust-rfc' && f.skipped === null && f.error === null));
  });

  it('0131-target-specification (2014, old template): missing "Guide-level explanation" and "Unresolved questions", "Detailed design" accepted as the reference-level explanation', () => {
    const f = file('0131-target-specification.md');
    assert.deepEqual(missing(f), ['guide-level-explanation', 'unresolved-questions']);
    assert.deepEqual(
      f.sections.map((s) => [s.id, s.heading, s.line]),
      [
        ['summary', 'Summary', 5],
        ['motivation', 'Motivation', 15],
        ['reference-level-explanation', 'Detailed design', 24],
        ['drawbacks', 'Drawbacks', 86],
        ['rationale-and-alternatives', 'Alternatives', 92],
      ],
    );
    assert.equal(f.summary?.sectionsRequired, 7);
    assert.equal(f.summary?.sectionsPresent, 5);
  });

  it('3980-extern-custom (modern template): every section present, no SH001, a "#[…]" line inside code is not a heading', () => {
    const f = file('3980-extern-custom.md');
    assert.deepEqual(missing(f), []);
    assert.deepEqual(
      f.sections.map((s) => s.id),
      [
        'summary',
        'motivation',
        'guide-level-explanation',
        'reference-level-explanation',
        'drawbacks',
        'rationale-and-alternatives',
        'prior-art',
        'unresolved-questions',
        'future-possibilities',
      ],
    );
    assert.equal(f.sections.find((s) => s.id === 'unresolved-questions')?.line, 177);
    assert.equal(f.summary?.sectionsPresent, f.summary?.sectionsRequired);
  });

  it('0048-traits (2014): four required sections missing', () => {
    assert.deepEqual(missing(file('0048-traits.md')), [
      'guide-level-explanation',
      'drawbacks',
      'rationale-and-alternatives',
      'unresolved-questions',
    ]);
  });

  it('finds a plausible amount: many modern RFCs complete, many old ones missing "Unresolved questions"', () => {
    const complete = report.files.filter((f) => missing(f).length === 0).length;
    const noUnresolved = report.files.filter((f) => missing(f).includes('unresolved-questions')).length;
    assert.ok(complete > 100, `${complete} complete`);
    assert.ok(noUnresolved > 30, `${noUnresolved} without "Unresolved questions"`);
    assert.equal(
      report.summary.errors,
      report.files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length, 0),
    );
  });
});
