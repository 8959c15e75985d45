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
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    colorOut: wantsColor(process.stdout.isTTY === true, process.env),
    colorErr: wantsColor(process.stderr.isTTY === true, process.env),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

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
