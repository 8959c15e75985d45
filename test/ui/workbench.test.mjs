// UI: the workbench loads with the extension installed and shows a spec file
// opened through Quick Open. Screenshots: test-results/screenshots/NN-*.png.
import assert from 'node:assert/strict';
import { SEL, Workbench } from './harness.mjs';

describe('workbench', () => {
  /** @type {Workbench} */
  let ui;

  before(async function () {
    this.timeout(120_000); // code-server start + first workbench load
    ui = await Workbench.launch();
  });
  afterEach(async function () {
    await ui?.afterEach(this.currentTest);
  });
  after(async () => {
    await ui?.close();
  });

  it('loads with the sample workspace in the Explorer', async () => {
    const rows = await ui.page.locator(SEL.explorerRow).allInnerTexts();
    for (const name of ['specs', 'handoffs', 'README.md']) {
      assert.ok(
        rows.some((r) => r.includes(name)),
        `Explorer should list ${name}; it lists: ${rows.join(', ')}`,
      );
    }
    await ui.screenshot('workbench-loaded');
  });

  it('opens the sample spec via Quick Open and shows it in the editor', async () => {
    await ui.quickOpen('export-csv.spec.md');
    await ui.waitForEditorText('# Export report as CSV');
    const text = await ui.editorText();
    assert.match(text, /type: spec/);
    assert.match(text, /## Summary/);
    await ui.screenshot('spec-open');
  });
});
