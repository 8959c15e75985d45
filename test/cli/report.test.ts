import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { cli, ensureBuilt, tempDir, writeFiles } from './helpers';
import * as fs from 'node:fs';
import { SPEC_BAD, README } from './fixtures';

/** A complete spec (every section written, nothing for a stranger to trip over). */
const COMPLETE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'complete.spec.md'), 'utf8');
/** COMPLETE with its six criteria ticked: every readiness check passes. */
const READY = COMPLETE.replace(/- \[ \] AC-/g, '- [x] AC-');
/** COMPLETE's acceptance criteria with vague words (SH014) in them. */
const VAGUE = COMPLETE.replace('rows the page lists, in the same order.', 'rows the page lists, fast and simple.');

interface ReportJson {
  version: number;
  folders: {
    path: string;
    documents: {
      path: string;
      kind: string;
      sectionsPresent: number;
      sectionsRequired: number;
      criteriaChecked: number;
      criteriaTotal: number;
      openItems: number;
      vagueWords: number;
      errors: number;
      ready: boolean;
      readiness: { ready: boolean; passed: number; total: number; checks: { id: string; ok: boolean }[] };
    }[];
    failed: { path: string; error: string }[];
    ready: number;
    total: number;
  }[];
  summary: { documents: number; ready: number };
  problems: unknown[];
}

/** Two folders: specs/ (3 specs, one ready) and handoffs/ (empty of documents), plus a README that matches no kind. */
function workspace(): string {
  const dir = tempDir();
  writeFiles(dir, {
    'README.md': README,
    'specs/export.spec.md': READY,
    'specs/import.spec.md': SPEC_BAD,
    'specs/nested/vague.spec.md': VAGUE,
    'specs/notes.md': README,
    'handoffs/.keep': '',
  });
  return dir;
}

/** The cells of a markdown table row, trimmed. */
function cells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(' | ')
    .map((c) => c.trim());
}

