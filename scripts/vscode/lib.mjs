// Shared plumbing for running a real VS Code on this machine: locating the
// code-server install and Chromium, starting code-server on loopback, opening
// the workbench in Chromium, and tearing everything down again.
// Used by test/vscode/run.mjs (in-editor mocha suite), test/ui/ (UI tests
// driven by Playwright) and scripts/vscode/start.mjs (`npm start`).
//
// Why code-server: @vscode/test-electron and Playwright both download
// binaries, and this machine reaches only npm and Debian. code-server@4.100.3
// is VS Code 1.100.3's own server + web workbench, installable from npm (see
// scripts/vscode/install-code-server.sh), and Debian ships Chromium.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code release inside that code-server. */
export const VSCODE_VERSION = '1.100.3';
export const INSTALL_COMMAND = 'bash scripts/vscode/install-code-server.sh';
/**
 * An expected failure whose message says everything (what, why, what to do);
 * runners print only the message. Any other error is a bug and gets its stack.
 */
export class HarnessError extends Error {}

export class TimeoutError extends HarnessError {}

export const APT_COMMAND =
  'sudo apt-get update && sudo apt-get install -y chromium ripgrep libkrb5-dev libsecret-1-dev pkg-config';

/** Where install-code-server.sh puts code-server (outside the repository). */
export function codeServerCacheDir() {
  return (
    process.env.SPEC_HANDOFF_VSCODE_CACHE ||
    path.join(os.homedir(), '.cache', 'spec-handoff', `code-server-${CODE_SERVER_VERSION}`)
  );
}

/**
 * The installed code-server, or the reason there is none. Only an install
 * whose stamp file exists counts: the stamp is written after every step of the
 * install succeeded, so a half-finished install is reported as missing.
 * @returns {{ ok: true, entry: string, dir: string } | { ok: false, reason: string }}
 */
export function findCodeServer() {
  const dir = codeServerCacheDir();
  const stamp = path.join(dir, '.spec-handoff-installed');
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(stamp) || !fs.existsSync(entry)) {
    return { ok: false, reason: `code-server ${CODE_SERVER_VERSION} is not installed in ${dir}` };
  }
  // Its native modules (node-pty, argon2, ...) were compiled for the Node that
  // ran the install; another major version would fail deep inside the server.
  const builtWith = /^node v(\d+)\./m.exec(fs.readFileSync(stamp, 'utf8'))?.[1];
  const running = process.versions.node.split('.')[0];
  if (builtWith && builtWith !== running) {
    return {
      ok: false,
      reason: `code-server in ${dir} was built with Node ${builtWith} but this is Node ${running}; delete the folder and reinstall`,
    };
  }
  return { ok: true, entry, dir };
}

/** Path of the Chromium to drive, or undefined. SPEC_HANDOFF_CHROMIUM overrides. */
export function findChromium() {
  // An explicit choice is final: silently using another browser would hide a typo.
  if (process.env.SPEC_HANDOFF_CHROMIUM)
    return isExecutable(process.env.SPEC_HANDOFF_CHROMIUM) ? process.env.SPEC_HANDOFF_CHROMIUM : undefined;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => isExecutable(p));
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Absolute path of `name` on PATH, or undefined. */
export function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/**
 * Problems that prevent the code-server path from running, as human-readable
 * lines (empty when everything is in place).
 */
export function webPrerequisiteProblems() {
  const problems = [];
  const cs = findCodeServer();
  if (!cs.ok) problems.push(`${cs.reason}. Install it with: ${INSTALL_COMMAND}`);
  if (!findChromium())
    problems.push(
      `Chromium not found (looked at $SPEC_HANDOFF_CHROMIUM, /usr/bin/chromium). Install it with: ${APT_COMMAND}`,
    );
  return problems;
}

// ---------------------------------------------------------------------------
// Extension build

