/**
 * The language server IN this process: `startLanguageServer` (the function
 * dist/server.js runs) over a pair of in-memory streams, with a small client
 * on the other end. For tests that must change the server's module state
 * (e.g. `INDEX_LIMITS`) or watch and stall its file system calls; the other
 * LSP tests talk to the bundled server over stdio (test/lsp/client.ts).
 *
 * Careful, all in one process:
 * - the server is handed MessageReader/MessageWriter objects, never raw
 *   streams: vscode-languageserver exits the process when a raw input stream
 *   ends;
 * - `stop()` sends `shutdown` but never `exit` (the server would call
 *   process.exit), and `initialize` sends `processId: null` (a number starts
 *   the library's parent-process watchdog interval);
 * - the process-wide `uncaughtException`/`unhandledRejection` listeners the
 *   server adds are removed again by `stop()`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startLanguageServer } from '../../server/src/lsp/start';
import { MessageWaiter } from './message-waiter';
import {
  DocumentsChangedNotification,
  type DocumentsChangedParams,
  type SpecHandoffSettings,
} from '../../server/src/protocol';

export const uriOf = (file: string): string => pathToFileURL(file).href;

/** A fresh temporary folder (real path); `files` are written relative to it. */
export function tempFolder(files: Record<string, string> = {}, prefix = 'spec-handoff-inproc-'): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [rel, text] of Object.entries(files)) writeFile(root, rel, text);
  return root;
}

export function writeFile(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export interface InProcessOptions {
  root: string;
  settings?: SpecHandoffSettings;
  /** What the client answers for the `files` configuration section (files.exclude); null: nothing. */
  files?: unknown;
  capabilities?: ClientCapabilities;
}

/** The capabilities the stdio test client sends by default (a VS Code-like client). */
export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    applyEdit: true,
  },
  textDocument: {
    publishDiagnostics: { versionSupport: true },
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
    },
  },
};

interface ProcessListeners {
  uncaughtException: NodeJS.UncaughtExceptionListener[];
  unhandledRejection: NodeJS.UnhandledRejectionListener[];
}

const processListeners = (): ProcessListeners => ({
  uncaughtException: process.listeners('uncaughtException'),
  unhandledRejection: process.listeners('unhandledRejection'),
});

export class InProcessServer extends MessageWaiter {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly documentsChanges: DocumentsChangedParams[] = [];
  /** window/logMessage texts, in order. */
  readonly logs: string[] = [];
  initializeResult!: InitializeResult;
  private stopped = false;

  private constructor(
    readonly root: string,
    /** The client end: send requests and notifications to the server here. */
    readonly connection: ProtocolConnection,
    private readonly serverConnection: ReturnType<typeof createConnection>,
    private readonly streams: PassThrough[],
    /** The process listeners the server added. */
    private readonly added: ProcessListeners,
  ) {
    super();
  }

  static async start(options: InProcessOptions): Promise<InProcessServer> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const before = processListeners();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startLanguageServer(serverConnection);
    const after = processListeners();
    const added: ProcessListeners = {
      uncaughtException: after.uncaughtException.filter((l) => !before.uncaughtException.includes(l)),
      unhandledRejection: after.unhandledRejection.filter((l) => !before.unhandledRejection.includes(l)),
    };

    const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const server = new InProcessServer(options.root, connection, serverConnection, [toServer, toClient], added);
    const settings = options.settings ?? {};
    const files = options.files ?? null;
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      server.published.push(params);
      server.notify();
    });
    connection.onNotification(DocumentsChangedNotification.type, (params) => {
      server.documentsChanges.push(params);
      server.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      // A string, or markup since LSP 3.18 (the server sends strings).
      const message = params.message as string | { value: string };
      server.logs.push(typeof message === 'string' ? message : message.value);
      server.notify();
    });
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === 'specHandoff' ? settings : item.section === 'files' ? files : null)),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.listen();
    server.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: uriOf(options.root),
      workspaceFolders: [{ uri: uriOf(options.root), name: path.basename(options.root) }],
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      // The server's own notifications (documentsChanged) are sent only to clients that ask, as the VS Code client does.
      initializationOptions: { customNotifications: true },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  protected describeState(): string {
    return `logs: ${this.logs.slice(-5).join('\n')}`;
  }

  override waitFor<T>(what: string, check: () => T | undefined, timeout = 10_000): Promise<T> {
    return super.waitFor(what, check, timeout);
  }

  /** Opens a document (version 1) with the given text. */
  async open(file: string, text: string, languageId = 'markdown'): Promise<string> {
    const uri = uriOf(file);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** The first diagnostics published for `uri` at `version` (default 1). */
  waitForDiagnostics(uri: string, version = 1, timeout?: number): Promise<Diagnostic[]> {
    return this.waitFor(
      `diagnostics for ${uri} v${version}`,
      () => this.published.find((p) => p.uri === uri && p.version === version)?.diagnostics,
      timeout,
    );
  }

  /** Shuts the server down (no `exit`: that would end this process), closes both ends and removes the server's process listeners. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.connection.sendRequest(ShutdownRequest.type),
        new Promise((r) => (timer = setTimeout(r, 2000))),
      ]);
    } catch {
      // the connection is gone already
    } finally {
      clearTimeout(timer);
    }
    this.connection.dispose();
    this.serverConnection.dispose();
    for (const s of this.streams) s.destroy();
    for (const l of this.added.uncaughtException) process.removeListener('uncaughtException', l);
    for (const l of this.added.unhandledRejection) process.removeListener('unhandledRejection', l);
  }
}
