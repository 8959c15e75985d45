/**
 * The Checklist view: the server's checklist for the active markdown editor.
 * One node per schema section (✓ present, ⚠ has findings, ✗ missing), then
 * the acceptance criteria (native checkboxes that tick the task-list item in
 * the document) and the open items (placeholders). Clicking a node reveals
 * its line. The data comes from the server; this file only presents it.
 */
import * as vscode from 'vscode';
import type { Checklist, ChecklistCriterion, ChecklistOpenItem, ChecklistSection } from '../../../server/src/protocol';
import type { Readiness, ReadinessCheck } from '../../../server/src/protocol';
import { COMMANDS, CONTEXT, VIEW_CHECKLIST } from '../ids';
import { summaryText } from '../summary';

export type ChecklistNode =
  | { type: 'section'; uri: string; section: ChecklistSection }
  | { type: 'criteria'; uri: string; criteria: ChecklistCriterion[] }
  | { type: 'criterion'; uri: string; criterion: ChecklistCriterion }
  | { type: 'openItems'; uri: string; items: ChecklistOpenItem[] }
  | { type: 'openItem'; uri: string; item: ChecklistOpenItem; index: number }
  | { type: 'readiness'; uri: string; readiness: Readiness }
  | { type: 'readinessCheck'; uri: string; check: ReadinessCheck };

/** Asks the server for the checklist of a document; undefined when the document is no known kind. */
export type ChecklistFetcher = (uri: string) => Promise<Checklist | undefined>;

export interface ChecklistState {
  uri: string | undefined;
  checklist: Checklist | undefined;
}

const DEBOUNCE_MS = 300;
/** A task-list marker at the start of a line: `- [ ]`, `* [x]`, `1. [X]`. */
const TASK_MARKER = /^(\s*(?:[-*+]|\d+[.)])\s+\[)([ xX])(\])/;

export class ChecklistProvider implements vscode.TreeDataProvider<ChecklistNode>, vscode.Disposable {
  private readonly changeTreeData = new vscode.EventEmitter<ChecklistNode | undefined>();
  readonly onDidChangeTreeData = this.changeTreeData.event;
  private readonly changeChecklist = new vscode.EventEmitter<ChecklistState>();
  /** Fires after every refresh, with the document and its checklist (the status bar listens). */
  readonly onDidChangeChecklist = this.changeChecklist.event;

