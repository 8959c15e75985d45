/**
 * V8's optimising compiler (TurboFan) held back while worker threads share a
 * batch of files (issue 20, corpus throughput).
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
 * still faster. So it is held back only when more than one thread analyses a
 * batch of at most `HOLD_MAX_BYTES`, for the whole batch: giving it back in
 * the middle of a run (after a time budget) cost more CPU than either.
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
 */

/** Batches up to this many bytes run without TurboFan when they run in more than one thread. */
export const HOLD_MAX_BYTES = 32 * 1024 * 1024;

/** Flags that choose V8's tiering: when the user set one, we keep theirs. */
const TIERING_FLAG = /^--(?:no-)?(?:opt|turbofan|maglev|sparkplug|always-sparkplug|jitless)(?:=|$)/;

/** Whether the process's flags or environment already decide the tiering (then it is not changed). */
export function userChoseTiering(
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (/^(on|1|true|yes)$/i.test(env.SPEC_HANDOFF_TURBOFAN?.trim() ?? '')) return true;
  const options = (env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  return [...execArgv, ...options].some((a) => TIERING_FLAG.test(a.replace(/_/g, '-')));
}

/**
 * node:v8, loaded only when a batch holds TurboFan back: it loads node:stream with it (for heap snapshots),
 * about 3 ms of a one-file `check`, which never needs it (issue 20).
 */
function setV8Flags(flags: string): void {
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
}

/** TurboFan off from construction until `end()` (idempotent). */
export class TurbofanHold {
  private active = true;

  constructor(private readonly setFlags: (flags: string) => void = setV8Flags) {
    this.setFlags('--no-turbofan');
  }

  end(): void {
    if (!this.active) return;
    this.active = false;
    this.setFlags('--turbofan');
  }
}
