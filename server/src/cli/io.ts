/**
 * The CLI's view of its process: where output goes, the current folder and
 * whether colours are wanted. Commands receive it instead of touching
 * `process` so they stay easy to read and to drive in-process.
 */
import * as fs from 'node:fs';
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Colours on stdout / stderr (see `wantsColor`). */
  colorOut: boolean;
  colorErr: boolean;
  /** Standard input, read whole (`check -`); absent when the caller has none to give. */
  readStdin?: () => Promise<Buffer>;
}

/**
 * Whether a stream gets colours, as other command-line tools decide it:
 * `--color`/`--no-color` first, then FORCE_COLOR (set and not "0" forces
 * them, "0" turns them off), then NO_COLOR (set and not empty turns them off),
 * else only on a terminal.
 */
export function wantsColor(isTTY: boolean, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY;
}

export function processIo(): CliIo {
  const directOut = writesDirectly(1);
  const directErr = writesDirectly(2);
  return {
    cwd: process.cwd(),
    env: process.env,
    out: descriptorWriter(
      1,
      () => process.stdout,
      (error) => exitOnWriteError(error, 1),
      fs.writeSync,
      () => directOut,
    ),
    err: descriptorWriter(
      2,
      () => process.stderr,
      (error) => exitOnWriteError(error, 2),
      fs.writeSync,
      () => directErr,
    ),
    colorOut: wantsColor(!directOut && isTerminal(1), process.env),
    colorErr: wantsColor(!directErr && isTerminal(2), process.env),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/**
 * A reader that stops early (`spec-handoff check | head`) is not an error worth a stack trace: the process
 * ends quietly with the exit code it had.
 */
function exitOnBrokenPipe(): never {
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
}

/**
 * Output that cannot be written ends the run, never with a stack trace: a closed pipe (`EPIPE`) quietly
 * (`exitOnBrokenPipe`); any other failure (a full disk, `ENOSPC`; an I/O error) with one line on stderr, when
 * stderr is not what failed, and exit code 2: the output is incomplete.
 */
export function exitOnWriteError(error: NodeJS.ErrnoException, fd: number): never {
  if (error.code === 'EPIPE') exitOnBrokenPipe();
  if (fd !== 2) {
    try {
      fs.writeSync(2, `spec-handoff: cannot write the output (${error.code ?? error.message}); it is incomplete.\n`);
    } catch {
      // stderr cannot be written either: the exit code says it.
    }
  }
  process.exit(EXIT_USAGE);
}

/**
 * Whether a descriptor of this process can be written with `fs.writeSync` instead of through
 * `process.stdout` / `process.stderr`, whose first use loads node:stream, node:net and their kin (about
 * 3 ms of a one-file `check`, issue 20): a regular file, a pipe, a socket or `/dev/null`. Node itself
 * writes files synchronously, and pipes and sockets synchronously on Linux; elsewhere a blocking write
 * waits for the reader where the stream would have queued the text and waited before exiting: the order
 * and completeness of the output are what they were. Terminals (and everything on Windows) keep the
 * stream: a terminal may be non-blocking, and knowing one needs node:tty anyway.
 */
export function writesDirectly(fd: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() || stat.isFIFO() || stat.isSocket()) return true;
    return stat.isCharacterDevice() && stat.rdev === fs.statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/** Whether a descriptor is a terminal (colours); asked only of those not written directly (node:tty loads node:net). */
function isTerminal(fd: number): boolean {
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

/**
 * Output to descriptor `fd` of this process: written directly (`writesDirectly`), else through `stream()`.
 * A descriptor that is non-blocking after all (shared with a parent that made it so) answers `EAGAIN`:
 * what is left of the text, and everything after it, then goes through the stream, which waits for the
 * reader, in order. Any other failure (a closed pipe, `EPIPE`; a full disk) goes to `onWriteError`, as the
 * stream's errors do (cli.ts).
 */
export function descriptorWriter(
  fd: number,
  stream: () => NodeJS.WritableStream,
  onWriteError: (error: NodeJS.ErrnoException) => void,
  writeSync: (fd: number, buffer: Uint8Array, offset: number) => number = fs.writeSync,
  direct: () => boolean = () => writesDirectly(fd),
): (text: string) => void {
  let writeDirectly: boolean | undefined;
  let chunk: Buffer | undefined;
  return (text) => {
    writeDirectly ??= direct();
    if (!writeDirectly) {
      stream().write(text);
      return;
    }
    chunk ??= Buffer.allocUnsafe(DIRECT_WRITE_CHARS * 3); // UTF-8 takes at most 3 bytes per UTF-16 code unit
    for (let at = 0; at < text.length; ) {
      let end = Math.min(text.length, at + DIRECT_WRITE_CHARS);
      // Never between the halves of a surrogate pair: each half alone would be written as U+FFFD.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      const bytes = chunk.subarray(0, chunk.write(text.slice(at, end)));
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN') return void onWriteError(error as NodeJS.ErrnoException);
        writeDirectly = false;
        // A copy: the stream may still hold it when the chunk buffer is filled again.
        stream().write(Buffer.from(bytes.subarray(done)));
        if (end < text.length) stream().write(text.slice(end));
        return;
      }
      at = end;
    }
  };
}

/**
 * Characters encoded per direct write, into one buffer the writer keeps. Encoding a whole report at once (2 MB of
 * JSON for the RFC corpus) into a fresh buffer took 12–13 ms, in chunks 7 ms: the fresh pages cost more than the
 * encoding on the project's VMs (a first touch of a page ~11 µs), and a reused 48 KB buffer is touched once.
 */
export const DIRECT_WRITE_CHARS = 16_384;

/** The io with `--color` / `--no-color` applied to both streams (they win over the environment). */
export function withColorFlags(io: CliIo, values: { color?: boolean; 'no-color'?: boolean }): CliIo {
  if (values.color && values['no-color']) throw new UsageError('Give either --color or --no-color, not both.');
  const flag = values.color ? true : values['no-color'] ? false : undefined;
  return flag === undefined ? io : { ...io, colorOut: flag, colorErr: flag };
}

/** Exit codes: the CLI's contract with CI. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage or configuration error: printed to stderr, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A file system error in words a user reads ("not found", "permission denied"), not an errno code. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENAMETOOLONG':
      return 'the file name is too long';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
