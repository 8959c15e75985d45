/**
 * `npm run bench`'s command line (bench/run.mjs): help and bad options are
 * answered before anything is built or measured, with the usage and no stack trace.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { roundOrder } from '../../bench/order.mjs';
import { envWithoutCaCerts } from '../../bench/env.mjs';

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

describe('bench stage a: the order of one round (bench/order.mjs)', () => {
  const runners = [
    { name: 'ours' },
    { name: 'ours, one thread' },
    { name: 'markdownlint', slow: true },
    { name: 'rumdl' },
  ];
  const names = (round: number, repeats: number): string[] => roundOrder(runners, round, repeats).map((r) => r.name);

  it('runs each fast runner `repeats` times, each pass reversed, and the slow one once, last then first', () => {
    const forward = ['ours', 'ours, one thread', 'rumdl'];
    const back = [...forward].reverse();
    assert.deepEqual(names(0, 3), [...forward, ...back, ...forward, 'markdownlint']);
    assert.deepEqual(names(1, 3), ['markdownlint', ...back, ...forward, ...back]);
    assert.deepEqual(names(0, 1), ['ours', 'ours, one thread', 'rumdl', 'markdownlint'], 'one pass: the old order');
  });

  it('over any number of rounds, every fast runner runs rounds × repeats times and the slow one rounds times', () => {
    for (const repeats of [1, 2, 3, 4])
      for (const rounds of [1, 2, 5]) {
        const counts = new Map<string, number>();
        for (let round = 0; round < rounds; round++)
          for (const name of names(round, repeats)) counts.set(name, (counts.get(name) ?? 0) + 1);
        assert.equal(counts.get('markdownlint'), rounds);
        for (const name of ['ours', 'ours, one thread', 'rumdl'])
          assert.equal(counts.get(name), rounds * repeats, name);
      }
  });
});

describe('bench/env.mjs envWithoutCaCerts (stage a times ours once more without NODE_EXTRA_CA_CERTS)', () => {
  it('returns a copy of the environment without the variable, leaving the given one as it was', () => {
    const env = { PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', HOME: '/root' };
    const without = envWithoutCaCerts(env);
    assert.deepEqual(without, { PATH: '/usr/bin', HOME: '/root' });
    assert.equal(env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt', 'the given environment is not changed');
  });

  it('returns undefined where the variable is not set or empty (Node reads nothing then; no extra rows)', () => {
    assert.equal(envWithoutCaCerts({ PATH: '/usr/bin' }), undefined);
    assert.equal(envWithoutCaCerts({ NODE_EXTRA_CA_CERTS: '' }), undefined);
  });
});
