/**
 * The CLI's workspace host answers "inside the workspace?" and "does it
 * exist?" for every relative link with folders' real paths remembered for the
 * run (node/paths.ts `DiskPaths`). Its answers must be those of the plain
 * reading it replaces: `realPathLoose` (a realpath per path) and
 * `fs.existsSync`, through symbolic links to files and folders, inside and
 * outside, dangling ones, missing files and missing folders.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { DiskPaths, isInside, realPathLoose } from '../../server/src/node/paths';
import { workspaceHost } from '../../server/src/node/workspace';

/** A workspace with links in and out of it. */
function makeTree(): { top: string; ws: string } {
  const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'disk-paths-')));
  const ws = path.join(top, 'ws');
  fs.mkdirSync(path.join(ws, 'sub', 'deep'), { recursive: true });
  fs.mkdirSync(path.join(top, 'outside'));
  fs.writeFileSync(path.join(ws, 'a.md'), 'a');
  fs.writeFileSync(path.join(ws, 'sub', 'b.md'), 'b');
  fs.writeFileSync(path.join(top, 'outside', 'c.md'), 'c');
  fs.symlinkSync(path.join(top, 'outside'), path.join(ws, 'out-dir'));
  fs.symlinkSync(path.join(top, 'outside', 'c.md'), path.join(ws, 'out-file'));
  fs.symlinkSync(path.join(ws, 'sub'), path.join(ws, 'in-dir'));
  fs.symlinkSync('a.md', path.join(ws, 'in-file'));
  fs.symlinkSync(path.join(top, 'nothing'), path.join(ws, 'dangling'));
  return { top, ws };
}

const NAMES = [
  'a.md',
  'sub',
  'deep',
  'b.md',
  'c.md',
  'out-dir',
  'out-file',
  'in-dir',
  'in-file',
  'dangling',
  'missing',
  '..',
  '.',
];

describe('DiskPaths: real paths and existence with folders remembered (issue 20, round seven)', () => {
  let tree: { top: string; ws: string };
  before(() => {
    tree = makeTree();
  });
  after(() => fs.rmSync(tree.top, { recursive: true, force: true }));

  it('equal realPathLoose and fs.existsSync for generated paths, with a long memo and with one forgotten every two folders', () => {
    const remembering = new DiskPaths();
    const forgetful = new DiskPaths(2);
    const relative = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(relative, fc.boolean(), (names, trailingSlash) => {
        const p = path.join(tree.ws, ...names) + (trailingSlash ? '/' : '');
        const expected = { real: realPathLoose(p), exists: fs.existsSync(p) };
        assert.deepEqual(remembering.entry(p), expected, p);
        assert.deepEqual(forgetful.entry(p), expected, p);
      }),
      { numRuns: 1500, seed: 2026120107 },
    );
  });

  it('the file system root and a relative path', () => {
    const disk = new DiskPaths();
    assert.deepEqual(disk.entry(path.parse(tree.ws).root), { real: path.parse(tree.ws).root, exists: true });
    assert.deepEqual(disk.entry('no-such-file.md'), {
      real: realPathLoose('no-such-file.md'),
      exists: false,
    });
  });

  it("workspaceHost's contains and exists answer as realPathLoose and existsSync do, links out of the workspace outside", () => {
    const host = workspaceHost([tree.ws]);
    const realRoot = realPathLoose(tree.ws);
    for (const a of NAMES)
      for (const b of [...NAMES, undefined]) {
        const p = b === undefined ? path.join(tree.ws, a) : path.join(tree.ws, a, b);
        const inside = isInside(realRoot, realPathLoose(p));
        assert.equal(host.contains?.(p), inside, p);
        assert.equal(host.exists(p), inside && fs.existsSync(p), p);
      }
    assert.equal(host.contains?.(path.join(tree.ws, 'out-file')), false);
    assert.equal(host.contains?.(path.join(tree.ws, 'out-dir', 'c.md')), false);
    assert.equal(host.exists(path.join(tree.ws, 'in-file')), true);
    assert.equal(host.exists(path.join(tree.ws, 'in-dir', 'b.md')), true);
    assert.equal(host.exists(path.join(tree.ws, 'dangling')), false);
    assert.equal(host.exists(path.join(tree.ws, 'missing', 'x.md')), false);
  });
});
