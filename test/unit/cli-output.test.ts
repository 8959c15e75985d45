// The CLI's output without process.stdout / process.stderr (issue 20): files, pipes, sockets and /dev/null are
// written with fs.writeSync; a descriptor that turns out non-blocking falls back to the stream, in order.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIRECT_WRITE_CHARS, descriptorWriter, writesDirectly } from '../../server/src/cli/io';

/** A stream stand-in that records what it was given, as text. */
function recorder(): { stream: () => NodeJS.WritableStream; written: string[] } {
  const written: string[] = [];
  const stream = { write: (chunk: string | Uint8Array) => written.push(Buffer.from(chunk).toString('utf8')) };
  return { stream: () => stream as unknown as NodeJS.WritableStream, written };
}

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

/**
 * A direct writer whose n-th write takes `takes[n]` bytes (at most what is left) and every later one fails with
 * EAGAIN: what it wrote directly, what went to the stream, and how many writes were tried.
 */
function writerThenEagain(takes: number[]): {
  write: (text: string) => void;
  direct: number[];
  written: string[];
  calls: () => number;
} {
  const direct: number[] = [];
  const { stream, written } = recorder();
  let calls = 0;
  const write = descriptorWriter(
    1,
    stream,
    () => assert.fail('no broken pipe'),
    (_fd, buffer, offset) => {
      if (calls >= takes.length) {
        calls++;
        throw errno('EAGAIN');
      }
      const n = Math.min(takes[calls++], buffer.length - offset);
      direct.push(...buffer.subarray(offset, offset + n));
      return n;
    },
    () => true,
  );
  return { write, direct, written, calls: () => calls };
}

describe('CLI output written directly to the descriptor', () => {
  it('writes every byte, across partial writes, without the stream', () => {
    const got: number[] = [];
    const { stream, written } = recorder();
    // At most 3 bytes per call, as a slow reader's pipe may take them.
    const write = descriptorWriter(
      1,
      stream,
      () => assert.fail('no broken pipe'),
      (_fd, buffer, offset) => {
        const n = Math.min(3, buffer.length - offset);
        got.push(...buffer.subarray(offset, offset + n));
        return n;
      },
      () => true,
    );
    write('héllo, ');
    write('wörld ≤ 200 ms\n');
    assert.equal(Buffer.from(got).toString('utf8'), 'héllo, wörld ≤ 200 ms\n');
    assert.deepEqual(written, [], 'the stream was not used');
  });

  it('a non-blocking descriptor (EAGAIN) hands the rest of the text and every later text to the stream, in order', () => {
    const { write, direct, written, calls } = writerThenEagain([4]);
    write('first line\n');
    write('second line\n');
    assert.equal(Buffer.from(direct).toString('utf8'), 'firs');
    assert.deepEqual(written, ['t line\n', 'second line\n']);
    assert.equal(calls(), 2, 'no direct write after the fallback');
  });

  it('a text longer than one chunk is written whole, a surrogate pair across the chunk boundary kept whole', () => {
    const got: number[] = [];
    const { stream, written } = recorder();
    const write = descriptorWriter(
      1,
      stream,
      () => assert.fail('no broken pipe'),
      (_fd, buffer, offset) => {
        got.push(...buffer.subarray(offset));
        return buffer.length - offset;
      },
      () => true,
    );
    // The emoji's two halves sit on either side of the first chunk's end; then 2.5 more chunks of mixed text.
    const text = `${'a'.repeat(DIRECT_WRITE_CHARS - 1)}😀${'é≤x'.repeat(DIRECT_WRITE_CHARS)}\n`;
    write(text);
    write('');
    write('end\n');
    assert.equal(Buffer.from(got).toString('utf8'), `${text}end\n`);
    assert.ok(!Buffer.from(got).toString('utf8').includes('\ufffd'), 'no replacement character');
    assert.deepEqual(written, []);
  });

  it('EAGAIN in a later chunk hands the rest of that chunk and of the text to the stream, in order', () => {
    const { write, direct, written, calls } = writerThenEagain([Number.POSITIVE_INFINITY, 5]);
    const text = `${'b'.repeat(DIRECT_WRITE_CHARS)}${'c'.repeat(DIRECT_WRITE_CHARS)}${'d'.repeat(10)}`;
    write(text);
    write('after\n');
    assert.equal(Buffer.from(direct).toString('utf8') + written.join(''), `${text}after\n`);
    assert.equal(written.length, 3, 'the rest of the chunk, the rest of the text, the next text');
    assert.equal(calls(), 3);
  });

  it('a write that fails (a closed pipe, a full disk) goes to the error handler, once, and writes no more of the text', () => {
    for (const code of ['EPIPE', 'ENOSPC', 'EIO']) {
      const failures: string[] = [];
      const { stream, written } = recorder();
      let calls = 0;
      const write = descriptorWriter(
        1,
        stream,
        (error) => failures.push(error.code ?? ''),
        () => {
          calls++;
          throw errno(code);
        },
        () => true,
      );
      write('x'.repeat(3 * DIRECT_WRITE_CHARS));
      assert.deepEqual(failures, [code]);
      assert.equal(calls, 1, `${code}: the rest of the text is not tried`);
      assert.deepEqual(written, [], `${code}: nothing goes to the stream`);
    }
  });

  it('other descriptors (terminals) go through the stream', () => {
    const { stream, written } = recorder();
    const write = descriptorWriter(
      1,
      stream,
      () => assert.fail('no broken pipe'),
      () => assert.fail('no direct write'),
      () => false,
    );
    write('a');
    write('b');
    assert.deepEqual(written, ['a', 'b']);
  });

  it('files, pipes and /dev/null are written directly; on Windows nothing is', () => {
    if (process.platform === 'win32') {
      assert.equal(writesDirectly(1), false);
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-output-'));
    try {
      const file = fs.openSync(path.join(dir, 'out.txt'), 'w');
      const nul = fs.openSync('/dev/null', 'w');
      try {
        assert.equal(writesDirectly(file), true, 'a regular file');
        assert.equal(writesDirectly(nul), true, '/dev/null');
      } finally {
        fs.closeSync(file);
        fs.closeSync(nul);
      }
      assert.equal(writesDirectly(987_654), false, 'a descriptor that is not open');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
