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
import { createHash, randomBytes } from 'node:crypto';
import { isInside } from './paths';

export class FixWriteError extends Error {}

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
  try {
    fs.accessSync(real, fs.constants.W_OK);
  } catch (error) {
    throw new FixWriteError(`not written: the file is not writable (${code(error)})`);
  }
  const current = fs.readFileSync(real);
  if (sha256(current) !== originalSha256) throw new FixWriteError('not written: the file changed on disk while it was being checked');
  writeAtomic(real, data, stat);
}

export function writeAtomic(file: string, data: Buffer, stat?: fs.Stats): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', stat ? stat.mode & 0o777 : 0o666);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (stat) {
      try {
        fs.chownSync(temp, stat.uid, stat.gid); // keep the owner when run with the rights to do so
      } catch {
        /* not permitted: the file keeps our owner, as any editor would leave it */
      }
    }
    fs.renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw new FixWriteError(`not written: ${code(error)}`);
  }
}

/**
 * Writes the whole text to a temporary file next to the target, then links
 * it into place: `link` fails with EEXIST when the name exists, so nothing is
 * ever overwritten, and readers never see a half-written file. Where hard
 * links are not supported, an exclusive create (`wx`) is the fallback.
 */
export function writeExclusive(target: string, text: string): void {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  fs.writeFileSync(temp, text, { flag: 'wx' });
  try {
    fs.linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw error;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    fs.writeFileSync(target, text, { flag: 'wx' });
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function code(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}${e.message ? ` (${e.message.replace(/^[A-Z]+: /, '')})` : ''}` : String(e.message ?? error);
}
