/**
 * How many threads a `check` uses, and starting its workers before the bundle
 * runs. Light on purpose (node:fs, node:path, node:os, node:util and
 * tiering.ts only): the loader dist/cli.js includes this file, so it can start
 * the worker threads of a `check` before it compiles and runs the 1.3 MB
 * bundle (issue 20: the workers started about 50 ms after the process, and
 * each took 30-40 ms more to boot, while the main thread was at its first file).
 *
 * The bundle decides with the same `checkWorkerCount` (cli/commands/check.ts);
 * `Workers.start` (parallel.ts) adopts the workers started here, stops any it
 * does not need and starts any missing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { HOLD_MAX_BYTES, userChoseTiering } from './tiering';

/** Fewer files than this are checked in this thread: starting a worker costs more than it saves. */
export const PARALLEL_MIN_FILES = 16;
/** More threads than this stop paying off (schemas are loaded once per worker). */
export const MAX_THREADS = 8;

/**
 * Whether a batch of `fileCount` files of `bytes` bytes runs with TurboFan held back (tiering.ts), in one thread
 * or several: a batch (PARALLEL_MIN_FILES files or more) of at most HOLD_MAX_BYTES, unless the user chose the
 * tiering. A check of a few files is left alone (holding costs loading node:v8, and TurboFan hardly starts).
 */
export function holdsTurbofan(fileCount: number, bytes: number): boolean {
  return fileCount >= PARALLEL_MIN_FILES && bytes <= HOLD_MAX_BYTES && !userChoseTiering();
}

/**
 * Whether V8 still optimises hot functions on its background threads while TurboFan is held back: its mid
 * tier, Maglev, does so from V8 13 (Node 24). Measured on the RFC corpus, 2 cores, the hold on (`perf`, every
 * thread): under V8 13.6 Maglev's compiles took 42-45 % of the run's CPU, and two analysing threads were
 * slower than one (575-628 against 451-476 ms: three busy threads on two cores); under V8 12.4 (Node 22,
 * Maglev on by default) no Maglev compile ran at all and two threads won (413 against 630 ms); V8 11.3
 * (Node 20) has Maglev off. Holding Maglev back too was slower still under V8 13.6 (697 ms in two threads).
 */
export function optimiserRunsWhileHeld(v8Version: string = process.versions.v8): boolean {
  return Number.parseInt(v8Version, 10) >= 13;
}

/**
 * How many threads analyse `fileCount` files of `bytes` bytes together (unknown: as if few): `jobs` when
 * given, else for 16 files or more every core (capped) when TurboFan is held back (`holdsTurbofan`) and
 * nothing else optimises meanwhile (`optimiserRunsWhileHeld`), the cores but one otherwise (V8's compiler
 * threads use one); at least 1.
 */
export function plannedThreads(
  fileCount: number,
  jobs: number | undefined,
  bytes = 0,
  cores = os.availableParallelism(),
  optimiserWhileHeld = optimiserRunsWhileHeld(),
): number {
  const everyCore = holdsTurbofan(fileCount, bytes) && !optimiserWhileHeld;
  const wanted = jobs ?? (fileCount < PARALLEL_MIN_FILES ? 1 : Math.min(everyCore ? cores : cores - 1, MAX_THREADS));
  return Math.max(1, Math.min(wanted, fileCount));
}

/** The workers of a run that may cover many files: every thread `plannedThreads` gives it but this one. */
function everyOtherThread(jobs: number | undefined): number {
  return plannedThreads(Number.POSITIVE_INFINITY, jobs) - 1;
}

/** Whether the arguments may name many files: the current folder, a folder or a glob (not only a few files). */
function mayBeMany(cwd: string, positionals: readonly string[]): boolean {
  return (
    positionals.length >= PARALLEL_MIN_FILES ||
    positionals.length === 0 ||
    positionals.some((p) => !isFile(path.resolve(cwd, p)))
  );
}

