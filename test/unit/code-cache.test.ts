/**
 * The V8 code cache of the bundles' loaders (server/src/node/code-cache.ts):
 * where it lives, that a second run uses it, that a cache of another build or
 * a corrupt one is never used, and that an unwritable folder changes nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import {
  BATCH_RUN,
  codeCacheDir,
  codeCacheFile,
  commandOf,
  moduleSource,
  PRE_WRAPPED_HEAD,
  readSource,
  runBundle,
} from '../../server/src/node/code-cache';

const counter = '__specHandoffCodeCacheTest';
type Counted = typeof globalThis & { [counter]?: string[] };

describe('code cache of the bundles', () => {
  let tmp: string;
  let bundle: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-code-cache-'));
    bundle = path.join(tmp, 'app-main.js');
    // A bundle that records what it saw: its file name, folder, require and module.
    fs.writeFileSync(
      bundle,
      `const seen = (globalThis.${counter} ??= []);\n` +
        `function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }\n` +
        `seen.push([__filename, __dirname, typeof require('node:path').join, module.filename, work(10)].join('|'));\n`,
    );
    (globalThis as Counted)[counter] = [];
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const ran = () => (globalThis as Counted)[counter] ?? [];
  const expected = () => [bundle, tmp, 'function', bundle, '45'].join('|');

  it('lives in SPEC_HANDOFF_CODE_CACHE, else the user cache folder; "off" turns it off', () => {
    assert.equal(codeCacheDir({ SPEC_HANDOFF_CODE_CACHE: '/x/cache' }, 'linux', '/home/u'), path.resolve('/x/cache'));
    assert.equal(codeCacheDir({ SPEC_HANDOFF_CODE_CACHE: 'off' }, 'linux', '/home/u'), undefined);
    assert.equal(codeCacheDir({ SPEC_HANDOFF_CODE_CACHE: 'OFF' }, 'linux', '/home/u'), undefined);
    assert.equal(codeCacheDir({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'spec-handoff', 'code-cache'));
    assert.equal(
      codeCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'),
      path.join('/xdg', 'spec-handoff', 'code-cache'),
    );
    // A relative XDG_CACHE_HOME is invalid by the XDG spec: ignored.
    assert.equal(
      codeCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', '/home/u'),
      path.join('/home/u', '.cache', 'spec-handoff', 'code-cache'),
    );
    assert.equal(
      codeCacheDir({}, 'darwin', '/Users/u'),
      path.join('/Users/u', 'Library', 'Caches', 'spec-handoff', 'code-cache'),
    );
    assert.equal(
      codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
      path.join('C:\\Users\\u\\AppData\\Local', 'spec-handoff', 'code-cache'),
    );
    assert.equal(codeCacheDir({}, 'linux', ''), undefined);
  });

  it('the first run compiles and writes the cache; the next run uses it and runs the same code', () => {
    const dir = path.join(tmp, 'cache');
    const first = runBundle(bundle, 'a'.repeat(64), dir);
    assert.equal(first.state, 'miss');
    first.save();
    const file = codeCacheFile(dir, bundle, 'a'.repeat(64));
    assert.ok(fs.statSync(file).size > 0, 'cache written');
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
    const second = runBundle(bundle, 'a'.repeat(64), dir);
    assert.equal(second.state, 'hit');
    assert.deepEqual(ran(), [expected(), expected()]);
  });

  it('a bundle the build wrapped already is compiled as read, runs once through the cache and once on its own', () => {
    const body = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(bundle, `${PRE_WRAPPED_HEAD}${body}});\n`);
    const text = fs.readFileSync(bundle, 'utf8');
    assert.equal(moduleSource(text), text, 'no second, wrapped copy');
    assert.equal(moduleSource(body), Module.wrap(body), "an unwrapped file gets Node's wrapper");
    const dir = path.join(tmp, 'cache');
    const first = runBundle(bundle, 'b'.repeat(64), dir);
    assert.equal(first.state, 'miss');
    first.save();
    assert.equal(runBundle(bundle, 'b'.repeat(64), dir).state, 'hit');
    // Required directly, as `node dist/cli-main.js` runs it: the same module function, called by the file itself.
    require(bundle);
    assert.deepEqual(ran(), [expected(), expected(), expected()]);
  });

  it('a cache of another build of the bundle is not used, and is removed when the new one is written', () => {
    const dir = path.join(tmp, 'cache');
    runBundle(bundle, 'a'.repeat(64), dir).save();
    const old = codeCacheFile(dir, bundle, 'a'.repeat(64));
    assert.ok(fs.existsSync(old));
    const other = runBundle(bundle, 'b'.repeat(64), dir);
    assert.equal(other.state, 'miss');
    other.save();
    assert.ok(fs.existsSync(codeCacheFile(dir, bundle, 'b'.repeat(64))));
    assert.ok(!fs.existsSync(old), 'the old build’s cache is removed');
    // Another bundle's cache in the same folder stays.
    const sibling = path.join(tmp, 'other-main.js');
    fs.writeFileSync(sibling, '');
    runBundle(sibling, 'c'.repeat(64), dir).save();
    assert.ok(fs.existsSync(codeCacheFile(dir, bundle, 'b'.repeat(64))));
    assert.ok(fs.existsSync(codeCacheFile(dir, sibling, 'c'.repeat(64))));
    // The same bundle name at another place (another install, or a build compared with this one) keeps its own.
    fs.mkdirSync(path.join(tmp, 'other-install'));
    const elsewhere = path.join(tmp, 'other-install', 'app-main.js');
    fs.copyFileSync(bundle, elsewhere);
    runBundle(elsewhere, 'd'.repeat(64), dir).save();
    assert.ok(fs.existsSync(codeCacheFile(dir, bundle, 'b'.repeat(64))), 'not removed by another place');
    assert.notEqual(codeCacheFile(dir, elsewhere, 'd'.repeat(64)), codeCacheFile(dir, bundle, 'd'.repeat(64)));
    assert.equal(runBundle(bundle, 'b'.repeat(64), dir).state, 'hit');
    // A cache nobody wrote for a month goes when another is written.
    const stale = codeCacheFile(dir, elsewhere, 'd'.repeat(64));
    const monthAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    fs.utimesSync(stale, monthAgo, monthAgo);
    runBundle(path.join(tmp, 'other-main.js'), 'e'.repeat(64), dir).save();
    assert.ok(!fs.existsSync(stale), 'a month-old cache is removed');
    assert.ok(fs.existsSync(codeCacheFile(dir, bundle, 'b'.repeat(64))), 'a recent one stays');
  });

  it('a corrupt cache is rejected by V8, the bundle still runs, and the cache is rewritten', () => {
    const dir = path.join(tmp, 'cache');
    const file = codeCacheFile(dir, bundle, 'a'.repeat(64));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, Buffer.from('not a V8 code cache at all, just bytes'));
    const run = runBundle(bundle, 'a'.repeat(64), dir);
    assert.equal(run.state, 'rejected');
    assert.deepEqual(ran(), [expected()]);
    run.save();
    assert.equal(runBundle(bundle, 'a'.repeat(64), dir).state, 'hit');
  });

  it('an unwritable cache folder, no build hash or caching off: the bundle runs as usual', () => {
    const notADir = path.join(tmp, 'a-file');
    fs.writeFileSync(notADir, 'x');
    const run = runBundle(bundle, 'a'.repeat(64), notADir);
    assert.equal(run.state, 'miss');
    assert.doesNotThrow(() => run.save());
    assert.equal(fs.readFileSync(notADir, 'utf8'), 'x');
    // Written but not renamed into place (a folder stands there): the temporary file is removed.
    const blocked = path.join(tmp, 'blocked');
    fs.mkdirSync(codeCacheFile(blocked, bundle, 'f'.repeat(64)), { recursive: true });
    const blockedRun = runBundle(bundle, 'f'.repeat(64), blocked);
    assert.equal(blockedRun.state, 'miss');
    assert.doesNotThrow(() => blockedRun.save());
    assert.deepEqual(
      fs.readdirSync(blocked).filter((n) => n.endsWith('.tmp')),
      [],
      'no temporary file left behind',
    );
    assert.equal(runBundle(bundle, '', path.join(tmp, 'cache')).state, 'off');
    assert.ok(!fs.existsSync(path.join(tmp, 'cache')), 'a watch build (no hash) writes nothing');
    const before = process.env.SPEC_HANDOFF_CODE_CACHE;
    process.env.SPEC_HANDOFF_CODE_CACHE = 'off';
    try {
      assert.equal(runBundle(bundle, 'a'.repeat(64)).state, 'off');
    } finally {
      if (before === undefined) delete process.env.SPEC_HANDOFF_CODE_CACHE;
      else process.env.SPEC_HANDOFF_CODE_CACHE = before;
    }
    assert.deepEqual(ran(), [expected(), expected(), expected(), expected()]);
  });

  it('reads an ASCII bundle as latin1 and any other as UTF-8: the same text either way, and the cache still hits', () => {
    // An ASCII file: latin1 and UTF-8 give the same string.
    const ascii = fs.readFileSync(bundle, 'utf8');
    assert.equal(readSource(bundle), ascii);
    // A bundle with non-ASCII text (a watch build, an edited file): decoded as UTF-8, never as latin1.
    const other = path.join(tmp, 'wide-main.js');
    const word = 'caf\u00e9 \u2014 \u{1FAA6}';
    fs.writeFileSync(other, `(globalThis.${counter} ??= []).push(${JSON.stringify(word)} + ' ' + "${word}".length);\n`);
    assert.ok(/[\u0080-\uffff]/.test(fs.readFileSync(other, 'latin1')), 'the file has non-ASCII bytes');
    assert.equal(readSource(other), fs.readFileSync(other, 'utf8'));
    assert.notEqual(readSource(other), fs.readFileSync(other, 'latin1'));
    const dir = path.join(tmp, 'cache');
    const first = runBundle(other, 'a'.repeat(64), dir);
    first.save();
    assert.equal(runBundle(other, 'a'.repeat(64), dir).state, 'hit');
    assert.deepEqual(ran(), [`${word} ${word.length}`, `${word} ${word.length}`]);
  });

  it("runs the bundle's chunks through the cache too, each once, keyed by its own build hash", () => {
    // A bundle that asks the loader for a chunk twice (as dist/cli-main.js does for a package it needs late).
    const main = path.join(tmp, 'cli-main.js');
    fs.writeFileSync(
      main,
      `const load = globalThis[Symbol.for('spec-handoff.loadChunk')];\n` +
        `const a = load('extra.js'), b = load('extra.js');\n` +
        `(globalThis.${counter} ??= []).push([a === b, a.twice(21), a.where].join('|'));\n`,
    );
    const chunk = path.join(tmp, 'extra.js');
    fs.writeFileSync(chunk, `exports.twice = (n) => n * 2;\nexports.where = __filename;\n`);
    const dir = path.join(tmp, 'cache');
    const first = runBundle(main, 'a'.repeat(64), dir, { 'extra.js': 'b'.repeat(64) });
    assert.deepEqual(first.chunkStates?.(), { 'extra.js': 'miss' });
    first.save();
    assert.ok(fs.existsSync(codeCacheFile(dir, chunk, 'b'.repeat(64))), "the chunk's cache is written");
    const second = runBundle(main, 'a'.repeat(64), dir, { 'extra.js': 'b'.repeat(64) });
    assert.equal(second.state, 'hit');
    assert.deepEqual(second.chunkStates?.(), { 'extra.js': 'hit' });
    // A new build of the chunk: its old cache is not used.
    const rebuilt = runBundle(main, 'a'.repeat(64), dir, { 'extra.js': 'c'.repeat(64) });
    assert.deepEqual(rebuilt.chunkStates?.(), { 'extra.js': 'miss' });
    // A chunk the build gave no hash: compiled as usual, nothing written.
    const unknown = runBundle(main, 'a'.repeat(64), dir, {});
    assert.deepEqual(unknown.chunkStates?.(), { 'extra.js': 'off' });
    assert.deepEqual(ran(), Array(4).fill(['true', '42', chunk].join('|')));
  });

  it('keeps one cache per CLI command, so the command that ran first does not decide for the others', () => {
    const known = ['check', 'report', 'schemas'];
    assert.equal(commandOf(['check', 'a.md'], known), 'check');
    assert.equal(commandOf(['--no-color', 'report', '--format', 'json'], known), 'report');
    assert.equal(commandOf(['--version'], known), '');
    assert.equal(commandOf([], known), '');
    assert.equal(commandOf(['chek', 'a.md'], known), 'other', 'typos share one cache');
    assert.equal(commandOf(['../../etc'], known), 'other', 'only a known command names a file');
    const formats = ['json', 'sarif'];
    assert.equal(commandOf(['check', '--format', 'json', 'docs'], known, formats), 'check-json');
    assert.equal(commandOf(['check', '--format=sarif', 'docs'], known, formats), 'check-sarif');
    assert.equal(commandOf(['check', '--format', 'text', 'docs'], known, formats), 'check', 'the default has none');
    assert.equal(commandOf(['check', '--format', '../x', 'docs'], known, formats), 'check', 'only a known format');
    assert.equal(commandOf(['check', '--format'], known, formats), 'check');
    assert.equal(commandOf(['check', '--help'], known, formats), 'check-help', 'help runs little of its command');
    assert.equal(commandOf(['report', '-h', '--format', 'json'], known, formats), 'report-help');
    const dir = path.join(tmp, 'cache');
    runBundle(bundle, 'a'.repeat(64), dir, {}, 'check').save();
    runBundle(bundle, 'a'.repeat(64), dir, {}, 'schemas').save();
    assert.equal(runBundle(bundle, 'a'.repeat(64), dir, {}, 'check').state, 'hit');
    assert.equal(runBundle(bundle, 'a'.repeat(64), dir, {}, 'schemas').state, 'hit');
    assert.equal(runBundle(bundle, 'a'.repeat(64), dir, {}, 'report').state, 'miss');
    assert.notEqual(codeCacheFile(dir, bundle, 'a'.repeat(64), 'check'), codeCacheFile(dir, bundle, 'a'.repeat(64)));
    // A new build removes every command's cache of the old one.
    runBundle(bundle, 'b'.repeat(64), dir, {}, 'check').save();
    assert.deepEqual(
      fs.readdirSync(dir),
      [path.basename(codeCacheFile(dir, bundle, 'b'.repeat(64), 'check'))],
      'only the new build’s cache is left',
    );
  });

  it('a run that ends with exit code 2 (a usage error, a crash) writes no cache; the next run that works does', () => {
    const dir = path.join(tmp, 'cache');
    const hash = 'd'.repeat(64);
    const before = process.exitCode;
    try {
      process.exitCode = 2;
      const failed = runBundle(bundle, hash, dir, {}, 'check');
      failed.save();
      assert.equal(failed.state, 'miss');
      assert.ok(!fs.existsSync(dir) || fs.readdirSync(dir).length === 0, 'nothing written');
      process.exitCode = 1; // findings: the run did its work
      runBundle(bundle, hash, dir, {}, 'check').save();
      assert.deepEqual(fs.readdirSync(dir), [path.basename(codeCacheFile(dir, bundle, hash, 'check'))]);
    } finally {
      process.exitCode = before;
    }
  });

  it("a batch run's cache goes by a name of its own, until a run that is not a batch replaces it with its own", () => {
    // A corpus run's `check` cache left a one-file check compiling functions it lacked (6–8 ms a run).
    const dir = path.join(tmp, 'cache');
    const hash = 'c'.repeat(64);
    const primary = path.basename(codeCacheFile(dir, bundle, hash, 'check'));
    const batch = path.basename(codeCacheFile(dir, bundle, hash, 'check-batch'));
    const flag = globalThis as typeof globalThis & { [BATCH_RUN]?: boolean };
    const run = (asBatch: boolean) => {
      const r = runBundle(bundle, hash, dir, {}, 'check');
      flag[BATCH_RUN] = asBatch; // the bundle sets it while it runs (cli/parallel.ts)
      try {
        r.save();
      } finally {
        delete flag[BATCH_RUN];
      }
      return r.state;
    };
    assert.equal(run(true), 'miss');
    assert.deepEqual(fs.readdirSync(dir), [batch], 'the first run, a batch, wrote the batch cache only');
    const written = fs.statSync(path.join(dir, batch)).mtimeMs;
    assert.equal(run(true), 'hit', 'a batch run uses it');
    assert.equal(fs.statSync(path.join(dir, batch)).mtimeMs, written, 'and leaves it as it is');
    assert.equal(run(false), 'hit', 'a run that is not a batch uses it too');
    assert.deepEqual(fs.readdirSync(dir), [primary], 'and replaces it with its own');
    assert.equal(run(true), 'hit');
    assert.equal(run(false), 'hit');
    assert.deepEqual(fs.readdirSync(dir), [primary], 'from then on there is one cache, for every run');
    assert.deepEqual(ran(), Array(5).fill(expected()), 'the bundle ran each time');
  });
});
