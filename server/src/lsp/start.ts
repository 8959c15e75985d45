/**
 * The language server: wires every LSP handler to the transport-free
 * service. Only this folder (and server.ts) knows LSP.
 *
 * Used by the bundled server (server.ts, IPC or stdio from argv) and by
 * `spec-handoff lsp --stdio`.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import {
  ChecklistRequest,
  DocumentsRequest,
  FIX_ALL_CODE_ACTION_KIND,
  GenerateHandoffRequest,
  InsertAllMissingSectionsRequest,
  InsertMissingSectionRequest,
  KindForDocumentRequest,
  ListKindsRequest,
  NewDocumentRequest,
  SETTINGS_SECTION,
  ServerInfoRequest,
  ValidateWorkspaceRequest,
} from '../protocol';
import { ServerContext } from './context';
import { DiagnosticsScheduler, DEBOUNCE_MS } from './diagnostics';
import { ConfigManager } from './config';
import { codeActions, INSERT_ALL_SOURCE_KIND } from './codeActions';
import { completion, COMPLETION_TRIGGER_CHARACTERS } from './completion';
import { hover } from './hover';
import { symbols } from './symbols';
import { codeLens } from './codeLens';
import * as requests from './requests';
import { validateWorkspace } from './validateWorkspace';
import { WorkspaceIndex } from './workspaceIndex';
import { definition, references, workspaceSymbols } from './navigation';
import { safe, safeNotify } from './safe';
import { uriToPath } from './convert';

export const SERVER_NAME = 'spec-handoff';

export function startLanguageServer(connection: Connection): void {
  const startedAt = new Date().toISOString();
  const ctx = new ServerContext(connection);
  const diagnostics = new DiagnosticsScheduler(ctx);
  const index = new WorkspaceIndex(ctx);
  diagnostics.onDidValidate = (uri, analysis) => index.onDidValidate(uri, analysis);
  let refreshCodeLenses = false;
  const config = new ConfigManager(ctx, diagnostics, () => {
    if (refreshCodeLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    // Kinds, exclusions or `enable` may have changed: index the workspace again (the first load starts the first scan).
    void index.rescan();
  });

  /** A document's text changed (typed, opened, closed, changed on disk): the open documents linking to it are checked again. */
  const recheckDependents = (file: string | undefined, delay = DEBOUNCE_MS): void => {
    if (!file) return;
    for (const uri of ctx.invalidateDependents(file)) diagnostics.schedule(uri, delay);
  };

  // A bug anywhere must cost a log line, not the server.
  process.on('uncaughtException', (error) => ctx.logError('uncaught exception', error));
  process.on('unhandledRejection', (error) => ctx.logError('unhandled rejection', error));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    ctx.capabilities = params.capabilities;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    ctx.root = (folder ? uriToPath(folder) : undefined) ?? params.rootPath ?? undefined;
    // Links (a handoff's spec:, relative links) are followed only inside the workspace folders.
    const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
    ctx.host.setRoots(folders.length ? folders : ctx.root ? [ctx.root] : []);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    config.setInitialSettings(init?.settings);
    refreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Spec & Handoff' },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, INSERT_ALL_SOURCE_KIND, FIX_ALL_CODE_ACTION_KIND], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  // The first load (settings, config file, schemas) gates every analysis; whichever comes first starts it.
  const firstLoad = async (): Promise<void> => {
    try {
      await config.reload();
    } finally {
      ctx.setReady();
    }
  };
  let loading: Promise<void> | undefined;
  const ensureLoaded = (): void => {
    loading ??= firstLoad();
  };

  connection.onInitialized(safeNotify(ctx, 'initialized', async () => {
    ensureLoaded();
    const caps = ctx.capabilities.workspace;
    if (caps?.didChangeConfiguration?.dynamicRegistration) {
      // `files` too: files.exclude decides what the workspace index skips.
      await connection.client.register(DidChangeConfigurationNotification.type, { section: [SETTINGS_SECTION, 'files'] });
    }
    if (caps?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/.spec-handoff.yaml' }, { globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*.{md,markdown}' }],
      });
    }
  }));

  // TextDocuments fires onDidChangeContent for opens too: an open is checked at once, typing is debounced.
  const justOpened = new Set<string>();
  ctx.documents.onDidOpen((e) => {
    ensureLoaded();
    justOpened.add(e.document.uri);
  });
  ctx.documents.onDidChangeContent((e) => {
    ensureLoaded();
    const opened = justOpened.delete(e.document.uri);
    diagnostics.schedule(e.document.uri, opened ? 0 : DEBOUNCE_MS);
    recheckDependents(uriToPath(e.document.uri), opened ? 0 : DEBOUNCE_MS);
  });
  ctx.documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    ctx.forget(e.document.uri);
    void diagnostics.clear(e.document.uri);
    // Its dependents read the disk again; its index entry too (unsaved changes are gone).
    recheckDependents(uriToPath(e.document.uri), 0);
    void index.onDidClose(e.document.uri).catch((error) => ctx.logError('indexing a closed document', error));
  });

  connection.onDidChangeConfiguration(safeNotify(ctx, 'didChangeConfiguration', async (params) => {
    ensureLoaded();
    await ctx.ready;
    await config.onDidChangeConfiguration(params);
  }));
  connection.onDidChangeWatchedFiles(safeNotify(ctx, 'didChangeWatchedFiles', async (params) => {
    ensureLoaded();
    await ctx.ready;
    await config.onDidChangeWatchedFiles(params);
    // A spec changed on disk: open handoffs linking to it are checked again (unless it is open: its editor text counts).
    for (const change of params.changes) {
      const file = uriToPath(change.uri);
      if (file && !ctx.host.openUri(file)) recheckDependents(file, 0);
    }
    await index.onDidChangeWatchedFiles(params.changes);
  }));

  const ready = async <T>(f: () => T): Promise<T> => {
    ensureLoaded();
    await ctx.ready;
    return f();
  };
  connection.onCodeAction(safe(ctx, 'codeAction', [], (params) => ready(() => codeActions(ctx, params))));
  connection.onCompletion(safe(ctx, 'completion', null, (params) => ready(() => completion(ctx, params))));
  connection.onHover(safe(ctx, 'hover', null, (params) => ready(() => hover(ctx, params))));
  connection.onDocumentSymbol(safe(ctx, 'documentSymbol', [], (params) => ready(() => symbols(ctx, params))));
  connection.onCodeLens(safe(ctx, 'codeLens', [], (params) => ready(() => codeLens(ctx, params))));
  connection.onDefinition(safe(ctx, 'definition', null, (params) => ready(() => definition(ctx, params))));
  connection.onReferences(safe(ctx, 'references', [], (params) => ready(() => references(ctx, index, params))));
  connection.onWorkspaceSymbol(safe(ctx, 'workspaceSymbol', [], (params) => ready(() => workspaceSymbols(index, params))));

  connection.onRequest(ChecklistRequest.type, safe(ctx, ChecklistRequest.method, null, (params) => ready(() => requests.checklist(ctx, params))));
  connection.onRequest(InsertMissingSectionRequest.type, safe(ctx, InsertMissingSectionRequest.method, null, (params) => ready(() => requests.insertMissingSection(ctx, params))));
  connection.onRequest(InsertAllMissingSectionsRequest.type, safe(ctx, InsertAllMissingSectionsRequest.method, null, (params) => ready(() => requests.insertAllMissingSections(ctx, params))));
  connection.onRequest(NewDocumentRequest.type, safe(ctx, NewDocumentRequest.method, null, (params) => ready(() => requests.newDocument(ctx, params))));
  connection.onRequest(ListKindsRequest.type, safe(ctx, ListKindsRequest.method, [], () => ready(() => requests.listKinds(ctx))));
  connection.onRequest(KindForDocumentRequest.type, safe(ctx, KindForDocumentRequest.method, null, (params) => ready(() => requests.kindForDocument(ctx, params))));
  connection.onRequest(DocumentsRequest.type, safe(ctx, DocumentsRequest.method, { complete: false, truncated: false, groups: [] }, () => ready(() => index.documents())));
  connection.onRequest(GenerateHandoffRequest.type, safe(ctx, GenerateHandoffRequest.method, { error: 'Internal error; see the Spec & Handoff output.' }, (params) => ready(() => requests.generateHandoff(ctx, params))));
  // Not behind `ready`: it answers while the first load is still running (the restart test polls it). No `safe`
  // fallback either: a made-up answer would hide a bug, and a throwing handler costs an error response, not the server.
  connection.onRequest(ServerInfoRequest.type, () => requests.serverInfo(ctx, startedAt));
  connection.onRequest(ValidateWorkspaceRequest.type, safe(ctx, ValidateWorkspaceRequest.method, { files: 0, errors: 0, warnings: 0, filesWithProblems: 0 }, (params) => {
    ensureLoaded();
    return validateWorkspace(ctx, diagnostics, params);
  }));

  connection.onShutdown(() => {
    diagnostics.dispose();
    index.dispose();
  });

  ctx.documents.listen(connection);
  connection.listen();
}
