// The Documents view inside a real VS Code: specs with their handoffs as
// children, kept current from files written to disk, with Generate Handoff on
// spec items and the title-bar commands the manifest contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, waitFor, workspaceFolder } from './util';

interface DocumentInfo {
  uri: string;
  path: string;
  kind: string;
  title: string;
  summary: { sectionsPresent: number; sectionsRequired: number };
  readiness: { ready: boolean };
}
interface DocumentNode {
  info: DocumentInfo;
  linked: DocumentInfo[] | undefined;
  parent: string | undefined;
}
interface ExtensionApi {
  ready: Promise<void>;
  documents: {
    getChildren(node?: DocumentNode): DocumentNode[];
    getTreeItem(node: DocumentNode): vscode.TreeItem;
    refresh(): Promise<void>;
  };
}

const SPEC = `---
type: spec
title: Documents view
---

# Documents view

## Summary

Finance admins download the filtered invoice list as one CSV file for month-end reconciliation.

## Acceptance criteria

- [ ] AC-1: Given a filtered list, when the admin exports, then the CSV has the same rows.
`;

const HANDOFF = `---
type: handoff
title: Documents view handoff
spec: ../specs/documents-view.spec.md
---

# Handoff: Documents view

## What was built

The export endpoint and its button.
`;

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

describe('in the editor: the Documents view', () => {
  let api: ExtensionApi;
  before(async () => {
    api = await activatedApi<ExtensionApi>();
  });

  it('lists a spec written to disk with its handoff as a child, and updates when the handoff is deleted', async () => {
    const spec = await write('specs/documents-view.spec.md', SPEC);
    const handoff = await write('handoffs/documents-view.handoff.md', HANDOFF);
    const group = (): DocumentNode | undefined =>
      api.documents.getChildren().find((n) => n.info.uri === spec.toString());

    // The server learns of new files through the file watcher; the view re-reads its index.
    const node = await waitFor(
      async () => {
        await api.documents.refresh();
        const g = group();
        return g && g.linked?.some((h) => h.uri === handoff.toString()) ? g : undefined;
      },
      'the spec with its handoff in the Documents view',
      { timeoutMs: 30_000 },
    );

    assert.equal(node.info.kind, 'spec');
    assert.equal(node.info.title, 'Documents view');
    const item = api.documents.getTreeItem(node);
    assert.equal(item.label, 'Documents view');
    assert.equal(
      item.contextValue,
      'document.spec',
      'spec items carry the context value the Generate Handoff menu needs',
    );
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.equal(item.command?.command, 'vscode.open');
    assert.match(String(item.description), /sections/);

    const [child] = api.documents.getChildren(node);
    assert.equal(child.info.uri, handoff.toString());
    assert.equal(child.info.kind, 'handoff');
    assert.equal(api.documents.getTreeItem(child).contextValue, 'document.handoff');

    await vscode.workspace.fs.delete(handoff);
    await waitFor(
      async () => {
        await api.documents.refresh();
        const g = group();
        return g && !(g.linked ?? []).some((h) => h.uri === handoff.toString());
      },
      'the deleted handoff to leave the Documents view',
      { timeoutMs: 30_000 },
    );
  });

  it('its title-bar and item commands are registered (refresh, new documents, Generate Handoff)', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of [
      'specHandoff.refreshDocuments',
      'specHandoff.newSpec',
      'specHandoff.newHandoff',
      'specHandoff.generateHandoff',
      'specHandoff.validateWorkspace',
    ]) {
      assert.ok(registered.has(command), `${command} is not registered`);
    }
    // Refresh from the title bar runs without a selection and leaves the list in place.
    await vscode.commands.executeCommand('specHandoff.refreshDocuments');
    assert.ok(api.documents.getChildren().length > 0);
  });
});