  private uri: string | undefined;
  private checklist: Checklist | undefined;
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly fetch: ChecklistFetcher) {
    this.disposables.push(
      this.changeTreeData,
      this.changeChecklist,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.uri && e.contentChanges.length) this.refreshSoon();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.toString() === this.uri) void this.refresh();
      }),
    );
  }

  /** The document the view shows: the active markdown editor, or the last one while it stays visible (focus in a panel or the view itself). */
  private targetUri(): string | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor) return editor.document.languageId === 'markdown' ? editor.document.uri.toString() : undefined;
    if (this.uri && vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === this.uri))
      return this.uri;
    return undefined;
  }

  current(): Checklist | undefined {
    return this.checklist;
  }

  currentUri(): string | undefined {
    return this.uri;
  }

  /** Re-reads the checklist from the server for the active document. Concurrent calls are serialized; a stale answer is dropped. */
  refresh(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const generation = ++this.generation;
    const run = async (): Promise<void> => {
      if (generation !== this.generation) return; // a newer refresh is queued
      const uri = this.targetUri();
      let checklist: Checklist | undefined;
      try {
        checklist = uri ? await this.fetch(uri) : undefined;
      } catch {
        checklist = undefined; // server not running (yet) or restarting: show the welcome view
      }
      if (generation !== this.generation) return;
      this.uri = uri;
      this.checklist = checklist;
      this.changeTreeData.fire(undefined);
      this.changeChecklist.fire({ uri, checklist });
      await Promise.all([
        vscode.commands.executeCommand('setContext', CONTEXT.activeKind, checklist?.kindId ?? ''),
        vscode.commands.executeCommand(
          'setContext',
          CONTEXT.hasMissingSections,
          checklist ? checklist.summary.sectionsPresent < checklist.summary.sectionsRequired : false,
        ),
      ]);
    };
    // A failed refresh (server gone mid-request) leaves the view as it was; the next one starts fresh.
    this.pending = this.pending.then(run).catch(() => undefined);
    return this.pending;
  }

  /** Refresh after typing pauses. */
  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /** The server says a document's analysis changed. */
  onServerChanged(uri: string): void {
    if (uri === this.uri || uri === this.targetUri()) void this.refresh();
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    const checklist = this.checklist;
    const uri = this.uri;
    if (!checklist || !uri) return [];
    if (!node) {
      // "Could a stranger pick this up?" first: the verdict, then what it rests on.
      const nodes: ChecklistNode[] = checklist.readiness
        ? [{ type: 'readiness', uri, readiness: checklist.readiness }]
        : [];
      nodes.push(...checklist.sections.map((section): ChecklistNode => ({ type: 'section', uri, section })));
      if (checklist.criteria.length) nodes.push({ type: 'criteria', uri, criteria: checklist.criteria });
      if (checklist.openItems.length) nodes.push({ type: 'openItems', uri, items: checklist.openItems });
      return nodes;
    }
    switch (node.type) {
      case 'section':
        return node.section.children.map((section) => ({ type: 'section', uri: node.uri, section }));
      case 'criteria':
        return node.criteria.map((criterion) => ({ type: 'criterion', uri: node.uri, criterion }));
      case 'openItems':
        return node.items.map((item, index) => ({ type: 'openItem', uri: node.uri, item, index }));
      case 'readiness':
        return node.readiness.checks.map((check) => ({ type: 'readinessCheck', uri: node.uri, check }));
      default:
        return [];
    }
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    switch (node.type) {
      case 'section':
        return sectionItem(node.uri, node.section);
      case 'criteria': {
        const checked = node.criteria.filter((c) => c.checked).length;
        const item = new vscode.TreeItem('Acceptance criteria', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'group:criteria';
        item.description = `${checked}/${node.criteria.length} checked`;
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = 'criteriaGroup';
        return item;
      }
      case 'criterion': {
        const c = node.criterion;
        const item = new vscode.TreeItem(c.text || '(empty)', vscode.TreeItemCollapsibleState.None);
        item.id = `criterion:${c.line}`;
        item.checkboxState = c.checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
        item.description = `line ${c.line + 1}`;
        item.tooltip = `${c.checked ? 'Checked' : 'Not checked yet'}: ${c.text}`;
        item.contextValue = c.checked ? 'criterionChecked' : 'criterion';
        item.command = revealCommand(node.uri, c.line);
        return item;
      }
      case 'openItems': {
        const item = new vscode.TreeItem('Open items', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'group:openItems';
        item.description = String(node.items.length);
        item.iconPath = new vscode.ThemeIcon('note');
        item.tooltip = 'Placeholders such as TODO or TBD, and unanswered open questions';
        item.contextValue = 'openItemsGroup';
        return item;
      }
      case 'readiness': {
        const r = node.readiness;
        const item = new vscode.TreeItem(
          r.ready ? 'Ready for pickup' : 'Not ready for pickup',
          r.ready ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = 'group:readiness';
        item.description = `${r.passed}/${r.total} checks`;
        item.iconPath = new vscode.ThemeIcon(r.ready ? 'verified' : 'person');
        item.tooltip = 'Could a stranger pick this document up without a meeting?';
        item.contextValue = 'readiness';
        return item;
      }
      case 'readinessCheck': {
        const c = node.check;
        const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.None);
        item.id = `readiness:${c.id}`;
        item.description = c.detail;
        item.iconPath = new vscode.ThemeIcon(c.ok ? 'pass' : 'circle-large-outline');
        item.contextValue = c.ok ? 'readinessCheckOk' : 'readinessCheck';
        return item;
      }
      case 'openItem': {
        const o = node.item;
        const item = new vscode.TreeItem(o.text, vscode.TreeItemCollapsibleState.None);
        item.id = `open:${node.index}`;
        item.description = `${o.placeholder} · line ${o.line + 1}`;
        item.iconPath = new vscode.ThemeIcon('edit');
        item.tooltip =
          o.kind === 'question'
            ? `Unanswered question on line ${o.line + 1}`
            : o.kind === 'thread'
              ? `Open "${o.placeholder}" thread on line ${o.line + 1}: waiting for the reviewer's "confirmed"`
              : `Placeholder "${o.placeholder}" on line ${o.line + 1}`;
        item.contextValue = 'openItem';
        item.command = revealCommand(node.uri, o.line);
        return item;
      }
    }
  }

  /** Ticking a criterion's checkbox ticks its task-list item in the document. */
  async toggleCriteria(changes: readonly (readonly [ChecklistNode, vscode.TreeItemCheckboxState])[]): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    let any = false;
    for (const [node, state] of changes) {
      if (node.type !== 'criterion') continue;
      const uri = vscode.Uri.parse(node.uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      if (node.criterion.line >= doc.lineCount) continue;
      const line = doc.lineAt(node.criterion.line);
      const m = TASK_MARKER.exec(line.text);
      if (!m) continue;
      const want = state === vscode.TreeItemCheckboxState.Checked ? 'x' : ' ';
      if ((m[2] === ' ') === (want === ' ')) continue;
      const at = m[1].length;
      edit.replace(uri, new vscode.Range(node.criterion.line, at, node.criterion.line, at + 1), want);
      any = true;
    }
    if (any) await vscode.workspace.applyEdit(edit);
    await this.refresh();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function sectionItem(uri: string, s: ChecklistSection): vscode.TreeItem {
  const item = new vscode.TreeItem(
    s.title,
    s.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `section:${s.id}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(s.title)}**`);
  switch (s.state) {
    case 'present':
      item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
      item.description = 'present';
      item.contextValue = 'section';
      tooltip.appendMarkdown(' — present');
      break;
    case 'warning':
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.description = `${s.findings.length} finding${s.findings.length === 1 ? '' : 's'}`;
      item.contextValue = 'sectionWithFindings';
      tooltip.appendMarkdown(' — needs work');
      break;
    case 'missing':
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.description = 'missing';
      item.contextValue = 'missingSection';
      tooltip.appendMarkdown(' — missing (required)');
      break;
    case 'optional-missing':
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
      item.description = 'optional';
      item.contextValue = 'optionalMissingSection';
      tooltip.appendMarkdown(' — optional, not present');
      break;
  }
  if (s.findings.length) tooltip.appendMarkdown('\n\n' + s.findings.map((f) => `- ${escapeMarkdown(f)}`).join('\n'));
  if (s.guidance) tooltip.appendMarkdown('\n\n---\n\n' + s.guidance);
  // The schema's worked example: shown to the writer, never inserted by a fix ("Insert example" adds it on request).
  if (s.example) tooltip.appendMarkdown('\n\n---\n\n*Example:*\n\n' + s.example);
  item.tooltip = tooltip;
  if (s.line !== undefined) item.command = revealCommand(uri, s.line);
  return item;
}

function revealCommand(uri: string, line: number): vscode.Command {
  return { command: COMMANDS.revealLine, title: 'Go to Line', arguments: [uri, line] };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

/** Creates the tree view and wires checkbox toggling and the view's description. */
export function createChecklistView(provider: ChecklistProvider): vscode.TreeView<ChecklistNode> {
  const view = vscode.window.createTreeView(VIEW_CHECKLIST, {
    treeDataProvider: provider,
    showCollapseAll: true,
    manageCheckboxStateManually: true,
  });
  view.onDidChangeCheckboxState((e) => void provider.toggleCriteria(e.items));
  provider.onDidChangeChecklist(({ checklist }) => {
    view.description = checklist ? summaryText(checklist) : undefined;
  });
  return view;
}
