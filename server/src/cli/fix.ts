/**
 * Writing fixed files safely: only inside the workspace root, never over a
 * read-only file or one that changed since it was read, and atomically (a
 * temporary file in the same folder, then a rename), so a crash or a full
 * disk leaves either the old file or the new one, never half of each.
 * New files (`new`, `handoff`) are written the same way and never replace
 * an existing one (`writeExclusive`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Crypto from 'node:crypto';
import { isInside } from './paths';

export class FixWriteError extends Error {}

/** node:crypto, loaded when a file is fixed: loading it costs a plain `check` about 10 ms of start-up (issue 20). */
function crypto(): typeof Crypto {
  return require('node:crypto') as typeof Crypto;
}

/**
 * Replaces `file` with `data` if it is safe. `originalSha256` is the hash of
 * what was read (the file must still hold exactly that). Throws
 * `FixWriteError` with a sentence for the user otherwise.
 */
export function writeFixedFile(file: string, root: string, originalSha256: string, data: Buffer): void {
  let real: string;
  let realRoot: string;
  try {
    real = fs.realpathSync(file);
    realRoot = fs.realpathSync(root);
  } catch (error) {
    throw new FixWriteError(`cannot resolve the file: ${code(error)}`);
  }
  if (!isInside(realRoot, real)) throw new FixWriteError(`not written: the file is outside the workspace root ${root}`);
  const stat = fs.statSync(real);
  // A rename would replace even a read-only file (and root may write anything),
  // so the permission bits are checked explicitly: no write bit means "do not touch".
  if ((stat.mode & 0o222) === 0) throw new FixWriteError('not written: the file is read-only');
  // Replacing the file by a new one (the atomic rename) would split hard links: the other
  // names would keep the old text. Writing in place would lose atomicity, so such files are refused.
  if (stat.nlink > 1)
    throw new FixWriteError(
      `not written: the file has ${stat.nlink} hard links, and --fix writes a new file in its place, which would leave the other names with the old text; fix it in the editor, or remove the other links first`,
    );
  try {
    fs.accessSync(real, fs.constants.W_OK);
  } catch (error) {
    throw new FixWriteError(`not written: the file is not writable (${code(error)})`);
  }
  const current = fs.readFileSync(real);
  if (sha256(current) !== originalSha256) throw new FixWriteError(CHANGED);
  writeAtomic(real, data, stat, originalSha256);
}

const CHANGED = 'not written: the file changed on disk while it was being checked';

/**
 * Test seams for the window between the last check and the rename: each hook
 * runs (when set) at that point with the target path. Unset in normal runs.
 */
export const fixWriteHooks: { afterTempWritten?: (file: string) => void; beforeRename?: (file: string) => void } = {};

/**
 * Writes `data` to a temporary file next to `file` and renames it over `file`.
 * With `stat` the new file keeps the old one's mode (set explicitly, so the
 * umask cannot trim it; after the owner, since chown clears set-id bits) and,
 * when permitted, its owner. With `expectedSha256`, `file` must still hold
 * exactly those bytes (and the inode, size and modification time of `stat`)
 * once the temporary file is complete, immediately before the rename; and an
 * edit that reached the old file after that check (it is held open) puts the
 * edited text back and fails, so an edit saved while --fix writes is never lost.
 */
export function writeAtomic(file: string, data: Buffer, stat?: fs.Stats, expectedSha256?: string): void {
  const dir = path.dirname(file);
  // Short, so that a long file name does not make the temporary name too long (ENAMETOOLONG).
  const temp = path.join(dir, `.spec-handoff-${process.pid}-${crypto().randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let held: number | undefined;
  let renamed = false;
  try {
    fd = fs.openSync(temp, 'wx', stat ? stat.mode & 0o777 : 0o666);
    fs.writeFileSync(fd, data);
    if (stat) {
      try {
        fs.fchownSync(fd, stat.uid, stat.gid); // keep the owner when run with the rights to do so
      } catch {
        /* not permitted: the file keeps our owner, as any editor would leave it */
      }
      fs.fchmodSync(fd, stat.mode & 0o7777);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fixWriteHooks.afterTempWritten?.(file);
    let before: fs.Stats | undefined;
    if (expectedSha256 !== undefined && stat) {
      held = fs.openSync(file, 'r');
      before = fs.fstatSync(held);
      const now = fs.readFileSync(held);
      if (!sameFile(before, stat) || sha256(now) !== expectedSha256) throw new FixWriteError(CHANGED);
      if (!sameFile(fs.statSync(file), before)) throw new FixWriteError(CHANGED);
    }
    fixWriteHooks.beforeRename?.(file);
    fs.renameSync(temp, file);
    renamed = true;
    if (held !== undefined && before) {
      const after = fs.fstatSync(held);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
        // Someone wrote to the file between the check and the rename: that text is in the old
        // inode, which we still hold. Put it back in place of the fixed text and say so.
        const edited = readAll(held);
        writeAtomic(file, edited, stat);
        throw new FixWriteError(
          'not written: the file changed on disk while the fixes were being written; the changed text was kept and no fix was applied',
        );
      }
    }
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    if (!renamed) removeQuietly(temp);
    if (error instanceof FixWriteError) throw error;
    throw new FixWriteError(`not written: ${code(error)}`);
  } finally {
    if (held !== undefined) closeQuietly(held);
  }
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function readAll(fd: number): Buffer {
  const size = fs.fstatSync(fd).size;
  const out = Buffer.alloc(size);
  let done = 0;
  while (done < size) {
    const n = fs.readSync(fd, out, done, size - done, done);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    /* already closed */
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    /* nothing more to do: the error that got us here is the one to report */
  }
}

/**
 * Writes the whole text to a temporary file next to the target, then links
 * it into place: `link` fails with EEXIST when the name exists, so nothing is
 * ever overwritten, and readers never see a half-written file. Where hard
 * links are not supported, an exclusive create (`wx`) is the fallback.
 */
export function writeExclusive(target: string, text: string): void {
  const temp = path.join(
    path.dirname(target),
    `.spec-handoff-${process.pid}-${crypto().randomBytes(6).toString('hex')}.tmp`,
  );
  fs.writeFileSync(temp, text, { flag: 'wx' });
  try {
    fs.linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw error;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS')
      throw error;
    fs.writeFileSync(target, text, { flag: 'wx' });
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export function sha256(bytes: Buffer): string {
  return crypto().createHash('sha256').update(bytes).digest('hex');
}

function code(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code
    ? `${e.code}${e.message ? ` (${e.message.replace(/^[A-Z]+: /, '')})` : ''}`
    : String(e.message ?? error);
}
