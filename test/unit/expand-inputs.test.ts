/**
 * cli/files.ts `expandInputs` on folders inside and outside a repository:
 * `.gitignore` applies inside it only, and a walk outside it asks no
 * gitignore question per file (node/gitignore.ts `covers`, issue 20); the
 * files come sorted by their path relative to the current folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandInputs } from '../../server/src/cli/files';
import { relativePath } from '../../server/src/cli/paths';
import { GitignoreFilter } from '../../server/src/node/gitignore';

describe('expandInputs: folders inside and outside the repository', () => {
  let top: string;
  let repo: string;
  let outside: string;
  before(() => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-expand-')));
    repo = path.join(top, 'repo');
    outside = path.join(top, 'outside');
    const files: Record<string, string> = {
      'repo/.gitignore': 'ignored.md\nsub/skip/\n',
      'repo/a.md': '# A\n',
      'repo/ignored.md': '# Ignored\n',
      'repo/sub/b.md': '# B\n',
      'repo/sub/skip/c.md': '# C\n',
      'repo/sub-z.md': '# Z\n',
      'outside/x.md': '# X\n',
      'outside/ignored.md': '# Not ignored here\n',
      'outside/deeper/y.md': '# Y\n',
      'outside/deeper/sub/skip/w.md': '# W\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
      fs.writeFileSync(path.join(top, rel), text);
    }
    fs.mkdirSync(path.join(repo, '.git'));
  });
  after(() => fs.rmSync(top, { recursive: true, force: true }));

  it('covers: the repository and its folders, not a folder beside or above it', () => {
    const filter = new GitignoreFilter(repo);
    assert.equal(filter.covers(repo), true);
    assert.equal(filter.covers(path.join(repo, 'sub')), true);
    assert.equal(filter.covers(path.join(repo, 'sub', '..', 'sub')), true);
    assert.equal(filter.covers(outside), false);
    assert.equal(filter.covers(top), false);
    assert.equal(filter.covers(path.join(repo, '..', 'outside')), false);
  });

  it('gitignore applies inside the repository only, asked for no file outside it; sorted by relative path', async () => {
    const asked: string[] = [];
    const ignores = GitignoreFilter.prototype.ignores;
    GitignoreFilter.prototype.ignores = function (this: GitignoreFilter, abs: string, isFolder?: boolean) {
      asked.push(abs);
      return ignores.call(this, abs, isFolder);
    };
    try {
      const { files, errors } = await expandInputs(['.', '../outside'], { cwd: repo, root: repo, exclude: [] });
      assert.deepEqual(errors, []);
      const rel = files.map((f) => relativePath(repo, f));
      assert.deepEqual(rel, [
        '../outside/deeper/sub/skip/w.md',
        '../outside/deeper/y.md',
        '../outside/ignored.md',
        '../outside/x.md',
        'a.md',
        'sub-z.md',
        'sub/b.md',
      ]);
      assert.ok(
        asked.some((a) => a.startsWith(repo + path.sep)),
        'asked inside the repository',
      );
      assert.deepEqual(
        asked.filter((a) => !a.startsWith(repo + path.sep)),
        [],
        'nothing outside it',
      );
      // A glob whose base is outside: the same answer, and no question either.
      asked.length = 0;
      const globbed = await expandInputs(['../outside/**/*.md'], { cwd: repo, root: repo, exclude: [] });
      assert.deepEqual(
        globbed.files.map((f) => relativePath(repo, f)),
        rel.filter((r) => r.startsWith('../')),
      );
      assert.deepEqual(asked, []);
      // The config's `exclude` still applies outside the repository.
      const excluded = await expandInputs(['../outside'], { cwd: repo, root: repo, exclude: ['../outside/deeper/**'] });
      assert.deepEqual(
        excluded.files.map((f) => relativePath(repo, f)),
        ['../outside/ignored.md', '../outside/x.md'],
      );
    } finally {
      GitignoreFilter.prototype.ignores = ignores;
    }
  });
});
