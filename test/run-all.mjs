#!/usr/bin/env node
// Runs every test suite and ends with one plain "N passed, N failed" line.
// Usage: node test/run-all.mjs [suite ...]   (default: all suites)
// Each suite writes its counts to test-results/<suite>.counts.json; a suite
// that crashes before writing counts is counted as one failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const reporter = path.join(root, 'test', 'support', 'count-reporter.cjs');

/** Suites that run with mocha in this Node process's environment (TypeScript through tsx). */
const mochaSuite = (globs, extra = []) => [
  process.execPath,
  [mocha, '--require', 'tsx/cjs', '--reporter', reporter, '--timeout', '60000', ...extra, ...globs],
];

const suites = {
  unit: mochaSuite(['test/unit/**/*.test.ts']),
  cli: mochaSuite(['test/cli/**/*.test.ts']),
  lsp: mochaSuite(['test/lsp/**/*.test.ts']),
  vscode: [process.execPath, [path.join(root, 'test', 'vscode', 'run.mjs')]],
  ui: [process.execPath, [path.join(root, 'test', 'ui', 'run.mjs')]],
  // The extension as a web extension (github.dev, vscode.dev): the web worker extension host.
  web: [process.execPath, [path.join(root, 'test', 'web', 'run.mjs')]],
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const name of wanted) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite "${name}"; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  const [cmd, args] = suite;
  const scriptPath = args[0];
  if (name !== 'unit' && name !== 'cli' && name !== 'lsp' && !fs.existsSync(scriptPath)) {
    lines.push(`${name}: not present`);
    continue;
  }
  const countsFile = path.join(resultsDir, `${name}.counts.json`);
  fs.rmSync(countsFile, { force: true });
  console.log(`\n===== suite: ${name} =====`);
  const run = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SPEC_HANDOFF_COUNTS_FILE: countsFile },
  });
  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  } catch {
    counts = undefined;
  }
  if (!counts) {
    counts = { passed: 0, failed: 1, skipped: 0 };
    lines.push(`${name}: crashed before reporting (exit ${run.status ?? run.signal}) — counted as 1 failure`);
  } else {
    if (run.status !== 0 && counts.failed === 0) {
      counts.failed = 1;
      lines.push(`${name}: exited ${run.status ?? run.signal} with no failing test — counted as 1 failure`);
    }
    lines.push(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped ?? 0} skipped`);
  }
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped ?? 0;
}
console.log('\n===== summary =====');
for (const l of lines) console.log(l);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
