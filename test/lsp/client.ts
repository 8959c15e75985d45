/**
 * A small LSP test client: spawns the REAL bundled server (`node
 * dist/server.js --stdio`) and talks JSON-RPC to it, like an editor would.
 *
 * Importing this module registers a root `before` hook that builds the
 * bundles once (`node scripts/build.mjs`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ApplyWorkspaceEditRequest,
  StreamMessageReader,
  StreamMessageWriter,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/service';
import { MessageWaiter } from '../support/message-waiter';
import {
  ChecklistChangedNotification,
  DocumentsChangedNotification,
  type ChecklistChangedParams,
  type DocumentsChangedParams,
  type SpecHandoffSettings,
} from '../../server/src/protocol';

export const repoRoot = path.resolve(__dirname, '..', '..');
const serverJs = path.join(repoRoot, 'dist', 'server.js');

let built = false;
/** Builds the bundles once per test run. */
export function ensureBuilt(): void {
  if (built) return;
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`build failed:\n${run.stdout}\n${run.stderr}`);
  built = true;
}

before(function () {
  this.timeout(180_000);
  ensureBuilt();
});

export const uriOf = (file: string): string => pathToFileURL(file).href;

/** A fresh temporary workspace folder; `files` are written relative to it. */
export function tempWorkspace(files: Record<string, string> = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-lsp-')));
  for (const [rel, text] of Object.entries(files)) writeFile(root, rel, text);
  return root;
}

