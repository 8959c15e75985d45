/** Path helpers: forward-slash relative paths for output and glob matching; "is inside" checks live in node/paths.ts (the client uses them too). */
import * as path from 'node:path';
import { isInside, realPathLoose } from '../node/paths';
import { UsageError } from './io';

export { isInside, realPathLoose, isDirectory } from '../node/paths';

/** `to` relative to `from`, with forward slashes; `.` for the same folder. */
export function relativePath(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/') || '.';
}

/**
 * `relativePath(from, file)` for a normalised absolute file path (as `path.resolve` and the walker make
 * them), with the folder part remembered: a corpus's files share a few folders, and `path.relative`
 * resolves both paths on every call (it showed in profiles of `check` on 640 files).
 */
export function relativeFilePath(from: string, file: string): string {
  const dir = path.dirname(file);
  const base = path.basename(file);
  // The same path, or a folder of `from` (no file is, but the answer must still be relativePath's).
  if (!base || base === '.' || base === '..' || dir === file || from === file || from.startsWith(file + path.sep))
    return relativePath(from, file);
  const key = `${from}\0${dir}`;
  let rel = relativeFolders.get(key);
  if (rel === undefined) {
    rel = path.relative(from, dir).split(path.sep).join('/');
    if (relativeFolders.size >= 1000) relativeFolders.clear();
    relativeFolders.set(key, rel);
  }
  return rel ? `${rel}/${base}` : base;
}
const relativeFolders = new Map<string, string>();

/**
 * Refuses (usage error) a file to be written outside the current folder,
 * judged lexically and through symlinks (a symlinked folder must not lead a
 * new file elsewhere). `shown` is how the user wrote the path.
 */
export function targetInsideCwd(cwd: string, target: string, shown: string, hint?: string): void {
  if (!isInside(cwd, target) || !isInside(realPathLoose(cwd), realPathLoose(target))) {
    throw new UsageError(`Refusing to write ${shown}: it is outside the current folder.`, hint);
  }
}
