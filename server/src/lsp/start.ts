/**
 * The language server: wires every LSP handler to the transport-free
 * service. Only this folder (and server.ts) knows LSP.
 *
 * Used by the bundled server (server.ts, IPC or stdio from argv) and by
 * `spec-handoff lsp --stdio`.
 */
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  ResponseError,
  ErrorCodes,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import {
  AgentCheckRequest,
  AgentDocumentsRequest,
  AgentInsertSectionsRequest,
  AgentMissingSectionsRequest,
  ChecklistRequest,
  CUSTOM_NOTIFICATIONS,
  DocumentsRequest,
  GenerateHandoffRequest,
  InsertAllMissingSectionsRequest,
  InsertMissingSectionRequest,
  DecisionsRequest,
  ReviewAnchorsRequest,
  KindForDocumentRequest,
  ListKindsRequest,
  NewDocumentRequest,
  SETTINGS_SECTION,
  ServerCommands,
  ServerInfoRequest,
  type ApplyEditCommandArguments,
  type SpecHandoffInitializationOptions,
  ValidateWorkspaceRequest,
} from '../protocol';
import { ServerContext } from './context';
import { DiagnosticsScheduler, DEBOUNCE_MS } from './diagnostics';
import { ConfigManager } from './config';
import { CODE_ACTION_KINDS, codeActions, supportsApplyEdit, supportsCodeActionLiterals } from './code-actions';
import { completion, COMPLETION_TRIGGER_CHARACTERS } from './completion';
import { hover } from './hover';
import { symbols } from './symbols';
import { codeLens } from './code-lens';
import * as requests from './requests';
import { validateWorkspace } from './validate-workspace';
import { WorkspaceIndex } from './workspace-index';
import { definition, references, workspaceSymbols } from './navigation';
import { safe, safeNotify } from './safe';
import { uriToPath } from './convert';
import { forgetFile, onFileArrived, readAhead } from '../node/server-host';
import * as agent from './agent-tools';

export const SERVER_NAME = 'spec-handoff';

/** What the handler groups below share: the connection, the context and the long-lived parts. */
interface Server {
  connection: Connection;
  ctx: ServerContext;
  diagnostics: DiagnosticsScheduler;
  index: WorkspaceIndex;
  config: ConfigManager;
  startedAt: string;
  /** Starts the first load (settings, config file, schemas) once; every analysis waits for it. */
  ensureLoaded(): void;
  /** Runs `f` once the first load is done. */
  ready<T>(f: () => T): Promise<T>;
  /** A document's text changed (typed, opened, closed, changed on disk): the open documents linking to it are checked again. */
  recheckDependents(file: string | undefined, delay?: number): void;
}

export function startLanguageServer(connection: Connection): void {
  const ctx = new ServerContext(connection);
  ctx.timing.mark('server code running');
  const diagnostics = new DiagnosticsScheduler(ctx);
  const index = new WorkspaceIndex(ctx);
  diagnostics.onDidValidate = (uri, analysis) => index.onDidValidate(uri, analysis);
  let refreshCodeLenses = false;
  const config = new ConfigManager(ctx, diagnostics, () => {
    if (refreshCodeLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    // Kinds, exclusions or `enable` may have changed: index the workspace again (the first load starts the first scan).
    void index.rescan();
  });

  // A bug anywhere must cost a log line, not the server.
  process.on('uncaughtException', (error) => ctx.logError('uncaught exception', error));
  process.on('unhandledRejection', (error) => ctx.logError('unhandled rejection', error));

  let loadStarted = false;
  const server: Server = {
    connection,
    ctx,
    diagnostics,
    index,
    config,
    startedAt: new Date().toISOString(),
    ensureLoaded() {
      if (loadStarted) return;
      loadStarted = true;
      // firstLoad reports its own errors; `ready` opens whatever happened.
      void config.reload().finally(() => {
        ctx.timing.mark('settings and schemas loaded');
        ctx.setReady();
      });
    },
    async ready(f) {
      server.ensureLoaded();
      await ctx.ready;
      return f();
    },
    recheckDependents(file, delay = DEBOUNCE_MS) {
      if (!file) return;
      for (const uri of ctx.invalidateDependents(file)) diagnostics.schedule(uri, delay);
    },
  };

  // The web host reads a linked file (a handoff's spec) the first time an analysis asks for it: then its dependents again.
  onFileArrived((file) => server.recheckDependents(file, 0));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    ctx.timing.mark('initialize received');
    refreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    const result = initialize(server, params);
    ctx.timing.mark('initialize answered');
    return result;
  });
  registerLifecycle(server);
  registerDocumentSync(server);
  registerLanguageFeatures(server);
  registerCustomRequests(server);

  ctx.documents.listen(connection);
  connection.listen();
}

