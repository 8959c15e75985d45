// Bench stage d: extension activation time in a real VS Code (code-server
// 4.100.3 = VS Code 1.100.3, opened in headless Debian Chromium; the plumbing
// of scripts/vscode/lib.mjs that the in-editor tests use).
//
// Every measurement gets a fresh VS Code: a new code-server (so a new
// extension host, a new language server process, an empty user-data and
// extensions folder) and a new Chromium. An extension activates only once per
// extension host, and reusing a code-server would carry its caches (extension
// scan, file system watchers) from one measurement into the next; the
// page cache of the OS is the only thing shared, and it is warm for all.
//
// Each round times both subjects, each in its own VS Code, in alternating order:
//   ours      spec-handoff.spec-handoff, installed like a user install (a link
//             in the extensions folder). The built-in Markdown extension is
//             activated first, untimed, and left to settle: it is part of every
//             VS Code, and opening the spec would activate it during our timing;
//   markdown  VS Code's built-in Markdown extension
//             (vscode.markdown-language-features), with ours not installed
//             (opening the spec would activate it).
// The workspace holds one file, a copy of test/fixtures/complete.spec.md.
// What is timed inside the extension host: see bench/activation-host/measure.cjs.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  CODE_SERVER_VERSION,
  HarnessError,
  TimeoutError,
  captureBrowserLog,
  ensureExtensionBuilt,
  launchChromium,
  linkExtension,
  makeTempDir,
  removeTempDir,
  repoRoot,
  startCodeServer,
  waitFor,
  webPrerequisiteProblems,
  watchExtensionHostExit,
} from '../scripts/vscode/lib.mjs';

const HOST_EXTENSION = path.join(repoRoot, 'bench', 'activation-host');
const MEASURE = path.join(HOST_EXTENSION, 'measure.cjs');
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'complete.spec.md');
const RUN_TIMEOUT_MS = 120_000;

export const SUBJECTS = {
  ours: 'spec-handoff.spec-handoff',
  markdown: 'vscode.markdown-language-features',
};

/** Why stage d cannot run here (code-server or Chromium missing), or undefined. */
export function activationSkipReason() {
  const problems = webPrerequisiteProblems();
  return problems.length ? `needs a real VS Code: ${problems.join('; ')}` : undefined;
}

/**
 * @param {object} options
 * @param {number} options.rounds       each round = one VS Code per subject
 * @param {number} [options.settleMs]   idle time in the extension host before activate()
 * @param {(line: string) => void} [options.log]
 * @param {boolean} [options.verbose]   echo code-server's output
 */
export async function benchActivation({ rounds, settleMs = 2000, log = () => {}, verbose = false }) {
  const skipped = activationSkipReason();
  if (skipped) return { skipped };
  ensureExtensionBuilt(repoRoot, log);

  const runs = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['ours', 'markdown'] : ['markdown', 'ours'];
    for (const subject of order) {
      const r = await runOnce(subject, { settleMs, verbose });
      log(
        `round ${round + 1}/${rounds} ${subject}: activate ${fmt(r.activateMs)}, server ready ${fmt(r.serverReadyMs)}, diagnostics ${fmt(r.toDiagnosticsMs)} (whole run ${fmt(r.wallMs)})`,
      );
      runs.push({ round: round + 1, ...r });
    }
  }

  const of = (subject, key) =>
    runs
      .filter((r) => r.subject === subject)
      .map((r) => r[key])
      .filter((x) => typeof x === 'number');
  const stats = (subject, key) => {
    const xs = of(subject, key);
    return xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length } : null;
  };
  const figures = (subject) => ({
    extensionId: SUBJECTS[subject],
    activate: stats(subject, 'activateMs'),
    serverReady: stats(subject, 'serverReadyMs'),
    openToDiagnostics: stats(subject, 'openToDiagnosticsMs'),
    toDiagnostics: stats(subject, 'toDiagnosticsMs'),
    // Ours only (client middleware): exact, without the 50 ms debounce of onDidChangeDiagnostics.
    ...(subject === 'ours'
      ? {
          openToPublish: stats(subject, 'openToPublishMs'),
          toPublish: stats(subject, 'toPublishMs'),
          didOpenToPublish: stats(subject, 'didOpenToPublishMs'),
        }
      : {}),
  });
  const ours = figures('ours');
  const markdown = figures('markdown');
  const ratio = (key) => (ours[key] && markdown[key] ? ours[key].median / markdown[key].median : null);
  return {
    vscode: `${runs[0]?.vscodeVersion ?? '?'} (code-server ${CODE_SERVER_VERSION}, ${runs[0]?.remoteName ? 'remote Node extension host' : 'extension host'})`,
    rounds,
    settleMs,
    fixture: path.relative(repoRoot, FIXTURE),
    ours,
    markdown,
    ratioActivate: ratio('activate'),
    ratioServerReady: ratio('serverReady'),
    ratioToDiagnostics: ratio('toDiagnostics'),
    runs,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(0.5 * s.length) - 1))];
};
const fmt = (x) => (typeof x === 'number' ? `${x.toFixed(0)} ms` : 'n/a');

