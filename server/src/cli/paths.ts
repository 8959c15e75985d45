/** Path helpers: forward-slash relative paths for output and glob matching, and "is inside" checks. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `to` relative to `from`, with forward slashes; `.` for the same folder. */
export function relativePath(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/') || '.';
}

/** Whether `child` is `parent` or inside it (purely lexical; resolve symlinks first when it matters). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (for files not created yet). */
export function realPathLoose(p: string): string {
  const missing: string[] = [];
  let current = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(p);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
