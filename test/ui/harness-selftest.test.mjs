// Checks the harness helpers themselves against VS Code's built-in features
// (no dependency on our extension), so the helpers later UI tests rely on —
// command palette, Problems panel, squiggles, sidebar, Go to Line — are known
// to work with this VS Code version. Runs only with SPEC_HANDOFF_UI_SELFTEST=1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Workbench } from './harness.mjs';

const enabled = process.env.SPEC_HANDOFF_UI_SELFTEST === '1';

// Not registered at all when disabled, so normal runs do not report it as skipped.
if (enabled)
  describe('harness self-test (SPEC_HANDOFF_UI_SELFTEST=1)', () => {
    /** @type {Workbench} */
    let ui;

    before(async function () {
      this.timeout(120_000);
      // The built-in markdown extension reports broken links when this is on:
      // a diagnostic source that exists without our extension.
      ui = await Workbench.launch({ settings: { 'markdown.validate.enabled': true } });
      fs.writeFileSync(ui.file('broken-link.md'), '# Broken link\n\nSee [the plan](./does-not-exist.md).\n');
    });
    afterEach(async function () {
      await ui?.afterEach(this.currentTest);
    });
    after(async () => {
      await ui?.close();
    });

    it('runs a command from the command palette', async () => {
      await ui.quickOpen('README.md');
      await ui.runCommand('View: Toggle Word Wrap');
      await ui.runCommand('View: Toggle Word Wrap');
    });

    it('moves the cursor with Go to Line', async () => {
      await ui.goToLine(3, 5);
      await ui.waitUntil(
        async () => (await ui.statusBarTexts()).some((t) => t.includes('Ln 3, Col 5')),
        'the status bar to show Ln 3, Col 5',
      );
    });

    it('sees squiggles and reads the Problems panel', async () => {
      await ui.quickOpen('broken-link.md');
      await ui.waitForSquiggles('warning');
      const problems = await ui.problems({ atLeast: 1 });
      const broken = problems.find((p) => p.message.includes('does-not-exist.md'));
      assert.ok(broken, `Problems should list the broken link; it lists: ${JSON.stringify(problems)}`);
      assert.equal(broken.severity, 'warning');
      assert.equal(broken.line, 3);
      assert.match(broken.text, /link\.no-such-file/); // the code shown next to the message
      await ui.screenshot('selftest-problems');
    });

    it('switches sidebar views by activity bar title', async () => {
      await ui.openSidebar('Search');
      await ui.openSidebar('Explorer');
      await ui.screenshot('selftest-sidebar');
    });
  });
