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
 * Refuses (usage error) a file to be written outside the current folder,
 * judged lexically and through symlinks (a symlinked folder must not lead a
 * new file elsewhere). `shown` is how the user wrote the path.
 */
export function targetInsideCwd(cwd: string, target: string, shown: string, hint?: string): void {
  if (!isInside(cwd, target) || !isInside(realPathLoose(cwd), realPathLoose(target))) {
    throw new UsageError(`Refusing to write ${shown}: it is outside the current folder.`, hint);
  }
}
