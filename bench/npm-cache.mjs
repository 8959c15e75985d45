// A program the bench runs but the project does not depend on (rumdl, other
// Node versions), installed from the npm registry into a cache folder outside
// the repository on first use, like code-server (scripts/vscode/install-code-server.sh).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * `bin` (a file inside `cache` once `spec` is installed there), installed with npm first if it is missing
 * (--ignore-scripts: these packages are the binary itself), then run with `--version`. Resolves to
 * { bin, reported } (what it printed, trimmed) or { skipped: reason }; `label` names it in the log line.
 */
export function binaryFromNpm({ label, cache, spec, bin, npm = process.platform === 'win32' ? 'npm.cmd' : 'npm' }) {
  if (!fs.existsSync(bin)) {
    console.log(`bench: installing ${label} (npm ${spec}) into ${cache}`);
    try {
      fs.mkdirSync(cache, { recursive: true });
    } catch (error) {
      return { skipped: `cannot create ${cache}: ${error.message}` };
    }
    const run = spawnSync(
      npm,
      ['install', '--prefix', cache, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', spec],
      { encoding: 'utf8' },
    );
    if (run.error || run.status !== 0 || !fs.existsSync(bin))
      return {
        skipped: `could not install ${spec} with npm: ${(run.error?.message ?? `${run.stderr}`).trim().split('\n').slice(-3).join(' ')}`,
      };
  }
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0)
    return { skipped: `${bin} does not run: ${(version.error?.message ?? version.stderr).trim()}` };
  return { bin, reported: version.stdout.trim() };
}
