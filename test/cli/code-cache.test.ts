/**
 * dist/cli.js is a loader that runs dist/cli-main.js through a V8 code cache
 * (server/src/node/code-cache.ts). The CLI must answer byte for byte the same
 * with no cache, with a cache written by the first run, and when reading it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cli, ensureBuilt, tempDir } from './helpers';

describe('CLI start-up through the code cache', () => {
  before(ensureBuilt);

  it('the first run writes the cache, the next run reads it (not rewritten), and every output is identical', () => {
    const cacheDir = path.join(tempDir(), 'cache');
    const fixtures = path.join(ROOT, 'test', 'fixtures');
    const runs = [
      ['check', path.join(fixtures, 'complete.spec.md')],
      ['check', '--format', 'json', path.join(fixtures, 'rules')],
      ['schemas'],
    ];
    for (const args of runs) {
      const off = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: 'off' } });
      fs.rmSync(cacheDir, { recursive: true, force: true });
      const first = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: cacheDir } });
      const files = fs.readdirSync(cacheDir);
      assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
      assert.match(files[0], /^cli-main-.*\.bin$/);
      const written = fs.statSync(path.join(cacheDir, files[0]));
      const second = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: cacheDir } });
      const after = fs.statSync(path.join(cacheDir, files[0]));
      assert.equal(after.mtimeMs, written.mtimeMs, 'a used cache is not written again');
      assert.equal(after.ino, written.ino, 'a used cache is not replaced');
      for (const r of [first, second]) {
        assert.equal(r.code, off.code, args.join(' '));
        assert.equal(r.stdout, off.stdout, args.join(' '));
        assert.equal(r.stderr, off.stderr, args.join(' '));
      }
      assert.ok(off.stdout.length > 0);
    }
  });

  it('an unwritable cache folder changes nothing', () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const args = ['check', path.join(ROOT, 'test', 'fixtures', 'complete.spec.md')];
    const off = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: 'off' } });
    const r = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: file } });
    assert.deepEqual([r.code, r.stdout, r.stderr], [off.code, off.stdout, off.stderr]);
    assert.equal(fs.readFileSync(file, 'utf8'), 'x');
  });
});
