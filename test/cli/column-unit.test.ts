/**
 * `check --column-unit`: columns in UTF-16 code units (default, as LSP),
 * UTF-8 bytes or Unicode code points, after an emoji and CJK text, in text
 * and JSON output; and the text output loaded into a real Vim quickfix list
 * with the errorformat docs/cli.md gives (skipped when `vim` is not
 * installed: `apt-get install vim-nox`).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, tempDir } from './helpers';

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

  it('loads into Vim\'s quickfix list with the documented errorformat, and utf8 puts the cursor on the finding', function () {
    const vim = spawnSync('vim', ['--version'], { encoding: 'utf8' });
    if (vim.status !== 0) {
      console.log('      (skipped: vim is not installed; apt-get install vim-nox to run it)');
      return this.skip();
    }
    const under = (unit: string): string => {
      fs.writeFileSync(path.join(dir, 'out.txt'), cli(['check', 'a.md', '--column-unit', unit], { cwd: dir }).stdout);
      const result = path.join(dir, 'result.txt');
      fs.rmSync(result, { force: true });
      // The errorformat from docs/cli.md; :cc N jumps to the SH007 entry, then the text under the cursor is written out.
      const script = [
        'set errorformat=%\\\\s%#%f:%l:%c\\ %#%m',
        'cfile out.txt',
        'let n = 0',
        "for e in getqflist() | let n += 1 | if e.text =~ 'SH007' | break | endif | endfor",
        'execute "cc " . n',
        "call writefile([strpart(getline('.'), col('.') - 1, 3)], 'result.txt')",
        'qa!',
      ];
      fs.writeFileSync(path.join(dir, 'load.vim'), script.join('\n') + '\n');
      const run = spawnSync('vim', ['-N', '-u', 'NONE', '-i', 'NONE', '-es', '-S', 'load.vim'], { cwd: dir, encoding: 'utf8', input: '' });
      assert.ok(fs.existsSync(result), `vim wrote nothing (exit ${run.status}): ${run.stdout} ${run.stderr}`);
      return fs.readFileSync(result, 'utf8').trim();
    };
    assert.equal(under('utf8'), 'TBD');
    assert.notEqual(under('utf16'), 'TBD', 'UTF-16 columns land before the word in Vim (the reason for --column-unit)');
  });
});