/** The `main` file of the extension at `extensionPath`, from its package.json. */
export function extensionManifest(extensionPath) {
  const manifestPath = path.join(extensionPath, 'package.json');
  if (!fs.existsSync(manifestPath))
    throw new HarnessError(`no package.json in extension folder ${extensionPath} (SPEC_HANDOFF_EXTENSION_PATH?)`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  return {
    manifest,
    id: `${manifest.publisher}.${manifest.name}`,
    main: manifest.main ? path.resolve(extensionPath, manifest.main) : undefined,
  };
}

/**
 * Makes sure the extension's entry file exists. For this repository the
 * bundles come from scripts/build.mjs (what `npm run build` runs first); a
 * different extension folder (SPEC_HANDOFF_EXTENSION_PATH) must be ready to run.
 */
export function ensureExtensionBuilt(extensionPath, log = console.log) {
  const { main } = extensionManifest(extensionPath);
  if (!main || fs.existsSync(main)) return;
  if (path.resolve(extensionPath) !== repoRoot) {
    throw new HarnessError(`extension entry ${main} does not exist (extension at ${extensionPath} is not built)`);
  }
  const buildScript = path.join(repoRoot, 'scripts', 'build.mjs');
  if (!fs.existsSync(buildScript)) {
    throw new HarnessError(
      `${path.relative(repoRoot, main)} is missing and scripts/build.mjs does not exist, so the extension cannot be built`,
    );
  }
  log(`${path.relative(repoRoot, main)} is missing; running node scripts/build.mjs`);
  const build = spawnSync(process.execPath, [buildScript], { cwd: repoRoot, stdio: 'inherit', timeout: 5 * 60_000 });
  if (build.status !== 0)
    throw new HarnessError(`node scripts/build.mjs failed (exit ${build.status ?? build.signal})`);
  if (!fs.existsSync(main)) throw new HarnessError(`node scripts/build.mjs succeeded but ${main} still does not exist`);
}

/**
 * Installs the extension folder into a VS Code extensions dir the way a user
 * install looks on disk (`<publisher>.<name>-<version>`), as a symlink so a
 * rebuild of dist/ is picked up by "Developer: Reload Window". VS Code scans
 * the folder on startup when there is no extensions.json yet.
 */
export function linkExtension(extensionsDir, extensionPath) {
  const { manifest, id } = extensionManifest(extensionPath);
  fs.mkdirSync(extensionsDir, { recursive: true });
  const link = path.join(extensionsDir, `${id}-${manifest.version}`);
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync(path.resolve(extensionPath), link, 'dir');
  return { id, link };
}

// ---------------------------------------------------------------------------
// Cleanup that survives failures, timeouts and Ctrl+C

/** Process groups we started; killed synchronously if the runner exits abruptly. */
const liveGroups = new Set();
/** Temp dirs we created; removed synchronously on abrupt exit. */
const liveTempDirs = new Set();
let exitHooksInstalled = false;

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // 'exit' handlers must be synchronous: last-resort SIGKILL of whatever is
  // still running, so no code-server or extension host outlives the runner.
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    for (const dir of liveTempDirs) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        /* best effort */
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.error(`\n[spec-handoff] received ${signal}; stopping child processes`);
      process.exit(signal === 'SIGINT' ? 130 : 143); // runs the 'exit' hook above
    });
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/** A fresh temp dir that is removed on exit even if the caller forgets. */
export async function makeTempDir(prefix) {
  installExitHooks();
  // realpath: /tmp may be a symlink; VS Code compares paths textually.
  const dir = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), prefix)));
  liveTempDirs.add(dir);
  return dir;
}

export async function removeTempDir(dir) {
  await fsp.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  liveTempDirs.delete(dir);
}

// ---------------------------------------------------------------------------
// Waiting

/**
 * Polls `check` until it returns a truthy value (which is returned) or the
 * timeout passes. A bounded wait instead of fixed sleeps.
 */
