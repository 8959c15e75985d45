/**
 * Entry of the web worker language server (dist/server-web.js), for the
 * browser extension (github.dev, vscode.dev, any VS Code whose extension host
 * runs in a web worker). The same lsp/ code as the Node server (server.ts);
 * what differs is the transport (the worker's messages) and the machine: the
 * bundle has web/server-host.ts in place of node/server-host.ts, which reads
 * files through the client's `vscode.workspace.fs` (scripts/build.mjs).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { ReadFileRequest, WorkspaceFilesRequest } from './protocol';
import { LifecycleGate, gatedReader } from './lsp/lifecycle';
import { startLanguageServer } from './lsp/start';
import { useClientFiles } from './web/server-host';
import { BUILTIN_SCHEMA_TEXTS } from './web/builtin-schemas';

/** The worker's global scope, as far as used here (the server's TypeScript settings have no DOM or WebWorker library). */
declare const self: {
  addEventListener(type: 'error', listener: (event: { message: string }) => void): void;
  addEventListener(
    type: 'unhandledrejection',
    listener: (event: { reason: { stack?: string } | undefined }) => void,
  ): void;
  postMessage(message: unknown): void;
};

// biome-ignore lint/suspicious/noExplicitAny: the library's parameter type is the WebWorker library's scope, absent here.
const scope = self as any;
const reader = new BrowserMessageReader(scope);
const writer = new BrowserMessageWriter(scope);
const connection = createConnection(gatedReader(reader, new LifecycleGate(writer)), writer);

// The last-resort handlers of the Node server (process.on) have no worker equivalent there: these log instead.
self.addEventListener('error', (event) => connection.console.error(`[spec-handoff] uncaught error: ${event.message}`));
self.addEventListener('unhandledrejection', (event) =>
  connection.console.error(`[spec-handoff] unhandled rejection: ${String(event.reason?.stack ?? event.reason)}`),
);

useClientFiles(
  {
    workspaceFiles: (maxFiles) => connection.sendRequest(WorkspaceFilesRequest.type, { maxFiles }),
    readFile: (uri, maxBytes) => connection.sendRequest(ReadFileRequest.type, { uri, maxBytes }),
  },
  // Not files of the workspace, and named so: the worker runs from a blob, with no address of the extension to name them by.
  BUILTIN_SCHEMA_TEXTS.filter(({ name }) => !name.includes('/')).map(({ name, text }) => ({
    source: `builtin:/spec-handoff/schemas/${name}`,
    text,
  })),
  BUILTIN_SCHEMA_TEXTS.flatMap(({ name, text }) => {
    const [, preset, file] = /^presets\/([^/]+)\/([^/]+)\.yaml$/.exec(name) ?? [];
    return preset ? [{ preset, kindId: file, source: `builtin:/spec-handoff/schemas/${name}`, read: () => text }] : [];
  }),
);
startLanguageServer(connection);