/** `initialize`: the client's capabilities and settings in, the server's capabilities (as far as the client can use them) out. */
function initialize({ ctx, config }: Server, params: InitializeParams): InitializeResult {
  ctx.capabilities = params.capabilities;
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  ctx.root = (folder ? uriToPath(folder) : undefined) ?? params.rootPath ?? undefined;
  // Links (a handoff's spec:, relative links) are followed only inside the workspace folders.
  const folders = (params.workspaceFolders ?? [])
    .map((f) => uriToPath(f.uri))
    .filter((p): p is string => p !== undefined);
  ctx.host.setRoots(folders.length ? folders : ctx.root ? [ctx.root] : []);
  const init = (params.initializationOptions ?? undefined) as
    | { [K in keyof SpecHandoffInitializationOptions]?: unknown }
    | undefined;
  // `settings`, or the section itself (Helix and Zed send their `config` / `initialization_options` object as it is).
  config.setInitialSettings(init?.settings ?? (init as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]);
  ctx.customNotifications = customNotificationsOf(init?.customNotifications);
  const literals = supportsCodeActionLiterals(ctx);
  return {
    capabilities: {
      // save: for specHandoff.run = onSave (the setting can change at any time, so always declared).
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
      hoverProvider: true,
      // Not for a client with its own Markdown outline (VS Code): two providers double the Outline and breadcrumbs.
      ...(init?.documentSymbols === false ? {} : { documentSymbolProvider: { label: 'Spec & Handoff' } }),
      // CodeActionOptions only for clients that take CodeAction literals (the protocol's rule); the others get Commands.
      codeActionProvider: literals ? { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false } : true,
      ...(!literals && supportsApplyEdit(ctx)
        ? { executeCommandProvider: { commands: [ServerCommands.applyEdit] } }
        : {}),
      codeLensProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      workspaceSymbolProvider: true,
    },
    serverInfo: { name: SERVER_NAME },
  };
}

/** initialized (dynamic registrations), configuration and watched-file changes, shutdown. */
function registerLifecycle(server: Server): void {
  const { connection, ctx, config, index, diagnostics } = server;
  connection.onInitialized(
    safeNotify(ctx, 'initialized', async () => {
      ctx.timing.mark('initialized');
      server.ensureLoaded();
      const caps = ctx.capabilities.workspace;
      if (caps?.didChangeConfiguration?.dynamicRegistration) {
        // `files` too: files.exclude decides what the workspace index skips.
        await connection.client.register(DidChangeConfigurationNotification.type, {
          section: [SETTINGS_SECTION, 'files'],
        });
      }
      if (caps?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/.spec-handoff.yaml' },
            { globPattern: '**/*.{yaml,yml}' },
            { globPattern: '**/*.{md,markdown}' },
          ],
        });
      }
    }),
  );
  connection.onDidChangeConfiguration(
    safeNotify(ctx, 'didChangeConfiguration', async (params) => {
      server.ensureLoaded();
      await ctx.ready;
      await config.onDidChangeConfiguration(params);
    }),
  );
  connection.onDidChangeWatchedFiles(
    safeNotify(ctx, 'didChangeWatchedFiles', async (params) => {
      server.ensureLoaded();
      await ctx.ready;
      for (const change of params.changes) {
        const file = uriToPath(change.uri);
        if (file) forgetFile(file);
      }
      await config.onDidChangeWatchedFiles(params);
      // A spec changed on disk: open handoffs linking to it are checked again (unless it is open: its editor text counts).
      for (const change of params.changes) {
        const file = uriToPath(change.uri);
        if (file && !ctx.host.openUri(file)) server.recheckDependents(file, 0);
      }
      await index.onDidChangeWatchedFiles(params.changes);
    }),
  );
  connection.onShutdown(() => {
    diagnostics.dispose();
    index.dispose();
  });
}

