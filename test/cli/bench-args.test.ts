/**
 * `npm run bench`'s command line (bench/run.mjs): help and bad options are
 * answered before anything is built or measured, with the usage and no stack trace.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BENCH = path.join(ROOT, 'bench', 'run.mjs');

function bench(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BENCH, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('bench/run.mjs options', () => {
  it('--help and -h print the usage and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const run = bench([flag]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Usage: node bench\/run\.mjs \[--corpus DIR\]/);
      assert.match(run.stdout, /--only a,b,c,d/);
      assert.equal(run.stderr, '');
    }
  });

  it('an unknown option or a missing value: the reason and the usage on stderr, exit 2, no stack trace', () => {
    for (const [args, reason] of [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--rounds'], /--rounds/],
    ] as const) {
      const run = bench([...args]);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, reason);
      assert.match(run.stderr, /Usage: node bench\/run\.mjs/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(run.stdout, '');
    }
  });
});
