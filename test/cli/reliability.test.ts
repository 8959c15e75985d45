/**
 * The second reliability round (issue 23), at the CLI: bytes that are not
 * UTF-8 are never rewritten, file modes and hard links survive --fix, one
 * file's failure does not stop the run, the fix count is right, huge files
 * and odd file types get a clear sentence.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, read, tempDir, writeFiles, CLI } from './helpers';
import { SPEC_BAD } from './fixtures';

const LATIN1 = Buffer.from(
  '---\ntype: spec\ntitle: Caf\xe9\n---\n\n# Caf\xe9\n\n## Summary\n\nR\xe9sum\xe9\n',
  'latin1',
);

describe('cli: reliability (issue 23)', () => {
  before(ensureBuilt);

  describe('files that are not UTF-8 are checked read-only, never rewritten', () => {
    it('invalid UTF-8 (Latin-1 bytes): every byte stays, the file is reported with the offset', () => {
      const dir = tempDir();
      writeFiles(dir, { 'l.spec.md': LATIN1, 'ok.spec.md': SPEC_BAD });
      const r = cliJson(['check', '--fix', '--format', 'json'], { cwd: dir });
      assert.deepEqual(fs.readFileSync(path.join(dir, 'l.spec.md')), LATIN1, 'bytes identical');
      const f = fileOf(r.json, 'l.spec.md');
      assert.match(f.error ?? '', /not written: the file is not valid UTF-8 \(byte 0xe9 at offset 25\)/);
      assert.ok(
        f.diagnostics.some((d) => d.code === 'SH001'),
        'still checked',
      );
      assert.notEqual(read(dir, 'ok.spec.md'), SPEC_BAD, 'the other file is fixed');
      assert.equal(r.code, 2);
    });

    it('without --fix the file is checked with a warning on stderr', () => {
      const dir = tempDir();
      writeFiles(dir, { 'l.spec.md': LATIN1 });
      const r = cli(['check', 'l.spec.md'], { cwd: dir });
      assert.match(r.stderr, /l\.spec\.md: warning: the file is not valid UTF-8/);
      assert.match(r.stdout, /SH001/);
    });

    it('UTF-16LE with a BOM (and no NUL bytes) is decoded, checked and never rewritten', () => {
      const dir = tempDir();
      // Text whose every code unit has two non-zero bytes ("䅁䉂…"): as UTF-8 it decodes to U+FFFD and letters.
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('䅁䉂䍃\u0a0d䑄䕅'.repeat(20), 'utf16le')]);
      assert.ok(!bytes.includes(0), 'no NUL byte: the binary check does not apply');
      writeFiles(dir, { 'w.spec.md': bytes });
      const r = cli(['check', '--fix', '--schema', 'spec', 'w.spec.md'], { cwd: dir });
      assert.deepEqual(fs.readFileSync(path.join(dir, 'w.spec.md')), bytes);
      assert.match(r.stderr, /w\.spec\.md: error: not written: the file is UTF-16 \(little-endian\)/);
    });

    it('a real UTF-16LE spec is read as text: its sections are found', () => {
      const dir = tempDir();
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SPEC_BAD, 'utf16le')]);
      writeFiles(dir, { 'w.spec.md': bytes });
      const r = cliJson(['check', '--fix', '--format', 'json', 'w.spec.md'], { cwd: dir });
      const f = fileOf(r.json, 'w.spec.md');
      assert.equal(f.kind, 'spec');
      assert.ok(
        f.sections.some((s) => s.id === 'summary'),
        JSON.stringify(f.sections),
      );
      assert.deepEqual(fs.readFileSync(path.join(dir, 'w.spec.md')), bytes);
    });
  });

  it('a 600 MB file is skipped before it is read; the other files are checked and fixed (it crashed the whole run)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.spec.md': SPEC_BAD, 'huge.spec.md': '' });
    fs.truncateSync(path.join(dir, 'huge.spec.md'), 600_000_000); // sparse: no disk space used
    const r = cliJson(['check', '--fix', '--format', 'json'], { cwd: dir });
    const huge = fileOf(r.json, 'huge.spec.md');
    assert.match(huge.skipped ?? '', /larger than 5 MB \(600\.0 MB\), so it was not read/);
    assert.notEqual(read(dir, 'a.spec.md'), SPEC_BAD, 'the other file is fixed');
    assert.equal(r.code, 0, r.stderr);
    const text = cli(['check', 'huge.spec.md'], { cwd: dir });
    assert.match(text.stdout, /huge\.spec\.md: skipped: The file is larger than 5 MB/);
  });

  it('--fix keeps the file mode whatever the umask (664, 666, 775, setgid)', () => {
    const dir = tempDir();
    const modes = [0o664, 0o666, 0o775, 0o2775];
    for (const [i, m] of modes.entries()) {
      writeFiles(dir, { [`m${i}.spec.md`]: SPEC_BAD });
      fs.chmodSync(path.join(dir, `m${i}.spec.md`), m);
    }
    const old = process.umask(0o022); // the CLI inherits it: the temporary file's mode would be trimmed to 644/755
    let r: ReturnType<typeof cli>;
    try {
      r = cli(['check', '--fix'], { cwd: dir });
    } finally {
      process.umask(old);
    }
    assert.equal(r.code, 0, r.stdout + r.stderr);
    modes.forEach((m, i) => {
      assert.notEqual(read(dir, `m${i}.spec.md`), SPEC_BAD, 'fixed');
      assert.equal(fs.statSync(path.join(dir, `m${i}.spec.md`)).mode & 0o7777, m, `mode ${m.toString(8)}`);
    });
  });

  it('--fix refuses a file with hard links (the other names would keep the old text) and says so', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.spec.md': SPEC_BAD });
    fs.linkSync(path.join(dir, 'a.spec.md'), path.join(dir, 'b.md'));
    const r = cli(['check', '--fix', 'a.spec.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /a\.spec\.md: error: not written: the file has 2 hard links/);
    assert.equal(read(dir, 'a.spec.md'), SPEC_BAD);
    assert.equal(
      fs.statSync(path.join(dir, 'a.spec.md')).ino,
      fs.statSync(path.join(dir, 'b.md')).ino,
      'still one file',
    );
  });

  it('a file name too long for a temporary name does not abort the run: every file is fixed and reported', () => {
    const dir = tempDir();
    const long = `${'a'.repeat(238)}.spec.md`;
    writeFiles(dir, { [long]: SPEC_BAD, 'z.spec.md': SPEC_BAD });
    const r = cliJson(['check', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.notEqual(read(dir, long), SPEC_BAD);
    assert.notEqual(read(dir, 'z.spec.md'), SPEC_BAD);
    assert.equal(r.json.files.length, 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), [long, 'z.spec.md'].sort(), 'no temporary file left');
  });

  it('the fix count counts the inserted sections (front matter only: "0 fixed" was reported)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'f.spec.md': '---\ntype: spec\ntitle: X\n---\n' });
    const r = cliJson(['check', '--fix', '--format', 'json'], { cwd: dir });
    const f = fileOf(r.json, 'f.spec.md');
    assert.ok(read(dir, 'f.spec.md').split('\n').length > 50, 'sections inserted');
    assert.ok(f.fixed >= 5, `fixed ${f.fixed}`);
    assert.equal(r.json.summary.fixed, f.fixed);
  });

  it('`check fifo.md` says it is a named pipe, not that it does not exist', function () {
    if (process.platform === 'win32') this.skip();
    const dir = tempDir();
    const made = spawnSync('mkfifo', [path.join(dir, 'fifo.md')]);
    if (made.status !== 0) this.skip();
    const r = cli(['check', 'fifo.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Not a file or folder: fifo\.md is a named pipe/);
    assert.doesNotMatch(r.stderr, /No such file/);
  });

  it('output that cannot be written (a full device): one line on stderr and exit code 2, no stack trace', function () {
    if (!fs.existsSync('/dev/full')) this.skip(); // Linux
    const dir = tempDir();
    writeFiles(dir, { 'a.spec.md': SPEC_BAD });
    for (const format of ['text', 'json']) {
      const fd = fs.openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [CLI, 'check', '--format', format, 'a.spec.md'], {
          cwd: dir,
          stdio: ['ignore', fd, 'pipe'],
          encoding: 'utf8',
        });
        assert.equal(r.status, 2, `${format}: ${r.stderr}`);
        assert.equal(r.stderr, 'spec-handoff: cannot write the output (ENOSPC); it is incomplete.\n', format);
      } finally {
        fs.closeSync(fd);
      }
    }
  });

  it('run from a folder removed under the shell: one sentence and exit code 2, no stack trace (both the loader and the bundle read the folder)', function () {
    if (process.platform === 'win32') this.skip();
    const dir = tempDir();
    const gone = path.join(dir, 'gone');
    for (const args of [['check'], ['check', 'a.md'], ['--version']]) {
      fs.mkdirSync(gone);
      // The shell enters the folder, removes it and runs the CLI there: its current folder no longer exists.
      const r = spawnSync(
        'sh',
        ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, process.execPath, CLI, ...args],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      assert.equal(r.signal, null, args.join(' '));
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^spec-handoff: cannot read the current folder \(ENOENT\); it may have been removed\./);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
    }
  });

  it('`handoff -o .` says the output is a folder, not that it is outside the current folder', () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.spec.md': SPEC_BAD });
    const r = cli(['handoff', 'x.spec.md', '-o', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\. is a folder; give the path of the new file, e\.g\. x\.handoff\.md/);
    assert.doesNotMatch(r.stderr, /outside/);
  });

  describe('nothing outside the workspace is read', () => {
    const SECRET =
      '---\ntype: spec\ntitle: Secret\n---\n\n# Secret\n\n## Acceptance criteria\n\n- [ ] AC-1: api key sk-live-XYZ-SECRET\n';
    const HANDOFF =
      '---\ntype: handoff\ntitle: H\nspec: ../private/secret.spec.md\n---\n\n# H\n\nSee [the spec](../private/secret.spec.md) and [env](../../../../../../../../proc/self/environ).\n';

    it('a spec: link and relative links outside the workspace are findings; the file is never quoted (text, JSON, SARIF, --fix)', () => {
      const dir = tempDir();
      writeFiles(dir, {
        'private/secret.spec.md': SECRET,
        'ws/h.handoff.md': HANDOFF,
        'ws/.spec-handoff.yaml': 'rules: {}\n',
      });
      const cwd = path.join(dir, 'ws');
      for (const format of ['text', 'json', 'sarif']) {
        const r = cli(['check', '--format', format, 'h.handoff.md'], { cwd });
        assert.doesNotMatch(r.stdout + r.stderr, /SECRET|sk-live/, format);
        assert.match(r.stdout, /points outside the workspace/, format);
      }
      const text = cli(['check', 'h.handoff.md'], { cwd }).stdout;
      assert.match(text, /Link target "\.\.\/private\/secret\.spec\.md" is outside the workspace/);
      assert.match(text, /proc\/self\/environ" is outside the workspace/);
      cli(['check', '--fix', 'h.handoff.md'], { cwd });
      assert.doesNotMatch(read(dir, 'ws/h.handoff.md'), /SECRET|sk-live/, '--fix copied nothing from outside');
    });

    it('without a config file the workspace is the current folder (and the folders named): a link up and out is refused', () => {
      const dir = tempDir();
      writeFiles(dir, { 'private/secret.spec.md': SECRET, 'ws/h.handoff.md': HANDOFF });
      const r = cli(['check', 'h.handoff.md'], { cwd: path.join(dir, 'ws') });
      assert.match(r.stdout, /points outside the workspace/);
      assert.doesNotMatch(r.stdout, /SECRET/);
    });

    it('walking a folder follows a symbolic link to a file inside it, not one to a file elsewhere', () => {
      const dir = tempDir();
      writeFiles(dir, { 'private/secret.spec.md': SECRET, 'ws/docs/real.spec.md': SPEC_BAD });
      fs.symlinkSync(path.join(dir, 'private', 'secret.spec.md'), path.join(dir, 'ws', 'docs', 'out.spec.md'));
      fs.symlinkSync(path.join(dir, 'ws', 'docs', 'real.spec.md'), path.join(dir, 'ws', 'docs', 'in.spec.md'));
      const r = cliJson(['check', '--format', 'json', 'docs'], { cwd: path.join(dir, 'ws') });
      assert.deepEqual(r.json.files.map((f) => f.path).sort(), ['docs/in.spec.md', 'docs/real.spec.md']);
      assert.doesNotMatch(JSON.stringify(r.json), /SECRET|sk-live/);
    });

    it('a config `schemas:` entry outside the workspace is refused, and its keys are not echoed', () => {
      const dir = tempDir();
      writeFiles(dir, {
        'private/x.yaml': 'secretKey: sk-live-XYZ-SECRET\n',
        'ws/.spec-handoff.yaml': 'schemas:\n  - ../private/x.yaml\n',
        'ws/a.spec.md': SPEC_BAD,
      });
      const r = cli(['check', 'a.spec.md'], { cwd: path.join(dir, 'ws') });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /private\/x\.yaml is outside the workspace .* it was not read/);
      assert.doesNotMatch(r.stdout + r.stderr, /secretKey|SECRET/);
    });
  });
});