/** Whether `p` is a file (following links); false when it cannot be read. */
export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The options of `check`: its parser (commands/check.ts) and the early start below read the same. */
export const CHECK_OPTIONS = {
  schema: { type: 'string' },
  config: { type: 'string' },
  format: { type: 'string' },
  fix: { type: 'boolean' },
  'report-unused-disable': { type: 'boolean' },
  'column-unit': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  shard: { type: 'string' },
  'stdin-filename': { type: 'string' },
  'no-gitignore': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  // How many threads analyse files; 1 = no worker threads (default: one per core, for many files).
  jobs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseCheckArgs(args: string[]) {
  return parseArgs({ args, options: CHECK_OPTIONS, allowPositionals: true, strict: true });
}

/** The options of `report`: its parser (commands/report.ts) and the early start below read the same. */
export const REPORT_OPTIONS = {
  config: { type: 'string' },
  format: { type: 'string' },
  jobs: { type: 'string' },
  'no-gitignore': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * How many workers `report` starts before it knows its files (commands/report.ts, and the loader through
 * `earlyWorkerCount`): it reads whole folders, so every thread but this one unless `--jobs 1`.
 */
export function reportWorkerCount(jobs: number | undefined): number {
  return jobs === undefined || jobs > 1 ? everyOtherThread(jobs) : 0;
}

/** The positional of `check` that means "read the document from standard input". */
export const STDIN = '-';

/**
 * How many workers a `check` or `report` with these arguments (`argv` after the program, the command first)
 * starts before it knows its files: the number the command itself starts (commands/check.ts,
 * commands/report.ts). 0 for any other command, and whenever the arguments do not parse (the bundle then
 * reports the usage error) or ask for help or (`check`) standard input.
 */
export function earlyWorkerCount(argv: readonly string[], cwd: string): number {
  if (argv[0] === 'report') return earlyReportWorkerCount(argv.slice(1));
  if (argv[0] !== 'check') return 0;
  let parsed: ReturnType<typeof parseCheckArgs>;
  try {
    parsed = parseCheckArgs(argv.slice(1));
  } catch {
    return 0;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.includes(STDIN) || values['stdin-filename'] !== undefined) return 0;
  const jobs = parseJobs(values.jobs);
  if (jobs === null) return 0; // not a number of threads: a usage error, reported by the bundle
  return checkWorkerCount(cwd, positionals, jobs);
}

function earlyReportWorkerCount(args: string[]): number {
  let values: { jobs?: string; help?: boolean };
  try {
    values = parseArgs({ args, options: REPORT_OPTIONS, allowPositionals: true, strict: true }).values;
  } catch {
    return 0;
  }
  const jobs = parseJobs(values.jobs);
  return values.help || jobs === null ? 0 : reportWorkerCount(jobs);
}

/** `--jobs N`: a whole number of threads, at least 1; undefined when not given, null when not such a number. */
export function parseJobs(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : null;
}

/**
 * How many workers `check` starts before it knows its files (commands/check.ts, and the loader through
 * `earlyWorkerCount`): for arguments that may name many files (or `--jobs` above 1), every thread but this one.
 */
export function checkWorkerCount(cwd: string, positionals: readonly string[], jobs: number | undefined): number {
  const many = jobs === undefined ? mayBeMany(cwd, positionals) : jobs > 1;
  return many ? everyOtherThread(jobs) : 0;
}

/** Where the loader leaves the workers it started (`startEarlyWorkers`), for `Workers.start` to adopt. */
const EARLY_WORKERS = Symbol.for('spec-handoff.earlyWorkers');

/** Workers started by the loader, waiting at their gate (code-cache.ts `waitForGate`). */
export interface EarlyWorkers {
  workers: import('node:worker_threads').Worker[];
  /** Those that exited (failed to start) before they were adopted. */
  exited: Set<import('node:worker_threads').Worker>;
  /** The gate they wait at: one Int32, 0 closed, 1 open. */
  gate: Int32Array<SharedArrayBuffer>;
}
type EarlyWorkersGlobal = typeof globalThis & { [EARLY_WORKERS]?: EarlyWorkers };

/**
 * In the loader dist/cli.js, before the bundle runs: starts the workers a `check` with these arguments
 * will want (`earlyWorkerCount`), from `bundleDir`/cli-worker.js, and leaves them for `Workers.start`.
 * Nothing when none are wanted or the worker loader is missing; a failure to start is left to the bundle.
 */
export function startEarlyWorkers(argv: readonly string[], bundleDir: string, cwd?: string): void {
  let count: number;
  try {
    count = earlyWorkerCount(argv, cwd ?? process.cwd());
  } catch {
    return; // no current folder (removed under the shell): the bundle says so
  }
  const file = path.join(bundleDir, 'cli-worker.js');
  if (count < 1 || !fs.existsSync(file)) return;
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const early: EarlyWorkers = { workers: [], exited: new Set(), gate: new Int32Array(new SharedArrayBuffer(4)) };
  try {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(file, { workerData: { codeCacheGate: early.gate.buffer } });
      worker.on('error', () => undefined); // reported through 'exit'
      worker.on('exit', () => early.exited.add(worker));
      // Not adopted (a usage error before the files, say), it must not keep the process alive: `Workers.start`
      // refs the workers it adopts.
      worker.unref();
      early.workers.push(worker);
    }
  } catch {
    // No (more) workers: the bundle starts what it can, or checks in its own thread.
  }
  (globalThis as EarlyWorkersGlobal)[EARLY_WORKERS] = early;
}

/** The workers the loader started, once (later calls get none). */
export function takeEarlyWorkers(): EarlyWorkers | undefined {
  const global = globalThis as EarlyWorkersGlobal;
  const early = global[EARLY_WORKERS];
  global[EARLY_WORKERS] = undefined;
  return early;
}
