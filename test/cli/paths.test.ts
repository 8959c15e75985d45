/**
 * `relativeFilePath` remembers folders (issue 20: `path.relative` on every
 * file showed in profiles of `check`); it must answer exactly as
 * `relativePath` does, for files above, below and beside the base folder.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { relativeFilePath, relativePath } from '../../server/src/cli/paths';
import { prng } from '../../scripts/prng.cjs';

describe('cli: relative paths of files', () => {
  it('match relativePath for generated absolute paths, asked twice (remembered)', () => {
    const random = prng(20261201);
    const names = ['a', 'b', 'docs', 'x y', 'ä', '.hidden', 'a.md', '0001-rfc.md'];
    const absolute = (): string => {
      const parts: string[] = [];
      for (let n = Math.floor(random() * 5); n > 0; n--) parts.push(names[Math.floor(random() * names.length)]);
      return path.resolve('/', ...parts);
    };
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const from = absolute();
      const file = path.resolve(absolute(), names[Math.floor(random() * names.length)]);
      for (const round of [1, 2]) {
        assert.equal(relativeFilePath(from, file), relativePath(from, file), `round ${round}: ${file} from ${from}`);
        checked++;
      }
    }
    assert.equal(checked, 6000);
    assert.equal(relativeFilePath('/work/repo', '/work/repo/a.md'), 'a.md');
    assert.equal(relativeFilePath('/work/repo', '/work/shared/corpus/x.md'), '../shared/corpus/x.md');
    assert.equal(relativeFilePath('/work/repo/docs', '/work/repo/docs'), '.');
    assert.equal(relativeFilePath('/', '/'), '.');
  });
});
