// The extension inside a real VS Code: diagnostics, quick fixes, completion,
// hover, the Checklist view, New… commands, snippets and settings — each
// through the public `vscode` API, as a user's editor would drive it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceFolder, activatedApi, openNew } from './util';

interface ChecklistNode {
  type: string;
  section?: { id: string; state: string };
  criterion?: { checked: boolean };
}
interface ExtensionApi {
  ready: Promise<void>;
  checklist: {
    getChildren(node?: ChecklistNode): ChecklistNode[];
    getTreeItem(node: ChecklistNode): vscode.TreeItem;
    current():
      | {
          kindId: string;
          summary: {
            sectionsPresent: number;
            sectionsRequired: number;
            criteriaTotal: number;
            criteriaChecked: number;
          };
        }
      | undefined;
    currentUri(): string | undefined;
    refresh(): Promise<void>;
  };
  statusBar: { item: vscode.StatusBarItem; visible(): boolean };
}

const SPEC_HEAD =
  '---\ntype: spec\ntitle: Partial\n---\n\n# Partial\n\n## Summary\n\nFinance admins download the filtered invoice list as one CSV file for month-end reconciliation.\n';

const api = (): Promise<ExtensionApi> => activatedApi<ExtensionApi>();

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'spec-handoff');
}

function code(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('in the editor: language features', () => {
  before(async () => {
    await api();
  });

  it('publishes diagnostics for a spec missing sections, and none for a README', async () => {
    const editor = await openNew('specs/partial.spec.md', SPEC_HEAD);
    const diagnostics = await waitFor(() => {
      const d = ourDiagnostics(editor.document.uri);
      return d.some((x) => code(x) === 'SH001') && d;
    }, 'SH001 diagnostics for the partial spec');
    assert.ok(diagnostics.some((d) => /Missing required section "Scope"/.test(d.message)));
    assert.equal(diagnostics.find((d) => code(d) === 'SH001')!.severity, vscode.DiagnosticSeverity.Error);
    const readme = await openNew('notes/README.md', '# Notes\n\nTODO: everything\n');
    // The server handles documents in the order they open: once a spec opened after the README has
    // its diagnostics, the README has been analysed too — and must have stayed silent.
    const later = await openNew('specs/after-readme.spec.md', SPEC_HEAD);
    await waitFor(
      () => ourDiagnostics(later.document.uri).length > 0,
      'diagnostics for the spec opened after the README',
    );
    assert.deepEqual(ourDiagnostics(readme.document.uri), []);
  });

  it('applies the quick fix from the code action provider, and the diagnostic goes away', async () => {
    const editor = await openNew('specs/fix-me.spec.md', SPEC_HEAD);
    const uri = editor.document.uri;
    const missingScope = await waitFor(
      () => ourDiagnostics(uri).find((d) => /"Scope"/.test(d.message) && code(d) === 'SH001'),
      'the Scope diagnostic',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      missingScope.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const insert = actions.find((a) => a.title === 'Insert section "Scope"');
    assert.ok(insert?.edit, `no "Insert section" action among: ${actions.map((a) => a.title).join(' | ')}`);
    const before = editor.document.getText();
    assert.ok(await vscode.workspace.applyEdit(insert.edit));
    const after = editor.document.getText();
    assert.match(after, /\n## Scope\n\n[\s\S]*### In scope\n/);
    assert.ok(after.includes(before.trimEnd()), 'the original text is still there');
    await waitFor(
      () => !ourDiagnostics(uri).some((d) => /"Scope"/.test(d.message) && code(d) === 'SH001'),
      'the Scope diagnostic to disappear',
    );
  });

  it('offers the missing headings as completions at a line start, in schema order', async () => {
    const editor = await openNew('specs/complete-me.spec.md', `${SPEC_HEAD}\n## `);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const list = await waitFor(async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        end,
        '#',
      );
      const labels = result.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.some((l) => /Scope/.test(l)) && labels;
    }, 'heading completions');
    const ours = list.filter((l) => /System context|Scope|Technical specifics|Acceptance criteria/.test(l));
    assert.ok(ours.length >= 4, list.join(' | '));
    assert.ok(!list.some((l) => /^#* ?Summary$/.test(l)), 'Summary is present and must not be offered');
  });

  it('shows the section guidance on hover over a heading', async () => {
    const editor = await openNew('specs/hover.spec.md', SPEC_HEAD);
    const line = editor.document.getText().split('\n').indexOf('## Summary');
    const hovers = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        new vscode.Position(line, 4),
      );
      const text = h
        .flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
        .join('\n');
      return /what will exist when this work is done/i.test(text) && text;
    }, 'hover with the Summary guidance');
    assert.match(hovers, /Summary/);
  });
});

