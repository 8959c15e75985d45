/** Path helpers: forward-slash relative paths for output and glob matching; "is inside" checks live in node/paths.ts (the client uses them too). */
import * as path from 'node:path';

export { isInside, realPathLoose, isDirectory } from '../node/paths';

/** `to` relative to `from`, with forward slashes; `.` for the same folder. */
export function relativePath(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/') || '.';
}

