/**
 * V8's optimising compiler (TurboFan) held back while a batch of files is
 * checked, in worker threads or in one thread (issue 20, corpus throughput).
 *
 * TurboFan compiles hot functions on background threads, once per isolate
 * (the main thread and every worker compile their own). On the RFC corpus
 * (640 files, 9 MB) one thread spent about 0.5 s of a second core on those
 * compiles for no gain in wall time (`node --no-opt` took as long), and with a
 * worker the two isolates' compiles competed with both analysing threads:
 * `--jobs 2` was slower than one thread on 2 cores. With TurboFan off (V8's
 * baseline compiler, Sparkplug, stays on) the worker gets the second core.
 * Long runs do want optimised code: with 8 copies of the corpus (74 MB) two
 * threads without TurboFan were slower than one with it, at 4 copies (37 MB)
 * still faster. So it is held back for a batch (16 files or more, threads.ts
 * `holdsTurbofan`) of at most `HOLD_MAX_BYTES`, for the whole batch: giving it
 * back in the middle of a run (after a time budget) cost more CPU than either.
 * One thread gains too (round nine): the corpus with `--jobs 1` took 1273 →
 * 1137 ms, CPU 1950 → 1160 ms, and three copies of it (28 MB) 1840 → 1727 ms,
 * CPU 3000 → 1830 ms; a machine with one core runs every batch this way.
 *
 * The flag is process-wide (worker threads share it), and V8 keys its code
 * cache on the flags. The main thread compiles its bundle before any hold and
 * writes its cache at exit (node/code-cache.ts), after the hold has ended; a
 * cache written with TurboFan off would be rejected, and rewritten, by every
 * later start. A worker thread is the other way round: it waits to read its
 * cache until the hold has begun (parallel.ts `Workers.open`) and writes it
 * before the hold ends (it exits when told to finish, and the hold ends once
 * the workers have exited). A batch over HOLD_MAX_BYTES ends the hold its
 * workers started under, so their cache is rewritten by such runs: long runs,
 * where the compile it saves matters least.
 *
 * Left alone when the user chose a tiering flag (`--no-opt`, `--turbofan`,
 * `--maglev`…) on the command line or in NODE_OPTIONS, or when
 * `SPEC_HANDOFF_TURBOFAN=on` asks for V8's default tiering.
 *
 * The same hold keeps every thread's young generation at the size it has
 * (`--semi-space-growth-factor=1`; V8 reads the factor whenever it would grow
 * the new space, so it applies to the running isolates too). In a corpus run
 * V8 sees a survival rate high enough to grow each new space towards 16 MB
 * per semi-space (it kept every result until the end then; since round
 * fourteen it keeps none, and the pin still measured 355 against 393 ms with
 * V8's own growth, 12 alternating runs): fresh pages, and on the
 * project's 2-core VMs a first touch of a page (a minor page fault) costs
 * about 11 µs — 18,000 of them were about a fifth of a corpus run's CPU. Kept
 * at the size it has when the batch starts (1–2 MB per semi-space), the new
 * space reuses the pages it has: the RFC corpus went from ~17,800 to ~14,500
 * faults and 664 → 635 ms (CONTRIBUTING, round nine). Left alone when the user
 * set a young-generation flag.
 *
 * And it has each young-generation collection done by the thread that needs
 * it (`--no-parallel-scavenge`, also read by V8 at every collection). By
 * default V8 shares a scavenge with helper threads of its own; while every
 * core is analysing, the helpers only take turns with the analysing threads
 * and hand back the work: the corpus on two threads 641 → 611 ms with the
 * same CPU time (round ten; `--single-threaded-gc` on the command line, which
 * a running process cannot set, measured the same). Left alone when the user
 * chose how V8's collector uses threads.
 */

/** Batches up to this many bytes run without TurboFan (threads.ts `holdsTurbofan`). */
export const HOLD_MAX_BYTES = 32 * 1024 * 1024;

/** Flags that choose V8's tiering: when the user set one, we keep theirs. */
const TIERING_FLAG = /^--(?:no-)?(?:opt|turbofan|maglev|sparkplug|always-sparkplug|jitless)(?:=|$)/;

/** Whether the process's flags or environment already decide the tiering (then it is not changed). */
export function userChoseTiering(
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (/^(on|1|true|yes)$/i.test(env.SPEC_HANDOFF_TURBOFAN?.trim() ?? '')) return true;
  return hasNodeFlag(TIERING_FLAG, execArgv, env);
}

/** Whether a flag matching `flag` is on the command line or in NODE_OPTIONS (`_` read as `-`, as V8 does). */
function hasNodeFlag(flag: RegExp, execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const options = (env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  return [...execArgv, ...options].some((a) => flag.test(a.replace(/_/g, '-')));
}

/** Flags that size V8's young generation: when the user set one, its growth is left to them. */
const YOUNG_GENERATION_FLAG = /^--(?:max-semi-space-size|min-semi-space-size|semi-space-growth-factor)(?:=|$)/;

/** Whether the process's flags already size the young generation (then the hold leaves its growth alone). */
export function userChoseYoungGeneration(
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return hasNodeFlag(YOUNG_GENERATION_FLAG, execArgv, env);
}

/** V8's own growth factor of the new space (v8 11.3, Node 20; restored when the hold ends). */
export const DEFAULT_SEMI_SPACE_GROWTH_FACTOR = 2;

/** Flags that choose whether V8's collector uses helper threads: when the user set one, we keep theirs. */
const GC_THREADS_FLAG = /^--(?:no-)?(?:parallel-scavenge|single-threaded-gc|single-threaded|predictable)(?:=|$)/;

/** Whether the process's flags already decide the collector's threads (then the hold leaves them alone). */
export function userChoseGcThreads(
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return hasNodeFlag(GC_THREADS_FLAG, execArgv, env);
}

/**
 * node:v8, loaded only when a batch holds TurboFan back: it loads node:stream with it (for heap snapshots),
 * about 3 ms of a one-file `check`, which never needs it (issue 20).
 */
function setV8Flags(flags: string): void {
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
}

/**
 * TurboFan off, the young generation kept at its size (unless `keepYoungGeneration`) and scavenges in the thread
 * that needs them (unless `keepGcThreads`), from construction until `end()` (idempotent). `end()` sets back
 * exactly what was changed, to V8's defaults: V8 keys code caches on the flags, and the main thread writes its
 * cache after the hold.
 */
export class TurbofanHold {
  private active = true;

  constructor(
    private readonly setFlags: (flags: string) => void = setV8Flags,
    private readonly keepYoungGeneration: boolean = userChoseYoungGeneration(),
    private readonly keepGcThreads: boolean = userChoseGcThreads(),
  ) {
    this.setFlags(this.flags('--no-turbofan', '--semi-space-growth-factor=1', '--no-parallel-scavenge'));
  }

  end(): void {
    if (!this.active) return;
    this.active = false;
    this.setFlags(
      this.flags('--turbofan', `--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`, '--parallel-scavenge'),
    );
  }

  private flags(tiering: string, youngGeneration: string, gcThreads: string): string {
    return [tiering, this.keepYoungGeneration ? '' : youngGeneration, this.keepGcThreads ? '' : gcThreads]
      .filter(Boolean)
      .join(' ');
  }
}