describe('in the editor: the Checklist view and status bar', () => {
  it('matches the document and updates on edit', async () => {
    const a = await api();
    const editor = await openNew(
      'specs/checklist.spec.md',
      `${SPEC_HEAD}\n## Acceptance criteria\n\n- [x] AC-1: Given a list, when exported, then a CSV downloads.\n- [ ] AC-2: The CSV has a header row.\n`,
    );
    const uri = editor.document.uri.toString();
    const first = await waitFor(
      () =>
        a.checklist.currentUri() === uri && a.checklist.current()?.summary.criteriaTotal === 2 && a.checklist.current(),
      'checklist for the spec',
    );
    assert.equal(first.kindId, 'spec');
    assert.equal(first.summary.criteriaChecked, 1);
    const roots = a.checklist.getChildren();
    const readiness = roots[0];
    assert.equal(readiness.type, 'readiness');
    assert.equal(a.checklist.getTreeItem(readiness).label, 'Not ready for pickup');
    const checks = a.checklist.getChildren(readiness).map((n) => a.checklist.getTreeItem(n).label);
    assert.ok(checks.includes('Required sections present') && checks.includes('No open items'), checks.join(' | '));
    const scope = roots.find((n) => n.type === 'section' && n.section?.id === 'scope');
    assert.ok(scope);
    assert.equal(a.checklist.getTreeItem(scope).contextValue, 'missingSection');
    assert.ok(a.statusBar.visible());
    assert.match(a.statusBar.item.text, /Spec \d+\/\d+/);

    // Tick AC-2 in the text: the view follows.
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('- [ ] AC-2'));
    await editor.edit((b) => b.replace(new vscode.Range(line, 3, line, 4), 'x'));
    await waitFor(async () => {
      await a.checklist.refresh();
      return a.checklist.current()?.summary.criteriaChecked === 2;
    }, 'the checklist to count 2 ticked criteria');
  });
});

describe('in the editor: commands', () => {
  it('New Spec and New Handoff create documents from templates and refuse to overwrite', async () => {
    const folder = vscode.Uri.joinPath(workspaceFolder().uri, 'created');
    const spec = await vscode.commands.executeCommand<vscode.Uri>('specHandoff.newSpec', {
      title: 'Export invoices',
      folder,
    });
    assert.ok(spec, 'New Spec returned no file');
    assert.match(spec.path, /\/created\/export-invoices\.spec\.md$/);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(spec));
    assert.match(text, /^---\ntype: spec\ntitle: Export invoices\n---\n\n# Export invoices\n\n## Summary\n/);
    const handoff = await vscode.commands.executeCommand<vscode.Uri>('specHandoff.newHandoff', {
      title: 'Export invoices',
      folder,
    });
    assert.match(handoff.path, /\/created\/export-invoices\.handoff\.md$/);
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(handoff)), /type: handoff/);

    await vscode.workspace.fs.writeFile(spec, new TextEncoder().encode('MY OWN WORDS'));
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('specHandoff.newSpec', {
      title: 'Export invoices',
      folder,
    });
    assert.equal(again, undefined, 'a second New Spec with the same name must not create anything');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(spec)), 'MY OWN WORDS');
    // Written through a temporary file renamed into place: none is left behind, even after the refusal.
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name).sort();
    assert.deepEqual(names, ['export-invoices.handoff.md', 'export-invoices.spec.md']);
  });

  it('registers every command the manifest contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is contributed but not registered`);
  });
});

describe('in the editor: snippets and settings', () => {
  it('contributes markdown snippets that expand to the schema templates', async () => {
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument({ language: 'markdown', content: '' }),
    );
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'markdown',
      name: 'Review comment: blocking',
    });
    await waitFor(() => editor.document.getText().startsWith('- blocking:'), 'the blocking review comment snippet');
    await vscode.commands.executeCommand('editor.action.selectAll');
    await vscode.commands.executeCommand('deleteLeft');
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'markdown',
      name: 'Spec: whole document',
    });
    await waitFor(() => /## Acceptance criteria/.test(editor.document.getText()), 'the whole-spec snippet');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('applies a settings change: turning SH001 off removes its diagnostics', async () => {
    const editor = await openNew('specs/settings.spec.md', SPEC_HEAD);
    const uri = editor.document.uri;
    await waitFor(() => ourDiagnostics(uri).some((d) => code(d) === 'SH001'), 'SH001 before the change');
    const config = vscode.workspace.getConfiguration('specHandoff');
    await config.update('rules', { SH001: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(
        () => !ourDiagnostics(uri).some((d) => code(d) === 'SH001') && ourDiagnostics(uri).length > 0,
        'SH001 gone, other diagnostics kept',
      );
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(
      () => ourDiagnostics(uri).some((d) => code(d) === 'SH001'),
      'SH001 back after the setting is removed',
    );
  });
});

describe('in the editor: spec → handoff', () => {
  it('Generate Handoff writes a handoff prefilled from the spec and refuses to overwrite it', async () => {
    await api();
    const spec = await openNew(
      'specs/gen.spec.md',
      `${SPEC_HEAD}\n## Acceptance criteria\n\n- [ ] AC-1: Given a list, when exported, then a CSV downloads.\n- [ ] AC-2: The CSV has a header row.\n`,
    );
    const target = vscode.Uri.joinPath(workspaceFolder().uri, 'handoffs', 'gen.handoff.md');
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('specHandoff.generateHandoff', {
      specUri: spec.document.uri,
      targetUri: target,
      prompt: false,
    });
    assert.ok(created, 'Generate Handoff returned no file');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(text, /^---\ntype: handoff\ntitle: Partial\nspec: \.\.\/specs\/gen\.spec\.md\n---/);
    assert.match(
      text,
      /- \[ \] AC-1: Given a list, when exported, then a CSV downloads\.\n {2}- Evidence: TODO\n- \[ \] AC-2: The CSV has a header row\.\n {2}- Evidence: TODO\n/,
    );

    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode('MY HANDOFF'));
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('specHandoff.generateHandoff', {
      specUri: spec.document.uri,
      targetUri: target,
      prompt: false,
    });
    assert.equal(again, undefined, 'a second run must not write over the existing handoff');
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)), 'MY HANDOFF');
    const names = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(target, '..'))).map(([name]) => name);
    assert.deepEqual(
      names.filter((n) => n.endsWith('.tmp')),
      [],
      'a temporary file was left behind',
    );
  });
});
