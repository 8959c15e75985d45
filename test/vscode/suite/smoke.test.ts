// Smoke test: the suite really runs inside VS Code, the sample workspace is
// open, and the extension activates when a markdown spec is opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openWorkspaceFile, waitForExtensionActive, workspaceFolder } from './util';

describe('smoke: real VS Code', () => {
  it('runs inside VS Code with the sample workspace open', async () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const specs = await vscode.workspace.findFiles('**/*.spec.md');
    const handoffs = await vscode.workspace.findFiles('**/*.handoff.md');
    assert.ok(specs.length > 0, `no *.spec.md in ${workspaceFolder().uri.fsPath}`);
    assert.ok(handoffs.length > 0, `no *.handoff.md in ${workspaceFolder().uri.fsPath}`);
  });

  it('opens the sample spec as markdown', async () => {
    const editor = await openWorkspaceFile('specs/export-csv.spec.md');
    assert.equal(editor.document.languageId, 'markdown');
    assert.match(editor.document.getText(), /^---\n(?:.*\n)*?type: spec\n/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
  });

  it(`activates ${EXTENSION_ID} once a markdown file is open`, async () => {
    await openWorkspaceFile('specs/export-csv.spec.md');
    const extension = await waitForExtensionActive();
    assert.equal(extension.isActive, true);
  });
});
