/**
 * Style and correctness lint (Biome, configured in biome.json) as part of
 * `npm test`: the same `biome ci` a contributor runs with `npm run lint`.
 * Biome checks formatting, the recommended lint rules, unused imports and
 * variables, and one file-naming convention (kebab-case).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

describe('lint', () => {
  it('biome ci reports nothing (run "npm run lint" to see it, "npm run format" to format)', function () {
    this.timeout(120_000);
    const biome = path.join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
    const run = spawnSync(process.execPath, [biome, 'ci', '--colors=off', '--error-on-warnings'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  });
});
