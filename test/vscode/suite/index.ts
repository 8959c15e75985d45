// Entry point of the in-editor test suite. VS Code loads this module inside its
// extension host (desktop via @vscode/test-electron, or code-server's Node
// extension host via the workbench `payload` URL parameter) and awaits `run()`.
// It runs every bundled *.test.js next to it with mocha (bdd: describe/it) and
// writes a results JSON that test/vscode/run.mjs turns into counts and a report.
// Results go to a file rather than stdout because in the web setup the
// extension host's stdout never reaches the runner.
import * as fs from 'node:fs';
import { findSourceMap } from 'node:module';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** One test (or a failed hook) as the runner reports it. */
export interface TestRecord {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

/** Shape of the results file; keep in sync with test/vscode/run.mjs. */
export interface SuiteResults {
  vscodeVersion: string;
  appName: string;
  uiKind: 'desktop' | 'web';
  remoteName: string | undefined;
  counts: { passed: number; failed: number; skipped: number };
  tests: TestRecord[];
  startedAt: string;
  finishedAt: string;
  /** Set when the suite could not run at all (e.g. a test file failed to load). */
  error?: string;
}

export async function run(): Promise<void> {
  // The bundles carry inline source maps. Node keeps them for modules loaded
  // from now on; mapStack() uses them, because VS Code's extension host
  // replaces Error.prepareStackTrace and so Node's own stack mapping never runs.
  process.setSourceMapsEnabled(true);
  const startedAt = new Date().toISOString();
  const tests: TestRecord[] = [];
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const resultsFile = process.env.SPEC_HANDOFF_VSCODE_RESULTS || path.join(__dirname, 'results.json');
  let fatal: string | undefined;

  const mocha = new Mocha({
    ui: 'bdd',
    // Generous per test: the first test pays for extension activation and the
    // language server start. Tests bound their own waits more tightly.
    timeout: Number(process.env.SPEC_HANDOFF_VSCODE_TEST_TIMEOUT_MS) || 30_000,
    color: false,
    // Visible on the terminal in the desktop setup; harmless elsewhere.
    reporter: 'spec',
    ...(process.env.SPEC_HANDOFF_VSCODE_GREP ? { grep: process.env.SPEC_HANDOFF_VSCODE_GREP } : {}),
  });
  // The runner bundles each *.test.ts next to this file (sub-folders kept).
  for (const file of findTestFiles(__dirname)) mocha.addFile(file);

  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
      runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
        counts.passed++;
        tests.push(record(test, 'passed'));
      });
      // Also fires for failing hooks (before/after...), which then count as a failure.
      runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: unknown) => {
        counts.failed++;
        tests.push({ ...record(test, 'failed'), error: describeError(err) });
      });
      runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
        counts.skipped++;
        tests.push(record(test, 'skipped'));
      });
    });
  } catch (err) {
    // Thrown synchronously by mocha.run, e.g. a test file that does not load.
    fatal = describeError(err).stack ?? String(err);
    counts.failed++;
  }

  const results: SuiteResults = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    remoteName: vscode.env.remoteName,
    counts,
    tests,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(fatal ? { error: fatal } : {}),
  };
  // Write-then-rename: the runner polls for this file and must never read half of it.
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(`${resultsFile}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${resultsFile}.tmp`, resultsFile);

  if (fatal) throw new Error(`the in-editor suite could not run: ${fatal}`);
  // Rejecting makes the extension host exit non-zero, which @vscode/test-electron reports.
  if (counts.failed > 0) throw new Error(`${counts.failed} in-editor test(s) failed`);
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findTestFiles(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

function record(test: Mocha.Runnable, state: TestRecord['state']): TestRecord {
  return {
    title: test.title,
    fullTitle: test.fullTitle(),
    ...(test.file ? { file: path.relative(__dirname, test.file) } : {}),
    state,
    ...(test.duration !== undefined ? { durationMs: test.duration } : {}),
  };
}

function describeError(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message, ...(err.stack ? { stack: mapStack(err.stack) } : {}) };
  return { message: String(err) };
}

/** Rewrites `(…/out/test/vscode/x.test.js:30:14)` frames to the .ts source lines. */
function mapStack(stack: string): string {
  return stack.replace(
    /(\(|at )(\/[^():\s]+\.js):(\d+):(\d+)/g,
    (frame, prefix: string, file: string, line: string, column: string) => {
      if (!file.startsWith(__dirname)) return frame;
      const entry = findSourceMap(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (!entry || !('originalSource' in entry)) return frame;
      const source = entry.originalSource.startsWith('file://')
        ? new URL(entry.originalSource).pathname
        : path.resolve(__dirname, entry.originalSource);
      return `${prefix}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    },
  );
}
