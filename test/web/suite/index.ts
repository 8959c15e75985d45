/**
 * Entry of the web suite, loaded by VS Code's web worker extension host
 * (`extensionTestsPath`): the extension under test runs there as a web
 * extension (test/web/run.mjs). No Node here: mocha's browser build, our own
 * assertions, and the results written into the workspace through
 * `vscode.workspace.fs` (the runner reads them from the disk).
 */
import 'mocha/mocha.js';
import * as vscode from 'vscode';

/** Where the runner looks for the results (workspace root). */
const RESULTS_FILE = 'web-suite-results.json';

interface TestRecord {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  error?: { message: string; stack?: string };
}

/** The part of mocha's browser global used here. */
interface BrowserMocha {
  setup(options: { ui: 'bdd'; timeout: number; reporter: unknown; grep?: string }): void;
  run(done: (failures: number) => void): {
    on(event: 'pass' | 'pending', listener: (test: Mocha.Test) => void): void;
    on(event: 'fail', listener: (test: Mocha.Runnable, error: unknown) => void): void;
  };
}

/** Mocha calls `new reporter(runner)`; the runner below collects the results itself. */
function QuietReporter(): void {}

export async function run(): Promise<void> {
  const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  mocha.setup({ ui: 'bdd', timeout: 60_000, reporter: QuietReporter });
  // After setup: describe/it exist now.
  require('./web.test');
  const tests: TestRecord[] = [];
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const record = (test: Mocha.Runnable, state: TestRecord['state']): TestRecord => ({
    title: test.title,
    fullTitle: test.fullTitle(),
    state,
    ...(test.duration !== undefined ? { durationMs: test.duration } : {}),
  });
  const startedAt = new Date().toISOString();
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      counts.passed++;
      tests.push(record(test, 'passed'));
    });
    runner.on('fail', (test, error) => {
      counts.failed++;
      const e = error as Error | undefined;
      tests.push({ ...record(test, 'failed'), error: { message: String(e?.message ?? error), stack: e?.stack } });
    });
    runner.on('pending', (test) => {
      counts.skipped++;
      tests.push(record(test, 'skipped'));
    });
  });
  const results = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    remoteName: vscode.env.remoteName,
    counts,
    tests,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the web suite needs the workspace folder the runner opened');
  await vscode.workspace.fs.writeFile(
    vscode.Uri.joinPath(folder.uri, RESULTS_FILE),
    new TextEncoder().encode(JSON.stringify(results, null, 2)),
  );
  if (counts.failed > 0) throw new Error(`${counts.failed} web test(s) failed`);
}
