/**
 * Turning the `check` command's arguments into a list of files: files as
 * given, folders walked recursively for markdown, globs matched against
 * paths relative to the current folder. node_modules and .git are skipped
 * while walking and globbing; the config's `exclude` globs apply to every
 * file, and an excluded file named explicitly is reported as such.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { isInside, relativePath } from './paths';

export const MARKDOWN_EXTENSIONS = ['.md', '.markdown'];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export interface ExpandOptions {
  cwd: string;
  /** Workspace root: `exclude` globs are relative to it. */
  root: string;
  exclude: string[];
}

export interface ExpandResult {
  /** Absolute paths, unique, sorted by their path relative to cwd. */
  files: string[];
  /** Arguments that name nothing (missing paths, globs without a match): usage errors. */
  errors: string[];
  /** Files named explicitly but excluded by the config (relative to cwd). */
  excluded: string[];
}

export function isMarkdown(file: string): boolean {
  const lower = file.toLowerCase();
  return MARKDOWN_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function expandInputs(inputs: string[], options: ExpandOptions): ExpandResult {
  const { cwd, root } = options;
  const excluded = options.exclude.length ? picomatch(options.exclude, { dot: true }) : () => false;
  const isExcluded = (abs: string): boolean => excluded(relativePath(root, abs));
  const found = new Set<string>();
  const errors: string[] = [];
  const excludedFiles: string[] = [];

  for (const input of inputs.length ? inputs : ['.']) {
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      if (isExcluded(abs)) excludedFiles.push(relativePath(cwd, abs));
      else found.add(abs);
    } else if (stat?.isDirectory()) {
      walk(abs, (file) => isMarkdown(file) && !isExcluded(file), isExcluded, found);
    } else if (picomatch.scan(input).isGlob) {
      const scan = picomatch.scan(input.replace(/\\/g, '/'));
      const base = path.resolve(cwd, scan.base || '.');
      const matches = picomatch(relativePattern(cwd, input), { dot: false });
      const hits = new Set<string>();
      if (fs.existsSync(base)) walk(base, (file) => matches(relativePath(cwd, file)) && !isExcluded(file), isExcluded, hits);
      for (const h of hits) found.add(h);
      if (hits.size === 0) errors.push(`No files match the pattern "${input}".`);
    } else if (stat) {
      errors.push(`Not a file or folder: ${input} is ${stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device'}; only regular files are checked.`);
    } else {
      errors.push(`No such file or folder: ${input}`);
    }
  }
  const files = [...found].sort((a, b) => compare(relativePath(cwd, a), relativePath(cwd, b)));
  return { files, errors, excluded: excludedFiles };
}

/** A glob as written, normalised to match paths relative to cwd (`./x/*.md` → `x/*.md`, absolute → relative). */
function relativePattern(cwd: string, glob: string): string {
  let g = glob.replace(/\\/g, '/');
  if (path.isAbsolute(g)) {
    const scan = picomatch.scan(g);
    g = `${relativePath(cwd, scan.base || '/')}/${scan.glob}`;
  }
  while (g.startsWith('./')) g = g.slice(2);
  return g;
}

function walk(dir: string, accept: (file: string) => boolean, skipFolder: (dir: string) => boolean, into: Set<string>, root = dir): void {
  let realRoot: string | undefined;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folders are skipped; there is nothing to report for files we cannot see
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Linked files inside the tree are checked; linked folders are not followed, nor links to
      // files elsewhere (no cycles, no escaping the tree: a repository's link to ~/.ssh is not read).
      try {
        isFile = fs.statSync(full).isFile() && isInside(realRoot ??= fs.realpathSync(root), fs.realpathSync(full));
      } catch {
        isFile = false;
      }
      isDir = false;
    }
    if (isDir) {
      if (SKIPPED_FOLDERS.has(entry.name) || skipFolder(full)) continue;
      walk(full, accept, skipFolder, into, root);
    } else if (isFile && accept(full)) {
      into.add(full);
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
