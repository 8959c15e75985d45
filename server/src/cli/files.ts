/**
 * Turning the `check` command's arguments into a list of files: files as
 * given, folders walked recursively for markdown, globs matched against
 * paths relative to the current folder (picomatch), and arguments starting
 * with `!` as negated globs that take matching files out again. Walks use the
 * shared walker (node/walk.ts: node_modules and .git skipped) and, unless
 * turned off, what `.gitignore` files ignore (node/gitignore.ts); the
 * config's `exclude` globs apply to every file, and an excluded file named
 * explicitly is reported as such. A file named explicitly is checked even
 * when git ignores it: the user asked for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { relativeFilePath, relativePath } from './paths';
import { walkFiles } from '../node/walk';
import { GitignoreFilter } from '../node/gitignore';

export interface ExpandOptions {
  cwd: string;
  /** Workspace root: `exclude` globs are relative to it. */
  root: string;
  exclude: string[];
  /** Leave out what `.gitignore` files ignore while walking folders and globs (default true). */
  gitignore?: boolean;
}

export interface ExpandResult {
  /** Absolute paths, unique, sorted by their path relative to cwd. */
  files: string[];
  /** Arguments that name nothing (missing paths, globs without a match): usage errors. */
  errors: string[];
  /** Files named explicitly but excluded by the config (relative to cwd). */
  excluded: string[];
}

export async function expandInputs(inputs: string[], options: ExpandOptions): Promise<ExpandResult> {
  const { cwd, root } = options;
  const excluded = options.exclude.length ? picomatch(options.exclude, { dot: true }) : () => false;
  const gitignore = options.gitignore === false ? undefined : new GitignoreFilter(cwd);
  const isExcluded = options.exclude.length
    ? (abs: string): boolean => excluded(relativePath(root, abs))
    : (): boolean => false;
  const walkExcluded = (abs: string, isFolder: boolean): boolean =>
    isExcluded(abs) || (gitignore?.ignores(abs, isFolder) ?? false);
  // A folder outside the repository: no .gitignore speaks about anything in it (a corpus next to the
  // repository: a path.resolve and path.relative per file saved, issue 20).
  const excludedIn = (folder: string): ((abs: string, isFolder: boolean) => boolean) =>
    gitignore?.covers(folder) ? walkExcluded : isExcluded;
  const negated = inputs.filter((i) => i.startsWith('!') && i.length > 1).map((i) => relativePattern(cwd, i.slice(1)));
  const isNegated = negated.length ? picomatch(negated, { dot: true }) : () => false;
  const positive = inputs.filter((i) => !(i.startsWith('!') && i.length > 1));
  const found = new Set<string>();
  const errors: string[] = [];
  const excludedFiles: string[] = [];

  for (const input of positive.length ? positive : ['.']) {
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
      for await (const file of walkFiles(abs, { excluded: excludedIn(abs) })) found.add(file);
    } else if (picomatch.scan(input).isGlob) {
      const scan = picomatch.scan(input.replace(/\\/g, '/'));
      const base = path.resolve(cwd, scan.base || '.');
      const matches = picomatch(relativePattern(cwd, input), { dot: false });
      const hits = new Set<string>();
      if (fs.existsSync(base))
        for await (const file of walkFiles(base, {
          excluded: excludedIn(base),
          accept: (f) => matches(relativePath(cwd, f)),
        }))
          hits.add(file);
      for (const h of hits) found.add(h);
      if (hits.size === 0) errors.push(`No files match the pattern "${input}".`);
    } else if (stat) {
      errors.push(
        `Not a file or folder: ${input} is ${stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device'}; only regular files are checked.`,
      );
    } else {
      errors.push(`${input}: not found (no such file or folder).`);
    }
  }
  // Each path made relative once (not twice per comparison of the sort), its folder's part once per folder.
  const files = [...found]
    .map((abs) => ({ abs, rel: relativeFilePath(cwd, abs) }))
    .filter((f) => !isNegated(f.rel))
    .sort((a, b) => compare(a.rel, b.rel))
    .map((f) => f.abs);
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
