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

/**
 * `realPathLoose` and "does it exist" for the many paths of one run (a CLI batch, one agent tool call): each
 * folder's real path is looked up once and remembered (at most `limit` folders, then forgotten all at once), so
 * a path costs one `lstat` instead of a `realpath` (an `lstat` per component) and a `stat`. A path that is a
 * symbolic link is resolved in full, as before. Folders changed during the run (a folder replaced by a symbolic
 * link, a missing folder created) are not seen: make one per run, never one for a long-lived process.
 */
export class DiskPaths {
  private readonly folders = new Map<string, string>();
  constructor(private readonly limit = 4096) {}

  /** The real path of `p` (as `realPathLoose` gives it) and whether it exists (as `fs.existsSync` says). */
  entry(p: string): { real: string; exists: boolean } {
    const full = path.resolve(p);
    const folder = path.dirname(full);
    // Paths that are not already absolute and normal (a trailing "/" asks for a folder), and the root: read plainly.
    if (full !== p || folder === full) return { real: realPathLoose(p), exists: fs.existsSync(p) };
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(full, { throwIfNoEntry: false });
    } catch {
      stat = undefined; // not a folder on the way, no permission…: it cannot be reached either
    }
    if (stat?.isSymbolicLink()) return { real: realPathLoose(p), exists: fs.existsSync(p) };
    // Not a link: its real path is its folder's and its own name, whether it exists or not (see realPathLoose).
    return { real: path.join(this.realFolder(folder), path.basename(full)), exists: stat !== undefined };
  }

  private realFolder(folder: string): string {
    let real = this.folders.get(folder);
    if (real === undefined) {
      if (this.folders.size >= this.limit) this.folders.clear();
      real = realPathLoose(folder);
      this.folders.set(folder, real);
    }
    return real;
  }
}
