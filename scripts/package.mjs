#!/usr/bin/env node
// `npm run package`: production bundles, then `vsce package --no-dependencies`
// → spec-handoff-<version>.vsix in the repository root, then a check of what
// went into it.
//
// The bundles hold every runtime dependency (esbuild), so the .vsix needs no
// node_modules. What ships is decided by .vscodeignore (exclude everything,
// re-include the bundles and data).
//
// vsce runs in a staging folder (out/vsix-staging) holding a copy of the
// repository without node_modules and with a trimmed package.json (no
// scripts, no devDependencies, no bin): the shipped manifest does not need them, and
// vsce rejects an @types/vscode (1.100, what we type-check against) newer than
// engines.vscode (^1.91.0, what we promise). That check is therefore ours:
// client/src must use only API that VS Code 1.91 has (it type-checks against
// @types/vscode@1.91.0 as of this writing).
//
// Usage: node scripts/package.mjs [--skip-build]
// Env:   SPEC_HANDOFF_VSCE  path to vsce's bin script (default: @vscode/vsce from node_modules)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = path.join(root, 'out', 'vsix-staging');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsixName = `${pkg.name}-${pkg.version}.vsix`;
const vsixPath = path.join(root, vsixName);

/** Top-level entries never copied to the staging folder (large, or nothing in them ships). */
const NOT_STAGED = new Set([
  'node_modules',
  '.git',
  'out',
  'test-results',
  '.vscode-test',
  'package.json',
  'package-lock.json',
]);
/** What the .vsix must contain (paths inside it, under extension/; vsce stores README.md as readme.md). */
const REQUIRED = [
  'extension/package.json',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/client-web.js',
  'extension/dist/server-web.js',
  'extension/dist/server-main.js',
  'extension/schemas/spec.yaml',
  'extension/schemas/handoff.yaml',
  'extension/schemas/schema-format.json',
  'extension/schemas/presets/spec-kit/spec-kit-spec.yaml',
  'extension/schemas/presets/rust-rfc/rust-rfc.yaml',
  'extension/snippets/markdown.json',
  'extension/media/icon.png',
  'extension/readme.md',
];
/** What it must not contain. */
const FORBIDDEN = [
  /\.map$/,
  /\.ts$/,
  /(^|\/)node_modules\//,
  /^extension\/(client|server|test|bench|scripts|out)\//,
  /^extension\/dist\/cli(-worker)?\.js$/,
  /\.tsbuildinfo$/,
];

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(
      `package: ${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')} failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(1);
  }
}

function vsceBin() {
  if (process.env.SPEC_HANDOFF_VSCE) return process.env.SPEC_HANDOFF_VSCE;
  const require = createRequire(path.join(root, 'package.json'));
  try {
    const vscePkg = require.resolve('@vscode/vsce/package.json');
    return path.join(path.dirname(vscePkg), 'vsce');
  } catch {
    console.error('package: @vscode/vsce is not installed; run npm install (it is a devDependency).');
    process.exit(1);
  }
}

/** File names in a zip, from its central directory (no dependency needed). */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad zip central directory');
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    entries.push({ name: buf.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// 1. Production bundles (minified, no source maps) and generated files up to date.
if (!process.argv.includes('--skip-build'))
  run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root });
run(process.execPath, [path.join(root, 'scripts', 'gen-snippets.mjs'), '--check'], { cwd: root });
for (const f of [
  'dist/client.js',
  'dist/server.js',
  'dist/server-main.js',
  'dist/client-web.js',
  'dist/server-web.js',
]) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`package: ${f} is missing after the build`);
    process.exit(1);
  }
}

// 2. Staging folder: the repository minus NOT_STAGED, and the trimmed manifest.
fs.rmSync(staging, { recursive: true, force: true });
fs.mkdirSync(staging, { recursive: true });
for (const entry of fs.readdirSync(root)) {
  if (NOT_STAGED.has(entry) || entry.endsWith('.vsix')) continue;
  fs.cpSync(path.join(root, entry), path.join(staging, entry), { recursive: true, dereference: true });
}
const shipped = { ...pkg };
delete shipped.scripts;
delete shipped.devDependencies;
delete shipped.bin; // the CLI is its own npm package (scripts/pack-cli.mjs), not in the .vsix
delete shipped.files; // for the git install (pre-commit) of this repository; the .vsix follows .vscodeignore
fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(shipped, null, 2) + '\n');

// 3. vsce.
const hasLicense = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some((f) => fs.existsSync(path.join(root, f)));
if (!hasLicense)
  console.warn(
    `package: warning: no LICENSE file; packaging with --skip-license (package.json says "${pkg.license}").`,
  );
fs.rmSync(vsixPath, { force: true });
run(
  process.execPath,
  [vsceBin(), 'package', '--no-dependencies', '--out', vsixPath, ...(hasLicense ? [] : ['--skip-license'])],
  { cwd: staging },
);

// 4. Check the contents.
const entries = zipEntries(vsixPath);
const names = entries.map((e) => e.name);
const problems = [];
for (const r of REQUIRED) if (!names.some((n) => n.toLowerCase() === r.toLowerCase())) problems.push(`missing ${r}`);
for (const n of names) for (const f of FORBIDDEN) if (f.test(n)) problems.push(`should not ship ${n}`);
const total = entries.reduce((sum, e) => sum + e.size, 0);
console.log(
  `\n${vsixName}: ${entries.length} files, ${(total / 1024).toFixed(0)} KB uncompressed, ${(fs.statSync(vsixPath).size / 1024).toFixed(0)} KB on disk`,
);
for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
if (problems.length) {
  console.error(`\npackage: the .vsix is wrong:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
fs.rmSync(staging, { recursive: true, force: true });
