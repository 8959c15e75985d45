/**
 * The CLI reads each file through one descriptor into one buffer its thread keeps (cli/check-file.ts
 * `readFileForCheck`, `readOpenFile`; issue 20): what it returns must be exactly the file's bytes whatever was
 * read before, whatever size the caller's stat said, and for files larger than the kept buffer; special files are
 * recognised without blocking.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileForCheck, readOpenFile } from '../../server/src/cli/check-file';
import { MAX_FILE_BYTES } from '../../server/src/service';

/** `readOpenFile` of `file` with the size hint `size`. */
function readBytes(file: string, size: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    return readOpenFile(fd, size);
  } finally {
    fs.closeSync(fd);
  }
}

describe('cli: reading a file into the kept buffer', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-bytes-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns exactly each file, a shorter one after a longer one included, its size known or 0 (unknown)', () => {
    let n = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 3000 }), fc.boolean()), { minLength: 1, maxLength: 6 }),
        (files) => {
          const written = files.map(([bytes]) => {
            const file = path.join(dir, `f${n++}.md`);
            fs.writeFileSync(file, bytes);
            return file;
          });
          files.forEach(([bytes, sizeKnown], i) => {
            // Copied at once: the next call may overwrite the kept buffer.
            const got = Buffer.from(readBytes(written[i], sizeKnown ? bytes.length : 0));
            assert.deepEqual(got, Buffer.from(bytes));
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a file larger than the kept buffer (1 MB), its size known or not; stops at the size it was given', () => {
    const big = Buffer.alloc((1 << 20) + 4097, 'abc\n');
    const file = path.join(dir, 'big.md');
    fs.writeFileSync(file, big);
    assert.deepEqual(Buffer.from(readBytes(file, big.length)), big, 'size known');
    assert.deepEqual(Buffer.from(readBytes(file, 0)), big, 'size unknown (0): read to its end');
    assert.deepEqual(Buffer.from(readBytes(file, 10)), big.subarray(0, 10), 'grew since its fstat: as readFileSync');
    const small = path.join(dir, 'small.md');
    fs.writeFileSync(small, 'after the big one\n');
    assert.equal(readBytes(small, 18).toString('utf8'), 'after the big one\n');
  });

  it('stops once past MAX_FILE_BYTES (the caller skips such a file) instead of reading on', () => {
    const file = path.join(dir, 'huge.md');
    fs.writeFileSync(file, Buffer.alloc(MAX_FILE_BYTES * 2 + 100, 'x'));
    const got = readBytes(file, 0);
    assert.ok(got.length > MAX_FILE_BYTES, `${got.length} bytes: more than the cap`);
    assert.ok(got.length < MAX_FILE_BYTES * 2 + 100, `${got.length} bytes: not the whole file`);
  });

  it('readFileForCheck: the bytes of a file, the size of one too large, what a special file is; throws for none', () => {
    const file = path.join(dir, 'one.md');
    fs.writeFileSync(file, '# One\n');
    const read = readFileForCheck(file);
    assert.ok('bytes' in read && read.bytes.toString('utf8') === '# One\n');
    const huge = path.join(dir, 'too-large.md');
    fs.writeFileSync(huge, Buffer.alloc(MAX_FILE_BYTES + 1, 'y'));
    assert.deepEqual(readFileForCheck(huge), { tooLarge: MAX_FILE_BYTES + 1 });
    const folder = readFileForCheck(dir);
    assert.ok('notFile' in folder && folder.notFile.isDirectory(), 'a folder');
    assert.throws(() => readFileForCheck(path.join(dir, 'missing.md')), /ENOENT/);
  });

  it('readFileForCheck: a named pipe nobody writes to is reported at once, not waited on', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'pipe.md');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    const read = readFileForCheck(fifo);
    assert.ok('notFile' in read && read.notFile.isFIFO());
  });
});
