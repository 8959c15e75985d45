#!/usr/bin/env node
// Runs the in-editor mocha suite (test/vscode/suite/) inside a real VS Code.
//
//   node test/vscode/run.mjs
//
// 1. Bundles test/vscode/suite/index.ts and every *.test.ts into out/test/vscode/
//    (the extension itself comes from `npm run build` into dist/; built here
//    with scripts/build.mjs if dist is missing).
// 2. Picks a VS Code:
//    a. desktop, through @vscode/test-electron's runTests, when one is available:
//       $SPEC_HANDOFF_VSCODE_EXECUTABLE, `code` on PATH, or a download allowed by
//       SPEC_HANDOFF_ALLOW_DOWNLOAD=1. Desktop needs a display (Linux: $DISPLAY).
//    b. otherwise code-server 4.100.3 (= VS Code 1.100.3, installed by
//       scripts/vscode/install-code-server.sh) on 127.0.0.1, opened in headless
//       Chromium with the workbench `payload` URL parameter that carries
//       extensionDevelopmentPath and extensionTestsPath.
//    SPEC_HANDOFF_VSCODE_MODE=desktop|web forces one.
// 3. The suite writes a results JSON (path in $SPEC_HANDOFF_VSCODE_RESULTS, which
//    the extension host inherits); this prints it like mocha's spec reporter and
//    writes {passed, failed, skipped} to $SPEC_HANDOFF_COUNTS_FILE for test/run-all.mjs.
//
// Other environment:
//   SPEC_HANDOFF_EXTENSION_PATH     extension folder to load (default: repo root)
//   SPEC_HANDOFF_VSCODE_TIMEOUT_MS  overall limit for the VS Code run (default 300000)
//   SPEC_HANDOFF_VSCODE_GREP        only tests whose full title matches
//   SPEC_HANDOFF_VSCODE_SELFTEST=1  adds a deliberately failing test (checks this runner)
//   SPEC_HANDOFF_VSCODE_VERBOSE=1   echo code-server's and the browser's log
//   CI=true                         missing code-server/Chromium is a failure, not a skip
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  CODE_SERVER_VERSION,
  HarnessError,
  TimeoutError,
  captureBrowserLog,
  ensureExtensionBuilt,
  exitForMissingPrerequisites,
  launchChromium,
  makeTempDir,
  removeTempDir,
  repoRoot,
  startCodeServer,
  waitFor,
  webPrerequisiteProblems,
  which,
  writeCounts,
  watchExtensionHostExit,
} from '../../scripts/vscode/lib.mjs';

const suiteSrc = path.join(repoRoot, 'test', 'vscode', 'suite');
const outDir = path.join(repoRoot, 'out', 'test', 'vscode');
const workspaceTemplate = path.join(repoRoot, 'examples', 'workspace');
/** A copy of the last results file, for looking at after the run. */
const keptResults = path.join(repoRoot, 'test-results', 'vscode.results.json');
const extensionPath = path.resolve(process.env.SPEC_HANDOFF_EXTENSION_PATH || repoRoot);
const overallTimeoutMs = Number(process.env.SPEC_HANDOFF_VSCODE_TIMEOUT_MS) || 5 * 60_000;
const verbose = process.env.SPEC_HANDOFF_VSCODE_VERBOSE === '1';

const log = (msg) => console.log(`[vscode-tests] ${msg}`);

async function main() {
  const started = Date.now();
  const target = chooseVSCode();
  if (target.kind === 'web') {
    const problems = webPrerequisiteProblems();
    if (problems.length) exitForMissingPrerequisites('in-editor (vscode) tests', problems);
  }

  ensureExtensionBuilt(extensionPath, log);
  await buildSuite();
  log(`extension under test: ${extensionPath}`);

  const tmp = await makeTempDir('spec-handoff-vscode-');
  let results;
  try {
    // Tests may create and edit files, so they get a throwaway copy.
    const workspace = path.join(tmp, 'workspace');
    await fsp.cp(workspaceTemplate, workspace, { recursive: true });
    const resultsFile = path.join(tmp, 'results.json');
    results =
      target.kind === 'desktop'
        ? await runDesktop(target, { tmp, workspace, resultsFile })
        : await runWeb({ tmp, workspace, resultsFile });
  } finally {
    await removeTempDir(tmp);
  }

  report(results, target, Date.now() - started);
  writeCounts(results.counts);
  process.exitCode = results.counts.failed > 0 || results.error ? 1 : 0;
}

