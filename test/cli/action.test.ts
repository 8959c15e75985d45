/**
 * The GitHub Action (action.yml + scripts/action/run.mjs) run locally with
 * the environment GitHub gives a step (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT,
 * INPUT_*), pointed at temporary files; and the pre-commit hook
 * (.pre-commit-hooks.yaml) run the way pre-commit runs it: its entry with the
 * staged files that match its `files` pattern.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CLI, ROOT, cli, ensureBuilt, tempDir, writeFiles } from './helpers';
import { README, SPEC_BAD, SPEC_OK } from './fixtures';

const ACTION_SCRIPT = path.join(ROOT, 'scripts', 'action', 'run.mjs');

function runAction(cwd: string, inputs: Record<string, string>) {
  const summary = path.join(cwd, 'summary.md');
  const output = path.join(cwd, 'output.txt');
  fs.writeFileSync(summary, '');
  fs.writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    SPEC_HANDOFF_CLI: CLI,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  const run = spawnSync(process.execPath, [ACTION_SCRIPT], { cwd, env, encoding: 'utf8' });
  return {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    summary: fs.readFileSync(summary, 'utf8'),
    output: fs.readFileSync(output, 'utf8'),
  };
}

describe('cli: the GitHub Action and the pre-commit hook', () => {
  before(ensureBuilt);

  it('action.yml is a composite action whose inputs the script reads', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      runs: {
        using: string;
        steps: { run?: string; env?: Record<string, string>; uses?: string; with?: Record<string, string> }[];
      };
      inputs: Record<string, unknown>;
    };
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).sort(), ['config', 'fail-on', 'paths', 'schema', 'version']);
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    assert.equal(setup?.with?.['node-version'], '20', 'Node is pinned');
    const step = action.runs.steps.find((s) => s.run?.includes('scripts/action/run.mjs'));
    assert.ok(step?.env);
    for (const input of ['paths', 'config', 'schema', 'fail-on'])
      assert.equal(step.env[`INPUT_${input.toUpperCase().replace(/-/g, '_')}`], `\${{ inputs.${input} }}`);
  });

  it('annotates, writes the readiness table to the job summary and the counts to the outputs; fails on errors', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/bad.spec.md': SPEC_BAD, 'docs/ok.spec.md': SPEC_OK, 'README.md': README });
    const r = runAction(dir, { paths: 'docs' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^::error file=docs\/bad\.spec\.md,line=\d+/m);
    assert.match(r.summary, /^## Spec & Handoff\n\n2 files checked, \d+ errors, \d+ warnings/);
    assert.match(r.summary, /^\| Document \| Kind \| Sections \|/m);
    assert.match(r.summary, /^\| `bad\.spec\.md` \| spec \|/m);
    assert.match(r.output, /^files=2\nerrors=[1-9]\d*\nwarnings=\d+\n$/);
  });

  it('fail-on: never annotates only; warning fails on warnings; a bad value or a usage error fails with 2', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/bad.spec.md': SPEC_BAD });
    assert.equal(runAction(dir, { paths: 'docs', 'fail-on': 'never' }).code, 0);
    const okDir = tempDir();
    writeFiles(okDir, { 'ok.spec.md': SPEC_OK });
    const warnings = Number(/warnings=(\d+)/.exec(runAction(okDir, {}).output)?.[1]);
    assert.ok(warnings > 0, 'the fixture has warnings');
    assert.equal(runAction(okDir, {}).code, 0, 'warnings pass by default');
    assert.equal(runAction(okDir, { 'fail-on': 'warning' }).code, 1);
    const bad = runAction(okDir, { 'fail-on': 'sometimes' });
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /^::error title=spec-handoff::fail-on must be one of/m);
    assert.equal(runAction(okDir, { schema: 'nosuchkind' }).code, 2);
  });

  it('the pre-commit hook checks the staged markdown files with its entry; the repository installs with its bin', () => {
    const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
      id: string;
      entry: string;
      language: string;
      files: string;
    }[];
    const hook = hooks.find((h) => h.id === 'spec-handoff');
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    const [command, ...args] = hook.entry.split(' ');
    assert.equal(command, 'spec-handoff');
    const dir = tempDir();
    const staged = {
      'docs/ok.spec.md': SPEC_OK,
      'docs/bad.spec.md': SPEC_BAD,
      'src/index.ts': 'export {};\n',
      'notes.markdown': README,
    };
    writeFiles(dir, staged);
    const matching = Object.keys(staged).filter((f) => new RegExp(hook.files).test(f));
    assert.deepEqual(matching.sort(), ['docs/bad.spec.md', 'docs/ok.spec.md', 'notes.markdown']);
    const failing = cli([...args, ...matching], { cwd: dir });
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /docs\/bad\.spec\.md/);
    assert.doesNotMatch(failing.stdout, /notes\.markdown|ok\.spec\.md/, '--quiet: only what fails');
    assert.equal(cli([...args, 'docs/ok.spec.md', 'notes.markdown'], { cwd: dir }).code, 0);
    // pre-commit installs the repository as a package: its bin and files must ship the CLI bundle.
    const pack = spawnSync(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(pack.status, 0, pack.stderr);
    const packed = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const f of [
      'dist/cli.js',
      'dist/cli-main.js',
      'dist/cli-worker.js',
      'dist/cli-worker-main.js',
      'schemas/spec.yaml',
      'package.json',
    ])
      assert.ok(packed.includes(f), `${f} in the package: ${packed.join(', ')}`);
  });
});
