/**
 * The protocol's lifecycle and the end of input, over stdio with the bundled
 * server (issue 22): a request before `initialize` is an error -32002 and
 * starts nothing; a request after `shutdown` is InvalidRequest; `exit` ends
 * the process with 0 after `shutdown` and 1 without; and when the editor
 * closes stdin, in any state, the process exits with code 0 and writes
 * nothing to stderr.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  DidOpenTextDocumentNotification,
  ErrorCodes,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  ResponseError,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ServerContext } from '../../server/src/lsp/context';
import { connectionFromArgv, transportFromArgv } from '../../server/src/lsp/transport';
import { DocumentsRequest, ServerInfoRequest } from '../../server/src/protocol';
import { TestClient, sleep, tempWorkspace, uriOf } from './client';
import { SPEC_MISSING } from './fixtures';

async function errorOf(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ResponseError, `a response error: ${String(error)}`);
    return error;
  }
  assert.fail('expected an error response');
}

describe('lsp: lifecycle', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    root = tempWorkspace();
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers a request before initialize with -32002 and drops notifications, starting nothing; then initializes normally', async () => {
    client = TestClient.spawn({ root });
    const uri = uriOf(path.join(root, 'early.md'));
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text: SPEC_MISSING },
    });
    const hover = await errorOf(
      client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }),
    );
    assert.equal(hover.code, ErrorCodes.ServerNotInitialized);
    const info = await errorOf(client.connection.sendRequest(ServerInfoRequest.type));
    assert.equal(info.code, -32002);
    assert.equal(client.configurationRequests, 0, 'no configuration load before the root is known');

    await client.initialize();
    const later = await client.open(path.join(root, 'later.md'), SPEC_MISSING);
    assert.ok((await client.waitForDiagnostics(later, { version: 1 })).some((d) => d.code === 'SH001'));
    // The document opened before initialize was dropped: nothing was ever published for it, and the server counts one document.
    assert.ok(!client.published.some((p) => p.params.uri === uri));
    assert.equal((await client.connection.sendRequest(ServerInfoRequest.type)).openDocuments, 1);
    assert.equal(client.serverStderr, '');
  });

  it('refuses a second initialize with InvalidRequest', async () => {
    client = await TestClient.start({ root });
    const again = await errorOf(
      client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: uriOf(root),
        capabilities: {},
      }),
    );
    assert.equal(again.code, ErrorCodes.InvalidRequest);
  });

  it('answers a request after shutdown with InvalidRequest, then exits with code 0 on exit, nothing on stderr', async () => {
    const c = await TestClient.start({ root });
    client = c;
    const uri = await c.open(path.join(root, 'export.md'), SPEC_MISSING);
    await c.waitForDiagnostics(uri, { version: 1 });
    assert.equal(await c.connection.sendRequest(ShutdownRequest.type), null);
    const hover = await errorOf(
      c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 2 } }),
    );
    assert.equal(hover.code, ErrorCodes.InvalidRequest);
    const documents = await errorOf(c.connection.sendRequest(DocumentsRequest.type));
    assert.equal(documents.code, ErrorCodes.InvalidRequest);
    await c.connection.sendNotification(ExitNotification.type);
    assert.deepEqual(await c.exited, { code: 0, signal: null });
    assert.equal(c.serverStderr, '');
  });

  it('exits with code 1 on exit without shutdown (as the protocol says)', async () => {
    const c = await TestClient.start({ root });
    client = c;
    await c.connection.sendNotification(ExitNotification.type);
    assert.deepEqual(await c.exited, { code: 1, signal: null });
    assert.equal(c.serverStderr, '');
  });
});

describe('lsp: end of stdin', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    root = tempWorkspace({ 'docs/other.spec.md': SPEC_MISSING });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function closedCleanly(c: TestClient): Promise<void> {
    c.proc.stdin!.end();
    assert.deepEqual(await c.exited, { code: 0, signal: null });
    assert.equal(c.serverStderr, '');
  }

  it('before initialize: exits with code 0, nothing on stderr', async () => {
    client = TestClient.spawn({ root });
    await sleep(200); // let the process start reading
    await closedCleanly(client);
  });

  it('during start-up (initialize sent, no answer awaited, a document opened at once): exits with code 0, nothing on stderr', async () => {
    const c = TestClient.spawn({ root });
    client = c;
    const uri = uriOf(path.join(root, 'export.md'));
    void c.connection
      .sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: uriOf(root),
        workspaceFolders: [{ uri: uriOf(root), name: 'w' }],
        capabilities: {},
      })
      .catch(() => undefined);
    void c.connection.sendNotification(InitializedNotification.type, {});
    void c.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text: SPEC_MISSING },
    });
    await closedCleanly(c);
  });

  it('with a document open: exits with code 0, nothing on stderr', async () => {
    const c = await TestClient.start({ root });
    client = c;
    const uri = await c.open(path.join(root, 'export.md'), SPEC_MISSING);
    await c.waitForDiagnostics(uri, { version: 1 });
    await closedCleanly(c);
  });

  it('idle (initialized, workspace indexed, nothing open): exits with code 0, nothing on stderr', async () => {
    const c = await TestClient.start({ root });
    client = c;
    await c.waitFor('the first workspace scan', () => c.documentsChanges.find((d) => d.complete));
    await closedCleanly(c);
  });

  it('after shutdown, without exit: exits with code 0, nothing on stderr', async () => {
    const c = await TestClient.start({ root });
    client = c;
    await c.connection.sendRequest(ShutdownRequest.type);
    await closedCleanly(c);
  });
});

describe('lsp: transport flags and logging on a closed connection (in process)', () => {
  it('reads the transport from argv as editors pass it', () => {
    assert.deepEqual(transportFromArgv(['--stdio']), { kind: 'stdio' });
    assert.deepEqual(transportFromArgv(['--node-ipc', '--clientProcessId=12']), { kind: 'ipc' });
    assert.deepEqual(transportFromArgv(['--socket=6009']), { kind: 'socket', port: 6009 });
    assert.deepEqual(transportFromArgv(['--socket', '6009']), { kind: 'socket', port: 6009 });
    assert.deepEqual(transportFromArgv(['--pipe=/tmp/x.sock']), { kind: 'pipe', name: '/tmp/x.sock' });
    assert.equal(transportFromArgv([]), undefined);
    assert.throws(
      () => connectionFromArgv(['--verbose']),
      /start the server with --stdio, --node-ipc, --socket=PORT or --pipe=NAME/,
    );
  });

  it('logs nothing and throws nothing once the connection is closed (the crash handlers call this)', () => {
    const streams = [new PassThrough(), new PassThrough()];
    const connection = createConnection(new StreamMessageReader(streams[0]), new StreamMessageWriter(streams[1]));
    connection.listen();
    const ctx = new ServerContext(connection);
    connection.dispose();
    assert.throws(() => connection.console.error('x'), 'a closed connection throws when written to');
    assert.doesNotThrow(() => ctx.logError('uncaught exception', new Error('boom')));
    assert.doesNotThrow(() => ctx.log('hello'));
    for (const s of streams) s.destroy();
  });
});
