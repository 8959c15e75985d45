// UI test harness: a real VS Code workbench (code-server 4.100.3 = VS Code
// 1.100.3) in headless Debian Chromium, driven by playwright-core, with the
// extension under test installed and a throwaway copy of examples/workspace
// open. Helpers speak in user terms (Quick Open, command palette, Problems
// panel, sidebar views, notifications) and every wait is bounded, failing with
// a message that says what was expected.
//
//   const ui = await Workbench.launch();
//   await ui.quickOpen('export-csv.spec.md');
//   await ui.waitForEditorText('# Export report as CSV');
//   await ui.screenshot('spec-open');
//   await ui.close();
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  HarnessError,
  captureBrowserLog,
  ensureExtensionBuilt,
  launchChromium,
  linkExtension,
  makeTempDir,
  removeTempDir,
  repoRoot,
  startCodeServer,
} from '../../scripts/vscode/lib.mjs';

export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');
const workspaceTemplate = path.join(repoRoot, 'examples', 'workspace');
/** Default bound for one UI wait; VS Code reacts within ~1 s, slow CI within a few. */
const DEFAULT_TIMEOUT_MS = Number(process.env.SPEC_HANDOFF_UI_TIMEOUT_MS) || 20_000;

/** Shared across all Workbench instances of a run, so screenshot files sort in step order. */
let screenshotCounter = 0;

// Selectors for VS Code 1.100 workbench DOM. Kept in one place: when a VS Code
// update renames a class, only this table changes.
export const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeTab: '.editor-group-container.active .tabs-container .tab.active',
  activeEditor: '.editor-group-container.active .monaco-editor',
  editorLines: '.editor-group-container.active .monaco-editor .view-lines',
  squiggle: (severity) => `.editor-group-container.active .monaco-editor .squiggly-${severity}`,
  problemsRow: '.markers-panel .monaco-list-row',
  activityBarItem: '.part.activitybar .action-item',
  sidebarTitle: '.part.sidebar .composite.title h2',
  notificationMessage: '.notifications-toasts .notification-list-item-message',
  statusBarItem: '.part.statusbar .statusbar-item',
};

export class Workbench {
  /**
   * Starts code-server with the extension installed, opens the workbench on a
   * temp copy of the sample workspace and waits until the explorer shows it.
   * @param {object} [options]
   * @param {string} [options.extensionPath]  default $SPEC_HANDOFF_EXTENSION_PATH or the repo
   * @param {string} [options.workspace]      folder to copy and open (default examples/workspace)
   * @param {Record<string,unknown>} [options.settings]  extra user settings
   */
  static async launch(options = {}) {
    const extensionPath = path.resolve(options.extensionPath ?? process.env.SPEC_HANDOFF_EXTENSION_PATH ?? repoRoot);
    ensureExtensionBuilt(extensionPath);
    const tmp = await makeTempDir('spec-handoff-ui-');
    const ui = new Workbench(tmp);
    try {
      ui.workspace = path.join(tmp, 'workspace');
      await fsp.cp(options.workspace ?? workspaceTemplate, ui.workspace, { recursive: true });
      const stateDir = path.join(tmp, 'code-server');
      // Installed like a user install (a folder named <publisher>.<name>-<version>
      // in the extensions dir), not as a development extension: the window then
      // looks exactly like a user's, without "[Extension Development Host]".
      const { id } = linkExtension(path.join(stateDir, 'extensions'), extensionPath);
      ui.extensionId = id;
      ui.server = await startCodeServer({
        stateDir,
        workspace: ui.workspace,
        settings: options.settings,
        onLine:
          process.env.SPEC_HANDOFF_UI_VERBOSE === '1' ? (l) => console.log(`      [code-server] ${l}`) : undefined,
      });
      ui.browser = await launchChromium();
      const context = await ui.browser.newContext({ viewport: { width: 1280, height: 800 } });
      ui.page = await context.newPage();
      ui.page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
      captureBrowserLog(ui.page, ui.server, { verbose: process.env.SPEC_HANDOFF_UI_VERBOSE === '1' });
      await ui.page.goto(ui.server.workbenchUrl({ folder: ui.workspace }), {
        waitUntil: 'domcontentloaded',
        timeout: 60_000,
      });
      await ui.waitVisible(SEL.workbench, 'the VS Code workbench to render', { timeoutMs: 60_000 });
      await ui.waitVisible(SEL.explorerRow, 'the Explorer to list the sample workspace', { timeoutMs: 60_000 });
      return ui;
    } catch (err) {
      const report = ui.server ? `\n--- last lines of the code-server log ---\n${ui.server.logTail(60)}` : '';
      await ui.screenshot('launch-failed').catch(() => {});
      await ui.close();
      throw new HarnessError(`${err instanceof HarnessError ? err.message : (err?.stack ?? err)}${report}`);
    }
  }

