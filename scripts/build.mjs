#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild.
// Type checking is separate (`tsc -b`), as in rust-analyzer: esbuild is fast
// and does not check types; tsc checks types and emits nothing we ship.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // remark and friends are ESM-only; esbuild turns them into CommonJS inside the bundle.
  mainFields: ['module', 'main'],
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli-worker.ts'], outfile: 'dist/cli-worker.js' },
].filter((e) => fs.existsSync(path.join(root, e.entryPoints[0])));

const started = Date.now();
if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
  console.log('esbuild: watching', entries.map((e) => e.outfile).join(', '));
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  const cli = path.join(root, 'dist', 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
  console.log(`esbuild: built ${entries.map((e) => e.outfile).join(', ')} in ${Date.now() - started} ms`);
}
