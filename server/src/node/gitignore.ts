/**
 * `.gitignore` files as git reads them, for walks: each folder's
 * `.gitignore` applies to the paths below it (patterns relative to that
 * folder), from the repository root (the nearest folder holding `.git`, else
 * the walk's start) down. Pattern semantics come from the `ignore` package,
 * which implements gitignore's rules (negation, anchoring, `**`, trailing
 * slash for folders). Files are read once per folder and cached.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export class GitignoreFilter {
  private readonly byFolder = new Map<string, Ignore | undefined>();
  private readonly top: string;

  /** `start`: where walks begin; rules are read from the repository root above it (or from `start` when not in a repository). */
  constructor(start: string) {
    this.top = repositoryRoot(start) ?? path.resolve(start);
  }

  /**
   * Whether any path under `folder` (absolute) may be ignored: false when the folder is outside the
   * repository (lexically, as `ignores` judges), so a walk there can skip asking for each file.
   */
  covers(folder: string): boolean {
    const rel = path.relative(this.top, path.resolve(folder));
    return !(rel.startsWith('..') || path.isAbsolute(rel));
  }

  /** Whether git would ignore `absolutePath` (a folder when `isFolder`). Paths outside the repository are never ignored. */
  ignores(absolutePath: string, isFolder = false): boolean {
    const full = path.resolve(absolutePath);
    const rel = path.relative(this.top, full);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const parts = rel.split(path.sep);
    // A path is ignored when an ancestor folder is, or when the nearest rules that speak about it say so.
    for (let depth = 1; depth <= parts.length; depth++) {
      const folderIsTarget = depth === parts.length;
      const target = parts.slice(0, depth);
      let ignored = false;
      for (let k = 0; k < depth; k++) {
        const rules = this.rulesIn(path.join(this.top, ...target.slice(0, k)));
        if (!rules) continue;
        const relToRules = target.slice(k).join('/') + (!folderIsTarget || isFolder ? '/' : '');
        const verdict = rules.test(relToRules);
        if (verdict.ignored) ignored = true;
        else if (verdict.unignored) ignored = false;
      }
      if (ignored) return true;
    }
    return false;
  }

  private rulesIn(folder: string): Ignore | undefined {
    if (this.byFolder.has(folder)) return this.byFolder.get(folder);
    let rules: Ignore | undefined;
    try {
      rules = ignore().add(fs.readFileSync(path.join(folder, '.gitignore'), 'utf8'));
    } catch {
      rules = undefined; // no .gitignore here
    }
    this.byFolder.set(folder, rules);
    return rules;
  }
}

/** The nearest folder at or above `start` that holds a `.git` entry. */
function repositoryRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
