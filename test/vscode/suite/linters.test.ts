// Issue 16 in a real VS Code: a suppression quick fix, run-on-save, the status
// bar switch, the config file's problems squiggled in the editor, and a single
// Outline provider (the built-in Markdown one) for a spec.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, waitFor, workspaceFolder, openNew } from './util';

interface ExtensionApi {
  ready: Promise<void>;
  checklist: { refresh(): Promise<void> };
  statusBar: { item: vscode.StatusBarItem; visible(): boolean };
}

const SPEC =
  '---\ntype: spec\ntitle: Linters\n---\n\n# Linters\n\n## Summary\n\nFinance admins download the filtered invoice list as one CSV file for month-end reconciliation.\n\n## Acceptance criteria\n\n- [ ] AC-1: Given the filtered page, when the admin exports, then the export is fast.\n';

const api = (): Promise<ExtensionApi> => activatedApi<ExtensionApi>();

const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'spec-handoff');
const code = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('in the editor: behave like a linter (issue 16)', () => {
  before(async () => {
    await api();
  });

  it('"Disable SH014 for this line" inserts a suppression comment and the finding goes away; the rule link opens the shipped page', async () => {
    const editor = await openNew('specs/suppress.spec.md', SPEC);
    const uri = editor.document.uri;
    const vague = await waitFor(() => ours(uri).find((d) => code(d) === 'SH014'), 'the SH014 diagnostic');
    const target = typeof vague.code === 'object' ? vague.code.target : undefined;
    assert.equal(target?.scheme, 'file', `rule link: ${target?.toString()}`);
    assert.match(target?.path ?? '', /\/docs\/rules\/SH014\.md$/);
    const page = await vscode.workspace.fs.stat(target!).then(
      () => true,
      () => false,
    );
    assert.ok(page, `the rule page ${target?.toString()} exists`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      vague.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const disable = actions.find((a) => a.title === 'Disable SH014 for this line');
    assert.ok(disable?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === 'Disable SH014 for this file'));
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.match(editor.document.getText(), /\n<!-- spec-handoff-disable-next-line SH014 -->\n- \[ \] AC-1:/);
    await waitFor(
      () => !ours(uri).some((d) => code(d) === 'SH014') && ours(uri).length > 0,
      'SH014 gone, other findings kept',
    );
  });

  it('specHandoff.run = onSave: an edit is checked when saved, not while typing', async () => {
    const config = vscode.workspace.getConfiguration('specHandoff');
    // Auto save would make "typing" a save; the test needs the edit to stay unsaved until it saves.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect('autoSave')?.workspaceValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    const editor = await openNew('specs/on-save.spec.md', SPEC);
    const uri = editor.document.uri;
    const missingScope = (): boolean => ours(uri).some((d) => code(d) === 'SH001' && /"Scope"/.test(d.message));
    await waitFor(
      () => missingScope() && ours(uri).some((d) => code(d) === 'SH014'),
      'SH001 for Scope and SH014 on open',
    );
    await config.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    // A second change the server shows (SH014 off): once it is visible, the server has re-read the settings, run included.
    await config.update('rules', { SH014: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => !ours(uri).some((d) => code(d) === 'SH014'), 'the settings applied');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(
        uri,
        new vscode.Position(editor.document.lineCount - 1, 0),
        '\n## Scope\n\n### In scope\n\nThe export button.\n\n### Out of scope\n\nXLSX, because nobody asked.\n',
      );
      assert.ok(await vscode.workspace.applyEdit(edit));
      // Well past the typing debounce: the diagnostics still describe the saved text. (A slow machine can only make this pass.)
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.ok(editor.document.isDirty, 'the edit is not saved yet');
      assert.ok(missingScope(), 'not re-checked while typing');
      assert.ok(await editor.document.save());
      await waitFor(() => !missingScope(), 'the Scope finding gone after saving');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('run', undefined, vscode.ConfigurationTarget.Workspace);
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('specHandoff.statusBar.enabled = false hides the status bar item, without a reload', async () => {
    const a = await api();
    await openNew('specs/status.spec.md', SPEC);
    await a.checklist.refresh();
    await waitFor(() => a.statusBar.visible(), 'the status bar item');
    const config = vscode.workspace.getConfiguration('specHandoff');
    await config.update('statusBar.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => !a.statusBar.visible(), 'the item hidden');
    } finally {
      await config.update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await a.checklist.refresh();
    await waitFor(() => a.statusBar.visible(), 'the item back');
  });

  it("a wrong key in .spec-handoff.yaml is squiggled on that file (our server's diagnostics; the YAML extension's too when it is installed)", async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, '.spec-handoff.yaml');
    const existed = await vscode.workspace.fs.readFile(uri).then(
      (b) => b,
      () => undefined,
    );
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('rulez:\n  SH014: off\n'));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const squiggle = await waitFor(
        () => ours(uri).find((d) => /Unknown key "rulez"/.test(d.message)),
        'the unknown key reported on the config file',
      );
      assert.equal(squiggle.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(squiggle.range.start.line, 0);
      if (vscode.extensions.getExtension('redhat.vscode-yaml')) {
        await waitFor(
          () =>
            vscode.languages.getDiagnostics(uri).some((d) => d.source !== 'spec-handoff' && /rulez/.test(d.message)),
          'the YAML extension validating with schemas/config-schema.json',
        );
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      if (existed) await vscode.workspace.fs.writeFile(uri, existed);
      else await vscode.workspace.fs.delete(uri);
    }
    await waitFor(() => ours(uri).length === 0, 'the problems cleared once the file is fixed');
  });

  it('the Outline has one provider for a spec: each heading once, no "Missing" entries', async () => {
    const editor = await openNew('specs/outline.spec.md', SPEC);
    await waitFor(() => ours(editor.document.uri).length > 0, 'the spec checked');
    const markdown = vscode.extensions.getExtension('vscode.markdown-language-features');
    const symbols = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        editor.document.uri,
      );
      return markdown ? s && s.length > 0 && s : (s ?? []);
    }, 'document symbols');
    const names: string[] = [];
    const walk = (list: vscode.DocumentSymbol[]): void => {
      for (const s of list) {
        names.push(s.name);
        walk(s.children ?? []);
      }
    };
    walk(symbols);
    assert.ok(!names.some((n) => /Missing/.test(n)), names.join(', '));
    const summaries = names.filter((n) => /Summary$/.test(n)).length;
    assert.equal(
      summaries,
      markdown ? 1 : 0,
      `headings listed once (by the built-in Markdown extension): ${names.join(', ')}`,
    );
  });
});
