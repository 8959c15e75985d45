// Other Node.js versions for `npm run bench` stage a: the same CLI build run by
// the Node releases users have (this machine's Node is 20; 22 and 24 are the
// LTS lines beside it), so the table says what the Node version costs, apart
// from what the tool costs. Node's official binaries are published on the npm
// registry as `node-<platform>-<arch>` packages (the binary itself, no install
// script); the bench installs one into a cache folder outside the repository,
// like rumdl and code-server, and skips it with the reason where that fails.
import os from 'node:os';
import path from 'node:path';
import { binaryFromNpm } from './npm-cache.mjs';

/** The versions timed by default: the newest 22.x and 24.x at the time of round fourteen (2026-12). */
export const DEFAULT_NODE_VERSIONS = ['22.23.5', '24.22.3'];

/**
 * `--node-versions`: exact versions, comma-separated (`22.23.5,24.22.3`), or `none`. Returns the list, or
 * throws an Error whose message says what is wrong.
 */
export function parseNodeVersions(value) {
  const text = value.trim();
  if (text === 'none' || text === '') return [];
  const versions = text.split(',').map((v) => v.trim().replace(/^v/, ''));
  for (const v of versions)
    if (!/^\d+\.\d+\.\d+$/.test(v))
      throw new Error(`--node-versions needs exact versions such as 24.22.3 (got "${v}")`);
  return [...new Set(versions)];
}

/** The npm package with Node's binary for this platform and architecture, or undefined where there is none. */
export function nodePackageName(platform = process.platform, arch = process.arch) {
  const system = { linux: 'linux', darwin: 'darwin' }[platform];
  return system && ['x64', 'arm64'].includes(arch) ? `node-${system}-${arch}` : undefined;
}

/**
 * Node `version`, from the cache folder (`cacheRoot`/node-VERSION) or installed there with npm first.
 * Resolves to { bin, version } (the version the binary reports) or { skipped: reason }.
 */
export function installNode(
  version,
  cacheRoot = process.env.SPEC_HANDOFF_NODE_CACHE ?? path.join(os.homedir(), '.cache', 'spec-handoff'),
  npm = process.platform === 'win32' ? 'npm.cmd' : 'npm',
) {
  const pkg = nodePackageName();
  if (!pkg) return { skipped: `no Node binary package on npm for ${process.platform}-${process.arch}` };
  const cache = path.join(cacheRoot, `node-${version}`);
  const found = binaryFromNpm({
    label: `Node ${version}`,
    cache,
    spec: `${pkg}@${version}`,
    bin: path.join(cache, 'node_modules', pkg, 'bin', 'node'),
    npm,
  });
  return 'skipped' in found ? found : { bin: found.bin, version: found.reported.replace(/^v/, '') };
}