/** One fresh VS Code, one subject timed in it. */
async function runOnce(subject, { settleMs, verbose }) {
  const tmp = await makeTempDir('spec-handoff-bench-activation-');
  let server;
  let browser;
  try {
    const workspace = path.join(tmp, 'workspace');
    await fsp.mkdir(workspace, { recursive: true });
    const spec = path.join(workspace, path.basename(FIXTURE));
    await fsp.copyFile(FIXTURE, spec);
    const stateDir = path.join(tmp, 'code-server');
    if (subject === 'ours') linkExtension(path.join(stateDir, 'extensions'), repoRoot);
    const resultsFile = path.join(tmp, 'result.json');

    const started = performance.now();
    server = await startCodeServer({
      stateDir,
      workspace,
      // The extension host inherits this environment: that is how measure.cjs
      // learns what to time and where to write.
      env: {
        SPEC_HANDOFF_BENCH_SUBJECT: subject,
        SPEC_HANDOFF_BENCH_RESULTS: resultsFile,
        SPEC_HANDOFF_BENCH_SPEC: spec,
        SPEC_HANDOFF_BENCH_SETTLE_MS: String(settleMs),
      },
      onLine: verbose ? (line) => console.log(`  [code-server] ${line}`) : undefined,
    });
    // An extension host exit without a results file means the code in it crashed before writing one.
    const exthostExit = watchExtensionHostExit(server);
    browser = await launchChromium();
    const page = await browser.newPage();
    captureBrowserLog(page, server, { verbose });
    await page.goto(
      server.workbenchUrl({
        folder: workspace,
        payload: [
          ['extensionDevelopmentPath', server.remoteUri(HOST_EXTENSION)],
          ['extensionTestsPath', server.remoteUri(MEASURE)],
        ],
      }),
      { waitUntil: 'domcontentloaded', timeout: 60_000 },
    );

    let result;
    try {
      result = await waitFor(
        () => {
          if (fs.existsSync(resultsFile)) return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
          if (server.exited())
            throw new HarnessError(`code-server exited during the measurement (${JSON.stringify(server.exited())})`);
          if (exthostExit() && Date.now() - exthostExit().at > 3_000)
            throw new HarnessError(`the extension host exited with code ${exthostExit().code} without writing results`);
          return undefined;
        },
        { timeoutMs: RUN_TIMEOUT_MS, intervalMs: 100, description: `the ${subject} activation measurement` },
      );
    } catch (err) {
      const why = err instanceof TimeoutError ? `no result within ${RUN_TIMEOUT_MS / 1000} s` : err.message;
      throw new HarnessError(
        `bench (activation, ${subject}): ${why}\n--- last lines of the code-server log ---\n${server.logTail(60)}`,
      );
    }
    if (result.error) throw new HarnessError(`bench (activation, ${subject}) failed inside VS Code:\n${result.error}`);
    return { ...result, wallMs: performance.now() - started };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    await removeTempDir(tmp);
  }
}
