/**
 * The installable CLI package (scripts/pack-cli.mjs): packed from the
 * bundles, installed from its tarball into an empty project outside the
 * repository (so nothing can be resolved from the repository's
 * node_modules), and run there with `npx spec-handoff …`: check, check -,
 * --format github, --shard and report.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers';
import { SPEC_BAD, SPEC_OK } from './fixtures';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

describe('cli: the installable package', function () {
  this.timeout(180_000);
  let project: string;
  let tarball: string;

  before(async () => {
    project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-install-')));
    const { packCli } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'pack-cli.mjs')).href)) as {
      packCli(outDir: string): Promise<string>;
    };
    tarball = await packCli(path.join(project, 'tarball'));
    fs.writeFileSync(
      path.join(project, 'package.json'),
      '{ "name": "empty-project", "version": "1.0.0", "private": true }\n',
    );
    const install = spawnSync(npm, ['install', tarball, '--offline', '--no-audit', '--no-fund'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: '' },
    });
    assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`);
    fs.mkdirSync(path.join(project, 'docs'));
    fs.writeFileSync(path.join(project, 'docs', 'ok.spec.md'), SPEC_OK);
    fs.writeFileSync(path.join(project, 'docs', 'bad.spec.md'), SPEC_BAD);
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  const run = (args: string[], input?: string) => {
    const r = spawnSync(npx, ['--no-install', 'spec-handoff', ...args], {
      cwd: project,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', NODE_PATH: '' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('holds only the bundles, the schemas, the rule pages, README and LICENSE, and depends on nothing', () => {
    const installed = path.join(project, 'node_modules', 'spec-handoff');
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      dependencies?: object;
      bin: Record<string, string>;
    };
    assert.equal(pkg.dependencies, undefined);
    assert.deepEqual(pkg.bin, { 'spec-handoff': 'dist/cli.js' });
    assert.deepEqual(
      fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.')),
      ['spec-handoff'],
    );
    // The bundle, its loader, its chunks (packages only some commands need: scripts/build.mjs CLI_CHUNKS) and the worker.
    assert.deepEqual(fs.readdirSync(path.join(installed, 'dist')).sort(), [
      'cli-ajv.js',
      'cli-lsp.js',
      'cli-main.js',
      'cli-mcp.js',
      'cli-re2.js',
      'cli-remark.js',
      'cli-worker-main.js',
      'cli-worker.js',
      'cli.js',
    ]);
    assert.ok(fs.existsSync(path.join(installed, 'schemas', 'spec.yaml')));
    assert.ok(fs.existsSync(path.join(installed, 'schemas', 'presets', 'kep', 'kep.yaml')), 'the presets ship');
    // The rule pages the language server links diagnostics to (dist/ → ../docs/rules), and the config's JSON Schema.
    assert.ok(fs.existsSync(path.join(installed, 'docs', 'rules', 'SH014.md')));
    assert.ok(fs.existsSync(path.join(installed, 'schemas', 'config-schema.json')));
  });

  it('check, check -, --format github, --shard and report work from the installed package', () => {
    const check = run(['check', 'docs']);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /docs\/bad\.spec\.md \(spec\)/);
    assert.match(check.stdout, /^2 files checked, /m);

    const stdin = run(['check', '-', '--stdin-filename', 'docs/new.spec.md'], SPEC_OK);
    assert.equal(stdin.code, 0, stdin.stderr);
    assert.match(stdin.stdout, /^docs\/new\.spec\.md \(spec\)/m);

    const github = run(['check', '--format', 'github', 'docs']);
    assert.match(
      github.stdout,
      /^::error file=docs\/bad\.spec\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=SH\d{3}\/[a-z-]+::/m,
    );

    const shards = [1, 2].map((i) => run(['check', '--format', 'json', '--shard', `${i}/2`, 'docs']));
    const shardFiles = shards
      .flatMap((s) => (JSON.parse(s.stdout) as { files: { path: string }[] }).files.map((f) => f.path))
      .sort();
    assert.deepEqual(shardFiles, ['docs/bad.spec.md', 'docs/ok.spec.md']);

    const report = run(['report', '--format', 'markdown', 'docs']);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /^\| `ok\.spec\.md` \| spec \|/m);
    assert.match(report.stdout, /of 2 documents? (?:are|is) ready for pickup/);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
