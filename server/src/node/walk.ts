/**
 * The one file walker: the CLI (`check` and `report` folders and globs), the
 * language server's workspace index and, through the index, Validate
 * Workspace all find files here, so they skip the same folders and stop at
 * the same limits.
 *
 * Depth first with an explicit stack (no recursion, whatever the nesting):
 * each folder's entries in name order, its files yielded as they come, its
 * subfolders after them. Symbolic links to files inside the walked tree are
 * yielded like files; links to files elsewhere are not (a repository's link
 * to ~/.ssh is not read), linked folders are never entered (no cycles, no
 * leaving the tree), and real paths are remembered so no folder is walked
 * twice. `maxEntries` bounds the
 * folder entries looked at, markdown or not; `pause` lets a server yield to
 * its event loop while a folder of many other files is gone through.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Never walked into: dependencies and version control. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

const MARKDOWN_FILE = /\.(md|markdown)$/i;

export function isMarkdownPath(file: string): boolean {
  return MARKDOWN_FILE.test(file);
}

export interface WalkOptions {
  /** A path (folder or file) left out; an excluded folder is not entered. */
  excluded?: (absolutePath: string, isFolder: boolean) => boolean;
  /** Which files are yielded (after `excluded`); default: markdown files. */
  accept?: (absolutePath: string) => boolean;
  /** Folder entries looked at (files and folders, markdown or not) before the walk stops with `truncated`. */
  maxEntries?: number;
  /** Awaited every thousand entries looked at (a server yields to its event loop here). */
  pause?: () => Promise<void>;
  /** An unreadable folder: reported here, then skipped. */
  onError?: (folder: string, error: unknown) => void;
}

/** What a walk saw; filled in as it goes. */
export interface WalkStats {
  entriesSeen: number;
  /** Set when `maxEntries` stopped the walk. */
  truncated: boolean;
}

export function newWalkStats(): WalkStats {
  return { entriesSeen: 0, truncated: false };
}

const PAUSE_EVERY = 1_000;

/** Files under `root` (absolute paths) in walk order. */
export async function* walkFiles(
  root: string,
  options: WalkOptions = {},
  stats: WalkStats = newWalkStats(),
): AsyncGenerator<string, void, undefined> {
  const accept = options.accept ?? isMarkdownPath;
  const excluded = options.excluded ?? (() => false);
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  const visited = new Set<string>();
  let realRoot: string | undefined;
  const stack = [root];
  while (stack.length) {
    const folder = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      const real = await realpath(folder);
      realRoot ??= real;
      if (visited.has(real)) continue;
      visited.add(real);
      entries = await readdir(folder);
    } catch (error) {
      options.onError?.(folder, error);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const entry of entries) {
      if (++stats.entriesSeen > maxEntries) {
        stats.truncated = true;
        return;
      }
      if (options.pause && stats.entriesSeen % PAUSE_EVERY === 0) await options.pause();
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !excluded(full, true)) subfolders.push(full);
      } else if (
        (entry.isFile() || (entry.isSymbolicLink() && (await isFileInside(full, realRoot!)))) &&
        !excluded(full, false) &&
        accept(full)
      ) {
        yield full;
      }
    }
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]);
  }
}

/*
 * The file system through its callback API: the first use of `fs.promises` loads eleven of Node's internal
 * modules (fs/promises, readline, watchers…), ~2 ms before a CLI run's first file (issue 20). Same calls
 * underneath (`realpath.native` is what `fs.promises.realpath` runs).
 */
function realpath(p: string): Promise<string> {
  return new Promise((resolve, reject) => fs.realpath.native(p, (e, real) => (e ? reject(e) : resolve(real))));
}

function readdir(folder: string): Promise<fs.Dirent[]> {
  return new Promise((resolve, reject) =>
    fs.readdir(folder, { withFileTypes: true }, (e, entries) => (e ? reject(e) : resolve(entries))),
  );
}

function stat(p: string): Promise<fs.Stats> {
  return new Promise((resolve, reject) => fs.stat(p, (e, s) => (e ? reject(e) : resolve(s))));
}

/** Whether a symbolic link leads to a regular file inside the walked tree. */
async function isFileInside(link: string, realRoot: string): Promise<boolean> {
  try {
    if (!(await stat(link)).isFile()) return false;
    const rel = path.relative(realRoot, await realpath(link));
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  } catch {
    return false;
  }
}
