import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, codes, tempDir, writeFiles, ROOT } from './helpers';
import { SPEC_OK, SPEC_BAD, README, NOTE_SCHEMA } from './fixtures';

describe('cli: check', () => {
  before(ensureBuilt);

  it('exits 0 when there are only warnings, and prints path:line:col findings and a summary', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/ok.spec.md': SPEC_OK });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^docs\/ok\.spec\.md \(spec\)$/m);
    // "## Summary" is line 7 of the fixture: a too-short warning there, 1-based.
    assert.match(
      r.stdout,
      /^ {2}docs\/ok\.spec\.md:7:1 +warning +Section "Summary" has \d+ words;.* SH013\/too-short$/m,
    );
    assert.match(r.stdout, /^1 file checked, 0 errors, \d+ warnings$/m);
    assert.ok(!r.stdout.includes('\u001b['), 'no colours when stdout is not a TTY');
  });

  it('exits 1 on an error finding and reports it at the title line', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD, 'ok.spec.md': SPEC_OK });
    const r = cli(['check', '.'], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^ {2}bad\.spec\.md:5:1 +error +Missing required section "System context"\..* SH001\/missing-section$/m,
    );
    assert.match(
      r.stdout,
      /^ {2}bad\.spec\.md:11:1 +error +Missing required section "In scope" under "Scope"\..* SH001\/missing-section$/m,
    );
    assert.match(r.stdout, /^ {2}bad\.spec\.md:9:1 +warning +Placeholder "TBD".* SH007\/placeholder$/m);
    assert.match(r.stdout, /^2 files checked, 5 errors, \d+ warnings$/m);
  });

  it('lists a README that matches no kind as "not matched", with no diagnostics and exit 0; --quiet hides it', () => {
    const dir = tempDir();
    writeFiles(dir, { 'README.md': README });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^README\.md: not matched/m);
    assert.match(r.stdout, /1 file checked, 0 errors, 0 warnings \(1 not matched\)/);
    const j = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.deepEqual(
      {
        kind: fileOf(j.json, 'README.md').kind,
        diagnostics: fileOf(j.json, 'README.md').diagnostics,
        summary: fileOf(j.json, 'README.md').summary,
      },
      { kind: null, diagnostics: [], summary: null },
    );
    const q = cli(['check', '--quiet'], { cwd: dir });
    assert.equal(q.code, 0);
    assert.doesNotMatch(q.stdout, /not matched \(/);
    assert.doesNotMatch(q.stdout, /README/);
  });

  it('--quiet prints errors but not warnings', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    const r = cli(['check', '-q'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /SH001\/missing-section/);
    assert.doesNotMatch(r.stdout, /SH007\/placeholder/);
  });

  it('shows a file with NUL bytes as skipped, not as an error', () => {
    const dir = tempDir();
    writeFiles(dir, { 'blob.spec.md': Buffer.from([0x23, 0x20, 0x41, 0x00, 0x01, 0x0a]) });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^blob\.spec\.md: skipped: .*NUL bytes/m);
    const j = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.match(fileOf(j.json, 'blob.spec.md').skipped ?? '', /NUL bytes/);
    assert.equal(j.json.summary.skipped, 1);
  });

  it('walks folders recursively for .md and .markdown, skipping node_modules, .git and other files', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'a/b/deep.spec.md': SPEC_BAD,
      'a/other.spec.markdown': SPEC_BAD,
      'a/notes.txt': SPEC_BAD,
      'node_modules/pkg/x.spec.md': SPEC_BAD,
      '.git/y.spec.md': SPEC_BAD,
    });
    const j = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.deepEqual(
      j.json.files.map((f) => f.path),
      ['a/b/deep.spec.md', 'a/other.spec.markdown'],
    );
    assert.equal(j.code, 1);
  });

  it('expands globs relative to the current folder and accepts explicit files of any extension', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'specs/one.spec.md': SPEC_BAD,
      'specs/two.spec.md': SPEC_OK,
      'other/three.spec.md': SPEC_BAD,
      'plain.txt': SPEC_BAD,
    });
    const g = cliJson(['check', '--format', 'json', 'specs/*.spec.md'], { cwd: dir });
    assert.deepEqual(
      g.json.files.map((f) => f.path),
      ['specs/one.spec.md', 'specs/two.spec.md'],
    );
    const e = cliJson(['check', '--format', 'json', '--schema', 'spec', 'plain.txt', '**/three.spec.md'], { cwd: dir });
    assert.deepEqual(
      e.json.files.map((f) => f.path),
      ['other/three.spec.md', 'plain.txt'],
    );
  });

  it('exits 2 for a path that does not exist and for a glob that matches nothing', () => {
    const dir = tempDir();
    writeFiles(dir, { 'ok.spec.md': SPEC_OK });
    const missing = cli(['check', 'nope.md'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.md: not found/);
    const glob = cli(['check', 'docs/**/*.md'], { cwd: dir });
    assert.equal(glob.code, 2);
    assert.match(glob.stderr, /No files match the pattern "docs\/\*\*\/\*\.md"/);
  });

  it('--schema ID forces a kind on files that match none; an unknown id exits 2 listing the kinds', () => {
    const dir = tempDir();
    writeFiles(dir, { 'README.md': README });
    const plain = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(plain.code, 0);
    const forced = cliJson(['check', '--format', 'json', '--schema', 'handoff'], { cwd: dir });
    assert.equal(forced.code, 1);
    const f = fileOf(forced.json, 'README.md');
    assert.equal(f.kind, 'handoff');
    assert.ok(
      f.diagnostics.some((d) => d.code === 'SH001' && d.sectionId === 'what-was-built'),
      JSON.stringify(f.diagnostics),
    );
    const unknown = cli(['check', '--schema', 'nonsense'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown kind "nonsense"\. Known kinds: .*\bspec\b/);
    assert.match(unknown.stderr, /\bhandoff\b/);
  });

  it('--schema FILE loads a schema file as an extra kind and forces it', () => {
    const dir = tempDir();
    writeFiles(dir, { 'schemas/note.yaml': NOTE_SCHEMA, 'x.md': '# X\n\n## Details\n\nSome details here.\n' });
    const j = cliJson(['check', '--format', 'json', '--schema', 'schemas/note.yaml', 'x.md'], { cwd: dir });
    assert.equal(j.code, 1, j.stderr);
    const f = fileOf(j.json, 'x.md');
    assert.equal(f.kind, 'note');
    assert.deepEqual(
      f.diagnostics.filter((d) => d.code === 'SH001').map((d) => d.sectionId),
      ['context'],
    );
    const missing = cli(['check', '--schema', 'schemas/none.yaml', 'x.md'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the schema file schemas\/none\.yaml/);
  });

  it('--schema FILE that is invalid exits 2 and shows its problems with file:line', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.yaml': 'id: bad\ntitle: Bad\nsections:\n  - title: No id\n', 'x.md': '# X\n' });
    const r = cli(['check', '--schema', 'bad.yaml', 'x.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^bad\.yaml:4:\d+: error: .*"id"/m);
    assert.match(r.stderr, /could not be loaded/);
  });

  it('analyses a file with a BOM exactly like the same file without one', () => {
    const dir = tempDir();
    writeFiles(dir, { 'plain.spec.md': SPEC_BAD, 'bom.spec.md': '\ufeff' + SPEC_BAD });
    const j = cliJson(['check', '--format', 'json'], { cwd: dir });
    const strip = (f: ReturnType<typeof fileOf>) => JSON.stringify({ ...f, path: '' });
    assert.equal(strip(fileOf(j.json, 'bom.spec.md')), strip(fileOf(j.json, 'plain.spec.md')));
    assert.equal(fileOf(j.json, 'bom.spec.md').kind, 'spec', 'front matter behind a BOM is still read');
    assert.ok(!codes(fileOf(j.json, 'bom.spec.md')).includes('SH011'));
  });

  it('reads paths outside the current folder and reports them relative to it', () => {
    const dir = tempDir();
    writeFiles(dir, { 'work/.keep': '', 'elsewhere/x.spec.md': SPEC_BAD });
    const j = cliJson(['check', '--format', 'json', '../elsewhere'], { cwd: path.join(dir, 'work') });
    assert.deepEqual(
      j.json.files.map((f) => f.path),
      ['../elsewhere/x.spec.md'],
    );
    assert.equal(j.code, 1);
  });

  it('rejects unknown options and formats with exit 2', () => {
    const dir = tempDir();
    const opt = cli(['check', '--frobnicate'], { cwd: dir });
    assert.equal(opt.code, 2);
    assert.match(opt.stderr, /Unknown option '--frobnicate'/);
    const fmt = cli(['check', '--format', 'xml'], { cwd: dir });
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /Unknown format "xml"\. Use one of: text, json, sarif, github\./);
  });

  it('has --help for every command, --version and a usage error for an unknown command', () => {
    const dir = tempDir();
    for (const cmd of ['check', 'report', 'schemas', 'new', 'lsp']) {
      const r = cli([cmd, '--help'], { cwd: dir });
      assert.equal(r.code, 0, cmd);
      assert.match(r.stdout, new RegExp(`^Usage: spec-handoff ${cmd}`, 'm'), cmd);
    }
    const main = cli(['-h'], { cwd: dir });
    assert.equal(main.code, 0);
    assert.match(main.stdout, /spec-handoff check/);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = cli(['--version'], { cwd: dir });
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), pkg.version);
    const bad = cli(['frobnicate'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown command "frobnicate"/);
    const none = cli([], { cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage:/);
  });
});
