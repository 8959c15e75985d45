/**
 * Helpers for the CLI tests: build the bundle once, spawn `node dist/cli.js`
 * in temporary folders, write fixture files.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

let built = false;

/** Builds the bundles once per test run (mocha `before` hooks of every file call this). */
export function ensureBuilt(): void {
  if (built) return;
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `build failed:\n${run.stdout}\n${run.stderr}`);
  assert.ok(fs.existsSync(CLI), 'dist/cli.js was not built');
  built = true;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** Runs the built CLI; colours are off because stdout is a pipe (and NO_COLOR is set for good measure). */
export function cli(args: string[], options: RunOptions): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.SPEC_HANDOFF_SCHEMAS_DIR;
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the CLI expecting JSON on stdout. */
export function cliJson<T = JsonReport>(
  args: string[],
  options: RunOptions,
): { code: number | null; json: T; stderr: string } {
  const r = cli(args, options);
  let json: T;
  try {
    json = JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout.slice(0, 2000)}\nstderr:\n${r.stderr}`);
  }
  return { code: r.code, json, stderr: r.stderr };
}

const temps: string[] = [];

/** A fresh temporary folder (real path, so outputs compare cleanly), removed after the run. */
export function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-cli-')));
  temps.push(dir);
  return dir;
}

after(() => {
  for (const dir of temps.splice(0)) {
    try {
      makeWritable(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
});

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(full);
  }
}

/** Writes files (relative path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

export function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

/** Whether `small` survives in `big` with only insertions around it (character subsequence). */
export function isSubsequence(small: string, big: string): boolean {
  let i = 0;
  for (let j = 0; j < big.length && i < small.length; j++) if (big[j] === small[i]) i++;
  return i === small.length;
}

/** The JSON output's shape (docs/cli.md). */
export interface JsonDiagnostic {
  code: string;
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  sectionId: string | null;
  sectionTitle: string | null;
}

export interface JsonFile {
  path: string;
  kind: string | null;
  skipped: string | null;
  error: string | null;
  notice: string | null;
  fixed: number;
  sections: { id: string; title: string; heading: string; line: number }[];
  summary: {
    sectionsPresent: number;
    sectionsRequired: number;
    criteriaChecked: number;
    criteriaTotal: number;
    openItems: number;
    errors: number;
    warnings: number;
  } | null;
  diagnostics: JsonDiagnostic[];
  readiness: {
    ready: boolean;
    passed: number;
    total: number;
    checks: { id: string; label: string; ok: boolean; detail: string }[];
  } | null;
}

export interface JsonReport {
  version: number;
  files: JsonFile[];
  summary: Record<string, number>;
  problems: { path: string; line: number; column: number; severity: string; message: string }[];
}

export function fileOf(report: JsonReport, rel: string): JsonFile {
  const f = report.files.find((x) => x.path === rel);
  assert.ok(f, `no file ${rel} in the report: ${report.files.map((x) => x.path).join(', ')}`);
  return f;
}

export function codes(file: JsonFile): string[] {
  return file.diagnostics.map((d) => d.code);
}