describe('cli: report', () => {
  before(ensureBuilt);

  it('prints a text table per folder with the counts and the verdict, and exits 0 despite errors', () => {
    const dir = workspace();
    const r = cli(['report', 'specs'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'specs');
    assert.match(lines[1], /^ {2}document +kind +sections +criteria +open items +vague words +errors +ready$/);
    const row = (name: string) =>
      lines
        .find((l) => l.startsWith(`  ${name} `))
        ?.trim()
        .split(/ {2,}/);
    assert.deepEqual(row('export.spec.md'), ['export.spec.md', 'spec', '13/13', '6/6', '0', '0', '0', '✓']);
    assert.deepEqual(row('import.spec.md'), ['import.spec.md', 'spec', '2/13', '0/0', '1', '0', '5', '✗']);
    assert.deepEqual(row('nested/vague.spec.md'), ['nested/vague.spec.md', 'spec', '13/13', '0/6', '0', '2', '0', '✗']);
    assert.ok(!r.stdout.includes('notes.md'), 'a document of no kind is left out');
    assert.match(r.stdout, /^ {2}1 of 3 documents is ready for pickup$/m);
    // Rows in path order.
    assert.ok(
      r.stdout.indexOf('export.spec.md') < r.stdout.indexOf('import.spec.md') &&
        r.stdout.indexOf('import.spec.md') < r.stdout.indexOf('nested/vague.spec.md'),
    );
  });

  it('--format markdown prints a heading, a summary line and a GitHub table per folder', () => {
    const dir = workspace();
    const r = cli(['report', 'specs', 'handoffs', '--format', 'markdown'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '### `specs`');
    assert.equal(lines[2], '1 of 3 documents is ready for pickup.');
    assert.deepEqual(cells(lines[4]), [
      'Document',
      'Kind',
      'Sections',
      'Criteria',
      'Open items',
      'Vague words',
      'Errors',
      'Ready',
    ]);
    assert.deepEqual(cells(lines[5]), [':---', ':---', '---:', '---:', '---:', '---:', '---:', ':---:']);
    assert.deepEqual(cells(lines[6]), ['`export.spec.md`', 'spec', '13/13', '6/6', '0', '0', '0', '✓']);
    assert.deepEqual(cells(lines[7]), ['`import.spec.md`', 'spec', '2/13', '0/0', '1', '0', '5', '✗']);
    assert.deepEqual(cells(lines[8]), ['`nested/vague.spec.md`', 'spec', '13/13', '0/6', '0', '2', '0', '✗']);
    assert.equal(lines[9], '');
    assert.equal(lines[10], '### `handoffs`');
    assert.equal(lines[12], 'No documents of a known kind.');
    assert.match(r.stdout, /^\*\*All folders:\*\* 1 of 3 documents is ready for pickup\.$/m);
    assert.ok(r.stdout.endsWith('.\n'));
  });

  it('--format json gives every count, the readiness checks and a summary; folders may overlap', () => {
    const dir = workspace();
    const r = cli(['report', '--format', 'json', 'specs', 'specs/nested'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as ReportJson;
    assert.equal(j.version, 1);
    assert.deepEqual(
      j.folders.map((f) => [f.path, f.ready, f.total]),
      [
        ['specs', 1, 3],
        ['specs/nested', 0, 1],
      ],
    );
    const vague = j.folders[0].documents.find((d) => d.path === 'specs/nested/vague.spec.md');
    assert.deepEqual(vague && { ...vague, readiness: undefined }, {
      path: 'specs/nested/vague.spec.md',
      kind: 'spec',
      sectionsPresent: 13,
      sectionsRequired: 13,
      criteriaChecked: 0,
      criteriaTotal: 6,
      openItems: 0,
      vagueWords: 2,
      errors: 0,
      ready: false,
      readiness: undefined,
    });
    assert.deepEqual(
      vague?.readiness.checks.filter((c) => !c.ok).map((c) => c.id),
      ['vague-words'],
    );
    assert.deepEqual(j.summary, { documents: 3, ready: 1 }, 'a document under both folders counts once');
    assert.deepEqual(j.problems, []);
  });

  it('defaults to the current folder, and follows --config (rules, exclude)', () => {
    const dir = workspace();
    writeFiles(dir, { 'report-config.yaml': 'rules:\n  SH014: off\nexclude:\n  - "specs/import.spec.md"\n' });
    const plain = JSON.parse(cli(['report', '--format', 'json'], { cwd: dir }).stdout) as ReportJson;
    assert.equal(plain.folders[0].path, '.');
    assert.deepEqual(
      plain.folders[0].documents.map((d) => d.path),
      ['specs/export.spec.md', 'specs/import.spec.md', 'specs/nested/vague.spec.md'],
    );
    const configured = JSON.parse(
      cli(['report', '--format', 'json', '--config', 'report-config.yaml'], { cwd: dir }).stdout,
    ) as ReportJson;
    assert.deepEqual(
      configured.folders[0].documents.map((d) => [d.path, d.vagueWords, d.ready]),
      [
        ['specs/export.spec.md', 0, true],
        ['specs/nested/vague.spec.md', 0, true],
      ],
    );
    // Run from a subfolder: names in the table are relative to the folder given.
    const sub = cli(['report', '.'], { cwd: path.join(dir, 'specs') });
    assert.match(sub.stdout, /^ {2}nested\/vague\.spec\.md +spec/m);
  });

  it('gives the same report on worker threads as in one thread', () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`docs/d${String(i).padStart(2, '0')}.spec.md`] = [READY, SPEC_BAD, VAGUE][i % 3];
    writeFiles(dir, files);
    for (const format of ['text', 'markdown', 'json']) {
      const one = cli(['report', 'docs', '--format', format, '--jobs', '1'], { cwd: dir });
      const two = cli(['report', 'docs', '--format', format, '--jobs', '2'], { cwd: dir });
      assert.equal(two.stdout, one.stdout, format);
    }
    assert.match(cli(['report', 'docs'], { cwd: dir }).stdout, /^ {2}7 of 20 documents are ready for pickup$/m);
  });

  it('exits 2 for a missing folder, a file, an unknown format or an invalid config', () => {
    const dir = workspace();
    const missing = cli(['report', 'nope'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No such folder: nope/);
    const file = cli(['report', 'README.md'], { cwd: dir });
    assert.equal(file.code, 2);
    assert.match(file.stderr, /README\.md is not a folder/);
    const format = cli(['report', '--format', 'html'], { cwd: dir });
    assert.equal(format.code, 2);
    assert.match(format.stderr, /Unknown format "html"\. Use one of: text, markdown, json\./);
    writeFiles(dir, { '.spec-handoff.yaml': 'rules:\n  SH014: loud\n' });
    const config = cli(['report'], { cwd: dir });
    assert.equal(config.code, 2);
    assert.match(config.stderr, /is invalid/);
    assert.equal(config.stdout, '');
    assert.equal(cli(['report', '--help'], { cwd: dir }).code, 0);
  });
});
