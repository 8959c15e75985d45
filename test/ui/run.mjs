#!/usr/bin/env node
// Runs the UI tests (test/ui/**/*.test.mjs): mocha, in this Node process,
// driving a real VS Code workbench (code-server + headless Chromium) through
// test/ui/harness.mjs. Screenshots go to test-results/screenshots/NN-name.png
// (the folder is emptied first, so it shows exactly this run).
//
//   node test/ui/run.mjs [file-filter]
//
// Counts protocol of test/run-all.mjs: {passed, failed, skipped} goes to
// $SPEC_HANDOFF_COUNTS_FILE (written by test/support/count-reporter.cjs).
// Without code-server or Chromium: skipped loudly, or a failure when CI=true.
// Environment: SPEC_HANDOFF_EXTENSION_PATH (extension folder, default: repo root),
// SPEC_HANDOFF_UI_TIMEOUT_MS (one UI wait, default 20000),
// SPEC_HANDOFF_UI_TOTAL_TIMEOUT_MS (whole run, default 600000), SPEC_HANDOFF_UI_VERBOSE=1.
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import {
  HarnessError,
  ensureExtensionBuilt,
  exitForMissingPrerequisites,
  repoRoot,
  webPrerequisiteProblems,
  writeCounts,
} from '../../scripts/vscode/lib.mjs';
import { screenshotDir } from './harness.mjs';

const uiDir = path.join(repoRoot, 'test', 'ui');
const reporter = path.join(repoRoot, 'test', 'support', 'count-reporter.cjs');
const totalTimeoutMs = Number(process.env.SPEC_HANDOFF_UI_TOTAL_TIMEOUT_MS) || 10 * 60_000;

async function main() {
  const problems = webPrerequisiteProblems();
  if (problems.length) exitForMissingPrerequisites('UI tests', problems);

  const extensionPath = path.resolve(process.env.SPEC_HANDOFF_EXTENSION_PATH || repoRoot);
  // Build once up front rather than inside the first test's before() hook.
  ensureExtensionBuilt(extensionPath, (m) => console.log(`[ui-tests] ${m}`));
  console.log(`[ui-tests] extension under test: ${extensionPath}`);

  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });

  const filter = process.argv[2];
  const files = fs
    .readdirSync(uiDir)
    .filter((f) => f.endsWith('.test.mjs') && (!filter || f.includes(filter)))
    .sort()
    .map((f) => path.join(uiDir, f));
  if (!files.length) throw new HarnessError(`no UI test files${filter ? ` matching "${filter}"` : ''} in ${uiDir}`);

  // Per test; the launch in before() hooks sets its own larger limit.
  const mocha = new Mocha({ ui: 'bdd', reporter, timeout: 60_000, color: process.stdout.isTTY });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  const failures = await new Promise((resolve) => mocha.run(resolve));
  console.log(
    `[ui-tests] screenshots: ${path.relative(repoRoot, screenshotDir)}/ (${fs.readdirSync(screenshotDir).length} files)`,
  );
  return failures;
}

// Hard stop for the whole run: a hung browser or server must not hang CI.
// process.exit runs lib.mjs's exit hook, which kills code-server's process
// group and removes temp folders; Playwright kills its browser on exit.
const watchdog = setTimeout(() => {
  console.error(
    `\n[ui-tests] FAILED: the UI run did not finish within ${totalTimeoutMs / 1000} s (SPEC_HANDOFF_UI_TOTAL_TIMEOUT_MS)`,
  );
  writeCounts({ passed: 0, failed: 1, skipped: 0 });
  process.exit(1);
}, totalTimeoutMs);
watchdog.unref();

main().then(
  (failures) => process.exit(failures > 0 ? 1 : 0),
  (err) => {
    console.error(`\n[ui-tests] FAILED: ${err instanceof HarnessError ? err.message : (err?.stack ?? err)}`);
    writeCounts({ passed: 0, failed: 1, skipped: 0 });
    process.exit(1);
  },
);
