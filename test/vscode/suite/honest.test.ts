// Issue 13 in a real VS Code: what the editor inserts is a skeleton, never
// the schemas' example text, and nothing it inserts or generates is "ready".
// Fix-on-save with the setting many users have for ESLint
// ("editor.codeActionsOnSave": {"source.fixAll": "explicit"}), New Spec, and
// Generate Handoff on the sample workspace's export-csv.spec.md.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, waitFor, workspaceFolder } from './util';
import { SAVED_FILTERS_19, criteriaProblems, inventedEvidence } from '../../support/honest';

interface Readiness {
  ready: boolean;
  checks: { id: string; ok: boolean; detail: string }[];
}
interface ExtensionApi {
  ready: Promise<void>;
  checklist: {
    current(): { kindId: string; readiness: Readiness } | undefined;
    currentUri(): string | undefined;
    refresh(): Promise<void>;
  };
  statusBar: { item: vscode.StatusBarItem; visible(): boolean };
}

/** Words of the schemas' worked examples (an invoice CSV export) that a saved-filters spec never contains. */
const FOREIGN = /invoice|Postgres|S3 bucket|billing|BILL-\d+|reports-worker/i;

const api = (): Promise<ExtensionApi> => activatedApi<ExtensionApi>();

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'spec-handoff');
}

function code(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** The checklist of `uri` once the sidebar shows it (its readiness is what the sidebar and status bar show). */
async function readinessOf(
  ext: ExtensionApi,
  uri: vscode.Uri,
  description: string,
  accept: (r: Readiness) => boolean = () => true,
): Promise<Readiness> {
  return waitFor(async () => {
    await ext.checklist.refresh();
    const current = ext.checklist.current();
    return ext.checklist.currentUri() === uri.toString() && current && accept(current.readiness)
      ? current.readiness
      : undefined;
  }, description);
}

describe('in the editor: honest documents (issue 13)', () => {
  let ext: ExtensionApi;
  before(async () => {
    ext = await api();
  });

  it('fix-on-save (editor.codeActionsOnSave source.fixAll) inserts skeletons only: no SH001, no foreign text, not ready', async () => {
    const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'markdown' });
    await editorConfig.update(
      'codeActionsOnSave',
      { 'source.fixAll': 'explicit' },
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'specs', 'saved-filters-19.spec.md');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SAVED_FILTERS_19));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitFor(
        () => ourDiagnostics(uri).filter((d) => code(d) === 'SH001').length === 4,
        'the four missing sections reported',
      );
      // A user's edit, then an explicit save: the fix-all code action runs as a save participant.
      await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), '\n'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor(
        () => !editor.document.isDirty && /\n## Acceptance criteria\n/.test(editor.document.getText()),
        'fix-all to run on save',
      );
      const text = editor.document.getText();
      assert.doesNotMatch(text, FOREIGN, 'example text was inserted');
      assert.match(text, /## System context\n\n<!-- [\s\S]*?-->\n/);
      assert.match(text, /^TODO$/m);
      // Insert-only: every original line is still there, in order.
      let at = 0;
      for (const line of SAVED_FILTERS_19.split('\n')) {
        at = text.indexOf(line, at);
        assert.ok(at >= 0, `lost: ${line}`);
      }
      await waitFor(() => {
        const ours = ourDiagnostics(uri);
        return ours.length > 0 && !ours.some((d) => code(d) === 'SH001') && ours.some((d) => code(d) === 'SH007');
      }, 'no SH001 and the TODOs reported after the save');
      const readiness = await readinessOf(ext, uri, 'the checklist of the fixed spec', (r) =>
        r.checks.some((c) => c.id === 'content'),
      );
      assert.equal(readiness.ready, false);
      assert.equal(readiness.checks.find((c) => c.id === 'content')?.ok, false);
      assert.doesNotMatch(ext.statusBar.item.text, /\$\(pass\)/, 'the status bar shows it as complete');
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('offers "Insert example" as a refactor on a section; applying it adds the schema\'s example, which is then reported', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'specs', 'insert-example.spec.md');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode('---\ntype: spec\ntitle: Login\n---\n\n# Login\n\n## Summary\n\nTODO\n'),
    );
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor(() => ourDiagnostics(uri).length > 0, 'diagnostics for the spec');
    const at = new vscode.Range(9, 0, 9, 0);
    const actions = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        at,
        vscode.CodeActionKind.Refactor.value,
      );
      return found?.some((a) => a.kind?.value === 'refactor.insertExample.specHandoff') && found;
    }, 'the Insert example action');
    const example = actions.find((a) => a.kind?.value === 'refactor.insertExample.specHandoff')!;
    assert.match(example.title, /Insert the schema's example for "Summary"/);
    assert.ok(example.edit && (await vscode.workspace.applyEdit(example.edit)));
    assert.match(editor.document.getText(), /Finance admins can download the invoices/);
    await waitFor(
      () =>
        ourDiagnostics(uri).some((d) => code(d) === 'SH002' && /still holds the schema's example text/.test(d.message)),
      'SH002 on the example text',
    );
    // Fix-all never offers it.
    const fixAll = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      at,
      vscode.CodeActionKind.SourceFixAll.value,
    );
    assert.ok(!(fixAll ?? []).some((a) => a.kind?.value.startsWith('refactor')));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('New Spec creates a skeleton that is not ready for pickup', async () => {
    const folder = vscode.Uri.joinPath(workspaceFolder().uri, 'honest');
    const spec = await vscode.commands.executeCommand<vscode.Uri>('specHandoff.newSpec', {
      title: 'Passwordless login',
      folder,
    });
    assert.ok(spec, 'New Spec returned no file');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(spec));
    assert.doesNotMatch(text, FOREIGN);
    assert.match(text, /## Summary\n\n<!-- [\s\S]*?-->\n\nTODO\n/);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(spec));
    const readiness = await readinessOf(ext, spec, 'the checklist of the new spec');
    assert.equal(readiness.ready, false);
  });

  it("Generate Handoff on specs/export-csv.spec.md: exactly the spec's criteria, unticked, nothing invented, not ready", async () => {
    const specUri = vscode.Uri.joinPath(workspaceFolder().uri, 'specs', 'export-csv.spec.md');
    const specText = new TextDecoder().decode(await vscode.workspace.fs.readFile(specUri));
    const target = vscode.Uri.joinPath(workspaceFolder().uri, 'handoffs', 'export-csv-honest.handoff.md');
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('specHandoff.generateHandoff', {
      specUri,
      targetUri: target,
      prompt: false,
    });
    assert.ok(created, 'Generate Handoff returned no file');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.deepEqual(criteriaProblems(text, specText, 5), []);
    assert.doesNotMatch(text, /\[[xX]\]/);
    assert.deepEqual(inventedEvidence(text, specText), []);
    assert.doesNotMatch(text, FOREIGN);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target));
    const readiness = await readinessOf(ext, target, 'the checklist of the generated handoff', (r) =>
      r.checks.some((c) => c.id === 'trace'),
    );
    assert.equal(readiness.ready, false);
    assert.equal(readiness.checks.find((c) => c.id === 'trace')?.ok, false);
  });
});
