/**
 * "Is this path inside that folder?" on disk: lexically, and through symlinks
 * (a symlinked folder must not lead a new file outside the workspace). Used by
 * the CLI (new, handoff, --fix) and by the client's commands.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** Whether `p` exists and is a folder. */
export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
