// Checks the harness itself, not the product: with SPEC_HANDOFF_VSCODE_SELFTEST=1
// this file adds one deliberately failing and one skipped test, so a run must
// end with failed=1, skipped=1 and a non-zero exit. Without the variable it
// registers nothing.
import * as assert from 'node:assert/strict';

if (process.env.SPEC_HANDOFF_VSCODE_SELFTEST === '1') {
  describe('harness self-test (SPEC_HANDOFF_VSCODE_SELFTEST=1)', () => {
    it('reports a deliberately failing test as failed', () => {
      assert.equal(1 + 1, 3, 'deliberate failure: the runner must report this test as failed');
    });
    it.skip('reports a skipped test as skipped', () => {});
    it('still reports a passing test as passed', () => {
      assert.ok(true);
    });
  });
}