/** Open, change, close: an open is checked at once, typing is debounced, the documents linking to it follow. */
function registerDocumentSync(server: Server): void {
  const { ctx, diagnostics, index } = server;
  // TextDocuments fires onDidChangeContent for opens too.
  const justOpened = new Set<string>();
  ctx.documents.onDidOpen((e) => {
    ctx.timing.mark('first didOpen');
    server.ensureLoaded();
    justOpened.add(e.document.uri);
  });
  ctx.documents.onDidChangeContent((e) => {
    server.ensureLoaded();
    const opened = justOpened.delete(e.document.uri);
    // specHandoff.run = onSave: typing does not re-check (the last diagnostics stay until the save).
    if (!opened && ctx.settings.run === 'onSave') return;
    diagnostics.schedule(e.document.uri, opened ? 0 : DEBOUNCE_MS);
    server.recheckDependents(uriToPath(e.document.uri), opened ? 0 : DEBOUNCE_MS);
  });
  ctx.documents.onDidSave((e) => {
    if (ctx.settings.run !== 'onSave') return; // on type, the change already scheduled it
    diagnostics.schedule(e.document.uri, 0);
    server.recheckDependents(uriToPath(e.document.uri), 0);
  });
  ctx.documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    ctx.forget(e.document.uri);
    void diagnostics.clear(e.document.uri);
    // Its dependents read the disk again; its index entry too (unsaved changes are gone).
    server.recheckDependents(uriToPath(e.document.uri), 0);
    void index.onDidClose(e.document.uri).catch((error) => ctx.logError('indexing a closed document', error));
  });
}

