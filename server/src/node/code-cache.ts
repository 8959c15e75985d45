/**
 * Start-up with a V8 code cache (issue 20). `dist/cli.js` and `dist/server.js`
 * are small loaders built from this file (scripts/build.mjs); the real bundles
 * are `dist/cli-main.js` and `dist/server-main.js`. The loader compiles the
 * bundle with `vm.Script` and the cached data of an earlier run, so V8 neither
 * parses the 2–3 MB bundle again nor compiles the functions that run at
 * start-up: Node 20 has no `module.enableCompileCache` (Node ≥ 22.1), this
 * does the same by hand.
 *
 * - The cache is one file per bundle (and its place), build, V8 version and architecture, in
 *   `SPEC_HANDOFF_CODE_CACHE` (a folder; `off` disables it), else the user's
 *   cache folder (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches`,
 *   `%LOCALAPPDATA%`) under `spec-handoff/`. Never a shared temporary folder:
 *   another user could plant code there.
 * - The key is the bundle's SHA-256, computed at build time (V8 itself checks
 *   only the source's length, its version and its flags; a stale cache of a
 *   same-length bundle would run old code).
 * - It is written when there was none or V8 rejected it (other flags): at exit,
 *   or 5 s after start for a long-running server, whichever comes first — so it
 *   holds the functions the run compiled, not only the top level. Written to a
 *   temporary name and renamed (atomic); older caches of the same bundle (same
 *   place) and V8 are removed, and so is any cache not written for 30 days. Every failure (unwritable folder, corrupt file) falls back
 *   silently to a plain compile: the cache can only make start-up faster.
 */
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';

/** The cache folder for this environment, or undefined when caching is off. */
export function codeCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string | undefined {
  const chosen = env.SPEC_HANDOFF_CODE_CACHE?.trim();
  if (chosen) return /^(off|0|false|no)$/i.test(chosen) ? undefined : path.resolve(chosen);
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'spec-handoff', 'code-cache');
  if (!home) return undefined;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'spec-handoff', 'code-cache');
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'spec-handoff', 'code-cache');
}

/**
 * The cache file's name: bundle and its place, build hash, V8 version and
 * architecture, and the command (`variant`, see `commandOf`).
 */
export function codeCacheFile(dir: string, bundle: string, buildHash: string, variant = ''): string {
  return path.join(dir, `${cachePrefix(bundle)}${buildHash.slice(0, 16)}${variant ? `-${variant}` : ''}.bin`);
}

/**
 * The CLI command of these arguments (`check`, `report`, `lsp`…; the first
 * word that is not an option), which names its own cache: a cache holds the
 * functions of the run that wrote it, so one written by `--version` or
 * `schemas` would leave every later `check` compiling its functions (about
 * 10 ms each time, issue 20). A word not in `known` (the CLI's commands, from
 * the build; a typo) is `other`, so typos share one cache. A `--format` in
 * `formats` (from the build: the formats other than text) names a cache of
 * its own too.
 */
export function commandOf(argv: readonly string[], known: readonly string[], formats: readonly string[] = []): string {
  const word = argv.find((a) => !a.startsWith('-'));
  if (word === undefined) return '';
  if (!known.includes(word)) return 'other';
  // `check --help` runs almost nothing of `check`: as its cache, it left every later check compiling (issue 20).
  if (argv.includes('--help') || argv.includes('-h')) return `${word}-help`;
  // Each output format runs functions of its own: `check --format json` in a script and a plain `check` in a
  // hook keep a cache each (one written by a JSON corpus run left a one-file text check compiling, issue 20).
  const at = argv.findIndex((a) => a === '--format' || a.startsWith('--format='));
  const format = at < 0 ? undefined : argv[at] === '--format' ? argv[at + 1] : argv[at].slice('--format='.length);
  return format !== undefined && formats.includes(format) ? `${word}-${format}` : word;
}

/**
 * Name, place, V8 and architecture: a new build at the same place replaces the
 * old cache; two installs (or two builds compared side by side) keep one each.
 */
function cachePrefix(bundle: string): string {
  return `${path.basename(bundle, '.js')}-${placeHash(path.resolve(bundle))}-${process.versions.v8.replace(/[^\w.-]/g, '_')}-${process.arch}-`;
}

