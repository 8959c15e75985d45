/**
 * The one file walker (server/src/node/walk.ts) that the CLI, the workspace
 * index and Validate Workspace share: order, skipped folders, exclusions,
 * symlinks, the entry cap and the pause hook.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newWalkStats, walkFiles, type WalkOptions } from '../../server/src/node/walk';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-walk-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

async function walked(root: string, options: WalkOptions = {}, stats = newWalkStats()): Promise<string[]> {
  const out: string[] = [];
  for await (const file of walkFiles(root, options, stats))
    out.push(path.relative(root, file).split(path.sep).join('/'));
  return out;
}

describe('node/walk: the shared file walker', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });
  const make = (files: Record<string, string>) => {
    const r = tree(files);
    roots.push(r);
    return r;
  };

  it("yields markdown files depth first, each folder's files in name order before its subfolders; skips node_modules and .git", async () => {
    const root = make({
      'b.md': '',
      'a.markdown': '',
      'z/c.md': '',
      'c/d.MD': '',
      'c/x.txt': '',
      'node_modules/p/e.md': '',
      '.git/f.md': '',
      'deep/er/g.md': '',
    });
    assert.deepEqual(await walked(root), ['a.markdown', 'b.md', 'c/d.MD', 'deep/er/g.md', 'z/c.md']);
  });

  it('exclusions keep a folder from being entered and a file from being yielded; accept chooses other files', async () => {
    const root = make({ 'a.md': '', 'drafts/b.md': '', 'keep/c.md': '', 'keep/d.txt': '' });
    const entered: string[] = [];
    const excluded = (p: string) => {
      entered.push(path.relative(root, p));
      return p.endsWith('drafts') || p.endsWith('a.md');
    };
    assert.deepEqual(await walked(root, { excluded }), ['keep/c.md']);
    assert.ok(
      !entered.some((p) => p.startsWith(`drafts${path.sep}`)),
      'nothing inside an excluded folder is looked at',
    );
    assert.deepEqual(await walked(root, { accept: (p) => p.endsWith('.txt') }), ['keep/d.txt']);
  });

  it('a link to a file is yielded; linked folders (and loops) are never entered', async () => {
    const root = make({ 'docs/a.md': '' });
    const outside = make({ 'secret.md': '' });
    fs.symlinkSync(path.join(root, 'docs', 'a.md'), path.join(root, 'link.md'));
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(root, path.join(root, 'docs', 'loop'));
    fs.symlinkSync(path.join(root, 'nowhere.md'), path.join(root, 'dangling.md'));
    assert.deepEqual(await walked(root), ['link.md', 'docs/a.md']);
  });

  it('stops after maxEntries folder entries (markdown or not) and says so; pauses every thousand entries', async () => {
    const files: Record<string, string> = { 'a.md': '' };
    for (let i = 0; i < 2_500; i++) files[`b/f${String(i).padStart(4, '0')}.txt`] = '';
    files['c/z.md'] = '';
    const root = make(files);
    let pauses = 0;
    const all = newWalkStats();
    assert.deepEqual(await walked(root, { pause: async () => void pauses++ }, all), ['a.md', 'c/z.md']);
    assert.equal(all.truncated, false);
    assert.equal(all.entriesSeen, 2_504);
    assert.equal(pauses, 2);
    const capped = newWalkStats();
    assert.deepEqual(await walked(root, { maxEntries: 100 }, capped), ['a.md']);
    assert.equal(capped.truncated, true);
  });

  it('an unreadable folder is reported and skipped', async () => {
    const errors: string[] = [];
    assert.deepEqual(
      await walked(path.join(os.tmpdir(), 'spec-handoff-no-such-folder'), { onError: (f) => errors.push(f) }),
      [],
    );
    assert.equal(errors.length, 1);
  });
});
