/**
 * Extension entry point. Thin by design (see ARCHITECTURE.md): start the
 * language server, contribute the Checklist and Documents views, the status
 * bar item and the commands, and ask the server for everything else. Activation does no heavy
 * work: the server starts in the background and `ready` tells when it is up.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  ChecklistChangedNotification,
  ChecklistRequest,
  DecisionsRequest,
  DocumentsChangedNotification,
  DocumentsRequest,
  ReviewAnchorsRequest,
  type Checklist,
  type DecisionInfo,
  type DocumentsResult,
} from '../../server/src/protocol';
import { ConfiguredSchemaWatcher, createLanguageClient } from './client';
import { generateHandoff, registerCommands, type GenerateHandoffOptions } from './commands';
import { CONTEXT, OUTPUT_CHANNEL } from './ids';
import { createStatusBar } from './status-bar';
import { registerLanguageModelTools } from './lm-tools';
import { ChecklistProvider, createChecklistView, type ChecklistNode, type ChecklistState } from './views/checklist';
import { DocumentsProvider, createDocumentsView, type DocumentNode } from './views/documents';
import { DecisionsProvider, createDecisionsView } from './views/decisions';
import { ReviewComments, type ReviewThread } from './review-comments';

/** What `activate` returns: used by the in-editor tests (test/vscode) to observe the extension. */
export interface SpecHandoffApi {
  client: LanguageClient;
  /** Resolves once the language server has started and initialized; rejects if it could not start. */
  ready: Promise<void>;
  checklist: {
    getChildren(node?: ChecklistNode): ChecklistNode[];
    getTreeItem(node: ChecklistNode): vscode.TreeItem;
    /** The checklist shown now (undefined: the active document is no spec/handoff, or none is open). */
    current(): Checklist | undefined;
    /** The document the checklist belongs to (URI string). */
    currentUri(): string | undefined;
    /** Re-reads the checklist for the active editor; resolves when the view has the new data. */
    refresh(): Promise<void>;
    /** Fires after each refresh. */
    onDidChange: vscode.Event<ChecklistState>;
    /** What ticking a criterion's checkbox in the view does: edits its `- [ ]` / `- [x]` in the document, then refreshes. */
    setChecked(node: ChecklistNode, checked: boolean): Promise<void>;
  };
  statusBar: {
    item: vscode.StatusBarItem;
    /** Whether the item is shown (StatusBarItem has no getter for it). */
    visible(): boolean;
  };
  /** The Documents view: every spec with its handoff(s), from the server's workspace index. */
  documents: {
    getChildren(node?: DocumentNode): DocumentNode[];
    getTreeItem(node: DocumentNode): vscode.TreeItem;
    /** The list shown now (undefined before the first refresh or while the server is down). */
    current(): DocumentsResult | undefined;
    /** Re-reads the list from the server; resolves when the view has it. */
    refresh(): Promise<void>;
    /** Fires after each refresh. */
    onDidChange: vscode.Event<DocumentsResult | undefined>;
  };
  /** The Decisions view: decision records and answered questions of the workspace, filterable by text. */
  decisions: {
    getChildren(): DecisionInfo[];
    getTreeItem(node: DecisionInfo): vscode.TreeItem;
    /** What the view shows now (after the filter). */
    shown(): DecisionInfo[];
    setFilter(text: string): void;
    refresh(): Promise<void>;
    onDidChange: vscode.Event<DecisionInfo[]>;
  };
  /** Review comments anchored to code, as comment threads on the code lines. */
  reviewComments: {
    threads(): ReviewThread[];
    refresh(): Promise<void>;
    onDidChange: vscode.Event<ReviewThread[]>;
  };
  /** "Generate Handoff from Spec" with arguments (no prompts when `targetUri` is given or `prompt` is false); resolves to the new file, or undefined when nothing was written. */
  generateHandoff(options: GenerateHandoffOptions): Promise<vscode.Uri | undefined>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SpecHandoffApi {
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(output);
  const languageClient = createLanguageClient(context, output);
  client = languageClient;

  let ready!: Promise<void>;
  const fetchChecklist = async (uri: string): Promise<Checklist | undefined> => {
    await ready;
    if (!languageClient.isRunning()) return undefined;
    return (await languageClient.sendRequest(ChecklistRequest.type, { uri })) ?? undefined;
  };
  const checklist = new ChecklistProvider(fetchChecklist);
  const view = createChecklistView(checklist);
  const statusBar = createStatusBar(checklist);
  const fetchDocuments = async (): Promise<DocumentsResult | undefined> => {
    await ready;
    if (!languageClient.isRunning()) return undefined;
    return languageClient.sendRequest(DocumentsRequest.type);
  };
  const documents = new DocumentsProvider(fetchDocuments);
  const documentsView = createDocumentsView(documents);
  context.subscriptions.push(
    checklist,
    view,
    documents,
    documentsView,
    statusBar.item,
    statusBar.subscription,
    new ConfiguredSchemaWatcher(languageClient),
    watchWorkspaceHasDocuments(),
  );
  const whenRunning = async <T>(request: () => Promise<T>): Promise<T | undefined> => {
    await ready;
    return languageClient.isRunning() ? request() : undefined;
  };
  const decisions = new DecisionsProvider(() => whenRunning(() => languageClient.sendRequest(DecisionsRequest.type)));
  const reviewComments = new ReviewComments(() =>
    whenRunning(() => languageClient.sendRequest(ReviewAnchorsRequest.type)),
  );
  context.subscriptions.push(decisions, createDecisionsView(decisions), reviewComments);

  // Handlers can be registered before the client starts.
  context.subscriptions.push(
    languageClient.onNotification(ChecklistChangedNotification.type, ({ uri }) => checklist.onServerChanged(uri)),
    languageClient.onNotification(DocumentsChangedNotification.type, () => {
      documents.onServerChanged();
      void decisions.refresh();
      void reviewComments.refresh();
    }),
    languageClient.onDidChangeState(({ newState }) => {
      void vscode.commands.executeCommand('setContext', CONTEXT.serverRunning, newState === State.Running);
      if (newState === State.Running) {
        void checklist.refresh();
        documents.onServerChanged();
        void decisions.refresh();
        void reviewComments.refresh();
      }
    }),
  );

  ready = languageClient.start();
  ready.catch((error: unknown) => {
    output.error(
      `The Spec & Handoff language server did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const commandContext = { client: languageClient, ready, checklist, documents, decisions, reviewComments };
  context.subscriptions.push(...registerCommands(commandContext));
  // Only where the API exists (VS Code 1.95+; Cursor and others may lack it): the rest of the extension works without.
  if (typeof vscode.lm?.registerTool === 'function')
    context.subscriptions.push(...registerLanguageModelTools(commandContext));

  return {
    client: languageClient,
    ready,
    checklist: {
      getChildren: (node) => checklist.getChildren(node),
      getTreeItem: (node) => checklist.getTreeItem(node),
      current: () => checklist.current(),
      currentUri: () => checklist.currentUri(),
      refresh: () => checklist.refresh(),
      onDidChange: checklist.onDidChangeChecklist,
      setChecked: (node, checked) =>
        checklist.toggleCriteria([
          [node, checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked],
        ]),
    },
    statusBar: { item: statusBar.item, visible: statusBar.visible },
    documents: {
      getChildren: (node) => documents.getChildren(node),
      getTreeItem: (node) => documents.getTreeItem(node),
      current: () => documents.current(),
      refresh: () => documents.refresh(),
      onDidChange: documents.onDidChangeDocuments,
    },
    decisions: {
      getChildren: () => decisions.getChildren(),
      getTreeItem: (node) => decisions.getTreeItem(node),
      shown: () => decisions.shown(),
      setFilter: (text) => decisions.setFilter(text),
      refresh: () => decisions.refresh(),
      onDidChange: decisions.onDidChangeDecisions,
    },
    reviewComments: {
      threads: () => reviewComments.threads(),
      refresh: () => reviewComments.refresh(),
      onDidChange: reviewComments.onDidChange,
    },
    generateHandoff: (options) => generateHandoff(commandContext, options),
  };
}

/**
 * `specHandoff.workspaceHasDocuments`: whether the workspace has a
 * .spec-handoff.yaml or a *.spec.md / *.handoff.md file. The explorer's
 * New Spec… / New Handoff… entries show only then, instead of on every folder
 * of every workspace (the palette and the Documents view always offer them).
 */
function watchWorkspaceHasDocuments(): vscode.Disposable {
  const glob = '{**/.spec-handoff.yaml,**/*.spec.md,**/*.handoff.md}';
  const update = async (): Promise<void> => {
    const found = await vscode.workspace.findFiles(glob, '**/node_modules/**', 1).then(
      (f) => f.length > 0,
      () => false,
    );
    await vscode.commands.executeCommand('setContext', CONTEXT.workspaceHasDocuments, found);
  };
  void update();
  const watcher = vscode.workspace.createFileSystemWatcher(glob, false, true, false);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(() => void update()),
    watcher.onDidDelete(() => void update()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void update()),
  );
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.needsStop()) await c.stop();
}
