#!/usr/bin/env node
// Runs the property tests (test/unit/properties.test.ts) long: the same
// properties `npm test` samples with a fixed seed, with many more cases and a
// seed of your choice (random by default). Prints the seed first and, for each
// failing property, its seed, counterexample path and a replay command.
//
// Usage: npm run fuzz -- [--runs N] [--seed N] [--grep REGEXP | --fgrep TEXT] [--path PATH]
//   --runs N      cases per property (default 10000; corpus properties get a quarter)
//   --seed N      fast-check seed (default: random, printed)
//   --grep R      only properties whose full title matches the regular expression R (mocha --grep)
//   --fgrep T     only properties whose full title contains T (mocha --fgrep)
//   --path P      replay one counterexample: with its --seed and an --fgrep naming its property,
//                 exactly as printed after a failure
//   --timeout MS  per-property time limit (default: max(10 min, runs × 1 s))
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const testFile = path.join('test', 'unit', 'properties.test.ts');

function parseArgs(argv) {
  const options = {
    runs: 10000,
    seed: undefined,
    grep: undefined,
    fgrep: undefined,
    path: undefined,
    timeout: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) fail(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--runs':
        options.runs = integer(flag, value(), 1);
        break;
      case '--seed':
        options.seed = integer(flag, value());
        break;
      case '--grep':
        options.grep = value();
        break;
      case '--fgrep':
        options.fgrep = value();
        break;
      case '--path':
        options.path = value();
        break;
      case '--timeout':
        options.timeout = integer(flag, value(), 0);
        break;
      case '-h':
      case '--help':
        console.log(
          fs
            .readFileSync(fileURLToPath(import.meta.url), 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('//'))
            .map((l) => l.slice(3))
            .join('\n'),
        );
        process.exit(0);
        break;
      default:
        fail(`unknown option ${arg} (see --help)`);
    }
  }
  if (options.path && (options.seed === undefined || !(options.grep || options.fgrep)))
    fail(
      '--path replays one counterexample of one property: give its --seed and --fgrep too (as printed after a failure)',
    );
  if (options.grep && options.fgrep) fail('give --grep or --fgrep, not both');
  return options;
}

function integer(flag, text, min = -(2 ** 31)) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    fail(`${flag} expects an integer${min > -(2 ** 31) ? ` ≥ ${min}` : ''}, got "${text}"`);
  return n;
}

function fail(message) {
  console.error(`fuzz: ${message}`);
  process.exit(2);
}

const options = parseArgs(process.argv.slice(2));
const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31) | 0;
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-fuzz-')), 'failures.jsonl');

const filter = options.grep ? ['--grep', options.grep] : options.fgrep ? ['--fgrep', options.fgrep] : [];
console.log(
  `fuzz: seed ${seed}, ${options.runs} runs per property${filter.length ? `, ${filter[0].slice(2)} "${filter[1]}"` : ''}${options.path ? `, replaying path ${options.path}` : ''}`,
);
console.log(
  `fuzz: repeat this run with: npm run fuzz -- --seed ${seed} --runs ${options.runs}${filter.length ? ` ${filter[0]} ${JSON.stringify(filter[1])}` : ''}\n`,
);

const env = {
  ...process.env,
  FC_SEED: String(seed),
  FC_RUNS: String(options.runs),
  FC_REPORT: report,
  ...(options.path ? { FC_PATH: options.path } : {}),
  ...(options.timeout !== undefined ? { FC_TIMEOUT_MS: String(options.timeout) } : {}),
};
const args = [mocha, '--require', 'tsx/cjs', '--reporter', 'spec', ...filter, testFile];
const started = Date.now();
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));

child.on('exit', (code, signal) => {
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const failures = fs.existsSync(report)
    ? fs
        .readFileSync(report, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  console.log(`\n===== fuzz summary (seed ${seed}, ${options.runs} runs per property, ${minutes} min) =====`);
  if (!failures.length) {
    console.log(
      code === 0
        ? 'no property failed'
        : `mocha exited with ${code ?? signal} but no property reported a counterexample (see the output above)`,
    );
  }
  for (const f of failures) {
    console.log(`\nFAILED: ${f.test}`);
    console.log(`  seed: ${f.seed}`);
    console.log(`  path: ${f.path ?? '(none)'}`);
    console.log(`  cause: ${f.cause.split('\n').join('\n         ')}`);
    console.log(
      `  counterexample: ${f.counterexample.length > 600 ? `${f.counterexample.slice(0, 600)}… (full text above)` : f.counterexample}`,
    );
    if (f.path)
      console.log(
        `  replay: npm run fuzz -- --seed ${f.seed} --path ${JSON.stringify(f.path)} --fgrep ${JSON.stringify(f.test)}`,
      );
  }
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  process.exit(code ?? 1);
});
