/**
 * The loader dist/cli.js starts the worker threads of a `check` of many files,
 * and of a `report`, before the bundle runs (server/src/cli/threads.ts), and
 * the bundle adopts them (parallel.ts `Workers.start`). The decision must be
 * the one the command makes itself; workers nobody adopts must not keep the
 * process alive.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, ensureBuilt, tempDir, writeFiles, CLI } from './helpers';
import { SPEC_BAD } from './fixtures';
import { earlyWorkerCount, plannedThreads, startEarlyWorkers, takeEarlyWorkers } from '../../server/src/cli/threads';
import { Workers } from '../../server/src/cli/parallel';

describe('cli: worker threads started by the loader', () => {
  before(ensureBuilt);

  it('starts as many workers as check and report would, none for other commands, few files, stdin, help or bad options', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.spec.md': SPEC_BAD, 'b.spec.md': SPEC_BAD, 'docs/c.spec.md': SPEC_BAD });
    const all = plannedThreads(Number.POSITIVE_INFINITY, undefined) - 1;
    const cases: [string[], number][] = [
      [['check'], all],
      [['check', 'docs'], all],
      [['check', '**/*.md'], all],
      [['check', '--format', 'json', '--schema', 'a.spec.md', 'docs'], all],
      [['check', '--jobs', '3', 'a.spec.md'], 2],
      [['check', '--jobs', '1'], 0],
      [['check', 'a.spec.md', 'b.spec.md'], 0],
      [['check', '-'], 0],
      [['check', '--stdin-filename', 'x.md'], 0],
      [['check', '--help', 'docs'], 0],
      [['check', '--bogus', 'docs'], 0],
      [['check', '--jobs', 'many'], 0],
      [['check', '--jobs'], 0],
      [['report', 'docs'], all],
      [['report'], all],
      [['report', '--jobs', '3', 'docs'], 2],
      [['report', '--jobs', '1', 'docs'], 0],
      [['report', '--help'], 0],
      [['report', '--bogus'], 0],
      [['report', '--jobs', 'x'], 0],
      [['schemas'], 0],
      [[], 0],
    ];
    for (const [argv, expected] of cases) assert.equal(earlyWorkerCount(argv, dir), expected, argv.join(' '));
    // Sixteen files named one by one may be many.
    const sixteen = Array.from({ length: 16 }, (_, i) => `f${i}.md`);
    assert.equal(earlyWorkerCount(['check', ...sixteen], dir), all);
  });

  it('Workers.start adopts the workers started early, stops those beyond its count, and starts any missing', async () => {
    const bin = tempDir();
    // A stand-in worker that only stays alive: adoption is about which Worker objects the pool gets.
    fs.writeFileSync(
      path.join(bin, 'cli-worker.js'),
      "require('node:worker_threads').parentPort.on('message', () => {});\n",
    );
    startEarlyWorkers(['check', '--jobs', '4'], bin, bin);
    const early = takeEarlyWorkers();
    assert.ok(early, 'the loader left its workers');
    assert.equal(early.workers.length, 3);
    assert.equal(takeEarlyWorkers(), undefined, 'taken once');

    const exited = early.workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
    const two = Workers.start(2, path.join(bin, 'cli-worker.js'), early);
    assert.deepEqual(two.started, early.workers.slice(0, 2), 'the first two adopted');
    await exited[2]; // the third was not wanted: stopped
    two.stop();
    await Promise.all(exited);

    startEarlyWorkers(['check', '--jobs', '2'], bin, bin);
    const one = takeEarlyWorkers();
    assert.equal(one?.workers.length, 1);
    const three = Workers.start(3, path.join(bin, 'cli-worker.js'), one);
    assert.equal(three.started.length, 3, 'two more started');
    assert.equal(three.started[0], one?.workers[0]);
    const all = three.started.map((w) => new Promise((resolve) => w.once('exit', resolve)));
    three.stop();
    await Promise.all(all);
  });

  it('a usage error after the loader started workers ends the process (workers nobody adopted hold nothing open)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/a.spec.md': SPEC_BAD });
    const started = Date.now();
    const run = spawnSync(process.execPath, [CLI, 'check', '--jobs', '3', '--format', 'bogus', 'docs'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.signal, null, `not killed after ${Date.now() - started} ms`);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /Unknown format "bogus"/);
  });

  for (const command of ['check', 'report'])
    it(`${command} with workers started early says what one thread says; a usage error still ends it`, () => {
      const dir = tempDir();
      const files: Record<string, string> = {};
      for (let i = 0; i < 40; i++) files[`specs/s${i}.spec.md`] = SPEC_BAD.replace('TBD', `TBD ${i}`);
      writeFiles(dir, files);
      const one = cli([command, '--format', 'json', '--jobs', '1', 'specs'], { cwd: dir });
      const threads = Math.max(2, Math.min(4, os.availableParallelism()));
      const many = cli([command, '--format', 'json', '--jobs', String(threads), 'specs'], { cwd: dir });
      assert.equal(many.code, one.code, many.stderr);
      assert.equal(many.stdout, one.stdout);
      assert.ok(one.stdout.includes('s39.spec.md'));
      const bad = spawnSync(process.execPath, [CLI, command, '--jobs', '3', '--format', 'bogus', 'specs'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(bad.signal, null, 'a usage error ends the process though the loader started workers');
      assert.equal(bad.status, 2, bad.stderr);
    });
});