export async function waitFor(check, { timeoutMs, intervalMs = 100, description }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

// ---------------------------------------------------------------------------
// code-server

/**
 * User settings for a test or demo profile: no welcome page, no update or
 * telemetry traffic, nothing that pops up over the editor in screenshots.
 */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Variables of the caller's environment that must not leak into code-server. */
function cleanEnv(extra) {
  const env = { ...process.env };
  // code-server reads these as overrides of its flags ($PORT beats --bind-addr).
  for (const key of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'CS_DISABLE_FILE_DOWNLOADS'])
    delete env[key];
  // When this runs inside a VS Code terminal these point at *that* VS Code.
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  return { ...env, ...extra };
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it listens.
 * Everything it writes goes below `stateDir` (user data, extensions, its own
 * config and logs), so nothing is read from or written to the user's home.
 *
 * @param {object} options
 * @param {string} options.stateDir        empty folder owned by the caller
 * @param {string} [options.workspace]     folder to open by default
 * @param {number} [options.port]          0 (default) = any free port
 * @param {Record<string,string>} [options.env]   extra environment; the extension host inherits it
 * @param {Record<string,unknown>} [options.settings]  user settings (merged over QUIET_SETTINGS)
 * @param {string} [options.extensionsDir] defaults to <stateDir>/extensions
 * @param {number} [options.startTimeoutMs]
 * @param {(line: string) => void} [options.onLine]  every output line, e.g. to echo it
 */
export async function startCodeServer(options) {
  const cs = findCodeServer();
  if (!cs.ok) throw new HarnessError(`${cs.reason}. Install it with: ${INSTALL_COMMAND}`);
  installExitHooks();
  const { stateDir, workspace, port = 0, startTimeoutMs = 60_000, onLine } = options;
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(stateDir, 'extensions');
  const configFile = path.join(stateDir, 'code-server.yaml');
  const logFile = path.join(stateDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );
  // An explicit config file: otherwise code-server creates ~/.config/code-server/config.yaml
  // with a password and would apply whatever the user has in there.
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const args = [
    cs.entry,
    '--config',
    configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    // Without it the trust prompt is refused in test mode and the window opens
    // in Restricted Mode, where our extension would not run.
    '--disable-workspace-trust',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(workspace ? [workspace] : []),
  ];
  const env = cleanEnv({
    // code-server keeps logs and state under XDG dirs; keep them in stateDir.
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
    // No extension marketplace: code-server defaults to open-vsx.org, and
    // these runs must talk to 127.0.0.1 only. A gallery without serviceUrl
    // counts as disabled in VS Code.
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
  });
  const log = fs.createWriteStream(logFile);
  const tail = [];
  const child = spawn(process.execPath, args, {
    cwd: stateDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: code-server forks the VS Code server, which forks the
    // extension host and pty host; killing the group stops all of them.
    detached: true,
  });
  liveGroups.add(child.pid);
  const listeners = new Set();
  const onOutput = (chunk) => {
    log.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 400) tail.shift();
      onLine?.(line);
      for (const l of listeners) l(line);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  let exited;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      liveGroups.delete(child.pid);
      resolve(exited);
    }),
  );

  const server = {
    child,
    logFile,
    userDataDir,
    extensionsDir,
    port: 0,
    origin: '',
    /** The last `n` lines code-server printed (plus any lines added with note()). */
    logTail: (n = 60) => tail.slice(-n).join('\n'),
    /** Adds a line to the log (e.g. browser console output) for failure reports. */
    note: (line) => {
      onOutput(Buffer.from(`${line}\n`));
    },
    exited: () => exited,
    exitPromise,
    /** Calls `fn` for every future output line; returns an unsubscribe function. */
    onLine: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** vscode-remote URI for a path on this machine, as the web workbench needs it. */
    remoteUri: (absPath) => `vscode-remote://127.0.0.1:${server.port}${encodePath(absPath)}`,
    /** Workbench URL opening `folder`, optionally with a `payload` (dev/test options). */
    workbenchUrl: ({ folder, payload } = {}) => {
      const params = new URLSearchParams();
      if (folder) params.set('folder', folder);
      if (payload) params.set('payload', JSON.stringify(payload));
      // Slashes need no escaping in a query; keeping them makes the printed URL readable.
      return `${server.origin}/?${params.toString().replace(/%2F/gi, '/')}`;
    },
    /** Stops code-server and everything it started; safe to call twice. */
    stop: async () => {
      if (!exited) {
        killGroup(child.pid, 'SIGTERM');
        const stopped = await Promise.race([exitPromise, new Promise((r) => setTimeout(() => r(undefined), 5_000))]);
        if (!stopped) killGroup(child.pid, 'SIGKILL');
        await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 2_000))]);
      }
      // The server may have exited while its children (extension host) live on.
      killGroup(child.pid, 'SIGKILL');
      liveGroups.delete(child.pid);
      await new Promise((r) => log.end(r));
    },
  };

  try {
    const listening = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new HarnessError(`code-server did not start listening within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      const unsubscribe = server.onLine((line) => {
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(line);
        if (m) {
          clearTimeout(timer);
          unsubscribe();
          resolve({ origin: m[1], port: Number(m[2]) });
        }
      });
      exitPromise.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new HarnessError(`code-server exited during startup (code ${code}, signal ${signal})`));
      });
    });
    server.origin = listening.origin;
    server.port = listening.port;
  } catch (err) {
    await server.stop();
    throw new HarnessError(`${err.message}\n--- code-server log (${logFile}) ---\n${server.logTail()}`);
  }
  return server;
}

function encodePath(absPath) {
  return absPath.split('/').map(encodeURIComponent).join('/');
}

// ---------------------------------------------------------------------------
// Chromium via playwright-core

export const CHROMIUM_ARGS = [
  '--no-sandbox', // we usually run as root in a container, where the sandbox cannot start
  '--disable-gpu',
  '--disable-dev-shm-usage', // small /dev/shm in containers crashes renderers
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  // Every host name except the loopback address fails to resolve, so nothing
  // the workbench or an extension's webview asks for can leave this machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/**
 * Launches headless Debian Chromium. Playwright's own browser download does
 * not work offline, so the system browser is passed as executablePath.
 */
export async function launchChromium({ headless = true } = {}) {
  const executablePath = findChromium();
  if (!executablePath) throw new HarnessError(`Chromium not found. Install it with: ${APT_COMMAND}`);
  const { chromium } = await import('playwright-core');
  // Chromium keeps its crash-report database under $XDG_CONFIG_HOME/chromium
  // even with a temporary profile; point it at a temp dir so test runs leave
  // nothing in the user's home.
  const home = await makeTempDir('spec-handoff-chromium-');
  const browser = await chromium.launch({
    executablePath,
    headless,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    env: { ...process.env, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
  });
  const close = browser.close.bind(browser);
  browser.close = async (...args) => {
    try {
      await close(...args);
    } finally {
      await removeTempDir(home);
    }
  };
  return browser;
}

/**
 * Watches code-server's log for the extension host exiting. Runners that
 * poll for a results file use it to fail fast: an exit without results means
 * the code in the extension host crashed before writing them. Returns a
 * function giving `{ code, at }` once the exit was seen, else undefined.
 */
export function watchExtensionHostExit(server) {
  let exit;
  server.onLine((line) => {
    const m = /Extension Host Process exited with code: (-?\d+|null)/.exec(line);
    if (m) exit ??= { code: m[1], at: Date.now() };
  });
  return () => exit;
}

/**
 * Forwards the page's console errors and crashes into the server log, so a
 * failure report shows what the workbench complained about.
 */
export function captureBrowserLog(page, server, { verbose = false } = {}) {
  page.on('console', (msg) => {
    if (verbose || msg.type() === 'error') server.note(`[browser ${msg.type()}] ${msg.text()}`);
  });
  page.on('pageerror', (err) => server.note(`[browser pageerror] ${err.message}`));
  page.on('crash', () => server.note('[browser] page crashed'));
}

// ---------------------------------------------------------------------------
// Counts protocol (see test/run-all.mjs)

/** Writes {passed, failed, skipped} to $SPEC_HANDOFF_COUNTS_FILE if set. */
export function writeCounts(counts) {
  const file = process.env.SPEC_HANDOFF_COUNTS_FILE;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ passed: counts.passed, failed: counts.failed, skipped: counts.skipped }));
}

/**
 * What to do when the real VS Code cannot run here. On CI (CI=true) that is a
 * failure: a green build must not silently skip the editor tests. Locally it is
 * a loud skip with instructions. Exits the process.
 */
export function exitForMissingPrerequisites(suiteName, problems) {
  const isCi = /^(true|1)$/i.test(process.env.CI ?? '');
  const lines = [
    `${suiteName}: cannot run — a real VS Code (code-server) or Chromium is missing:`,
    ...problems.map((p) => `  - ${p}`),
    'To set up this machine:',
    `  ${APT_COMMAND}`,
    `  ${INSTALL_COMMAND}`,
  ];
  if (isCi) {
    console.error(
      ['', '!'.repeat(72), ...lines, 'CI=true, so this counts as a FAILURE.', '!'.repeat(72), ''].join('\n'),
    );
    writeCounts({ passed: 0, failed: 1, skipped: 0 });
    process.exit(1);
  }
  console.warn(
    [
      '',
      '*'.repeat(72),
      ...lines,
      `SKIPPING the ${suiteName} suite (set CI=true to make this a failure).`,
      '*'.repeat(72),
      '',
    ].join('\n'),
  );
  writeCounts({ passed: 0, failed: 0, skipped: 1 });
  process.exit(0);
}
