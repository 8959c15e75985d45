#!/usr/bin/env node
// Before/after of one change counted in instructions, not milliseconds. Runs two Node entry points with the same
// arguments under valgrind's callgrind and prints the instructions each executed (every thread) and their ratio.
//
// Why: this project's machines are shared VMs whose wall and CPU times move by ±5 % between runs of the same
// build (CONTRIBUTING, round six), wider than most single changes left to make (1–3 % each). An instruction
// count is repeatable: on a quiet machine three `--jobs 1` corpus runs of one build stayed within 0.1 % (round
// thirteen); beside another valgrind run counts moved by up to 1.5 % (V8's threads follow real time), so count
// on a quiet machine, with `--runs 3`. It is a proxy, not a time: it does not see
// cache misses, page faults or the kernel (on these VMs a page fault costs ~8 µs, and a corpus run takes ~10,000),
// so a change that claims a gain must show it in `bench/ab.mjs` as well, or at least no loss. Under valgrind
// threads take turns on one core: compare `--jobs 1` runs (how files split between threads moves with timing).
//
// Each entry point runs once without valgrind first, so that both have their code caches (node/code-cache.ts)
// when they are counted, as in a user's second run. About 35 s a counted run for the RFC corpus.
//
// Usage: node bench/instructions.mjs BEFORE.js AFTER.js [--runs N] ARGS...
// e.g.   node bench/instructions.mjs /tmp/base/out/prod/dist/cli.js out/prod/dist/cli.js check --jobs 1 \
//          --format json --schema schemas/presets/rust-rfc/rust-rfc.yaml ../shared/corpus/rust-rfcs
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const USAGE = 'Usage: node bench/instructions.mjs BEFORE.js AFTER.js [--runs N] ARGS...';

/** The command line: both entry points, how many counted runs of each (default 1) and the arguments they share. */
export function parseArguments(argv) {
  const [before, after, ...rest] = argv;
  let runs = 1;
  let args = rest;
  if (args[0] === '--runs') {
    runs = Number(args[1]);
    args = args.slice(2);
  }
  if (!before || !after || before.startsWith('-') || after.startsWith('-') || !Number.isInteger(runs) || runs < 1)
    return undefined;
  return { before, after, runs, args };
}

/** The total valgrind's callgrind prints at exit ("Collected : N"), or undefined when there is none. */
export function collectedInstructions(stderr) {
  const m = /Collected : (\d+)/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** Whether valgrind can be run here. */
export function hasValgrind() {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

/** Instructions executed by `node entry ARGS` under callgrind (every thread). */
export function countInstructions(entry, args, cwd = process.cwd()) {
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      // V8 writes machine code at run time and runs it: valgrind must see code it already translated change.
      '--smc-check=all-non-file',
      '--callgrind-out-file=/dev/null',
      process.execPath,
      entry,
      ...args,
    ],
    { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const count = collectedInstructions(run.stderr ?? '');
  if (count === undefined) throw new Error(`no instruction count for ${entry}:\n${(run.stderr ?? '').slice(-2000)}`);
  return count;
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** Counts both entry points alternately (`runs` each, after one warm-up run each) and returns their medians. */
export function compare({ before, after, runs, args }, log = () => undefined) {
  for (const entry of [before, after]) spawnSync(process.execPath, [entry, ...args], { stdio: 'ignore' });
  const counts = { before: [], after: [] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? ['after', 'before'] : ['before', 'after'];
    for (const key of order) {
      const count = countInstructions(key === 'before' ? before : after, args);
      counts[key].push(count);
      log(`${key.padEnd(6)} ${count.toLocaleString('en-US')} instructions`);
    }
  }
  return { before: median(counts.before), after: median(counts.after), counts };
}

function main() {
  const parsed = parseArguments(process.argv.slice(2));
  if (!parsed) {
    console.error(USAGE);
    process.exit(2);
  }
  if (!hasValgrind()) {
    console.error('bench/instructions.mjs needs valgrind (Debian: apt-get install valgrind).');
    process.exit(2);
  }
  const { before, after } = compare(parsed, (line) => console.log(line));
  console.log(
    `median before ${before.toLocaleString('en-US')}, after ${after.toLocaleString('en-US')}: after / before ${(after / before).toFixed(4)} (${(((after - before) / before) * 100).toFixed(2)} %)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
