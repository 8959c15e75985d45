/**
 * `check` on worker threads must say exactly what it says in one thread:
 * the hidden `--jobs N` forces N threads (this one and N-1 workers from
 * dist/cli-worker.js) or, with 1, none. Outputs are compared byte for byte,
 * on the RFC corpus when it is there and always on a fixture folder.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { cli, cliJson, ensureBuilt, read, tempDir, writeFiles, CLI, ROOT, type RunResult } from './helpers';
import { SPEC_OK, SPEC_BAD, README, NOTE_SCHEMA } from './fixtures';
import {
  holdsTurbofan,
  optimiserRunsWhileHeld,
  PARALLEL_MIN_FILES,
  plannedThreads,
} from '../../server/src/cli/threads';
import {
  DEFAULT_SEMI_SPACE_GROWTH_FACTOR,
  HOLD_MAX_BYTES,
  TurbofanHold,
  userChoseGcThreads,
  userChoseTiering,
  userChoseYoungGeneration,
} from '../../server/src/cli/tiering';
import { checkEach, checkFiles, workerSetup, Workers } from '../../server/src/cli/parallel';
import type { CheckFileOptions, FileCheck } from '../../server/src/cli/check-file';
import { expandInputs } from '../../server/src/cli/files';
import { loadWorkspace, workspaceHost } from '../../server/src/node/workspace';

const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'rust-rfcs');
const RFC_SCHEMA = path.join(ROOT, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml');

/** A handoff that traces to ../bad.spec.md (a cross-document read while checking). */
const HANDOFF = `---
type: handoff
title: Export
spec: ../bad.spec.md
---
# Handoff: Export

## What was built

The export endpoint.
`;

/** 38 files of every sort: specs good and bad, BOM, CRLF, binary, unmatched, custom kind, handoff, nested folders. */
function fixtureFolder(): string {
  const dir = tempDir();
  const files: Record<string, string | Buffer> = {
    '.spec-handoff.yaml': 'schemas:\n  - schemas/note.yaml\nexclude:\n  - "drafts/**"\n',
    'schemas/note.yaml': NOTE_SCHEMA,
    'README.md': README,
    'bad.spec.md': SPEC_BAD,
    'bom.spec.md': '\ufeff' + SPEC_BAD,
    'crlf.spec.md': SPEC_OK.replace(/\n/g, '\r\n'),
    'blob.spec.md': Buffer.from([0x23, 0x20, 0x41, 0x00, 0x01, 0x0a]),
    'links.spec.md': SPEC_OK.replace(
      'Invoices live in the billing database',
      'Invoices live in [the database](./missing.md) and [here](./bad.spec.md)',
    ),
    'handoffs/export.handoff.md': HANDOFF,
    'drafts/x.spec.md': SPEC_BAD,
    'other.markdown': SPEC_BAD,
  };
  for (let i = 0; i < 12; i++) {
    files[`specs/s${String(i).padStart(2, '0')}.spec.md`] = i % 3 === 0 ? SPEC_OK : SPEC_BAD.replace('TBD', `TBD ${i}`);
    files[`notes/deep/n${i}.md`] = `# Note ${i}\n\n## ${i % 2 ? 'Context' : 'Details'}\n\nSomething about ${i}.\n`;
  }
  for (let i = 0; i < 6; i++) files[`docs/readme-${i}.md`] = `# Readme ${i}\n\nTODO\n`;
  writeFiles(dir, files);
  return dir;
}

function same(a: RunResult, b: RunResult, what: string): void {
  assert.equal(b.code, a.code, `${what}: exit code`);
  assert.equal(b.stdout, a.stdout, `${what}: stdout`);
  assert.equal(b.stderr, a.stderr, `${what}: stderr`);
}

/**
 * `files` of the built CLI copied to a folder of their own (so the code caches are this copy's), and a run of
 * `check --format json --jobs N` on a fixture folder with a code-cache folder of its own.
 */
