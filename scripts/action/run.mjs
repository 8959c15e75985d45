#!/usr/bin/env node
// The GitHub Action's step (action.yml at the repository root): checks the
// documents with `--format github` (annotations on the pull request), writes
// the `report --format markdown` readiness table to the job summary, sets the
// outputs and fails the step as `fail-on` says.
//
// Inputs come as environment variables (action.yml passes them):
//   INPUT_PATHS    paths, folders or globs, one per line or space-separated (default ".")
//   INPUT_CONFIG   a config file instead of the nearest .spec-handoff.yaml
//   INPUT_SCHEMA   a kind id or schema file every document is checked as
//   INPUT_FAIL_ON  error (default) | warning | never
//   SPEC_HANDOFF_CLI  the CLI bundle to run (action.yml installs the package; tests point at dist/cli.js)
// GitHub's own: GITHUB_STEP_SUMMARY (a file the summary is appended to), GITHUB_OUTPUT (outputs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = process.env.SPEC_HANDOFF_CLI || path.join(here, '..', '..', 'dist', 'cli.js');
const env = process.env;

const FAIL_ON = ['error', 'warning', 'never'];
const failOn = (env.INPUT_FAIL_ON || 'error').trim();
if (!FAIL_ON.includes(failOn)) {
  console.log(`::error title=spec-handoff::fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}").`);
  process.exit(2);
}
const paths = (env.INPUT_PATHS || '.')
  .split(/[\n ]+/)
  .map((p) => p.trim())
  .filter(Boolean);
const shared = [...(env.INPUT_CONFIG ? ['--config', env.INPUT_CONFIG] : [])];

function spec(args) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return run;
}

// 1. Annotations (and the summary line) on stdout, where the runner reads workflow commands.
const checkArgs = [
  'check',
  '--format',
  'github',
  ...shared,
  ...(env.INPUT_SCHEMA ? ['--schema', env.INPUT_SCHEMA] : []),
  ...(failOn === 'warning' ? ['--max-warnings', '0'] : []),
  ...paths,
];
const check = spec(checkArgs);
process.stdout.write(check.stdout);
process.stderr.write(check.stderr);

// 2. The readiness table in the job summary: report takes folders, so globs and files count by their folder.
const folders = [
  ...new Set(
    paths.filter((p) => !p.startsWith('!')).map((p) => (isFolder(p) ? p : /[*?[{]/.test(p) ? '.' : path.dirname(p))),
  ),
];
const report = spec(['report', '--format', 'markdown', ...shared, ...folders]);
const summaryLine = check.stdout.trimEnd().split('\n').pop() ?? '';
if (env.GITHUB_STEP_SUMMARY) {
  fs.appendFileSync(
    env.GITHUB_STEP_SUMMARY,
    `## Spec & Handoff\n\n${summaryLine}\n\n${report.status === 0 ? report.stdout : `The readiness report failed:\n\n\`\`\`\n${report.stderr}\n\`\`\`\n`}\n`,
  );
}

// 3. Outputs for later steps.
const counts = /(\d+) files? checked, (\d+) errors?, (\d+) warnings?/.exec(summaryLine);
if (env.GITHUB_OUTPUT && counts) {
  fs.appendFileSync(env.GITHUB_OUTPUT, `files=${counts[1]}\nerrors=${counts[2]}\nwarnings=${counts[3]}\n`);
}

// 4. The verdict: usage and configuration errors always fail; findings as fail-on says.
if (check.status === 2 || check.status === null) process.exit(2);
if (failOn === 'never') process.exit(0);
process.exit(check.status ?? 1);

function isFolder(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