// ---------------------------------------------------------------------------

/**
 * Desktop when one is usable, else code-server. A desktop build on Linux with
 * no display cannot start, so then code-server is used even if `code` exists.
 */
function chooseVSCode() {
  const forced = process.env.SPEC_HANDOFF_VSCODE_MODE;
  if (forced && forced !== 'desktop' && forced !== 'web')
    throw new HarnessError(`SPEC_HANDOFF_VSCODE_MODE must be "desktop" or "web", not "${forced}"`);
  if (forced === 'web') return { kind: 'web' };

  let desktop;
  if (process.env.SPEC_HANDOFF_VSCODE_EXECUTABLE) {
    desktop = {
      kind: 'desktop',
      executable: path.resolve(process.env.SPEC_HANDOFF_VSCODE_EXECUTABLE),
      source: '$SPEC_HANDOFF_VSCODE_EXECUTABLE',
    };
  } else if (which('code') && desktopExecutableFromCli(which('code'))) {
    desktop = { kind: 'desktop', executable: desktopExecutableFromCli(which('code')), source: '`code` on PATH' };
  } else if (process.env.SPEC_HANDOFF_ALLOW_DOWNLOAD === '1') {
    desktop = {
      kind: 'desktop',
      version: process.env.SPEC_HANDOFF_VSCODE_VERSION || 'stable',
      source: 'download (SPEC_HANDOFF_ALLOW_DOWNLOAD=1)',
    };
  }
  if (forced === 'desktop' && !desktop)
    throw new HarnessError(
      'SPEC_HANDOFF_VSCODE_MODE=desktop but no desktop VS Code: set SPEC_HANDOFF_VSCODE_EXECUTABLE, put `code` on PATH or set SPEC_HANDOFF_ALLOW_DOWNLOAD=1',
    );
  if (!desktop) return { kind: 'web' };
  const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (headlessLinux && forced !== 'desktop') {
    log(
      `a desktop VS Code is available (${desktop.source}) but there is no display ($DISPLAY is unset); using code-server instead (run under xvfb-run, or set SPEC_HANDOFF_VSCODE_MODE=desktop, to use the desktop build)`,
    );
    return { kind: 'web' };
  }
  return desktop;
}

/**
 * `code` on PATH is a launcher script; runTests needs the Electron binary it
 * starts. Known layouts: Linux <app>/bin/code -> <app>/code, macOS
 * .../Contents/Resources/app/bin/code -> .../Contents/MacOS/Electron,
 * Windows <app>\bin\code.cmd -> <app>\Code.exe. A `code` that is none of these
 * (e.g. the remote CLI inside a VS Code terminal) is not a desktop build.
 */
function desktopExecutableFromCli(cli) {
  let real;
  try {
    real = fs.realpathSync(cli);
  } catch {
    return undefined;
  }
  const binDir = path.dirname(real);
  const candidates = [
    path.join(binDir, '..', 'code'),
    path.join(binDir, '..', '..', '..', 'MacOS', 'Electron'),
    path.join(binDir, '..', '..', '..', 'MacOS', 'Code'),
    path.join(binDir, '..', 'Code.exe'),
  ];
  return candidates.map((c) => path.resolve(c)).find((c) => c !== real && fs.existsSync(c) && fs.statSync(c).isFile());
}

// ---------------------------------------------------------------------------

/** Bundles the suite: one CommonJS file per entry, `vscode` and `mocha` left to require(). */
async function buildSuite() {
  const { build } = await import('esbuild');
  const entryPoints = [path.join(suiteSrc, 'index.ts'), ...findFiles(suiteSrc, (f) => f.endsWith('.test.ts'))];
  // Start clean so a deleted test does not keep running from a stale bundle.
  await fsp.rm(outDir, { recursive: true, force: true });
  const t0 = Date.now();
  await build({
    entryPoints,
    outbase: suiteSrc,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline', // stack traces in failure reports point at the .ts lines
    // `vscode` only exists inside the extension host; mocha must be the single
    // copy from node_modules that index.ts configures (describe/it globals).
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  log(
    `bundled ${entryPoints.length - 1} test file(s) into ${path.relative(repoRoot, outDir)} in ${Date.now() - t0} ms`,
  );
}

function findFiles(dir, keep) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? findFiles(full, keep) : keep(full) ? [full] : [];
  });
}

