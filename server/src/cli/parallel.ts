/**
 * Checking many files at once. A handful are checked in this thread; from
 * PARALLEL_MIN_FILES on, worker threads (dist/cli-worker.js, see worker.ts)
 * share the work. Each worker builds its language service once from the
 * kinds and configuration this thread already loaded (plain data, sent with
 * the setup message: the same schemas by construction, and no YAML parsing
 * or schema validation again in every worker), then reads and analyses the
 * files it is sent — each file is read once, by the thread that analyses it,
 * so no text crosses threads on the way in and the reading is parallel too.
 * A worker returns the plain-data `FileCheck`.
 *
 * This thread analyses files too (it is warm already, and a worker costs a
 * new V8 isolate and the bundle before its first file), so N threads are this
 * one plus N-1 workers. Files go to whoever is free next, in path order, so
 * the next file to print is always being worked on; results are handed out in
 * path order as soon as they and all before them are done. Workers get their
 * setup before the inputs are walked and their first files right behind it;
 * at the end this thread takes back the files a worker has not started yet
 * (one shared Int32 per file says who took it: `claim`, `Pool.steal`).
 *
 * How many threads by default: every core, with V8's optimising compiler
 * held back while they run (tiering.ts). A single thread analysing the RFC
 * corpus kept about half of a second core busy with TurboFan's compiles; on a
 * 2-core machine a second analysing thread only competed with them (0.92 s
 * with a worker against 0.76 s alone), without TurboFan the two threads took
 * 0.60 s against 0.89 s for one thread with it (CONTRIBUTING "Performance").
 * A batch larger than HOLD_MAX_BYTES keeps TurboFan (a long run wants
 * optimised code) and leaves it a core: the cores but one. `--jobs N` chooses
 * otherwise; a batch in one thread holds TurboFan back as well.
 *
 * Without the worker bundle (the tests run the sources through tsx) or with
 * `--jobs 1`, everything runs here. A worker that dies has its files checked
 * here instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { DocumentKind, LanguageService, Severity, SpecHandoffConfig } from '../service';
import { checkFile, type CheckFileOptions, type FileCheck } from './check-file';
import { type EarlyWorkers, holdsTurbofan, PARALLEL_MIN_FILES, plannedThreads, takeEarlyWorkers } from './threads';
import { TurbofanHold, userChoseTiering } from './tiering';

/** node/code-cache.ts `BATCH_RUN`, by its registered name (the loader is not part of this bundle). */
const BATCH_RUN = Symbol.for('spec-handoff.batchRun');
type BatchRunGlobal = typeof globalThis & { [BATCH_RUN]?: boolean };

/** Files sent to a worker ahead, so it never waits for this thread (4 left a worker idle 55-114 ms of a corpus run). */
const AHEAD_PER_WORKER = 8;
/**
 * At most this many files ahead when topping a worker up by bytes (below): this thread hands out work only
 * between its own files, so before it starts one it gives each worker at least twice as many bytes as that file.
 */
const MAX_AHEAD_PER_WORKER = 64;

/** What a worker needs to build the same language service as this thread (its `workerData`). */
export interface WorkerSetup {
  /** The loaded kinds (registry order): plain data. */
  kinds: readonly DocumentKind[];
  config: SpecHandoffConfig;
  options: CheckFileOptions;
  /** `--report-unused-disable`: the severity of unused suppression reports. */
  reportUnusedDisable?: Severity;
}

/** The setup for workers that check like `service` does. */
export function workerSetup(service: LanguageService, options: CheckFileOptions): WorkerSetup {
  return {
    kinds: service.registry.kinds,
    config: service.config,
    options,
    reportUnusedDisable: service.reportUnusedDisable,
  };
}

export type ToWorker =
  | { type: 'setup'; setup: WorkerSetup }
  /**
   * `claims` (with a worker's first file): one Int32 per file of the batch, shared. Whoever checks a file
   * first turns its 0 into 1 (`claim`); a worker skips a file the main thread claimed back (`Pool.steal`).
   */
  | { type: 'check'; index: number; file: string; claims?: SharedArrayBuffer }
  /**
   * The batch is done: the worker exits by itself, so its loader (dist/cli-worker.js) writes the worker's code
   * cache on the way out when it had none (`terminate()` would stop it before). Sent while TurboFan is still
   * held back (tiering.ts), which ends once the workers have exited: V8 keys a code cache on its flags, and the
   * worker read its cache under the hold too (`Workers.open`).
   */
  | { type: 'finish' };

