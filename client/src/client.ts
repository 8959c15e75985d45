/**
 * Starts the language server (dist/server.js, a Node process talking over
 * IPC) and keeps its file watching in step with the settings.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DidChangeWatchedFilesNotification, FileChangeType, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/protocol';
import { OUTPUT_CHANNEL } from './ids';

export const CLIENT_ID = 'specHandoff';

/** Files whose changes the server always hears about: the workspace config and schema files by naming convention. */
const WATCHED_GLOBS = ['**/.spec-handoff.yaml', '**/*.schema.yaml', '**/*.schema.yml'];

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: watchers,
    },
    outputChannel,
  };
  return new LanguageClient(CLIENT_ID, OUTPUT_CHANNEL, serverOptions, clientOptions);
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
          void this.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri.toString(), type }] }).catch(() => undefined);
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