/** Reads the suite's results file; undefined until it has been written completely. */
function readResults(file) {
  if (!fs.existsSync(file)) return undefined;
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(path.dirname(keptResults), { recursive: true });
  fs.copyFileSync(file, keptResults);
  return results;
}

// ---------------------------------------------------------------------------
// (b) code-server + Chromium

async function runWeb({ tmp, workspace, resultsFile }) {
  const extensionTests = path.join(outDir, 'index.js');
  let server;
  let browser;
  const deadline = Date.now() + overallTimeoutMs;
  try {
    log(`starting code-server ${CODE_SERVER_VERSION} on 127.0.0.1`);
    server = await startCodeServer({
      stateDir: path.join(tmp, 'code-server'),
      workspace,
      // The extension host inherits this environment: that is how the suite
      // learns where to write its results.
      env: { SPEC_HANDOFF_VSCODE_RESULTS: resultsFile },
      onLine: verbose ? (line) => console.log(`  [code-server] ${line}`) : undefined,
    });
    log(`code-server listening on ${server.origin}; opening the workbench in headless Chromium`);

    // An extension host exit without a results file means the code in it crashed before writing one.
    const exthostExit = watchExtensionHostExit(server);

    browser = await launchChromium();
    const page = await browser.newPage();
    captureBrowserLog(page, server, { verbose });
    const url = server.workbenchUrl({
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
        ['extensionTestsPath', server.remoteUri(extensionTests)],
      ],
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    try {
      return await waitFor(
        () => {
          const results = readResults(resultsFile);
          if (results) return results;
          if (server.exited())
            throw new HarnessError(
              `code-server exited while the suite was running (${JSON.stringify(server.exited())})`,
            );
          // Give the file system a moment after the exit line before calling it a crash.
          if (exthostExit() && Date.now() - exthostExit().at > 3_000) {
            throw new HarnessError(
              `the extension host exited with code ${exthostExit().code} without writing results (did test/vscode/suite/index.js fail to load?)`,
            );
          }
          return undefined;
        },
        {
          timeoutMs: Math.max(0, deadline - Date.now()),
          intervalMs: 250,
          description: 'the in-editor suite to write its results',
        },
      );
    } catch (err) {
      let message =
        err instanceof TimeoutError
          ? `the in-editor suite did not finish within ${overallTimeoutMs / 1000} s (SPEC_HANDOFF_VSCODE_TIMEOUT_MS); it never wrote ${resultsFile}`
          : explain(err);
      const shot = path.join(repoRoot, 'test-results', 'vscode-failure.png');
      await page.screenshot({ path: shot, timeout: 10_000 }).then(
        () => {
          message += `\nscreenshot of the workbench: ${path.relative(repoRoot, shot)}`;
        },
        () => {},
      );
      throw new HarnessError(message);
    }
  } catch (err) {
    if (!server) throw err;
    throw new HarnessError(
      `${explain(err)}\n--- last lines of the code-server log (browser console errors included) ---\n${server.logTail(80)}\n--- end of log ---`,
    );
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
}

// ---------------------------------------------------------------------------
// (a) desktop VS Code via @vscode/test-electron

async function runDesktop(target, { tmp, workspace, resultsFile }) {
  const { runTests } = await import('@vscode/test-electron');
  log(`running the suite in desktop VS Code (${target.source}: ${target.executable ?? target.version})`);
  const options = {
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: path.join(outDir, 'index.js'),
    // Own, empty profile and extensions folders: the user's extensions and
    // settings must not influence the run (runTests adds --disable-workspace-trust).
    launchArgs: [
      workspace,
      `--user-data-dir=${path.join(tmp, 'user-data')}`,
      `--extensions-dir=${path.join(tmp, 'extensions')}`,
      '--disable-gpu',
    ],
    extensionTestsEnv: { SPEC_HANDOFF_VSCODE_RESULTS: resultsFile },
    ...(target.executable ? { vscodeExecutablePath: target.executable } : { version: target.version }),
  };
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`desktop VS Code did not finish within ${overallTimeoutMs} ms`)),
      overallTimeoutMs,
    );
  });
  let runError;
  try {
    // runTests rejects when VS Code exits non-zero, which is also what a
    // failing test does; the results file is what decides.
    await Promise.race([
      runTests(options).catch((err) => {
        runError = err;
      }),
      timeout,
    ]);
  } catch (err) {
    killDescendants(process.pid); // runTests keeps its child to itself
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const results = readResults(resultsFile);
  if (!results) {
    throw new HarnessError(
      runError
        ? `desktop VS Code did not run the suite: ${runError.message}`
        : 'desktop VS Code exited without the suite writing results (see its output above)',
    );
  }
  return results;
}