  constructor(tmp) {
    this.tmp = tmp;
    /** @type {import('playwright-core').Page} */ this.page = undefined;
    /** @type {import('playwright-core').Browser} */ this.browser = undefined;
    this.server = undefined;
    /** Absolute path of the workspace copy the workbench has open. */
    this.workspace = undefined;
    this.extensionId = undefined;
  }

  // ---------------------------------------------------------------- basics

  /** Saves test-results/screenshots/NN-name.png and returns its path. */
  async screenshot(name) {
    if (!this.page) return undefined;
    fs.mkdirSync(screenshotDir, { recursive: true });
    screenshotCounter += 1;
    const safe = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const file = path.join(screenshotDir, `${String(screenshotCounter).padStart(2, '0')}-${safe}.png`);
    await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  /** Waits for `selector` to be visible; the error names what was expected. */
  async waitVisible(selector, what, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const locator = typeof selector === 'string' ? this.page.locator(selector).first() : selector;
    try {
      await locator.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      throw new HarnessError(
        `timed out after ${timeoutMs} ms waiting for ${what} (${typeof selector === 'string' ? selector : 'locator'})`,
      );
    }
    return locator;
  }

  /** Polls `check` (may be async) until truthy; bounded, with a readable failure. */
  async waitUntil(check, what, { timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 100 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      last = await check();
      if (last) return last;
      if (Date.now() >= deadline) throw new HarnessError(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await this.page.waitForTimeout(intervalMs);
    }
  }

  /** Sends a key chord to the workbench, e.g. 'Control+P', 'F1', 'Escape'. */
  async press(keys) {
    await this.page.keyboard.press(keys);
  }

  /** Absolute path of a file in the workspace copy. */
  file(relativePath) {
    return path.join(this.workspace, relativePath);
  }

  // ------------------------------------------------------- quick input

  /** Opens a file through Quick Open (Ctrl+P), as a user would. */
  async quickOpen(fileName) {
    await this.closeQuickInput();
    await this.press('Control+P');
    const input = await this.waitVisible(SEL.quickInputBox, 'the Quick Open box after Ctrl+P');
    await input.fill(fileName);
    const base = path.basename(fileName);
    // Rows' aria-labels start with the file name ("export-csv.spec.md, specs").
    const row = this.page
      .locator(SEL.quickInputRow)
      .filter({ has: this.page.locator('.label-name', { hasText: base }) })
      .first();
    await this.waitVisible(row, `Quick Open to list "${base}"`);
    await this.press('Enter');
    await this.waitVisible(this.page.locator(SEL.activeTab).filter({ hasText: base }), `an editor tab for "${base}"`);
    await this.waitVisible(SEL.editorLines, `the editor for "${base}" to render`);
  }

  /**
   * Runs a command from the command palette (F1) by its title as shown there,
   * e.g. 'View: Toggle Word Wrap' or 'Spec & Handoff: Insert Missing Section'.
   */
  async runCommand(title) {
    await this.closeQuickInput();
    await this.press('F1');
    const input = await this.waitVisible(SEL.quickInputBox, 'the command palette after F1');
    await input.fill(`>${title}`);
    const row = this.page
      .locator(SEL.quickInputRow)
      .filter({ has: this.page.locator('.label-name', { hasText: exactText(title) }) })
      .first();
    await this.waitVisible(
      row,
      `the command palette to offer "${title}" (is the command registered and its extension active?)`,
    );
    await row.click();
    await this.waitUntil(
      async () => !(await this.page.locator(SEL.quickInput).isVisible()),
      `the command palette to close after choosing "${title}"`,
    );
  }

  /** Answers a quick pick opened by a command: picks the row with this label. */
  async pickQuickItem(label) {
    const row = this.page
      .locator(SEL.quickInputRow)
      .filter({ has: this.page.locator('.label-name', { hasText: label }) })
      .first();
    await this.waitVisible(row, `a quick pick item "${label}"`);
    await row.click();
  }

  async closeQuickInput() {
    if (await this.page.locator(SEL.quickInput).isVisible()) await this.press('Escape');
  }

  // ------------------------------------------------------------ editor

  /** The visible text of the active editor (Monaco renders only visible lines). */
  async editorText() {
    const text = await this.page.locator(SEL.editorLines).first().innerText();
    return text.replace(/\u00a0/g, ' '); // Monaco renders spaces as non-breaking
  }

  async waitForEditorText(substring, { timeoutMs } = {}) {
    return this.waitUntil(
      async () => (await this.editorText()).includes(substring),
      `the active editor to show "${substring}"`,
      { timeoutMs },
    );
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based. */
  async goToLine(line, column = 1) {
    await this.closeQuickInput();
    await this.press('Control+G');
    const input = await this.waitVisible(SEL.quickInputBox, 'the Go to Line box');
    // The box opens with the ':' prefix that selects Go to Line; fill() replaces it.
    await input.fill(`:${line}:${column}`);
    await this.press('Enter');
  }

  /** Number of squiggles of a severity ('error' | 'warning' | 'info' | 'hint') in the visible part of the active editor. */
  async squiggleCount(severity = 'warning') {
    return this.page.locator(SEL.squiggle(severity)).count();
  }

  async waitForSquiggles(severity = 'warning', { atLeast = 1, timeoutMs } = {}) {
    return this.waitUntil(
      async () => {
        const n = await this.squiggleCount(severity);
        return n >= atLeast ? n : 0;
      },
      `at least ${atLeast} ${severity} squiggle(s) in the active editor`,
      { timeoutMs },
    );
  }

  // -------------------------------------------------------- panels / views

  /**
   * Opens the Problems panel and returns its entries (file rows left out):
   *   { severity: 'error'|'warning'|'info'|'hint', message, line, column, text }
   * `text` is the row as displayed, including source, code and "[Ln 3, Col 16]".
   * Waits until there are at least `atLeast` entries. The panel renders only
   * rows in view, which is plenty for the few problems a UI test sets up.
   */
  async problems({ atLeast = 0, timeoutMs } = {}) {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await this.waitVisible('.markers-panel', 'the Problems panel');
    const read = async () => {
      const rows = await this.page
        .locator(SEL.problemsRow)
        .evaluateAll((els) => els.map((r) => ({ label: r.getAttribute('aria-label') ?? '', text: r.innerText })));
      return rows.flatMap(({ label, text }) => {
        // Marker rows read "Warning: <message> at line 3 and character 16."
        const m = /^(Error|Warning|Info|Hint): ([\s\S]*) at line (\d+) and character (\d+)\.$/.exec(label);
        return m
          ? [
              {
                severity: m[1].toLowerCase(),
                message: m[2],
                line: Number(m[3]),
                column: Number(m[4]),
                text: text.replace(/\s+/g, ' ').trim(),
              },
            ]
          : [];
      });
    };
    if (atLeast > 0)
      await this.waitUntil(
        async () => (await read()).length >= atLeast,
        `at least ${atLeast} entries in the Problems panel`,
        { timeoutMs },
      );
    return read();
  }

  /** Clicks an activity bar icon by its title (tooltip) and waits for the sidebar to show that container. */
  async openSidebar(title) {
    const item = this.page.locator(`${SEL.activityBarItem} .action-label[aria-label^="${cssString(title)}"]`).first();
    await this.waitVisible(item, `an activity bar icon "${title}" (is the view container contributed?)`);
    await item.click();
    await this.waitUntil(async () => {
      const headings = await this.page.locator(SEL.sidebarTitle).allInnerTexts();
      return headings.some((h) => h.trim().toLowerCase().startsWith(title.toLowerCase()));
    }, `the sidebar to show "${title}"`);
  }

  /** Texts of the notification toasts currently shown. */
  async notifications() {
    return this.page.locator(SEL.notificationMessage).allInnerTexts();
  }

  async waitForNotification(substring, { timeoutMs } = {}) {
    return this.waitUntil(
      async () => (await this.notifications()).find((n) => n.includes(substring)),
      `a notification containing "${substring}"`,
      { timeoutMs },
    );
  }

  /** Texts of all status bar items. */
  async statusBarTexts() {
    return this.page.locator(SEL.statusBarItem).allInnerTexts();
  }

  // --------------------------------------------------------------- teardown

  /** Log tail for failure reports. */
  logTail(lines = 40) {
    return this.server?.logTail(lines) ?? '(code-server not started)';
  }

  /**
   * For mocha's afterEach: on failure, a screenshot and the code-server log
   * tail, so a red test can be understood without re-running it.
   */
  async afterEach(test) {
    if (test?.state !== 'failed') return;
    const shot = await this.screenshot(`failed-${test.title}`).catch(() => undefined);
    console.log(`      screenshot: ${shot ? path.relative(repoRoot, shot) : '(could not take one)'}`);
    console.log(`      --- code-server log tail ---\n${this.logTail(30).replace(/^/gm, '      ')}`);
  }

  /** Stops Chromium and code-server and deletes the temp folder; safe to call twice. */
  async close() {
    await this.browser?.close().catch(() => {});
    this.browser = undefined;
    await this.server?.stop();
    this.server = undefined;
    await removeTempDir(this.tmp);
  }
}

/** Playwright text matcher for an exact label. */
function exactText(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function cssString(text) {
  return text.replace(/["\\]/g, '\\$&');
}
