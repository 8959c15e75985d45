/**
 * Start-up timestamps (issue 20: where does "spec opened → first diagnostics"
 * go?). With the environment variable `SPEC_HANDOFF_TIMING` set (not `0`),
 * the server notes the first time each start-up event happens, in
 * milliseconds since its process started (`performance.now()`: the process's
 * time origin, so the loader and the bundle's compile are included), and
 * writes them to its log as one line after its first publish of diagnostics:
 *
 *   [spec-handoff] start-up (ms since the process started): server code running 95,
 *   initialize received 101, initialize answered 104, … first publish 212
 *
 * One line, sent after `initialize` was answered: a server may not log before.
 * Off by default: nothing is recorded.
 */
export class StartupTiming {
  private readonly marks: [string, number][] = [];
  private written = false;

  constructor(readonly enabled: boolean = isOn(process.env.SPEC_HANDOFF_TIMING)) {}

  /** Records `event` the first time it happens. */
  mark(event: string): void {
    if (!this.enabled || this.written || this.marks.some(([e]) => e === event)) return;
    this.marks.push([event, performance.now()]);
  }

  /** Records `event` and writes the line (once). */
  finish(event: string, log: (line: string) => void): void {
    if (!this.enabled || this.written) return;
    this.mark(event);
    this.written = true;
    log(
      `[spec-handoff] start-up (ms since the process started): ${this.marks.map(([e, t]) => `${e} ${t.toFixed(0)}`).join(', ')}`,
    );
  }
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0';
}