/** Kills every process below `pid` (by process id, found through ps). */
function killDescendants(pid) {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  if (ps.status !== 0) return;
  const children = new Map();
  for (const line of ps.stdout.split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!child) continue;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(child);
  }
  const stack = [...(children.get(pid) ?? [])];
  while (stack.length) {
    const p = stack.pop();
    stack.push(...(children.get(p) ?? []));
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

// ---------------------------------------------------------------------------

function report(results, target, elapsedMs) {
  const where =
    target.kind === 'web'
      ? `web workbench from code-server ${CODE_SERVER_VERSION} in headless Chromium`
      : `desktop, ${target.source}`;
  console.log(
    `\nVS Code ${results.vscodeVersion} (${results.appName}; ${where}; extension host uiKind=${results.uiKind}${results.remoteName ? `, remote=${results.remoteName}` : ''})`,
  );
  const failures = [];
  let lastGroup;
  for (const t of results.tests) {
    const group = t.fullTitle.endsWith(t.title) ? t.fullTitle.slice(0, -t.title.length).trim() : '';
    if (group !== lastGroup) {
      console.log(`  ${group}`);
      lastGroup = group;
    }
    if (t.state === 'passed') console.log(`    ✔ ${t.title}${t.durationMs ? ` (${t.durationMs} ms)` : ''}`);
    else if (t.state === 'skipped') console.log(`    - ${t.title} (skipped)`);
    else {
      failures.push(t);
      console.log(`    ${failures.length}) ${t.title}`);
    }
  }
  if (results.error) console.log(`\n  the suite could not run:\n${indent(trimStack(results.error), 4)}`);
  failures.forEach((t, i) => {
    console.log(`\n  ${i + 1}) ${t.fullTitle}${t.file ? ` [${t.file}]` : ''}`);
    console.log(indent(trimStack(t.error?.stack ?? t.error?.message ?? 'failed without an error'), 6));
  });
  const c = results.counts;
  console.log(
    `\n  ${c.passed} passing, ${c.failed} failing, ${c.skipped} skipped — in-editor suite on VS Code ${results.vscodeVersion}, ${(elapsedMs / 1000).toFixed(1)} s in total`,
  );
}

/** The message of an expected failure, the stack of anything else. */
function explain(err) {
  return err instanceof HarnessError ? err.message : (err?.stack ?? String(err));
}

/** Drops stack frames inside Node, mocha and VS Code itself: they never explain a test failure. */
function trimStack(stack) {
  return stack
    .split('\n')
    .filter(
      (line) =>
        !/^\s+at .*(node:internal|\/node_modules\/mocha\/|\/lib\/vscode\/out\/|\(<anonymous>\)|new Promise)/.test(line),
    )
    .join('\n');
}

function indent(text, n) {
  return text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

// Explicit exits: a forgotten handle (stream, timer) must never keep the runner alive.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    // Our own errors carry all the context in their message; anything else is a
    // bug in this runner, where the stack is what helps.
    console.error(`\n[vscode-tests] FAILED: ${explain(err)}`);
    writeCounts({ passed: 0, failed: 1, skipped: 0 });
    process.exit(1);
  },
);
