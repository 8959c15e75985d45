/**
 * `relativeFilePath` remembers folders (issue 20: `path.relative` on every
 * file showed in profiles of `check`); it must answer exactly as
 * `relativePath` does, for files above, below and beside the base folder.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { relativeFilePath, relativePath } from '../../server/src/cli/paths';
import { decode } from '../../server/src/cli/check-file';
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

describe('cli: decoding files with one shared decoder', () => {
  it('decodes each file on its own: a bad or cut-off file before does not change the next', () => {
    const good = Buffer.from('# Héllo wörld 😀\n\nText.\n', 'utf8');
    const expected = good.toString('utf8');
    for (const bad of [
      Buffer.from([0x61, 0xff, 0x62]), // a byte that is never UTF-8
      Buffer.from([0x61, 0xe2, 0x82]), // a sequence cut off at the end
      Buffer.from([0xf0, 0x9f]), // the start of an emoji only
    ]) {
      const first = decode(bad);
      assert.ok(first.readOnly, 'read-only: not valid UTF-8');
      assert.equal(first.text, bad.toString('utf8'));
      const next = decode(good);
      assert.equal(next.text, expected);
      assert.equal(next.readOnly, undefined);
    }
    // The continuation bytes of the cut-off emoji alone are not completed by the earlier call.
    assert.ok(decode(Buffer.from([0x98, 0x80])).readOnly);
    assert.equal(decode(Buffer.from('\ufeffx', 'utf8')).text, '\ufeffx', 'the BOM is kept for the caller to strip');
  });
});
