import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, codes, isSubsequence, read, tempDir, writeFiles } from './helpers';
import { SPEC_BAD } from './fixtures';
import { makeService } from '../support/service';
import { SAVED_FILTERS_19, exampleSentences, foreignSentences } from '../support/honest';

describe('cli: check --fix', () => {
  before(ensureBuilt);

  it('inserts the missing sections, keeps the original text as a subsequence and reports what remains', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    const r = cli(['check', '--fix'], { cwd: dir });
    const fixed = read(dir, 'bad.spec.md');
    assert.notEqual(fixed, SPEC_BAD);
    assert.ok(isSubsequence(SPEC_BAD, fixed), 'insert-only');
    for (const heading of [
      '## System context',
      '### Current system',
      '### In scope',
      '### Out of scope',
      '## Technical specifics',
      '## Acceptance criteria',
    ]) {
      assert.ok(fixed.includes(`\n${heading}\n`), heading);
    }
    assert.ok(
      fixed.indexOf('## Summary') < fixed.indexOf('## System context') &&
        fixed.indexOf('## System context') < fixed.indexOf('## Scope'),
      'schema order',
    );
    assert.equal(r.code, 0, `no errors remain:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^bad\.spec\.md \(spec, 5 fixes applied\)/m);
    assert.match(r.stdout, /^1 file checked, 0 errors, \d+ warnings, 5 fixed \(\d+ info\)$/m);
    // What remains is reported: the TBD placeholder cannot be fixed automatically, nor the TODOs the fix inserted.
    assert.match(r.stdout, /bad\.spec\.md:9:1 +warning +Placeholder "TBD"/);
    assert.match(r.stdout, /Placeholder "TODO"/);
    assert.match(r.stdout, /^ {2}not ready: /m);
  });

  it('on a 19-line spec with 4 errors: no SH001 left, no foreign text, insert-only, and not ready (issue 13, reproduction 2)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/saved-filters.spec.md': SAVED_FILTERS_19 });
    const before = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(before.code, 1);
    assert.equal(
      fileOf(before.json, 'docs/saved-filters.spec.md').diagnostics.filter((d) => d.severity === 'error').length,
      4,
    );
    const r = cli(['check', '--fix'], { cwd: dir });
    assert.equal(r.code, 0, 'no errors remain (the exit code is as documented); readiness says the rest');
    const fixed = read(dir, 'docs/saved-filters.spec.md');
    assert.ok(isSubsequence(SAVED_FILTERS_19, fixed), 'insert-only');
    assert.deepEqual(foreignSentences(fixed, exampleSentences(makeService().registry.kinds)), []);
    assert.doesNotMatch(fixed, /invoice|Postgres|S3|billing/i);
    assert.match(r.stdout, /^ {2}not ready: sections not written: \d+ empty[^\n]*, \d+ open items$/m);
    const after = cliJson(['check', '--format', 'json'], { cwd: dir });
    const file = fileOf(after.json, 'docs/saved-filters.spec.md');
    assert.ok(!codes(file).includes('SH001'));
    assert.equal(file.readiness?.ready, false);
  });

  it('is idempotent: a second --fix changes nothing', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    cli(['check', '--fix'], { cwd: dir });
    const once = read(dir, 'bad.spec.md');
    const mtime = fs.statSync(path.join(dir, 'bad.spec.md')).mtimeMs;
    const second = cliJson(['check', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(read(dir, 'bad.spec.md'), once);
    assert.equal(fs.statSync(path.join(dir, 'bad.spec.md')).mtimeMs, mtime, 'not rewritten');
    assert.equal(fileOf(second.json, 'bad.spec.md').fixed, 0);
    assert.equal(second.json.summary.fixed, 0);
  });

  it('renames a misspelled heading (near miss) and reports it in JSON', () => {
    const dir = tempDir();
    const text = SPEC_BAD.replace('## Scope', '## Scpoe');
    writeFiles(dir, { 'typo.spec.md': text });
    const before = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.ok(codes(fileOf(before.json, 'typo.spec.md')).includes('SH006'));
    const after = cliJson(['check', '--fix', '--format', 'json'], { cwd: dir });
    const f = fileOf(after.json, 'typo.spec.md');
    assert.ok(!codes(f).includes('SH006'));
    assert.ok(!codes(f).includes('SH001'));
    assert.ok(f.fixed >= 6, `fixed ${f.fixed}`);
    assert.match(read(dir, 'typo.spec.md'), /^## Scope$/m);
  });

  it('keeps CRLF line endings and the BOM', () => {
    const dir = tempDir();
    const crlf = '\ufeff' + SPEC_BAD.replace(/\n/g, '\r\n');
    writeFiles(dir, { 'win.spec.md': Buffer.from(crlf, 'utf8') });
    const r = cli(['check', '--fix'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const bytes = fs.readFileSync(path.join(dir, 'win.spec.md'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
    const text = bytes.toString('utf8');
    assert.ok(text.length > crlf.length);
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    assert.ok(text.includes('\r\n## System context\r\n'));
    assert.ok(isSubsequence(crlf, text));
  });

  it('does not add a BOM to a file that had none', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    cli(['check', '--fix'], { cwd: dir });
    assert.notEqual(fs.readFileSync(path.join(dir, 'bad.spec.md'))[0], 0xef);
  });

  it('refuses a read-only file, fixes the others and exits 2', () => {
    // The CLI treats a file without any write permission bit as read-only and
    // does not replace it (a rename would otherwise succeed, and root could
    // write it anyway), so this works the same when the tests run as root.
    const dir = tempDir();
    writeFiles(dir, { 'locked.spec.md': SPEC_BAD, 'open.spec.md': SPEC_BAD });
    fs.chmodSync(path.join(dir, 'locked.spec.md'), 0o444);
    const r = cliJson(['check', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /locked\.spec\.md: error: not written: the file is read-only/);
    assert.equal(read(dir, 'locked.spec.md'), SPEC_BAD, 'untouched');
    assert.equal(fs.statSync(path.join(dir, 'locked.spec.md')).mode & 0o777, 0o444);
    assert.notEqual(read(dir, 'open.spec.md'), SPEC_BAD, 'the other file was fixed');
    const locked = fileOf(r.json, 'locked.spec.md');
    assert.match(locked.error ?? '', /read-only/);
    assert.ok(codes(locked).includes('SH001'), 'its findings are still reported');
    assert.equal(r.json.summary.failed, 1);
    const text = cli(['check', '--fix', 'locked.spec.md'], { cwd: dir });
    assert.equal(text.code, 2);
    assert.match(text.stdout, /1 failed/);
  });

  it('never writes outside the workspace root (a symlink pointing out of it)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'outside/target.spec.md': SPEC_BAD, 'ws/.spec-handoff.yaml': 'rules: {}\n' });
    fs.symlinkSync(path.join(dir, 'outside', 'target.spec.md'), path.join(dir, 'ws', 'link.spec.md'));
    const r = cli(['check', '--fix', 'link.spec.md', '../outside/target.spec.md'], { cwd: path.join(dir, 'ws') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /link\.spec\.md: error: not written: the file is outside the workspace root/);
    assert.match(
      r.stderr,
      /\.\.\/outside\/target\.spec\.md: error: not written: the file is outside the workspace root/,
    );
    assert.equal(read(dir, 'outside/target.spec.md'), SPEC_BAD);
    assert.ok(fs.lstatSync(path.join(dir, 'ws', 'link.spec.md')).isSymbolicLink());
  });

  it('leaves no temporary files behind and keeps the file mode', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    fs.chmodSync(path.join(dir, 'bad.spec.md'), 0o640);
    cli(['check', '--fix'], { cwd: dir });
    assert.deepEqual(fs.readdirSync(dir), ['bad.spec.md']);
    assert.equal(fs.statSync(path.join(dir, 'bad.spec.md')).mode & 0o777, 0o640);
  });
});
