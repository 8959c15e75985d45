/**
 * `check --column-unit`: columns in UTF-16 code units (default, as LSP),
 * UTF-8 bytes or Unicode code points, after an emoji and CJK text, in text
 * and JSON output; and the text output loaded into a real Vim quickfix list
 * and a real Emacs compilation buffer with the settings docs/cli.md gives
 * (read from that page; skipped when `vim` or `emacs` is not installed:
 * `apt-get install vim-nox emacs-nox`).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cli, cliJson, ensureBuilt, tempDir } from './helpers';

/** The first fenced block of `language` in docs/cli.md's "Columns and editors", its lines unindented. */
function docsBlock(language: string): string[] {
  const docs = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
  const section = docs.slice(docs.indexOf('### Columns and editors'));
  const m = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n\\s*```').exec(section);
  assert.ok(m, `no ${language} block in docs/cli.md's "Columns and editors"`);
  return m[1].split('\n').map((l) => l.trim());
}

function installed(program: string): boolean {
  return spawnSync(program, ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Line 10: "🚨 漢字 TBD here." — before TBD: 6 UTF-16 units, 12 UTF-8 bytes, 5 code points. */
const DOC = '---\ntype: spec\ntitle: X\n---\n\n# X\n\n## Summary\n\n🚨 漢字 TBD here.\n';

function tbdLine(stdout: string): string {
  const line = stdout.split('\n').find((l) => l.includes('SH007/placeholder'));
  assert.ok(line, stdout);
  return line.trim();
}

describe('cli: check --column-unit', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.md'), DOC);
  });

  it('counts text output columns in UTF-16 units by default, in bytes for utf8/byte and in code points for char', () => {
    const where = (args: string[]) => tbdLine(cli(['check', 'a.md', ...args], { cwd: dir }).stdout).split(/\s+/)[0];
    assert.equal(where([]), 'a.md:10:7');
    assert.equal(where(['--column-unit', 'utf16']), 'a.md:10:7');
    assert.equal(where(['--column-unit', 'utf8']), 'a.md:10:13');
    assert.equal(where(['--column-unit', 'byte']), 'a.md:10:13');
    assert.equal(where(['--column-unit', 'char']), 'a.md:10:6');
  });

  it('converts JSON column and endColumn too', () => {
    const columns = (unit: string) => {
      const { json } = cliJson(['check', 'a.md', '--format', 'json', '--column-unit', unit], { cwd: dir });
      const d = json.files[0].diagnostics.find((x) => x.code === 'SH007')!;
      return [d.line, d.column, d.endColumn];
    };
    assert.deepEqual(columns('utf16'), [10, 7, 10]);
    assert.deepEqual(columns('utf8'), [10, 13, 16]);
    assert.deepEqual(columns('char'), [10, 6, 9]);
  });

  it('refuses an unknown unit, and SARIF (whose columns are UTF-16 by its columnKind), as usage errors', () => {
    const bad = cli(['check', 'a.md', '--column-unit', 'bytes16'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown column unit "bytes16"; use utf16 \(default\), utf8 \(or byte\) or char/);
    const sarif = cli(['check', 'a.md', '--format', 'sarif', '--column-unit', 'char'], { cwd: dir });
    assert.equal(sarif.code, 2);
    assert.match(sarif.stderr, /--column-unit applies to text and json output/);
  });

  it("loads into Vim's quickfix list with the documented errorformat, and utf8 puts the cursor on the finding", function () {
    if (!installed('vim')) {
      console.log('      (skipped: vim is not installed; apt-get install vim-nox to run it)');
      return this.skip();
    }
    const errorformat = docsBlock('vim').find((l) => l.startsWith('set errorformat='));
    assert.ok(errorformat);
    const under = (unit: string): string => {
      fs.writeFileSync(path.join(dir, 'out.txt'), cli(['check', 'a.md', '--column-unit', unit], { cwd: dir }).stdout);
      const result = path.join(dir, 'result.txt');
      fs.rmSync(result, { force: true });
      // The errorformat from docs/cli.md; :cc N jumps to the SH007 entry, then the text under the cursor is written out.
      const script = [
        errorformat,
        'cfile out.txt',
        'let n = 0',
        "for e in getqflist() | let n += 1 | if e.text =~ 'SH007' | break | endif | endfor",
        'execute "cc " . n',
        "call writefile([strpart(getline('.'), col('.') - 1, 3)], 'result.txt')",
        'qa!',
      ];
      fs.writeFileSync(path.join(dir, 'load.vim'), script.join('\n') + '\n');
      const run = spawnSync('vim', ['-N', '-u', 'NONE', '-i', 'NONE', '-es', '-S', 'load.vim'], {
        cwd: dir,
        encoding: 'utf8',
        input: '',
      });
      assert.ok(fs.existsSync(result), `vim wrote nothing (exit ${run.status}): ${run.stdout} ${run.stderr}`);
      return fs.readFileSync(result, 'utf8').trim();
    };
    assert.equal(under('utf8'), 'TBD');
    assert.notEqual(under('utf16'), 'TBD', 'UTF-16 columns land before the word in Vim (the reason for --column-unit)');
  });

  it('loads into an Emacs compilation buffer with the documented pattern, and char puts point on the finding', function () {
    if (!installed('emacs')) {
      console.log('      (skipped: emacs is not installed; apt-get install emacs-nox to run it)');
      return this.skip();
    }
    const setup = docsBlock('elisp').filter((l) => !l.startsWith(';'));
    const under = (unit: string): string => {
      fs.writeFileSync(path.join(dir, 'out.txt'), cli(['check', 'a.md', '--column-unit', unit], { cwd: dir }).stdout);
      const script = [
        ...setup,
        '(with-current-buffer (get-buffer-create "*spec-handoff*")',
        '  (insert-file-contents "out.txt")',
        '  (compilation-mode)',
        '  (setq next-error-last-buffer (current-buffer)))',
        // The loci in order: line 6 (missing sections), line 8 (too short), line 10 (TBD).
        '(dotimes (_ 3) (next-error))',
        '(with-current-buffer (get-file-buffer (expand-file-name "a.md"))',
        '  (princ (format "%d:%s" (line-number-at-pos) (buffer-substring (point) (min (point-max) (+ (point) 3))))))',
      ];
      fs.writeFileSync(path.join(dir, 'load.el'), script.join('\n') + '\n');
      const run = spawnSync('emacs', ['--batch', '-Q', '-l', 'load.el'], { cwd: dir, encoding: 'utf8', input: '' });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.trim();
    };
    assert.equal(under('char'), '10:TBD');
    assert.notEqual(under('utf16'), '10:TBD', 'UTF-16 columns land after the start of the word in Emacs');
  });
});
