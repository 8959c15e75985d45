/**
 * The Decisions view: decision records and answered questions across the
 * workspace (`specHandoff/decisions`, from the server's workspace index),
 * each with its status and date and its outcome in the tooltip; filterable
 * by text (title, outcome, path). Clicking one opens the document at its
 * answer or decision.
 */
import * as vscode from 'vscode';
import type { DecisionInfo } from '../../../server/src/protocol';
import { COMMANDS, CONTEXT, VIEW_DECISIONS } from '../ids';

export type DecisionsFetcher = () => Promise<DecisionInfo[] | undefined>;

export class DecisionsProvider implements vscode.TreeDataProvider<DecisionInfo>, vscode.Disposable {
  private readonly changeTreeData = new vscode.EventEmitter<DecisionInfo | undefined>();
  readonly onDidChangeTreeData = this.changeTreeData.event;
  private readonly changeDecisions = new vscode.EventEmitter<DecisionInfo[]>();
  /** Fires after every refresh or filter change with what the view shows. */
  readonly onDidChangeDecisions = this.changeDecisions.event;
  private all: DecisionInfo[] = [];
  private text = '';
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly fetch: DecisionsFetcher) {}

  /** What the view shows now (after the filter). */
  shown(): DecisionInfo[] {
    const words = this.text.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return this.all;
    return this.all.filter((d) => {
      const haystack = `${d.title} ${d.outcome} ${d.path} ${d.status} ${d.date}`.toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
  }

  filter(): string {
    return this.text;
  }

  setFilter(text: string): void {
    this.text = text.trim();
    void vscode.commands.executeCommand('setContext', CONTEXT.decisionsFiltered, this.text !== '');
    this.changeTreeData.fire(undefined);
    this.changeDecisions.fire(this.shown());
  }

  /** Re-reads the list from the server; serialized. */
  refresh(): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        this.all = (await this.fetch()) ?? [];
      } catch {
        this.all = []; // server not running (yet) or restarting
      }
      this.changeTreeData.fire(undefined);
      this.changeDecisions.fire(this.shown());
    };
    this.pending = this.pending.then(run).catch(() => undefined);
    return this.pending;
  }

  getChildren(node?: DecisionInfo): DecisionInfo[] {
    return node ? [] : this.shown();
  }

  getTreeItem(d: DecisionInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(d.title, vscode.TreeItemCollapsibleState.None);
    item.id = d.uri;
    item.description = [d.type === 'answer' ? 'answered' : d.status || 'no status', d.date].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(d.type === 'answer' ? 'comment-discussion' : 'law');
    item.contextValue = `decision.${d.type}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${d.title}\n\n${d.outcome || 'No outcome written yet.'}\n\n${d.path}`);
    item.tooltip = tooltip;
    item.command = { command: COMMANDS.revealLine, title: 'Open', arguments: [d.uri, d.line] };
    return item;
  }

  dispose(): void {
    this.changeTreeData.dispose();
    this.changeDecisions.dispose();
  }
}

export function createDecisionsView(provider: DecisionsProvider): vscode.TreeView<DecisionInfo> {
  const view = vscode.window.createTreeView(VIEW_DECISIONS, { treeDataProvider: provider });
  provider.onDidChangeDecisions((shown) => {
    view.description = provider.filter()
      ? `“${provider.filter()}” · ${shown.length}`
      : shown.length
        ? `${shown.length}`
        : undefined;
    view.message = provider.filter() && !shown.length ? `No decision matches “${provider.filter()}”.` : undefined;
  });
  return view;
}