function cliWithOwnCache(
  files: string[],
  jobs: number,
): { bin: string; cache: string; dir: string; run: () => RunResult } {
  const bin = tempDir();
  for (const f of files) fs.copyFileSync(path.join(path.dirname(CLI), f), path.join(bin, f));
  const cache = tempDir();
  const dir = fixtureFolder();
  const run = (): RunResult => {
    const r = spawnSync(
      process.execPath,
      [path.join(bin, 'cli.js'), 'check', '--format', 'json', '--jobs', `${jobs}`],
      {
        cwd: dir,
        env: {
          ...process.env,
          NO_COLOR: '1',
          SPEC_HANDOFF_SCHEMAS_DIR: path.join(ROOT, 'schemas'),
          SPEC_HANDOFF_CODE_CACHE: cache,
        },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { bin, cache, dir, run };
}

describe('cli: check on worker threads (--jobs)', function () {
  this.timeout(180_000);
  before(ensureBuilt);

  it('has the worker bundle next to the CLI bundle', () => {
    assert.ok(
      fs.existsSync(path.join(path.dirname(CLI), 'cli-worker.js')),
      'scripts/build.mjs builds dist/cli-worker.js',
    );
  });

  it('gives the same JSON, SARIF and text with 1, 2 and 4 threads on a fixture folder', () => {
    const dir = fixtureFolder();
    for (const format of ['json', 'sarif', 'text']) {
      const one = cli(['check', '--format', format, '--jobs', '1'], { cwd: dir });
      assert.equal(one.code, 1, one.stderr);
      if (format === 'json') assert.ok((JSON.parse(one.stdout) as { files: unknown[] }).files.length >= 38);
      for (const jobs of ['2', '4'])
        same(one, cli(['check', '--format', format, '--jobs', jobs], { cwd: dir }), `${format} --jobs ${jobs}`);
    }
    same(
      cli(['check', '-q', '--jobs', '1'], { cwd: dir }),
      cli(['check', '-q', '--jobs', '3'], { cwd: dir }),
      '--quiet',
    );
    // Without --jobs the CLI picks for itself; the output is the same whatever it picks.
    same(
      cli(['check', '--format', 'json', '--jobs', '1'], { cwd: dir }),
      cli(['check', '--format', 'json'], { cwd: dir }),
      'default',
    );
  });

  it('gives the same JSON with 1 and 2 threads on the RFC corpus', function () {
    if (!fs.existsSync(CORPUS) || !fs.existsSync(RFC_SCHEMA)) this.skip(); // the corpus lives in ../shared next to the repo
    const args = [
      'check',
      '--schema',
      'schemas/presets/rust-rfc/rust-rfc.yaml',
      '--format',
      'json',
      path.relative(ROOT, CORPUS),
    ];
    const one = cli([...args, '--jobs', '1'], { cwd: ROOT });
    assert.ok(one.code === 0 || one.code === 1, one.stderr.slice(0, 2000));
    const two = cli([...args, '--jobs', '2'], { cwd: ROOT });
    same(one, two, 'corpus --jobs 2');
    assert.ok((JSON.parse(two.stdout) as { files: unknown[] }).files.length >= 639);
  });

  it('files of very different sizes: the same JSON and text with 1, 2 and 3 threads (workers topped up by bytes)', () => {
    // Before this thread reads a file, each worker gets at least as many bytes ahead (parallel.ts `feed`):
    // a large file early hands out many small ones at once, and every result must still land in its place.
    const dir = tempDir();
    const files: Record<string, string> = {};
    const big = `${SPEC_BAD}\n${'Some words about the export and TBD items.\n\n'.repeat(8000)}`;
    for (let i = 0; i < 60; i++)
      files[`specs/s${String(i).padStart(2, '0')}.spec.md`] =
        i % 20 === 1 ? big : i % 3 ? SPEC_BAD.replace('TBD', `TBD ${i}`) : SPEC_OK;
    writeFiles(dir, files);
    for (const format of ['json', 'text']) {
      const one = cli(['check', '--format', format, '--jobs', '1'], { cwd: dir });
      assert.ok(one.stdout.includes('s59.spec.md'), 'every file is reported');
      for (const jobs of ['2', '3'])
        same(one, cli(['check', '--format', format, '--jobs', jobs], { cwd: dir }), `${format}, --jobs ${jobs}`);
    }
  });

  it('workers load the chunks they need (ajv, RE2, remark) beside their bundle: the same JSON with 1 and 2 threads', () => {
    // dist/cli-worker.js requires dist/cli-ajv.js, cli-re2.js and cli-remark.js when first needed, as dist/cli-main.js does.
    const dir = tempDir();
    const files: Record<string, string> = {
      'schemas/note.yaml':
        'id: note\ntitle: Note\nmatch:\n  globs: ["**/*.note.md"]\nfrontMatter:\n  type: object\n  required: [owner]\n' +
        '  properties:\n    owner: { type: string, pattern: "^[a-z]+$" }\ncriteria:\n  idPattern: "REQ-\\\\d+"\n' +
        'sections:\n  - id: goal\n    title: Goal\n    rules:\n      checklist: true\n',
      '.spec-handoff.yaml': 'schemas: [schemas/note.yaml]\n',
    };
    for (let i = 0; i < 24; i++)
      files[`n${String(i).padStart(2, '0')}.note.md`] =
        `---\nowner: Ana${i}\n---\n# N ${i}\n\n## Goal\n\n- [ ] REQ-${i}: it works\n  - nested\n- [x] REQ-${i}a: not an ID\n`;
    writeFiles(dir, files);
    const one = cli(['check', '--format', 'json', '--jobs', '1'], { cwd: dir });
    const two = cli(['check', '--format', 'json', '--jobs', '2'], { cwd: dir });
    same(one, two, 'a custom kind with front matter, an ID pattern and checklists');
    const report = JSON.parse(one.stdout) as { files: { diagnostics: { message: string }[] }[] };
    assert.equal(report.files.length, 24);
    for (const f of report.files)
      assert.ok(
        f.diagnostics.some((d) => /owner must match pattern/.test(d.message)),
        'every file has its front matter validated (ajv) with the pattern (RE2)',
      );
  });

  it('--fix writes the same files and reports the same with 1 and 3 threads', () => {
    const a = fixtureFolder();
    const b = fixtureFolder();
    const one = cli(['check', '--fix', '--format', 'json', '--jobs', '1'], { cwd: a });
    const three = cli(['check', '--fix', '--format', 'json', '--jobs', '3'], { cwd: b });
    assert.equal(one.code, three.code);
    assert.equal(three.stdout, one.stdout);
    assert.ok((JSON.parse(one.stdout) as { summary: { filesFixed: number } }).summary.filesFixed >= 10);
    for (const file of ['bad.spec.md', 'bom.spec.md', 'specs/s01.spec.md', 'specs/s11.spec.md', 'other.markdown']) {
      assert.equal(read(b, file), read(a, file), file);
      assert.notEqual(read(a, file), file.startsWith('bom') ? '\ufeff' + SPEC_BAD : SPEC_BAD, `${file} was fixed`);
    }
    // The handoff is checked against its spec as it was when the run started, in both.
    assert.equal(read(b, 'handoffs/export.handoff.md'), read(a, 'handoffs/export.handoff.md'));
  });

  it('--fix writes a file reached under two names once (a symbolic link inside the root)', () => {
    const dir = tempDir();
    const files: Record<string, string> = { '.spec-handoff.yaml': 'rules: {}\n', 'target.spec.md': SPEC_BAD };
    for (let i = 0; i < 20; i++) files[`more/m${i}.spec.md`] = SPEC_OK;
    writeFiles(dir, files);
    fs.symlinkSync(path.join(dir, 'target.spec.md'), path.join(dir, 'alias.spec.md'));
    const r = cliJson(['check', '--fix', '--format', 'json', '--jobs', '2'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const byPath = new Map(r.json.files.map((f) => [f.path, f]));
    assert.ok((byPath.get('alias.spec.md')?.fixed ?? 0) > 0, 'fixed through the first name');
    assert.equal(byPath.get('target.spec.md')?.fixed, 0, 'already fixed when reached under the second name');
    assert.equal(byPath.get('target.spec.md')?.error, null);
    assert.ok(fs.lstatSync(path.join(dir, 'alias.spec.md')).isSymbolicLink());
  });

  it('checkEach hands every check over in order, the same as one thread, and keeps none once handed over', async () => {
    const dir = fixtureFolder();
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    load.service.update({ host: workspaceHost([dir]) });
    const options: CheckFileOptions = { cwd: dir, root: dir, roots: [dir], kindId: undefined, fix: false };
    const setup = workerSetup(load.service, options);
    const { files } = await expandInputs([dir], { cwd: dir, root: dir, exclude: load.config.exclude, gitignore: true });
    assert.ok(files.length >= PARALLEL_MIN_FILES, 'enough files for a batch');
    const oneThread = (await checkFiles(load.service, files, setup, { jobs: 1 })).map((c) => JSON.stringify(c));

    // Each check handed over gets a tag of its own class; V8 counts the tags still alive (after a full collection).
    class HandedOver {}
    const countLive = (v8 as { queryObjects?: (ctor: unknown, options: { format: 'count' }) => number }).queryObjects;
    const workers = Workers.start(1, path.join(path.dirname(CLI), 'cli-worker.js'));
    const order: number[] = [];
    const seen: string[] = [];
    let liveAtLast = -1;
    await checkEach(load.service, files, setup, {
      jobs: 2,
      workers,
      onCheck: (check, index) => {
        order.push(index);
        seen.push(JSON.stringify(check));
        (check as FileCheck & { tag?: HandedOver }).tag = new HandedOver();
        if (index === files.length - 1 && countLive) liveAtLast = countLive(HandedOver, { format: 'count' });
      },
    });
    assert.deepEqual(
      order,
      files.map((_, i) => i),
    );
    assert.deepEqual(seen, oneThread);
    if (!countLive) return; // v8.queryObjects: Node 20.13 and later
    // The last check (being handed over) is alive; a pool that held its results would keep all of them.
    assert.ok(liveAtLast >= 1 && liveAtLast <= 2, `${liveAtLast} of ${files.length} checks handed over are alive`);
  });

  it('rejects --jobs that is not a whole number of at least 1 (exit 2)', () => {
    const dir = tempDir();
    for (const bad of ['0', 'x', '-2', '1.5']) {
      const r = cli(['check', `--jobs=${bad}`], { cwd: dir });
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--jobs needs a whole number/, bad);
    }
  });

  it('defaults to every core with TurboFan held back, the cores but one for a batch over HOLD_MAX_BYTES', () => {
    const hold = !userChoseTiering(); // the test process's own flags may choose the tiering
    // As under V8 11-12 (Node 20, 22), where nothing optimises while TurboFan is held back (the last argument).
    assert.equal(plannedThreads(640, undefined, 9_000_000, 2, false), hold ? 2 : 1);
    assert.equal(plannedThreads(640, undefined, HOLD_MAX_BYTES + 1, 2, false), 1);
    assert.equal(plannedThreads(640, undefined, HOLD_MAX_BYTES + 1, 4, false), 3);
    assert.equal(plannedThreads(640, undefined, 9_000_000, 32, false), 8, 'capped');
    assert.equal(plannedThreads(PARALLEL_MIN_FILES - 1, undefined, 1000, 4, false), 1, 'a few files: one thread');
    assert.equal(plannedThreads(640, undefined, 9_000_000, 1, false), 1);
    assert.equal(plannedThreads(640, 3, HOLD_MAX_BYTES + 1, 2, false), 3, '--jobs decides');
    assert.equal(plannedThreads(2, 4, 0, 8, false), 2, 'never more threads than files');
  });

  it('leaves a core to V8 where Maglev optimises while TurboFan is held back (V8 13 and later: Node 24)', () => {
    const hold = !userChoseTiering();
    assert.equal(plannedThreads(640, undefined, 9_000_000, 2, false), hold ? 2 : 1, 'V8 11-12: every core');
    assert.equal(plannedThreads(640, undefined, 9_000_000, 2, true), 1);
    assert.equal(plannedThreads(640, undefined, 9_000_000, 4, true), 3);
    assert.equal(plannedThreads(640, undefined, 9_000_000, 32, true), 8, 'capped');
    assert.equal(plannedThreads(640, 2, 9_000_000, 2, true), 2, '--jobs decides');
    assert.equal(optimiserRunsWhileHeld('11.3.244.8-node.38'), false, 'Node 20');
    assert.equal(optimiserRunsWhileHeld('12.4.254.21-node.57'), false, 'Node 22');
    assert.equal(optimiserRunsWhileHeld('13.6.233.17-node.63'), true, 'Node 24');
    assert.equal(optimiserRunsWhileHeld('14.1.146.11-node.22'), true);
    assert.equal(optimiserRunsWhileHeld(), Number.parseInt(process.versions.v8, 10) >= 13, 'this Node');
  });

  it('holds TurboFan back for a batch up to HOLD_MAX_BYTES in any number of threads, never for a few files', () => {
    const free = !userChoseTiering(); // the test process's own flags may choose the tiering
    assert.equal(holdsTurbofan(PARALLEL_MIN_FILES, 9_000_000), free, 'a batch');
    assert.equal(holdsTurbofan(640, HOLD_MAX_BYTES), free, 'up to the bound');
    assert.equal(holdsTurbofan(640, HOLD_MAX_BYTES + 1), false, 'a long batch wants optimised code');
    assert.equal(holdsTurbofan(PARALLEL_MIN_FILES - 1, 1000), false, 'a few files');
  });

  it("TurboFan is held back once and given back once; the user's own tiering flags are left alone", () => {
    const calls: string[] = [];
    const hold = new TurbofanHold((flags) => calls.push(flags), true, true);
    assert.deepEqual(calls, ['--no-turbofan']);
    hold.end();
    hold.end();
    assert.deepEqual(calls, ['--no-turbofan', '--turbofan']);
    assert.equal(userChoseTiering([], {}), false);
    assert.equal(userChoseTiering(['--max-semi-space-size=4'], { NODE_OPTIONS: '--enable-source-maps' }), false);
    for (const flag of ['--no-opt', '--turbofan', '--maglev', '--no_opt', '--jitless', '--no-sparkplug'])
      assert.equal(userChoseTiering([flag], {}), true, flag);
    assert.equal(userChoseTiering([], { NODE_OPTIONS: '--inspect --no-turbofan' }), true);
    assert.equal(userChoseTiering([], { SPEC_HANDOFF_TURBOFAN: 'on' }), true);
    assert.equal(userChoseTiering([], { SPEC_HANDOFF_TURBOFAN: 'off' }), false);
  });

  it('the hold keeps the young generation at its size and sets V8 back to its own growth factor', () => {
    const calls: string[] = [];
    const hold = new TurbofanHold((flags) => calls.push(flags), false, true);
    hold.end();
    hold.end();
    assert.deepEqual(calls, [
      '--no-turbofan --semi-space-growth-factor=1',
      `--turbofan --semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}`,
    ]);
    // The default restored must be V8's own (a different value would change V8's flag hash, and every code cache).
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    assert.match(options, new RegExp(`default: --semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}\\b`));
    assert.equal(userChoseYoungGeneration([], {}), false);
    assert.equal(userChoseYoungGeneration(['--no-turbofan'], { NODE_OPTIONS: '--enable-source-maps' }), false);
    for (const flag of ['--max-semi-space-size=4', '--min_semi_space_size=2', '--semi-space-growth-factor=3'])
      assert.equal(userChoseYoungGeneration([flag], {}), true, flag);
    assert.equal(userChoseYoungGeneration([], { NODE_OPTIONS: '--max-semi-space-size=8' }), true);
  });

  it("the hold has each scavenge done by its own thread and gives V8 back its helpers; the user's GC flags are left alone", () => {
    const calls: string[] = [];
    const hold = new TurbofanHold((flags) => calls.push(flags), true, false);
    hold.end();
    hold.end();
    assert.deepEqual(calls, ['--no-turbofan --no-parallel-scavenge', '--turbofan --parallel-scavenge']);
    const all: string[] = [];
    new TurbofanHold((flags) => all.push(flags), false, false).end();
    assert.deepEqual(all, [
      '--no-turbofan --semi-space-growth-factor=1 --no-parallel-scavenge',
      `--turbofan --semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR} --parallel-scavenge`,
    ]);
    // Given back as V8's own default (another value would change V8's flag hash, and every code cache).
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    assert.match(options, /default: --parallel-scavenge\b/);
    assert.equal(userChoseGcThreads([], {}), false);
    assert.equal(
      userChoseGcThreads(['--no-turbofan', '--max-semi-space-size=4'], { NODE_OPTIONS: '--inspect' }),
      false,
    );
    for (const flag of ['--no-parallel-scavenge', '--parallel_scavenge', '--single-threaded-gc', '--single-threaded'])
      assert.equal(userChoseGcThreads([flag], {}), true, flag);
    assert.equal(userChoseGcThreads([], { NODE_OPTIONS: '--single-threaded-gc' }), true);
  });

  it('while held, a running isolate keeps its new space at the size it had (V8 reads the factor at run time)', () => {
    // In a child process with a known, small new space: the mocha process's own may have grown already.
    const script = [
      "const v8 = require('node:v8');",
      "const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;",
      'const grow = (keep) => { for (let i = 0; i < 400000; i++) keep.push({ i, text: String(i) }); return size(); };',
      "v8.setFlagsFromString('--semi-space-growth-factor=1');",
      'const before = size(); const held = grow([]);',
      `v8.setFlagsFromString('--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH_FACTOR}');`,
      'const after = grow([]);',
      'process.stdout.write(JSON.stringify({ before, held, after }));',
    ].join('\n');
    const { before, held, after } = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    // `space_size` counts the committed semi-spaces: one at the start, both after the first scavenge. Without the
    // hold the same allocations take it from 1 to 32 MB.
    assert.ok(held <= 2 * before, `held: the semi-spaces kept their size (${before} → ${held})`);
    assert.ok(after >= 4 * held, `given back: the new space grows again (${held} → ${after})`);
  });

  it('a parallel run gives TurboFan back before the code cache is written: the next start uses that cache', () => {
    // V8 keys its code cache on the flags: written with TurboFan still off, the next start would reject and rewrite it.
    const { bin, cache, dir, run } = cliWithOwnCache(
      ['cli.js', 'cli-main.js', 'cli-worker.js', 'cli-worker-main.js'],
      2,
    );
    const first = run();
    assert.equal(first.code, 1, first.stderr);
    const caches = fs.readdirSync(cache).filter((n) => n.endsWith('.bin'));
    // The main thread's and the worker's: the worker reads and writes its own under the hold (parallel.ts Workers.open).
    assert.equal(caches.length, 2, `the first run wrote both caches: ${caches.join(', ')}`);
    const files = caches.filter((n) => n.startsWith('cli-main-'));
    const workerCache = caches.filter((n) => n.startsWith('cli-worker-main-'));
    assert.equal(files.length, 1, "the main thread's cache");
    assert.equal(workerCache.length, 1, "the worker's cache");
    const written = caches.map((n) => fs.statSync(path.join(cache, n)));
    same(first, run(), 'second run');
    caches.forEach((n, i) => {
      const after = fs.statSync(path.join(cache, n));
      assert.equal(after.ino, written[i].ino, `${n} was not rewritten (a rejected cache is replaced by a new file)`);
      assert.equal(after.mtimeMs, written[i].mtimeMs, n);
    });
    // A run on several threads writes the batch run's cache; the next run that is not one replaces it (code-cache.ts BATCH_RUN).
    assert.match(files[0], /-check-json-batch\.bin$/);
    const one = spawnSync(
      process.execPath,
      [path.join(bin, 'cli.js'), 'check', '--format', 'json', '--jobs', '1', 'bad.spec.md'],
      {
        cwd: dir,
        env: { ...process.env, SPEC_HANDOFF_SCHEMAS_DIR: path.join(ROOT, 'schemas'), SPEC_HANDOFF_CODE_CACHE: cache },
        encoding: 'utf8',
      },
    );
    assert.equal(one.error, undefined);
    assert.deepEqual(
      fs
        .readdirSync(cache)
        .filter((n) => n.endsWith('.bin'))
        .sort(),
      [files[0].replace(/-check-json-batch\.bin$/, '-check-json.bin'), workerCache[0]].sort(),
    );
  });

  it('a one-thread batch holds TurboFan back too and gives it back before the code cache is written', () => {
    // 16 files or more with --jobs 1: held in this thread (threads.ts holdsTurbofan). The flags must be V8's own
    // again at exit, or the cache written then is rejected and rewritten by every later start.
    const { cache, run } = cliWithOwnCache(['cli.js', 'cli-main.js'], 1);
    const first = run();
    assert.equal(first.code, 1, first.stderr);
    assert.ok(JSON.parse(first.stdout).files.length >= PARALLEL_MIN_FILES, 'a batch');
    const caches = fs.readdirSync(cache).filter((n) => n.endsWith('.bin'));
    assert.deepEqual(caches.length, 1, `one cache, the main thread's: ${caches.join(', ')}`);
    const written = fs.statSync(path.join(cache, caches[0]));
    same(first, run(), 'second run');
    const after = fs.statSync(path.join(cache, caches[0]));
    assert.equal(after.ino, written.ino, 'not rewritten (a rejected cache is replaced by a new file)');
    assert.equal(after.mtimeMs, written.mtimeMs);
  });

  describe('with a stand-in worker bundle', () => {
    /** A copy of the CLI (its loader and bundle) in a folder of its own, with `worker` as its cli-worker.js (or none). */
    function cliWith(worker: string | undefined): (args: string[], cwd: string) => RunResult {
      const bin = tempDir();
      for (const f of ['cli.js', 'cli-main.js']) fs.copyFileSync(path.join(path.dirname(CLI), f), path.join(bin, f));
      if (worker !== undefined) fs.writeFileSync(path.join(bin, 'cli-worker.js'), worker);
      return (args, cwd) => {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          NO_COLOR: '1',
          SPEC_HANDOFF_SCHEMAS_DIR: path.join(ROOT, 'schemas'),
          SPEC_HANDOFF_CODE_CACHE: 'off', // a copy in a temporary folder: no cache file left behind for it
        };
        const run = spawnSync(process.execPath, [path.join(bin, 'cli.js'), ...args], {
          cwd,
          env,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        return { code: run.status, stdout: run.stdout, stderr: run.stderr };
      };
    }

    it('really hands files to the worker with --jobs 2', () => {
      // This worker answers every file with a made-up result: if it shows, the worker was used.
      const fake = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.type === 'setup') return parentPort.postMessage({ type: 'ready' });
  parentPort.postMessage({ type: 'result', index: m.index, check: { result: { absPath: m.file, path: 'from-worker-' + m.index, kind: undefined, skipped: undefined, error: undefined, findings: [], sections: [], checklist: undefined, fixed: 0, analysed: true } } });
});`;
      const dir = fixtureFolder();
      const run = cliWith(fake)(['check', '--format', 'json', '--jobs', '2'], dir);
      const paths = (JSON.parse(run.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
      assert.ok(
        paths.some((p) => p.startsWith('from-worker-')),
        'some files were checked by the worker',
      );
      assert.equal(paths.length, 38, 'every file once (how many each thread took depends on timing)');
    });

    it("sends a worker its setup once and its first files with it, without waiting for its 'ready'", () => {
      // This worker never says 'ready' and names each result after the setups it got: a pool that waits for
      // 'ready' gives it no file, one that sends the setup twice (early, then on adopting it) shows "setups-2".
      const silent = `const { parentPort } = require('node:worker_threads');
let setups = 0;
parentPort.on('message', (m) => {
  if (m.type === 'setup') { setups++; return; }
  parentPort.postMessage({ type: 'result', index: m.index, check: { result: { absPath: m.file, path: 'from-worker-setups-' + setups + '-' + m.index, kind: undefined, skipped: undefined, error: undefined, findings: [], sections: [], checklist: undefined, fixed: 0, analysed: true } } });
});`;
      const dir = fixtureFolder();
      for (const jobs of [
        ['--jobs', '2'],
        ['--jobs', '3'],
      ]) {
        const run = cliWith(silent)(['check', '--format', 'json', ...jobs], dir);
        const paths = (JSON.parse(run.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
        const fromWorker = paths.filter((p) => p.startsWith('from-worker-'));
        assert.ok(fromWorker.length >= 1, `${jobs.join(' ')}: the first files went to the worker with its setup`);
        assert.ok(
          fromWorker.every((p) => p.startsWith('from-worker-setups-1-')),
          `${jobs.join(' ')}: one setup each: ${fromWorker[0]}`,
        );
        assert.equal(paths.length, 38, 'every file once');
      }
    });

    it('takes back the files a worker has not started when this thread has none left (shared claims)', () => {
      // This worker claims its first file and holds it until every other file of the batch is claimed (by the
      // main thread), then answers it and skips the rest, as a worker does with files taken back. A pool that
      // does not take files back leaves them unclaimed: after 20 s the worker answers them too.
      const holding = `const { parentPort } = require('node:worker_threads');
let claims, held;
const answer = (m) => parentPort.postMessage({ type: 'result', index: m.index, check: { result: { absPath: m.file, path: 'from-worker-' + m.index, kind: undefined, skipped: undefined, error: undefined, findings: [], sections: [], checklist: undefined, fixed: 0, analysed: true } } });
const waiting = [];
function poll(start) {
  let open = false;
  for (let i = 0; i < claims.length; i++) if (i !== held.index && Atomics.load(claims, i) === 0) open = true;
  if (open && Date.now() - start < 20000) return setTimeout(() => poll(start), 10);
  answer(held);
  for (const m of waiting) if (Atomics.compareExchange(claims, m.index, 0, 1) === 0) answer(m);
}
parentPort.on('message', (m) => {
  if (m.type === 'setup') return;
  if (m.claims) claims = new Int32Array(m.claims);
  if (held) return void waiting.push(m);
  Atomics.compareExchange(claims, m.index, 0, 1);
  held = m;
  poll(Date.now());
});`;
      const dir = fixtureFolder();
      const expected = cli(['check', '--format', 'json', '--jobs', '1'], { cwd: dir });
      const run = cliWith(holding)(['check', '--format', 'json', '--jobs', '2'], dir);
      const paths = (JSON.parse(run.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
      assert.deepEqual(
        paths.filter((p) => p.startsWith('from-worker-')),
        ['from-worker-0'],
        'the worker checked only the file it had started',
      );
      const want = (JSON.parse(expected.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
      assert.deepEqual(paths.slice(1), want.slice(1), 'every other file once, checked here, in order');
    });

    it('checks in-process, with the same output, when the worker bundle is missing or the worker crashes', () => {
      const dir = fixtureFolder();
      const expected = cli(['check', '--format', 'json', '--jobs', '1'], { cwd: dir });
      same(expected, cliWith(undefined)(['check', '--format', 'json', '--jobs', '4'], dir), 'no worker bundle');
      same(
        expected,
        cliWith("throw new Error('worker failed to start');")(['check', '--format', 'json', '--jobs', '3'], dir),
        'crashing worker',
      );
      const dying = `const { parentPort } = require('node:worker_threads');
let n = 0;
parentPort.on('message', (m) => { if (m.type === 'setup') parentPort.postMessage({ type: 'ready' }); else if (++n === 2) process.exit(3); });`;
      same(expected, cliWith(dying)(['check', '--format', 'json', '--jobs', '2'], dir), 'worker exiting mid-run');
    });
  });
});