export function writeFile(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

interface Published {
  seq: number;
  params: PublishDiagnosticsParams;
}

interface OpenDoc {
  text: string;
  version: number;
}

export interface StartOptions {
  root: string;
  settings?: SpecHandoffSettings;
  /** The `files` configuration section (e.g. `{ exclude: { '**\/archive': true } }`). */
  files?: unknown;
  capabilities?: ClientCapabilities;
  /**
   * Sent with `initialize` (the VS Code client sends `{ settings, customNotifications: true }`).
   * Default `{ customNotifications: true }`: the server's own notifications are on, as in VS Code.
   */
  initializationOptions?: unknown;
}

/** The capabilities a VS Code-like client sends (the default). */
export const VSCODE_LIKE_CAPABILITIES: ClientCapabilities = {
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

export class TestClient extends MessageWaiter {
  readonly published: Published[] = [];
  readonly checklistChanges: ChecklistChangedParams[] = [];
  readonly documentsChanges: DocumentsChangedParams[] = [];
  readonly logs: string[] = [];
  /** Methods of every `specHandoff/*` notification received, in order (the two above and any other). */
  readonly customNotifications: string[] = [];
  /** `workspace/applyEdit` requests from the server (each is applied to the open document and answered `applied: true`). */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** Resolves when the server process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly docs = new Map<string, OpenDoc>();
  /** What the client answers to workspace/configuration for `specHandoff`. */
  settings: SpecHandoffSettings;
  /** What the client answers to workspace/configuration for `files` (VS Code's files.exclude and friends); null: nothing. */
  files: unknown = null;
  configurationRequests = 0;
  /** The sections asked for with workspace/configuration, in order. */
  configurationSections: string[] = [];
  registrations: string[] = [];
  initializeResult!: InitializeResult;
  private seq = 0;
  private stderr = '';

  private constructor(
    readonly root: string,
    readonly proc: ChildProcess,
    readonly connection: ProtocolConnection,
    settings: SpecHandoffSettings,
  ) {
    super();
    this.settings = settings;
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the server and runs `initialize` and `initialized`. */
  static async start(options: StartOptions): Promise<TestClient> {
    const client = TestClient.spawn(options);
    await client.initialize(options);
    return client;
  }

  /** Starts the server process and listens, without `initialize` (for lifecycle tests). */
  static spawn(options: StartOptions): TestClient {
    const proc = spawn(process.execPath, [serverJs, '--stdio'], { cwd: options.root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    const client = new TestClient(options.root, proc, connection, options.settings ?? {});
    client.files = options.files ?? null;
    proc.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.published.push({ seq: ++client.seq, params });
      client.notify();
    });
    connection.onNotification(ChecklistChangedNotification.type, (params) => {
      client.customNotifications.push(ChecklistChangedNotification.method);
      client.checklistChanges.push(params);
      client.notify();
    });
    connection.onNotification(DocumentsChangedNotification.type, (params) => {
      client.customNotifications.push(DocumentsChangedNotification.method);
      client.documentsChanges.push(params);
      client.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      client.logs.push(messageText(params.message));
      client.notify();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      client.configurationRequests++;
      client.configurationSections.push(...params.items.map((item) => item.section ?? ''));
      return params.items.map((item) =>
        item.section === 'specHandoff' ? client.settings : item.section === 'files' ? client.files : null,
      );
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.registrations.push(...params.registrations.map((r) => r.method));
      client.notify();
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, async (params) => {
      client.appliedEdits.push(params);
      await client.applyWorkspaceEdit(params.edit);
      client.notify();
      return { applied: true };
    });
    // Any other notification: kept if it is one of ours (a generic client would report it as unknown).
    connection.onUnhandledNotification(({ method }) => {
      if (method.startsWith('specHandoff/')) client.customNotifications.push(method);
      client.notify();
    });
    connection.listen();
    return client;
  }

  /** `initialize` (with the options' capabilities, default VS Code-like) and `initialized`. */
  async initialize(options: Omit<StartOptions, 'root'> = {}): Promise<InitializeResult> {
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(this.root),
      workspaceFolders: [{ uri: uriOf(this.root), name: path.basename(this.root) }],
      capabilities: options.capabilities ?? VSCODE_LIKE_CAPABILITIES,
      initializationOptions:
        options.initializationOptions === undefined ? { customNotifications: true } : options.initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  protected describeState(): string {
    return `published: ${JSON.stringify(this.published.map((p) => [p.params.uri.split('/').pop(), p.params.version, p.params.diagnostics.length]))}\nserver stderr: ${this.stderr}\nlogs: ${this.logs.slice(-5).join('\n')}`;
  }

  override waitFor<T>(what: string, check: () => T | undefined, timeout = 5000): Promise<T> {
    return super.waitFor(what, check, timeout);
  }

  /** The sequence number of the last publish: pass it as `since` to wait for a newer one. */
  mark(): number {
    return this.seq;
  }

  /**
   * Waits for diagnostics published for `uri`: for the given document version
   * (default: the open document's current version; closed files: any), and
   * newer than `since` when given.
   */
  waitForDiagnostics(
    uri: string,
    options: { version?: number | null; since?: number; timeout?: number } = {},
  ): Promise<Diagnostic[]> {
    const version = options.version !== undefined ? options.version : (this.docs.get(uri)?.version ?? null);
    const since = options.since ?? 0;
    return this.waitFor(
      `diagnostics for ${uri} v${version} after #${since}`,
      () => {
        const hit = this.published.find(
          (p) => p.seq > since && p.params.uri === uri && (version === null || p.params.version === version),
        );
        return hit?.params.diagnostics;
      },
      options.timeout,
    );
  }

  async open(file: string, text: string, languageId = 'markdown'): Promise<string> {
    const uri = file.includes('://') ? file : uriOf(file);
    this.docs.set(uri, { text, version: 1 });
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** Sends incremental changes (each relative to the text after the previous one); returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`not open: ${uri}`);
    for (const c of changes)
      doc.text = 'range' in c ? applyEdits(doc.text, [{ range: c.range, newText: c.text }]) : c.text;
    doc.version++;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: changes,
    });
    return doc.version;
  }

  /** Applies text edits (all relative to the current text, as in a WorkspaceEdit) as incremental changes, bottom-up. */
  async applyTextEdits(uri: string, edits: readonly TextEdit[]): Promise<number> {
    const sorted = [...edits].sort(
      (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
    );
    return this.change(
      uri,
      sorted.map((e) => ({ range: e.range, text: e.newText })),
    );
  }

  /** Applies a WorkspaceEdit for one open document (checks the version if it is a versioned edit). */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<number> {
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) throw new Error('unexpected resource operation');
      const doc = this.docs.get(change.textDocument.uri);
      if (change.textDocument.version !== null && change.textDocument.version !== doc?.version)
        throw new Error(`stale edit: v${change.textDocument.version}, document v${doc?.version}`);
      return this.applyTextEdits(change.textDocument.uri, change.edits as TextEdit[]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) return this.applyTextEdits(uri, edits);
    throw new Error('empty workspace edit');
  }

  text(uri: string): string {
    return this.docs.get(uri)!.text;
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** `textDocument/didSave` (the text is not sent: the server declares includeText false). */
  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeSettings(settings: SpecHandoffSettings): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async filesChanged(files: string[], type: FileChangeType = FileChangeType.Changed): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: files.map((f) => ({ uri: uriOf(f), type })),
    });
  }

  get serverStderr(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
      this.connection.dispose();
      return;
    }
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the server is gone already
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

/** Diagnostic and log messages may be markup since LSP 3.18; the server sends plain strings. */
export function messageText(message: string | { value: string }): string {
  return typeof message === 'string' ? message : message.value;
}

/** Sleeps; used only to show that something does NOT happen within a time. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One server per describe block: a fresh workspace and a started server
 * before its tests, the server stopped and the workspace removed after.
 * Read `client` and `root` inside the tests (they are set by `before`).
 */
export function serverForSuite(
  options: Omit<StartOptions, 'root'> = {},
  files: Record<string, string> = {},
): { client: TestClient; root: string } {
  const suite = {} as { client: TestClient; root: string };
  before(async () => {
    suite.root = tempWorkspace(files);
    suite.client = await TestClient.start({ ...options, root: suite.root });
  });
  after(async () => {
    await suite.client?.stop();
    if (suite.root) fs.rmSync(suite.root, { recursive: true, force: true });
  });
  return suite;
}