/** The standard LSP features, each answered once the first load is done. */
function registerLanguageFeatures(server: Server): void {
  const { connection, ctx, index, ready } = server;
  connection.onCodeAction(safe(ctx, 'codeAction', [], (params) => ready(() => codeActions(ctx, params))));
  connection.onCompletion(safe(ctx, 'completion', null, (params) => ready(() => completion(ctx, params))));
  connection.onHover(safe(ctx, 'hover', null, (params) => ready(() => hover(ctx, params))));
  connection.onDocumentSymbol(safe(ctx, 'documentSymbol', [], (params) => ready(() => symbols(ctx, params))));
  connection.onCodeLens(safe(ctx, 'codeLens', [], (params) => ready(() => codeLens(ctx, params))));
  connection.onDefinition(safe(ctx, 'definition', null, (params) => ready(() => definition(ctx, params))));
  connection.onReferences(safe(ctx, 'references', [], (params) => ready(() => references(ctx, index, params))));
  connection.onWorkspaceSymbol(
    safe(ctx, 'workspaceSymbol', [], (params) => ready(() => workspaceSymbols(index, params))),
  );
  connection.onExecuteCommand(async (params) => {
    if (params.command !== ServerCommands.applyEdit)
      throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command "${params.command}".`);
    const args = params.arguments?.[0] as Partial<ApplyEditCommandArguments> | undefined;
    if (!args || typeof args.edit !== 'object' || args.edit === null)
      throw new ResponseError(ErrorCodes.InvalidParams, `"${ServerCommands.applyEdit}" needs [{ label, edit }].`);
    // A stale edit (the document changed since) is refused by the client: versioned edits carry the version they were made for.
    const result = await connection.workspace.applyEdit({
      label: typeof args.label === 'string' ? args.label : undefined,
      edit: args.edit,
    });
    if (!result.applied)
      ctx.log(
        `[spec-handoff] the editor did not apply "${args.label}"${result.failureReason ? `: ${result.failureReason}` : ''}`,
      );
    return null;
  });
}

/** The custom requests of protocol.ts. */
function registerCustomRequests(server: Server): void {
  const { connection, ctx, index, diagnostics, ready } = server;
  /** The file a request names, read first where reads are asynchronous (the web host); nothing to wait for on Node. */
  const readFirst = async (uri: string | undefined): Promise<void> => {
    const file = uri !== undefined ? uriToPath(uri) : undefined;
    if (file !== undefined && !ctx.host.openUri(file)) await readAhead(file);
  };
  connection.onRequest(
    ChecklistRequest.type,
    safe(ctx, ChecklistRequest.method, null, (params) => ready(() => requests.checklist(ctx, params))),
  );
  connection.onRequest(
    InsertMissingSectionRequest.type,
    safe(ctx, InsertMissingSectionRequest.method, null, (params) =>
      ready(() => requests.insertMissingSection(ctx, params)),
    ),
  );
  connection.onRequest(
    InsertAllMissingSectionsRequest.type,
    safe(ctx, InsertAllMissingSectionsRequest.method, null, (params) =>
      ready(() => requests.insertAllMissingSections(ctx, params)),
    ),
  );
  connection.onRequest(
    NewDocumentRequest.type,
    safe(ctx, NewDocumentRequest.method, null, (params) => ready(() => requests.newDocument(ctx, params))),
  );
  connection.onRequest(
    ListKindsRequest.type,
    safe(ctx, ListKindsRequest.method, [], () => ready(() => requests.listKinds(ctx))),
  );
  connection.onRequest(
    KindForDocumentRequest.type,
    safe(ctx, KindForDocumentRequest.method, null, (params) => ready(() => requests.kindForDocument(ctx, params))),
  );
  connection.onRequest(
    DocumentsRequest.type,
    safe(ctx, DocumentsRequest.method, { complete: false, truncated: false, groups: [] }, () =>
      ready(() => index.documents()),
    ),
  );
  connection.onRequest(
    GenerateHandoffRequest.type,
    safe(ctx, GenerateHandoffRequest.method, { error: 'Internal error; see the Spec & Handoff output.' }, (params) =>
      readFirst(params.specUri).then(() => ready(() => requests.generateHandoff(ctx, params, index.decisionRecords()))),
    ),
  );
  const agentFailed = { text: 'Internal error in the Spec & Handoff language server; see its output.', isError: true };
  connection.onRequest(
    AgentCheckRequest.type,
    safe(ctx, AgentCheckRequest.method, agentFailed, (params) =>
      readFirst(params.uri).then(() => ready(() => agent.agentCheck(ctx, params))),
    ),
  );
  connection.onRequest(
    AgentMissingSectionsRequest.type,
    safe(ctx, AgentMissingSectionsRequest.method, agentFailed, (params) =>
      readFirst(params.uri).then(() => ready(() => agent.agentMissingSections(ctx, params))),
    ),
  );
  connection.onRequest(
    AgentInsertSectionsRequest.type,
    safe(ctx, AgentInsertSectionsRequest.method, { ...agentFailed, edit: null }, (params) =>
      readFirst(params.uri).then(() => ready(() => agent.agentInsertSections(ctx, params))),
    ),
  );
  connection.onRequest(
    AgentDocumentsRequest.type,
    safe(ctx, AgentDocumentsRequest.method, agentFailed, async (params) =>
      agent.agentDocuments(index, await ready(() => params)),
    ),
  );
  connection.onRequest(
    DecisionsRequest.type,
    safe(ctx, DecisionsRequest.method, [], () => ready(() => index.decisions())),
  );
  connection.onRequest(
    ReviewAnchorsRequest.type,
    safe(ctx, ReviewAnchorsRequest.method, [], () => ready(() => index.reviewAnchors())),
  );
  // Not behind `ready`: it answers while the first load is still running (the restart test polls it). No `safe`
  // fallback either: a made-up answer would hide a bug, and a throwing handler costs an error response, not the server.
  connection.onRequest(ServerInfoRequest.type, () => requests.serverInfo(ctx, server.startedAt));
  connection.onRequest(
    ValidateWorkspaceRequest.type,
    safe(ctx, ValidateWorkspaceRequest.method, { files: 0, errors: 0, warnings: 0, filesWithProblems: 0 }, (params) => {
      server.ensureLoaded();
      return validateWorkspace(ctx, index, diagnostics, params);
    }),
  );
}

/** `initializationOptions.customNotifications`: true for all of ours, a list of method names for some, anything else for none. */
function customNotificationsOf(value: unknown): Set<string> {
  if (value === true) return new Set(CUSTOM_NOTIFICATIONS);
  if (Array.isArray(value))
    return new Set(value.filter((m): m is string => typeof m === 'string' && CUSTOM_NOTIFICATIONS.includes(m)));
  return new Set();
}