/** Takes file `index` of the batch for the calling thread: false when another thread took it already. */
export function claim(claims: Int32Array | undefined, index: number): boolean {
  return !claims || Atomics.compareExchange(claims, index, 0, 1) === 0;
}
export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; index: number; check: FileCheck }
  /** The check threw: an internal error, reported like one in this thread. */
  | { type: 'failed'; index: number; message: string; stack: string | undefined }
  /** The worker could not set up (e.g. the schemas could not be loaded): its files are checked here. */
  | { type: 'fatal'; message: string };

export interface CheckFilesOptions {
  /** Threads that analyse files, this one included: 1 = this thread only; undefined = from the number of files and cores. */
  jobs?: number;
  /** Called once per file, in the order of `files`, as soon as that file and every file before it are done. */
  onCheck?: (check: FileCheck, index: number) => void;
  /** Workers started early (`Workers.start`), while this thread was still loading; taken over or stopped. */
  workers?: Workers;
}

/** The worker bundle next to the running bundle (dist/cli-worker.js), if it was built. */
export function workerBundle(): string | undefined {
  const file = path.join(__dirname, 'cli-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

/** Each file's size (stat only; a file that cannot be read counts nothing here, its check reports it). */
function fileSizes(files: readonly string[]): number[] {
  return files.map((file) => fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0);
}

/**
 * node:worker_threads, loaded when a worker starts: a one-file check starts none,
 * and loading it (with node:stream) cost about 4 ms of every start (issue 20).
 */
function workerThreads(): typeof import('node:worker_threads') {
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

/**
 * Worker threads started before the files are known: a worker needs about
 * as long to start (a new V8 isolate, the bundle) as this thread needs to
 * load the configuration and schemas, so both happen at once. They get their
 * setup when the work is handed out, or are stopped if it is too little.
 */
export class Workers {
  readonly started: Worker[] = [];
  private readonly exited = new Set<Worker>();
  /**
   * The gate each worker's loader waits at before it compiles its bundle (code-cache.ts `waitForGate`): one
   * Int32, 0 closed, 1 open. V8 accepts a code cache only under the V8 flags it was written with, and a worker
   * writes its cache while TurboFan is held back (it is told to finish before the hold ends), so it must read
   * it under the hold too: the gate opens once this thread has decided on the hold (`open`).
   */
  private readonly gate: Int32Array<SharedArrayBuffer>;
  /** TurboFan held back by `open`, until `checkFiles` takes it over (`takeHold`) or `stop` ends it. */
  private hold: TurbofanHold | undefined;

  private constructor(gate = new Int32Array(new SharedArrayBuffer(4))) {
    this.gate = gate;
  }

  /**
   * Sends the setup to every started worker now, before the files are known (the walk): a worker builds its
   * language service while this thread walks the inputs, instead of after (issue 20). The pool sends it
   * again only to a worker that did not get this very setup. The configuration is loaded by then (its
   * packages compiled without the hold), so the gate opens here, with TurboFan held back.
   */
  setup(setup: WorkerSetup): void {
    this.open(true);
    for (const worker of this.started) {
      worker.postMessage({ type: 'setup', setup } satisfies ToWorker);
      setupSent.set(worker, setup);
    }
  }

  /**
   * Opens the gate (once): with TurboFan held back first when `holdTurbofan` (and the user chose no tiering),
   * so the workers read their code caches under the flags they wrote them with (the common case: a batch
   * held back, see `checkFiles`).
   */
  open(holdTurbofan: boolean): void {
    if (Atomics.load(this.gate, 0) === 1) return;
    if (holdTurbofan && this.started.length && !userChoseTiering()) this.hold = new TurbofanHold();
    Atomics.store(this.gate, 0, 1);
    Atomics.notify(this.gate, 0);
  }

  /**
   * Starts `count` workers, waiting at their gate until `open`; none when the bundle is missing. Workers the
   * loader started already (threads.ts `startEarlyWorkers`) are taken first, with their gate; any it started
   * beyond `count` are stopped.
   */
  static start(count: number, bundle = workerBundle(), early: EarlyWorkers | undefined = takeEarlyWorkers()): Workers {
    const workers = new Workers(early?.gate);
    if (early) {
      for (const worker of early.workers) {
        if (workers.started.length >= count) void worker.terminate();
        else if (!early.exited.has(worker)) {
          worker.ref(); // started unref'd (threads.ts): from now on the pool decides when it ends
          worker.on('exit', () => workers.exited.add(worker));
          workers.started.push(worker);
        }
      }
    }
    if (!bundle) return workers;
    while (workers.started.length < count) {
      try {
        const worker = new (workerThreads().Worker)(bundle, { workerData: { codeCacheGate: workers.gate.buffer } });
        worker.on('error', () => undefined); // reported through 'exit'; the pool checks its files here instead
        worker.on('exit', () => workers.exited.add(worker));
        workers.started.push(worker);
      } catch {
        break; // no (more) workers: this thread does the work
      }
    }
    return workers;
  }

  /** Takes up to `count` live workers and stops the rest (the gate opened, if it was not). */
  take(count: number): Worker[] {
    this.open(true);
    const taken = this.started.filter((w) => !this.exited.has(w)).slice(0, count);
    this.started.splice(0, this.started.length, ...this.started.filter((w) => !taken.includes(w)));
    for (const worker of this.started.splice(0)) void worker.terminate();
    return taken;
  }

  /** The hold begun by `open` (once; then it is the caller's to end). */
  takeHold(): TurbofanHold | undefined {
    const hold = this.hold;
    this.hold = undefined;
    return hold;
  }

  /** Stops the workers not taken, and ends a hold not taken. */
  stop(): void {
    for (const worker of this.started.splice(0)) void worker.terminate();
    this.takeHold()?.end();
  }
}

/** The setup each worker was sent already (`Workers.setup`). */
const setupSent = new WeakMap<Worker, WorkerSetup>();

/** Checks `files` (absolute paths), resolving to their checks in the same order. */
export async function checkFiles(
  service: LanguageService,
  files: string[],
  setup: WorkerSetup,
  options: CheckFilesOptions = {},
): Promise<FileCheck[]> {
  const checks: FileCheck[] = [];
  await checkEach(service, files, setup, {
    ...options,
    onCheck: (check, index) => {
      checks.push(check);
      options.onCheck?.(check, index);
    },
  });
  return checks;
}

/**
 * Checks `files` (absolute paths) and hands each check to `options.onCheck`, in the order of `files`, keeping
 * none of them: what a caller that prints as it goes needs, with memory that does not grow with the number
 * of files. (Holding every result of the RFC corpus until the end promoted about 6 MB to V8's old space,
 * page by fresh page: issue 20.) Resolves once every file was handed over.
 */
export function checkEach(
  service: LanguageService,
  files: string[],
  setup: WorkerSetup,
  options: CheckFilesOptions & Required<Pick<CheckFilesOptions, 'onCheck'>>,
): Promise<void> {
  const { onCheck } = options;
  // Sizes matter only to a batch: its threads and its hold (a few ms of stat for the RFC corpus).
  const sizes = files.length >= PARALLEL_MIN_FILES ? fileSizes(files) : undefined;
  const bytes = sizes ? sizes.reduce((sum, size) => sum + size, 0) : 0;
  const threads = plannedThreads(files.length, options.jobs, bytes);
  // A batch that is not huge: TurboFan held back until it ends (tiering.ts), in one thread or several; with
  // workers from before they read their code caches (`Workers.open`).
  const holdWanted = holdsTurbofan(files.length, bytes);
  const workers = threads > 1 ? (options.workers?.take(threads - 1) ?? []) : [];
  let hold = options.workers?.takeHold();
  options.workers?.stop();
  if (!holdWanted) {
    hold?.end();
    hold = undefined;
  }
  if (threads > 1 && workers.length < threads - 1) {
    const late = Workers.start(threads - 1 - workers.length);
    if (holdWanted) hold ??= new TurbofanHold();
    late.open(false);
    workers.push(...late.take(Infinity));
  }
  if (!workers.length) {
    if (holdWanted) hold ??= new TurbofanHold();
    try {
      for (let index = 0; index < files.length; index++)
        onCheck(checkFile(service, files[index], setup.options), index);
      return Promise.resolve();
    } finally {
      hold?.end();
    }
  }
  // Tells the loader (node/code-cache.ts BATCH_RUN) that this run's code cache is a batch run's.
  (globalThis as BatchRunGlobal)[BATCH_RUN] = true;
  const pool = new Pool(service, files, setup, workers, onCheck, sizes);
  const done = pool.run();
  // The workers are let go once the batch is done, and TurboFan given back once they have exited (each writes
  // its code cache under the hold, as it read it); the caller does not wait for either.
  const release = (): void => void pool.release().then(() => hold?.end());
  done.then(release, release);
  return done;
}

/** How long a worker told to finish may take to write its code cache and exit before it is stopped. */
const FINISH_GRACE_MS = 2000;

interface Slot {
  worker: Worker;
  dead: boolean;
  inFlight: Set<number>;
  /** Whether the claims buffer went with a file already. */
  claimsSent: boolean;
  /** The bytes of the files in flight (by their sizes when known). */
  bytes: number;
}

class Pool {
  /** Checks done but not handed over yet (a file before them is not done): each is let go once handed over. */
  private readonly checks: (FileCheck | undefined)[];
  private readonly slots: Slot[] = [];
  /** Files of dead workers, checked in this thread. */
  private readonly orphans: number[] = [];
  private next = 0;
  private emitted = 0;
  private finished = false;
  private stepScheduled = false;
  /** Whether a worker may still have a file waiting that this thread could take back (`steal`). */
  private stealable = true;
  /** Who took each file (see `claim`), shared with the workers. */
  private readonly claims: Int32Array<SharedArrayBuffer>;
  private resolve!: () => void;
  private reject!: (error: unknown) => void;

  constructor(
    private readonly service: LanguageService,
    private readonly files: string[],
    private readonly setup: WorkerSetup,
    private readonly workers: Worker[],
    private readonly onCheck: (check: FileCheck, index: number) => void,
    /** Each file's size, when they were measured: workers are topped up by bytes (see `feed`). */
    private readonly sizes: readonly number[] | undefined = undefined,
  ) {
    this.checks = new Array<FileCheck | undefined>(files.length);
    this.claims = new Int32Array(new SharedArrayBuffer(4 * files.length));
  }

  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      for (const worker of this.workers) this.adopt(worker);
      this.schedule();
    });
  }

  /**
   * Takes a worker into the pool and sends it its first files at once, right behind the setup: a worker
   * handles its messages in order, so they wait for its service, and it does not wait for this thread to
   * answer its 'ready' (this thread is then checking a file of its own: 10-25 ms of a worker's start,
   * issue 20). A worker whose setup fails says 'fatal' and its files are checked here.
   */
  private adopt(worker: Worker): void {
    const slot: Slot = { worker, dead: false, inFlight: new Set(), bytes: 0, claimsSent: false };
    this.slots.push(slot);
    worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    worker.on('error', () => this.lose(slot));
    worker.on('exit', () => this.lose(slot));
    if (setupSent.get(worker) !== this.setup)
      worker.postMessage({ type: 'setup', setup: this.setup } satisfies ToWorker);
    this.feed(slot);
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (this.finished) return;
    switch (message.type) {
      case 'ready': // its first files were sent with the setup (`adopt`)
        this.feed(slot);
        break;
      case 'result':
        // A file not in flight there was taken back (`steal`) by a worker that does not claim: checked here.
        if (!slot.inFlight.delete(message.index)) break;
        slot.bytes -= this.sizes?.[message.index] ?? 0;
        this.done(message.index, message.check);
        this.feed(slot);
        break;
      case 'failed': {
        const error = new Error(message.message);
        if (message.stack) error.stack = message.stack;
        this.fail(error);
        break;
      }
      case 'fatal':
        this.lose(slot);
        break;
    }
  }

  /**
   * Sends the worker the next files, keeping a few ahead, and at least `minBytes` of them (up to
   * MAX_AHEAD_PER_WORKER files): this thread answers workers only between its own files, and with four small
   * files ahead a worker ran dry while this thread read a large one (55-114 ms of a worker's 0.5-1.3 s
   * on the RFC corpus, issue 20).
   */
  private feed(slot: Slot, minBytes = 0): void {
    while (
      !this.finished &&
      !slot.dead &&
      this.next < this.files.length &&
      (slot.inFlight.size < AHEAD_PER_WORKER || (slot.bytes < minBytes && slot.inFlight.size < MAX_AHEAD_PER_WORKER))
    ) {
      const index = this.next++;
      slot.inFlight.add(index);
      slot.bytes += this.sizes?.[index] ?? 0;
      const claims = slot.claimsSent ? undefined : this.claims.buffer;
      slot.claimsSent = true;
      slot.worker.postMessage({ type: 'check', index, file: this.files[index], claims } satisfies ToWorker);
    }
  }

  /**
   * With no file left to hand out, this thread takes back the file a worker would check last (the last one
   * sent to it, among the worker with most files waiting) if the worker has not started it, instead of
   * waiting for it: a worker keeps up to AHEAD_PER_WORKER files and more bytes ahead, and this thread used
   * to sit idle 20-40 ms at the end of a corpus run while a worker worked through them (issue 20). A
   * worker that has started its last file has started all the others: nothing of it is left to take. A
   * worker's oldest file is left to it (it is working on it, or will next): a worker still starting keeps
   * one file, so each worker that was started checks something.
   */
  private steal(): number | undefined {
    const busiest = this.slots
      .filter((s) => !s.dead && s.inFlight.size > 1)
      .sort((a, b) => b.inFlight.size - a.inFlight.size);
    for (const slot of busiest) {
      const last = Math.max(...slot.inFlight);
      if (!claim(this.claims, last)) continue;
      slot.inFlight.delete(last);
      slot.bytes -= this.sizes?.[last] ?? 0;
      return last;
    }
    this.stealable = false;
    return undefined;
  }

  /** A worker died or could not start: its files are checked here. */
  private lose(slot: Slot): void {
    if (slot.dead) return;
    slot.dead = true;
    this.orphans.push(...slot.inFlight);
    slot.inFlight.clear();
    slot.bytes = 0;
    void slot.worker.terminate();
    if (!this.finished) this.schedule();
  }

  /** This thread checks one file per turn of the event loop, so workers' messages are handled in between. */
  private schedule(): void {
    if (this.stepScheduled || this.finished) return;
    if (!this.orphans.length && this.next >= this.files.length && !this.stealable) return;
    this.stepScheduled = true;
    setImmediate(() => this.step());
  }

  private step(): void {
    this.stepScheduled = false;
    if (this.finished) return;
    const index = this.orphans.length
      ? this.orphans.shift()
      : this.next < this.files.length
        ? this.next++
        : this.steal();
    if (index === undefined) return;
    claim(this.claims, index); // marked as taken (a dead worker's file may be marked already: checked here all the same)
    // While this thread reads this file, each worker has at least twice as many bytes to read (twice: this
    // thread learns that a worker finished a file only between its own files, so its count runs behind).
    const size = this.sizes?.[index];
    if (size) for (const slot of this.slots) this.feed(slot, 2 * size);
    let check: FileCheck;
    try {
      check = checkFile(this.service, this.files[index], this.setup.options);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.done(index, check);
    this.schedule();
  }

  private done(index: number, check: FileCheck): void {
    this.checks[index] = check;
    while (this.emitted < this.files.length) {
      const ready = this.checks[this.emitted];
      if (!ready) break;
      this.checks[this.emitted] = undefined;
      try {
        this.onCheck(ready, this.emitted);
      } catch (error) {
        this.fail(error);
        return;
      }
      this.emitted++;
    }
    if (this.emitted === this.files.length) this.finish();
  }

  /** All files are checked: `checkFiles` then lets the workers go (`release`) and gives TurboFan back after. */
  private finish(): void {
    this.finished = true;
    this.resolve();
  }

  /**
   * Tells each live worker to finish (see the 'finish' message): it exits by itself, writing its code cache
   * first when it has none yet. A worker that has not exited after FINISH_GRACE_MS is stopped. Resolves when
   * they have all exited.
   */
  release(): Promise<void> {
    const exits: Promise<unknown>[] = [];
    for (const slot of this.slots) {
      if (slot.dead) continue;
      slot.dead = true;
      const { worker } = slot;
      exits.push(new Promise((resolve) => worker.once('exit', resolve)));
      worker.postMessage({ type: 'finish' } satisfies ToWorker);
      setTimeout(() => void worker.terminate(), FINISH_GRACE_MS).unref();
    }
    return Promise.all(exits).then(() => undefined);
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.stop();
    this.reject(error);
  }

  private stop(): void {
    for (const slot of this.slots) {
      slot.dead = true;
      void slot.worker.terminate();
    }
  }
}
