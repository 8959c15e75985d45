/**
 * The browser extension's language client (github.dev, vscode.dev): starts
 * the web worker server (dist/server-web.js) and reads files on its behalf
 * through `vscode.workspace.fs`, the one file system a virtual workspace has.
 * scripts/build.mjs puts this module in place of ../client.ts for
 * extension.ts in the browser bundle (dist/client-web.js); everything else of
 * the extension is the same code.
 */
import * as vscode from 'vscode';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  LanguageClient,
  type LanguageClientOptions,
  type MessageTransports,
} from 'vscode-languageclient/browser';
import {
  ReadFileRequest,
  SETTINGS_SECTION,
  WorkspaceFilesRequest,
  type ReadFileParams,
  type ReadFileResult,
  type WorkspaceFilesResult,
} from '../../../server/src/protocol';
import { CLIENT_ID, ConfiguredSchemaWatcher, WATCHED_GLOBS, sharedClientOptions } from '../client';
import { OUTPUT_CHANNEL } from '../ids';

export { ConfiguredSchemaWatcher };

/** The worker constructor of the web extension host (the client's TypeScript settings have no DOM library). */
declare const Worker: new (url: string) => ConstructorParameters<typeof BrowserMessageReader>[0];
declare const URL: { createObjectURL(blob: unknown): string };
declare const Blob: new (parts: string[], options: { type: string }) => unknown;

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
): LanguageClient {
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  // Markdown of the workspace's own file systems (vscode-vfs on github.dev, vscode-remote, …) and untitled documents.
  const schemes = new Set(['untitled', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...schemes].map((scheme) => ({ scheme, language: 'markdown' })),
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: watchers },
    ...sharedClientOptions(context),
    outputChannel,
  };
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server-web.js');
  const start = async (): Promise<MessageTransports> => {
    const worker = await startWorker(serverMain);
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  const client = new LanguageClient(CLIENT_ID, OUTPUT_CHANNEL, start, clientOptions);
  client.onRequest(WorkspaceFilesRequest.type, ({ maxFiles }) => workspaceFiles(maxFiles));
  client.onRequest(ReadFileRequest.type, (params) => readFile(params));
  return client;
}

/**
 * The server's worker. An extension served over http(s) (github.dev,
 * vscode.dev) gives its script's address; one installed on a remote
 * (`vscode-remote:`, e.g. code-server) cannot start a worker from there, so
 * its script is fetched (the extension host's fetch reads remote URIs) and
 * started from a blob.
 */
async function startWorker(script: vscode.Uri): Promise<ConstructorParameters<typeof BrowserMessageReader>[0]> {
  if (script.scheme === 'http' || script.scheme === 'https') return new Worker(script.toString(true));
  const response = await fetch(script.toString(true));
  if (!response.ok)
    throw new Error(`cannot load the language server ${script.toString(true)}: HTTP ${response.status}`);
  return new Worker(URL.createObjectURL(new Blob([await response.text()], { type: 'application/javascript' })));
}

/** The files of the workspace folders (node_modules and .git left out; the server applies `files.exclude` itself). */
async function workspaceFiles(maxFiles: number): Promise<WorkspaceFilesResult> {
  const found = await vscode.workspace.findFiles('**/*', '{**/node_modules/**,**/.git/**}', maxFiles + 1);
  return { uris: found.slice(0, maxFiles).map((u) => u.toString()), truncated: found.length > maxFiles };
}

/** A file's text through `vscode.workspace.fs`: UTF-8 only, at most `maxBytes`; otherwise why not. */
async function readFile({ uri, maxBytes }: ReadFileParams): Promise<ReadFileResult> {
  const target = vscode.Uri.parse(uri);
  let size: number;
  try {
    const stat = await vscode.workspace.fs.stat(target);
    if ((stat.type & vscode.FileType.File) === 0) return { error: 'it is a folder, not a file', missing: false };
    size = stat.size;
  } catch (error) {
    const missing = error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
    return { error: missing ? 'no such file' : String((error as Error)?.message ?? error), missing };
  }
  if (size > maxBytes) return { error: `larger than ${maxBytes} bytes`, missing: false, size };
  try {
    const bytes = await vscode.workspace.fs.readFile(target);
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), size: bytes.byteLength };
  } catch (error) {
    const why = error instanceof TypeError ? 'not UTF-8 text' : String((error as Error)?.message ?? error);
    return { error: why, missing: false, size };
  }
}
