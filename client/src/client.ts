/**
 * Starts the language server (dist/server.js, a Node process talking over
 * IPC) and keeps its file watching in step with the settings.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeWatchedFilesNotification,
  ErrorAction,
  FileChangeType,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  SERVER_ENV,
  SERVER_NODE_FLAGS,
  SETTINGS_SECTION,
  type SpecHandoffInitializationOptions,
  type SpecHandoffSettings,
} from '../../server/src/protocol';
import { OUTPUT_CHANNEL } from './ids';

export const CLIENT_ID = 'specHandoff';

/** Restarts of a crashed server allowed within 3 minutes (vscode-languageclient's default policy and count). */
const MAX_RESTARTS = 4;

/** Files whose changes the server always hears about: the workspace config and schema files by naming convention. */
export const WATCHED_GLOBS = ['**/.spec-handoff.yaml', '**/*.schema.yaml', '**/*.schema.yml'];

/** What the desktop and the browser clients ask of their server alike. */
export function sharedClientOptions(
  context: vscode.ExtensionContext,
): Pick<LanguageClientOptions, 'initializationOptions' | 'middleware'> {
  return {
    // The settings travel with `initialize` (read again on every restart), so the server's first
    // load needs no workspace/configuration round trip to an extension host that is still busy
    // starting up: the first diagnostics do not wait for it. The checklist and documents views live
    // on the server's own notifications, which it sends only to clients that ask for them.
    // documentSymbols: false — VS Code's Markdown extension already gives the outline and breadcrumbs;
    // a second provider would double them.
    initializationOptions: (): SpecHandoffInitializationOptions => ({
      settings: plainSettings(),
      customNotifications: true,
      documentSymbols: false,
    }),
    middleware: {
      // Rule links open the rule's page shipped inside the extension (docs/rules/SHnnn.md), not a web page.
      handleDiagnostics: (uri, diagnostics, next) =>
        next(
          uri,
          diagnostics.map((d) => withLocalRuleDoc(context.extensionUri, d)),
        ),
    },
  };
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // Node flags for the server (a smaller young generation: ~25 MB less resident memory with the
    // whole RFC corpus open, same speed; see bench stage c), shared with the benchmark.
    run: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_FLAGS], env: { ...process.env, ...SERVER_ENV } },
    },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: {
        execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'],
        env: { ...process.env, ...SERVER_ENV },
      },
    },
  };
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  const errorHandler = new RestartOnCloseErrorHandler();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: watchers,
    },
    ...sharedClientOptions(context),
    outputChannel,
    errorHandler,
  };
  const client = new LanguageClient(CLIENT_ID, OUTPUT_CHANNEL, serverOptions, clientOptions);
  errorHandler.restartPolicy = client.createDefaultErrorHandler(MAX_RESTARTS);
  return client;
}

/**
 * vscode-languageclient's default error handling, except that a connection
 * error never shuts the client down: only the closing of the connection
 * decides, with the default restart policy.
 *
 * Why: when the server process dies (a crash, an OOM kill), messages the
 * client writes before it notices that the IPC channel closed fail one by
 * one, and each failure reaches `error()` with a growing count (the IPC
 * writer counts every failed write twice). From count 4 — two failed writes —
 * the default answers `Shutdown`, which stops the client; the `closed()` that
 * follows a moment later is then taken for a requested stop, and the server
 * is not restarted (until "Restart Language Server" or a window reload). A
 * burst of messages at the wrong moment (VS Code sends several requests per
 * edit) was enough; test/vscode/suite/restart.test.ts provokes it. Over IPC to
 * our own child process a broken channel always ends in `closed()`, so that is
 * where the decision belongs: restart, at most 4 times in 3 minutes, then
 * give up with the library's message. Connection errors are still logged to
 * the output channel, without a popup each.
 */
class RestartOnCloseErrorHandler implements ErrorHandler {
  /** The library's default handler (its restart count and messages); set once the client exists, which it needs. */
  restartPolicy: ErrorHandler | undefined;

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult | Promise<CloseHandlerResult> {
    return this.restartPolicy ? this.restartPolicy.closed() : { action: CloseAction.Restart };
  }
}

/**
 * Watches the schema files named in the `specHandoff.schemas` setting (which
 * may not follow the `*.schema.yaml` convention) and forwards their changes
 * to the server as `workspace/didChangeWatchedFiles`. The watchers are rebuilt
 * when the setting changes.
 */
export class ConfiguredSchemaWatcher implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.schemas`)) this.update();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const schemas = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder.uri).get<unknown>('schemas');
      if (!Array.isArray(schemas)) continue;
      for (const entry of schemas) {
        if (typeof entry !== 'string' || !entry.trim()) continue;
        if (/\.schema\.ya?ml$/.test(entry)) continue; // already covered by the static watchers
        const pattern = path.isAbsolute(entry)
          ? new vscode.RelativePattern(vscode.Uri.file(path.dirname(entry)), path.basename(entry))
          : new vscode.RelativePattern(folder, entry.replace(/\\/g, '/'));
        const watcher = vscode.workspace.createFileSystemWatcher(pattern);
        const forward = (type: FileChangeType) => (uri: vscode.Uri) => {
          if (!this.client.isRunning()) return;
          void this.client
            .sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri.toString(), type }] })
            .catch(() => undefined);
        };
        watcher.onDidCreate(forward(FileChangeType.Created));
        watcher.onDidChange(forward(FileChangeType.Changed));
        watcher.onDidDelete(forward(FileChangeType.Deleted));
        this.watchers.push(watcher);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const w of this.watchers) w.dispose();
  }
}

/** A diagnostic whose code links to a rule page: the link goes to the page in the installed extension. */
export function withLocalRuleDoc(extensionUri: vscode.Uri, diagnostic: vscode.Diagnostic): vscode.Diagnostic {
  const code = diagnostic.code;
  if (typeof code !== 'object' || typeof code.value !== 'string' || !/^SH\d{3}$/.test(code.value)) return diagnostic;
  diagnostic.code = {
    value: code.value,
    target: vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${code.value}.md`),
  };
  return diagnostic;
}

/** This extension's settings as plain JSON (a WorkspaceConfiguration also carries functions). */
export function plainSettings(): SpecHandoffSettings {
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SETTINGS_SECTION))) as SpecHandoffSettings;
}