/** FNV-1a of the bundle's path, in hex (node:crypto would cost start-up time). */
function placeHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The bundle's text. The build makes the bundles pure ASCII (scripts/build.mjs
 * `asciiBundleText`), and an ASCII file is read as latin1: a byte-for-byte copy
 * into a one-byte string, about 1 ms for 3 MB where decoding UTF-8 takes 8–11 ms
 * (issue 20). Checked here on the bytes (`isAscii`, well under a millisecond),
 * not trusted: any other file (an edited bundle, a watch build) is decoded as
 * UTF-8, since its latin1 string would be other text, which V8 would run (its
 * code cache checks only the source's length).
 */
export function readSource(file: string): string {
  const bytes = fs.readFileSync(file);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * The first line of a bundle the build wrapped for its loader (scripts/build.mjs `preWrapped`), up to where the
 * bundle's own code begins; the bundle ends in `PRE_WRAPPED_TAIL`. Compiled as it is, the file is an expression
 * whose value is the module function (`module` is no global): the loader compiles the text it read, where
 * `Module.wrap(source)` made a second string of 0.6–2.5 MB that V8 copied once more to flatten it (4.5 ms of a
 * one-file check on this project's VMs, issue 20). Run directly (`node dist/cli-main.js`), the same text calls
 * the function with the module's own arguments, as Node's wrapper would. The build's copy of this text must be
 * the same (test/cli/start-up.test.ts).
 */
export const PRE_WRAPPED_HEAD =
  "(typeof module === 'object' && typeof require === 'function' ? (f) => f.call(exports, exports, require, module, __filename, __dirname) : (f) => f)(function (exports, require, module, __filename, __dirname) {";

/** The text to compile for a CommonJS file: as it is when the build wrapped it already, else in Node's wrapper. */
export function moduleSource(source: string): string {
  return source.startsWith(PRE_WRAPPED_HEAD) ? source : Module.wrap(source);
}

export interface CodeCacheRun {
  /** What happened to the cache: used (`hit`), none yet (`miss`), V8 refused it (`rejected`), caching off (`off`). */
  state: 'hit' | 'miss' | 'rejected' | 'off';
  /** Writes the cache now if this run should (tests; the loader does it at exit or after 5 s), and the loaded chunks'. */
  save(): void;
  /** The cache state of each chunk the bundle loaded so far, by file name. */
  chunkStates?(): Record<string, CodeCacheRun['state']>;
}

/**
 * In a worker thread of `check` (the loader dist/cli-worker.js): waits, before the bundle is compiled, until
 * the main thread opens the gate it passed as `workerData.codeCacheGate` (cli/parallel.ts `Workers.open`), so
 * the code cache is read under the V8 flags it was written with. At most `timeoutMs`; no gate, no wait.
 */
export function waitForGate(timeoutMs = 10_000): void {
  const { isMainThread, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const gate = isMainThread ? undefined : (workerData as { codeCacheGate?: unknown } | null)?.codeCacheGate;
  if (gate instanceof SharedArrayBuffer) Atomics.wait(new Int32Array(gate), 0, 0, timeoutMs);
}

/**
 * Runs `bundle` (a CommonJS file) as the main program, through the code cache.
 * `buildHash` empty means no cache (a watch build, whose bundle changes under it).
 */
export function runBundle(
  bundle: string,
  buildHash: string,
  dir: string | undefined = codeCacheDir(),
  chunks: Readonly<Record<string, string>> = {},
  variant = '',
): CodeCacheRun {
  const loaded = new Map<string, CodeCacheRun & { exports: unknown }>();
  (globalThis as ChunkLoaderGlobal)[LOAD_CHUNK] = (name: string): unknown => {
    let chunk = loaded.get(name);
    if (!chunk) {
      chunk = runThroughCache(path.join(path.dirname(bundle), path.basename(name)), chunks[name] ?? '', dir);
      loaded.set(name, chunk);
    }
    return chunk.exports;
  };
  const main = runThroughCache(bundle, buildHash, dir, variant);
  return {
    state: main.state,
    chunkStates: () => Object.fromEntries([...loaded].map(([name, run]) => [name, run.state])),
    save: () => {
      main.save();
      for (const run of loaded.values()) run.save();
    },
  };
}

/** The CLI's exit code for usage errors and unexpected crashes (cli/io.ts EXIT_USAGE; the loader cannot import it). */
const EXIT_USAGE_OR_CRASH = 2;

/**
 * Set (true) by the bundle when this run checks a batch of files on several
 * threads (cli/parallel.ts). Such a run's cache holds fewer of the functions
 * a one-file `check` runs: after a corpus run wrote the `check` cache, a
 * one-file check measured 6–8 ms slower than with a cache a one-file check
 * wrote (issue 20). So a batch run writes its cache under a name of its own
 * (`check-batch`), used only while there is no other; the next run that is
 * not a batch uses it and replaces it with its own, which then holds both
 * runs' functions.
 */
export const BATCH_RUN = Symbol.for('spec-handoff.batchRun');
type BatchRunGlobal = typeof globalThis & { [BATCH_RUN]?: boolean };

/**
 * Where the bundle finds the loader of its chunks (scripts/build.mjs
 * `cliChunksPlugin`: files beside it with the packages only some commands
 * need). A chunk goes through the code cache like the bundle, keyed by its
 * own build hash (`chunks`, from the build; none: compiled as usual).
 */
const LOAD_CHUNK = Symbol.for('spec-handoff.loadChunk');
type ChunkLoaderGlobal = typeof globalThis & { [LOAD_CHUNK]?: (name: string) => unknown };

/** Runs a CommonJS file through the code cache; its `module.exports` with the cache's state. */
function runThroughCache(
  bundle: string,
  buildHash: string,
  dir: string | undefined,
  variant = '',
): CodeCacheRun & { exports: unknown } {
  const source = readSource(bundle);
  const file = dir && buildHash ? codeCacheFile(dir, bundle, buildHash, variant) : undefined;
  // A command's cache written by a batch run (BATCH_RUN) goes by a name of its own: see batchRunFinished.
  const batchFile = dir && buildHash && variant ? codeCacheFile(dir, bundle, buildHash, `${variant}-batch`) : undefined;
  let cachedData: Buffer | undefined;
  let fromBatch = false;
  if (file) {
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // No cache yet (or unreadable): compile as usual and write one — or take a batch run's, below.
    }
  }
  if (!cachedData && batchFile) {
    try {
      cachedData = fs.readFileSync(batchFile);
      fromBatch = true;
    } catch {
      // None either.
    }
  }
  const script = new vm.Script(moduleSource(source), { filename: bundle, cachedData });
  const state: CodeCacheRun['state'] = !file
    ? 'off'
    : !cachedData
      ? 'miss'
      : script.cachedDataRejected
        ? 'rejected'
        : 'hit';
  let saved = (state === 'hit' && !fromBatch) || state === 'off';
  const save = (): void => {
    if (saved || !file || !dir) return;
    // A usage error (or a crash) stops before the work: its cache would leave every later run compiling what
    // it lacks (a `check` with a bad option measured 20 ms slower per later one-file check, issue 20).
    if (process.exitCode === EXIT_USAGE_OR_CRASH) return;
    const batchRun = batchFile !== undefined && (globalThis as BatchRunGlobal)[BATCH_RUN] === true;
    // A batch run leaves a batch run's cache it used as it is; any other run replaces it with its own, which
    // holds the functions of both (those the cache brought are compiled too).
    if (state === 'hit' && batchRun) return;
    saved = true;
    const target = batchRun ? batchFile : file;
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      const data = script.createCachedData();
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(temporary, data, { mode: 0o600 });
      fs.renameSync(temporary, target);
      if (!batchRun && batchFile) fs.rmSync(batchFile, { force: true });
    } catch {
      // An unwritable cache folder (or a full disk) only costs the next start its compile.
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // There is no such folder: nothing was written.
      }
      return;
    }
    const prefix = cachePrefix(bundle);
    const thisBuild = `${prefix}${buildHash.slice(0, 16)}`;
    const monthAgo = Date.now() - 30 * 24 * 3600 * 1000;
    try {
      for (const name of fs.readdirSync(dir)) {
        const other = path.join(dir, name);
        if (!name.endsWith('.bin') || other === file || other === batchFile) continue;
        // An older build here, or any cache not rewritten for a month (a removed install, a test's copy).
        try {
          if ((name.startsWith(prefix) && !name.startsWith(thisBuild)) || fs.statSync(other).mtimeMs < monthAgo)
            fs.rmSync(other, { force: true });
        } catch {
          // Removed meanwhile by another process.
        }
      }
    } catch {
      // The folder cannot be listed: nothing to tidy.
    }
  };
  if (!saved) {
    process.once('exit', save);
    setTimeout(save, 5000).unref();
  }
  const mod = new Module(bundle, require.main);
  mod.filename = bundle;
  const localRequire = Module.createRequire(bundle);
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(mod.exports, mod.exports, localRequire, mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return { state, save, exports: mod.exports };
}
