/**
 * The CLI's view of its process: where output goes, the current folder and
 * whether colours are wanted. Commands receive it instead of touching
 * `process` so they stay easy to read and to drive in-process.
 */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Colours on stdout / stderr: only on a TTY and when NO_COLOR is unset or empty. */
  colorOut: boolean;
  colorErr: boolean;
}

export function processIo(): CliIo {
  const noColor = Boolean(process.env.NO_COLOR);
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    colorOut: !noColor && process.stdout.isTTY === true,
    colorErr: !noColor && process.stderr.isTTY === true,
  };
}

/** Exit codes: the CLI's contract with CI. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage or configuration error: printed to stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}
