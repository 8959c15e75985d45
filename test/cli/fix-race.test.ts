/**
 * `--fix` and an edit saved while it writes (issue 23, item 3). The window
 * between the last check and the rename is opened deterministically with the
 * write's test hooks: an edit appended there must never be lost, and the run
 * must say the file was not fixed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FixWriteError, fixWriteHooks, sha256, writeFixedFile } from '../../server/src/cli/fix';
import { tempDir } from './helpers';

const ORIGINAL = '# Title\n\n## Summary\n\nText.\n';
const FIXED = Buffer.from(`${ORIGINAL}\n## Scope\n`);

function setup(): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'f.spec.md');
  fs.writeFileSync(file, ORIGINAL);
  return { dir, file };
}

describe('cli: --fix and an edit saved while it writes', () => {
  afterEach(() => {
    delete fixWriteHooks.afterTempWritten;
    delete fixWriteHooks.beforeRename;
  });

  it('without an edit, the fixed text is written', () => {
    const { dir, file } = setup();
    writeFixedFile(file, dir, sha256(Buffer.from(ORIGINAL)), FIXED);
    assert.deepEqual(fs.readFileSync(file), FIXED);
    assert.deepEqual(fs.readdirSync(dir), ['f.spec.md']);
  });

  it('an edit while the temporary file is written is seen by the check just before the rename', () => {
    const { dir, file } = setup();
    fixWriteHooks.afterTempWritten = (f) => fs.appendFileSync(f, 'EDIT\n');
    assert.throws(
      () => writeFixedFile(file, dir, sha256(Buffer.from(ORIGINAL)), FIXED),
      (e: Error) => e instanceof FixWriteError && /changed on disk/.test(e.message),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), `${ORIGINAL}EDIT\n`);
    assert.deepEqual(fs.readdirSync(dir), ['f.spec.md'], 'temporary file removed');
  });

  it('an edit after that check, just before the rename, reaches the old file: it is put back, not lost', () => {
    const { dir, file } = setup();
    let calls = 0;
    fixWriteHooks.beforeRename = (f) => {
      if (calls++ === 0) fs.appendFileSync(f, 'EDIT\n'); // `echo EDIT >> f.spec.md` in the window (only once: the restore renames too)
    };
    assert.throws(
      () => writeFixedFile(file, dir, sha256(Buffer.from(ORIGINAL)), FIXED),
      (e: Error) => e instanceof FixWriteError && /changed text was kept/.test(e.message),
    );
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      `${ORIGINAL}EDIT\n`,
      'the edit survives; the fixes are not applied over it',
    );
    assert.deepEqual(fs.readdirSync(dir), ['f.spec.md']);
  });

  it('a file replaced by another (an editor saving by rename) before the final check is not overwritten', () => {
    const { dir, file } = setup();
    fixWriteHooks.afterTempWritten = (f) => {
      fs.writeFileSync(`${f}.new`, `${ORIGINAL}SAVED\n`);
      fs.renameSync(`${f}.new`, f);
    };
    assert.throws(() => writeFixedFile(file, dir, sha256(Buffer.from(ORIGINAL)), FIXED), FixWriteError);
    assert.equal(fs.readFileSync(file, 'utf8'), `${ORIGINAL}SAVED\n`);
  });
});
