#!/usr/bin/env node
// `npm run pack:cli`: the command-line checker (and `spec-handoff lsp
// --stdio`, `spec-handoff mcp`…) as an npm package of its own, for CI, pre-commit
// hooks and other editors: `npm install ./spec-handoff-<version>.tgz`, then
// `npx spec-handoff check`.
//
// Layout decision (docs/cli.md "Install"): the repository's package.json is the
// VS Code extension's manifest (private, never published to npm). The CLI
// package is generated from the same bundles: esbuild puts every runtime
// dependency inside dist/cli-main.js and dist/cli-worker-main.js (run by the loaders dist/cli.js and dist/cli-worker.js), so the package has no
// dependencies at all — installing it pulls in neither VS Code client code nor
// dev tools — and holds only the bundles (with dist/cli-main.js's chunks), the built-in schemas, README
// (docs/cli.md), LICENSE and a package.json with `bin`.
//
// Usage: node scripts/pack-cli.mjs [--out DIR]   (default DIR: the repository root)
// Prints the path of the tarball.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles, CLI_CHUNKS } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = path.join(root, 'out', 'cli-package');

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export async function packCli(outDir = root) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'schemas'), { recursive: true });
  await buildBundles({ only: ['cli.js', 'cli-worker.js'], outdir: path.join(staging, 'dist'), production: true });
  for (const f of fs.readdirSync(path.join(root, 'schemas'))) {
    if (/\.(ya?ml|json)$/.test(f)) fs.copyFileSync(path.join(root, 'schemas', f), path.join(staging, 'schemas', f));
  }
  // The built-in presets: schemas/presets/<preset>/<kind>.yaml.
  for (const preset of fs.readdirSync(path.join(root, 'schemas', 'presets'))) {
    fs.mkdirSync(path.join(staging, 'schemas', 'presets', preset), { recursive: true });
    for (const f of fs.readdirSync(path.join(root, 'schemas', 'presets', preset))) {
      if (f.endsWith('.yaml'))
        fs.copyFileSync(
          path.join(root, 'schemas', 'presets', preset, f),
          path.join(staging, 'schemas', 'presets', preset, f),
        );
    }
  }
  // The rule pages: the language server links each diagnostic's code to the page shipped beside it.
  fs.mkdirSync(path.join(staging, 'docs', 'rules'), { recursive: true });
  for (const f of fs.readdirSync(path.join(root, 'docs', 'rules'))) {
    if (f.endsWith('.md')) fs.copyFileSync(path.join(root, 'docs', 'rules', f), path.join(staging, 'docs', 'rules', f));
  }
  fs.copyFileSync(path.join(root, 'docs', 'cli.md'), path.join(staging, 'README.md'));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(staging, 'LICENSE'));
  const pkg = {
    name: 'spec-handoff',
    version: manifest.version,
    description:
      'Check markdown specs and handoff documents against section schemas: a CLI for CI and pre-commit, and a language server for any editor.',
    license: manifest.license,
    repository: manifest.repository,
    keywords: ['markdown', 'lint', 'spec', 'handoff', 'documentation', 'language-server', 'sarif'],
    bin: { 'spec-handoff': 'dist/cli.js' },
    files: [
      'dist/cli.js',
      'dist/cli-main.js',
      ...CLI_CHUNKS.map((c) => `dist/${c.file}`),
      'dist/cli-worker.js',
      'dist/cli-worker-main.js',
      'schemas/',
      'docs/rules/',
      'README.md',
      'LICENSE',
    ],
    engines: { node: manifest.engines.node },
  };
  fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.mkdirSync(outDir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['pack', '--json', '--pack-destination', outDir], { cwd: staging, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm pack failed:\n${run.stdout}\n${run.stderr}`);
  const [{ filename }] = JSON.parse(run.stdout);
  return path.join(outDir, filename);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const out = argValue('--out');
  console.log(await packCli(out ? path.resolve(out) : root));
}
