#!/usr/bin/env node
// Runs the web suite (test/web/suite/): the extension as a WEB extension, in
// VS Code's web worker extension host — what github.dev and vscode.dev run.
//
//   node test/web/run.mjs
//
// Offline, per ../shared/recipes/web-extension-offline.md: code-server 4.100.3
// (= VS Code 1.100.3, scripts/vscode/install-code-server.sh) on 127.0.0.1 and
// Debian's Chromium driven by playwright-core. An extension with both `main`
// and `browser` runs in the remote Node host by default; the user setting
// `remote.extensionKind: { "spec-handoff.spec-handoff": ["web"] }` puts it in
// the web worker, where it loads dist/client-web.js and starts
// dist/server-web.js in a worker. The workspace is reached as vscode-remote:
// URIs, i.e. only through vscode.workspace.fs, as on github.dev.
//
// 1. Builds the web bundles (scripts/build.mjs) and the suite: ONE CommonJS
//    file for the browser (the worker's require gives nothing but `vscode`),
//    mocha's browser build inside.
// 2. Opens the workbench with extensionDevelopmentPath/extensionTestsPath in
//    the `payload` URL parameter.
// 3. The suite writes web-suite-results.json into the workspace through
//    vscode.workspace.fs; this prints it and writes the counts for
//    test/run-all.mjs. The workbench's codeAutomationExit/Log calls are
//    exposed too: an exit without results is a crash, and the log lines are
//    echoed with SPEC_HANDOFF_VSCODE_VERBOSE=1.
//
// Environment: SPEC_HANDOFF_VSCODE_TIMEOUT_MS (default 300000),
// SPEC_HANDOFF_VSCODE_VERBOSE=1, CI=true (a missing code-server/Chromium fails).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  CODE_SERVER_VERSION,
  HarnessError,
  TimeoutError,
  captureBrowserLog,
  exitForMissingPrerequisites,
  extensionManifest,
  launchChromium,
  makeTempDir,
  removeTempDir,
  repoRoot,
  startCodeServer,
  waitFor,
  webPrerequisiteProblems,
  writeCounts,
} from '../../scripts/vscode/lib.mjs';

const suiteSrc = path.join(repoRoot, 'test', 'web', 'suite');
const outDir = path.join(repoRoot, 'out', 'test', 'web');
const workspaceTemplate = path.join(repoRoot, 'examples', 'workspace');
const keptResults = path.join(repoRoot, 'test-results', 'web.results.json');
const RESULTS_FILE = 'web-suite-results.json';
const overallTimeoutMs = Number(process.env.SPEC_HANDOFF_VSCODE_TIMEOUT_MS) || 5 * 60_000;
const verbose = process.env.SPEC_HANDOFF_VSCODE_VERBOSE === '1';

const log = (msg) => console.log(`[web-tests] ${msg}`);

async function main() {
  const started = Date.now();
  const problems = webPrerequisiteProblems();
  if (problems.length) exitForMissingPrerequisites('web extension tests', problems);

  const { buildBundles } = await import('../../scripts/build.mjs');
  await buildBundles({ only: ['client-web.js', 'server-web.js'] });
  await buildSuite();

  const tmp = await makeTempDir('spec-handoff-web-');
  let results;
  try {
    const workspace = path.join(tmp, 'workspace');
    await fsp.cp(workspaceTemplate, workspace, { recursive: true });
    results = await runWeb({ tmp, workspace });
  } finally {
    await removeTempDir(tmp);
  }
  report(results, Date.now() - started);
  writeCounts(results.counts);
  process.exitCode = results.counts.failed > 0 ? 1 : 0;
}

async function buildSuite() {
  const { build } = await import('esbuild');
  await fsp.rm(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(suiteSrc, 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

async function runWeb({ tmp, workspace }) {
  const { id } = extensionManifest(repoRoot);
  const resultsFile = path.join(workspace, RESULTS_FILE);
  let server;
  let browser;
  try {
    log(`starting code-server ${CODE_SERVER_VERSION} on 127.0.0.1 (${id} as a web extension)`);
    server = await startCodeServer({
      stateDir: path.join(tmp, 'code-server'),
      workspace,
      settings: { 'remote.extensionKind': { [id]: ['web'] } },
      onLine: verbose ? (line) => console.log(`  [code-server] ${line}`) : undefined,
    });
    browser = await launchChromium();
    const page = await browser.newPage();
    captureBrowserLog(page, server, { verbose });
    let exitCode;
    // Before goto: the workbench looks for these when the extension tests end.
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = `[${type}] ${(Array.isArray(args) ? args : [args]).map(String).join(' ')}`;
      server.note(text);
      if (verbose) console.log(`  [tests] ${text}`);
    });
    const url = server.workbenchUrl({
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
        ['extensionTestsPath', server.remoteUri(path.join(outDir, 'index.js'))],
      ],
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    try {
      return await waitFor(
        () => {
          if (fs.existsSync(resultsFile)) {
            const text = fs.readFileSync(resultsFile, 'utf8');
            try {
              const results = JSON.parse(text);
              fs.mkdirSync(path.dirname(keptResults), { recursive: true });
              fs.writeFileSync(keptResults, text);
              return results;
            } catch {
              return undefined; // still being written
            }
          }
          if (server.exited()) throw new HarnessError(`code-server exited (${JSON.stringify(server.exited())})`);
          if (exitCode !== undefined)
            throw new HarnessError(`the web extension host ended the tests with code ${exitCode} but wrote no results`);
          return undefined;
        },
        { timeoutMs: overallTimeoutMs, intervalMs: 250, description: 'the web suite to write its results' },
      );
    } catch (err) {
      const shot = path.join(repoRoot, 'test-results', 'web-failure.png');
      await page.screenshot({ path: shot, timeout: 10_000 }).catch(() => {});
      throw err instanceof TimeoutError
        ? new HarnessError(`the web suite did not finish within ${overallTimeoutMs / 1000} s (screenshot: ${shot})`)
        : err;
    }
  } catch (err) {
    if (!server) throw err;
    throw new HarnessError(`${err.message}\n--- last lines of the code-server log ---\n${server.logTail(80)}\n---`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
}

function report(results, elapsedMs) {
  console.log(
    `\nVS Code ${results.vscodeVersion} (${results.appName}; web worker extension host, uiKind=${results.uiKind})`,
  );
  const failures = results.tests.filter((t) => t.state === 'failed');
  for (const t of results.tests)
    console.log(`    ${t.state === 'passed' ? '✔' : t.state === 'skipped' ? '-' : '✗'} ${t.fullTitle}`);
  for (const [i, t] of failures.entries())
    console.log(`\n  ${i + 1}) ${t.fullTitle}\n${(t.error?.stack ?? t.error?.message ?? '').replace(/^/gm, '      ')}`);
  const c = results.counts;
  console.log(
    `\n  ${c.passed} passing, ${c.failed} failing, ${c.skipped} skipped — web suite, ${(elapsedMs / 1000).toFixed(1)} s in total`,
  );
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(`\n[web-tests] FAILED: ${err instanceof HarnessError ? err.message : (err?.stack ?? err)}`);
    writeCounts({ passed: 0, failed: 1, skipped: 0 });
    process.exit(1);
  },
);
