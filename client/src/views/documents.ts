/**
 * The Documents view: every spec of the workspace with its handoff(s) as
 * children, from the server's workspace index (`specHandoff/documents`).
 * Each node shows the kind's icon, the document's completeness and whether
 * it is ready for pickup; clicking it opens the document. The list is
 * re-read when the server says the index changed — at once while the view is
 * visible, else the next time it is shown.
 */
import * as vscode from 'vscode';
import type { DocumentInfo, DocumentsResult } from '../../../server/src/protocol';
import { VIEW_DOCUMENTS } from '../ids';

export interface DocumentNode {
  info: DocumentInfo;
  /** Documents linking to this one (a spec's handoffs); undefined for a child node. */
  linked: DocumentInfo[] | undefined;
  /** The parent's URI for a child node. */
  parent: string | undefined;
}

/** Asks the server for the index; undefined when the server is not running. */
export type DocumentsFetcher = () => Promise<DocumentsResult | undefined>;

const KIND_ICONS: Record<string, string> = { spec: 'book', handoff: 'arrow-swap' };

export class DocumentsProvider implements vscode.TreeDataProvider<DocumentNode>, vscode.Disposable {
  private readonly changeTreeData = new vscode.EventEmitter<DocumentNode | undefined>();
  readonly onDidChangeTreeData = this.changeTreeData.event;
  private readonly changeDocuments = new vscode.EventEmitter<DocumentsResult | undefined>();
  /** Fires after every refresh with the new list. */
  readonly onDidChangeDocuments = this.changeDocuments.event;

  private result: DocumentsResult | undefined;
  private visible = false;
  /** The server changed the index while the view was hidden. */
  private stale = true;
  private generation = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly fetch: DocumentsFetcher) {}

  current(): DocumentsResult | undefined {
    return this.result;
  }

  /** Re-reads the list from the server. Concurrent calls are serialized; a stale answer is dropped. */
  refresh(): Promise<void> {
    const generation = ++this.generation;
    this.stale = false;
    const run = async (): Promise<void> => {
      if (generation !== this.generation) return;
      let result: DocumentsResult | undefined;
      try {
        result = await this.fetch();
      } catch {
        result = undefined; // server not running (yet) or restarting
      }
      if (generation !== this.generation) return;
      this.result = result;
      this.changeTreeData.fire(undefined);
      this.changeDocuments.fire(result);
    };
    this.pending = this.pending.then(run).catch(() => undefined);
    return this.pending;
  }

  /** `specHandoff/documentsChanged`: refresh now if visible, else when shown. */
  onServerChanged(): void {
    if (this.visible) void this.refresh();
    else this.stale = true;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) void this.refresh();
  }

  getChildren(node?: DocumentNode): DocumentNode[] {
    if (!node)
      return (this.result?.groups ?? []).map((g) => ({ info: g.document, linked: g.linked, parent: undefined }));
    return (node.linked ?? []).map((info) => ({ info, linked: undefined, parent: node.info.uri }));
  }

  getParent(node: DocumentNode): DocumentNode | undefined {
    if (!node.parent) return undefined;
    const group = this.result?.groups.find((g) => g.document.uri === node.parent);
    return group ? { info: group.document, linked: group.linked, parent: undefined } : undefined;
  }

  getTreeItem(node: DocumentNode): vscode.TreeItem {
    const { info } = node;
    const linked = node.linked ?? [];
    const item = new vscode.TreeItem(
      info.title,
      linked.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.parent ? `${node.parent}>${info.uri}` : info.uri;
    const uri = vscode.Uri.parse(info.uri);
    item.resourceUri = uri; // file decorations: problems colour the label like in the explorer
    const s = info.summary;
    const parts = [`${s.sectionsPresent}/${s.sectionsRequired} sections`];
    if (s.criteriaTotal) parts.push(`${s.criteriaChecked}/${s.criteriaTotal} criteria`);
    parts.push(info.readiness.ready ? 'ready' : `not ready (${info.readiness.passed}/${info.readiness.total})`);
    // A top-level document with a link is one whose spec is missing or outside the index.
    const orphan = !node.parent && info.specUri !== undefined;
    if (orphan) parts.push('spec not found');
    item.description = parts.join(' · ');
    const color = s.errors
      ? new vscode.ThemeColor('list.errorForeground')
      : info.readiness.ready
        ? new vscode.ThemeColor('testing.iconPassed')
        : undefined;
    item.iconPath = new vscode.ThemeIcon(KIND_ICONS[info.kind] ?? 'file-text', color);
    item.contextValue = `document.${info.kind}`;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };

    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMarkdown(info.title)}** — ${escapeMarkdown(info.kindTitle)}\n\n`);
    tooltip.appendMarkdown(`\`${info.path}\`\n\n${escapeMarkdown(info.summaryLine)}`);
    if (info.readiness.checks.length)
      tooltip.appendMarkdown(
        '\n\n' +
          info.readiness.checks
            .map(
              (c) =>
                `- ${c.ok ? '$(pass)' : '$(circle-large-outline)'} ${escapeMarkdown(c.label)}: ${escapeMarkdown(c.detail)}`,
            )
            .join('\n'),
      );
    if (orphan)
      tooltip.appendMarkdown(
        `\n\nLinked spec not found in the workspace: \`${vscode.Uri.parse(info.specUri!).fsPath}\``,
      );
    if (linked.length)
      tooltip.appendMarkdown(
        `\n\n${linked.length} document${linked.length === 1 ? '' : 's'} link${linked.length === 1 ? 's' : ''} to it.`,
      );
    item.tooltip = tooltip;
    return item;
  }

  dispose(): void {
    this.changeTreeData.dispose();
    this.changeDocuments.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

/** Creates the tree view; it fetches only while visible, and says so while the workspace is being indexed. */
export function createDocumentsView(provider: DocumentsProvider): vscode.TreeView<DocumentNode> {
  const view = vscode.window.createTreeView(VIEW_DOCUMENTS, { treeDataProvider: provider, showCollapseAll: true });
  view.onDidChangeVisibility((e) => provider.setVisible(e.visible));
  provider.setVisible(view.visible);
  provider.onDidChangeDocuments((result) => {
    const count = result ? result.groups.reduce((n, g) => n + 1 + g.linked.length, 0) : 0;
    view.description = result && count ? `${count}` : undefined;
    view.message = !result
      ? undefined
      : !result.complete
        ? 'Indexing the workspace…'
        : result.truncated
          ? 'The workspace has more markdown files than are indexed; some documents are not listed.'
          : undefined;
  });
  return view;
}
