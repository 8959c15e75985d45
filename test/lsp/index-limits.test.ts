/**
 * Huge folders cannot overwhelm the workspace index: with real files on disk,
 * the walk stops at `INDEX_LIMITS.maxFiles` markdown files read and at
 * `INDEX_LIMITS.maxEntries` folder entries looked at, says so (`truncated` in
 * `specHandoff/documents`, "(stopped at …)" in the log), and the server keeps
 * answering other requests while the walk is under way and after it.
 *
 * Creating 20,000+ files on every run would be slow, so the server runs in
 * this process (test/support/in-process-server.ts) with the limits lowered.
 * "While the walk is under way" is made deterministic by holding one of the
 * walk's file system calls (a gate) until the test has had its answers: no
 * timing assumptions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { INDEX_LIMITS } from '../../server/src/lsp/workspace-index';
import { DocumentsRequest, type DocumentsResult } from '../../server/src/protocol';
import { InProcessServer, tempFolder } from '../support/in-process-server';
import { MISSING_IDS, SPEC_MISSING } from './fixtures';

const MAX_FILES = 30;
const MAX_ENTRIES = 300;

type FsName = 'readFile' | 'readdir';

/**
 * Wraps the call the server makes: `fs.promises.readFile` (node/server-host.ts) or the callback `fs.readdir` the
 * walker uses (node/walk.ts; it keeps off `fs.promises`). `onCall` sees, and may hold, every call. Returns the undo.
 */
function interceptFs(name: FsName, onCall: (file: string) => Promise<void> | void): () => void {
  if (name === 'readdir') {
    // Node's own module object: the walker's `import * as fs` reads `readdir` from it at each call (this file's
    // namespace object only has getters onto it).
    const api = require('node:fs') as { readdir: (...args: unknown[]) => void };
    const original = api.readdir;
    api.readdir = function (this: unknown, ...args: unknown[]): void {
      void Promise.resolve(onCall(String(args[0]))).then(() => original.apply(this, args));
    };
    return () => {
      api.readdir = original;
    };
  }
  const promises = fs.promises as unknown as Record<FsName, (...args: unknown[]) => Promise<unknown>>;
  const original = promises[name];
  promises[name] = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
    await onCall(String(args[0]));
    return original.apply(this, args);
  };
  return () => {
    promises[name] = original;
  };
}

/** Holds one call: `reached` resolves when it arrives, `release()` lets it go on. */
class Gate {
  readonly reached: Promise<void>;
  private arrive!: () => void;
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  constructor() {
    this.reached = new Promise<void>((resolve) => (this.arrive = resolve));
  }

  hold(): Promise<void> {
    this.arrive();
    return this.opened;
  }

  release(): void {
    this.open();
  }
}

const paths = (r: DocumentsResult): string[] =>
  r.groups.flatMap((g) => [g.document.path, ...g.linked.map((l) => l.path)]).sort();
const pad = (n: number): string => String(n).padStart(4, '0');

describe('lsp: huge folders cannot overwhelm the workspace index (in-process, lowered INDEX_LIMITS)', function () {
  this.timeout(60_000);
  const saved = { ...INDEX_LIMITS };
  const cleanups: (() => void | Promise<void>)[] = [];
  let elsewhere: string;
  const processListenerCount = (): number =>
    process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
  let listenersBefore: number;

  /** Starts a server on `root`; stopped (and the folder removed) after the test. */
  async function start(root: string): Promise<InProcessServer> {
    const server = await InProcessServer.start({ root });
    cleanups.push(async () => {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });
    return server;
  }

  /** Every markdown file under `root` the server reads, in order (the walk reads each once). */
  function recordReads(root: string): string[] {
    const reads: string[] = [];
    cleanups.push(
      interceptFs('readFile', (file) => {
        if (file.startsWith(root + path.sep) && /\.md$/.test(file))
          reads.push(path.relative(root, file).split(path.sep).join('/'));
      }),
    );
    return reads;
  }

  /** Holds the server's `name` call for `file` until the gate is released (released after the test at the latest). */
  function gateOn(name: FsName, file: string): Gate {
    const gate = new Gate();
    cleanups.push(() => gate.release());
    cleanups.push(interceptFs(name, (called) => (called === file ? gate.hold() : undefined)));
    return gate;
  }

  /** The documents result once the scan has finished (announced by specHandoff/documentsChanged { complete: true }). */
  async function whenIndexed(server: InProcessServer): Promise<DocumentsResult> {
    await server.waitFor('documentsChanged { complete: true }', () => server.documentsChanges.find((c) => c.complete));
    const result = await server.connection.sendRequest(DocumentsRequest.type);
    assert.equal(result.complete, true);
    return result;
  }

  /** The server checks a document opened now (outside the workspace, so the index is untouched): SH001 for each missing section. */
  async function stillChecks(server: InProcessServer, name: string): Promise<void> {
    const uri = await server.open(path.join(elsewhere, name), SPEC_MISSING);
    const diagnostics = await server.waitForDiagnostics(uri);
    assert.equal(diagnostics.filter((d) => d.code === 'SH001').length, MISSING_IDS.length);
    const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(symbols && symbols.length > 0, 'documentSymbol answered');
  }

  before(() => {
    INDEX_LIMITS.maxFiles = MAX_FILES;
    INDEX_LIMITS.maxEntries = MAX_ENTRIES;
    elsewhere = tempFolder({}, 'spec-handoff-elsewhere-');
    listenersBefore = processListenerCount();
  });
  afterEach(async () => {
    // Undo in reverse: gates released and fs restored before the servers stop.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  after(() => {
    Object.assign(INDEX_LIMITS, saved);
    fs.rmSync(elsewhere, { recursive: true, force: true });
    assert.equal(processListenerCount(), listenersBefore, 'the in-process servers left no process listeners behind');
  });

  /** 45 specs in three folders of 15: the walk takes area-0, area-1, then area-2. */
  const capped = (): string => {
    const files: Record<string, string> = {};
    for (let a = 0; a < 3; a++) for (let i = 0; i < 15; i++) files[`area-${a}/doc-${pad(i)}.spec.md`] = SPEC_MISSING;
    return tempFolder(files);
  };
  const firstInWalkOrder = (n: number): string[] =>
    Array.from({ length: n }, (_, k) => `area-${Math.floor(k / 15)}/doc-${pad(k % 15)}.spec.md`);

  it(`more markdown files than maxFiles (${MAX_FILES} of 45): exactly the first ${MAX_FILES} in walk order are read and listed, the rest never opened; truncated in specHandoff/documents and in the log`, async () => {
    const root = capped();
    const reads = recordReads(root);
    const server = await start(root);
    const result = await whenIndexed(server);

    assert.deepEqual(reads, firstInWalkOrder(MAX_FILES), 'read: area-0 and area-1, nothing of area-2');
    assert.deepEqual(paths(result), firstInWalkOrder(MAX_FILES));
    assert.equal(result.truncated, true);
    const indexed = server.logs.filter((l) => l.includes('indexed'));
    assert.equal(indexed.length, 1, indexed.join('\n'));
    assert.match(
      indexed[0],
      new RegExp(
        `indexed ${MAX_FILES} document\\(s\\) of ${MAX_FILES} markdown file\\(s\\) in \\d+ ms \\(stopped at ${MAX_FILES} files\\)$`,
      ),
    );
  });

  it('answers requests while the capped walk is under way (the index grows, complete: false) and after it; a left-out document opened later joins the index', async () => {
    const root = capped();
    const reads = recordReads(root);
    const gate = gateOn('readFile', path.join(root, 'area-1', `doc-${pad(5)}.spec.md`));
    const server = await start(root);

    // The walk is parked in its 21st read (of area-1/doc-0005): 20 documents listed so far.
    await gate.reached;
    let result = await server.connection.sendRequest(DocumentsRequest.type);
    assert.equal(result.complete, false);
    assert.equal(result.truncated, false);
    assert.deepEqual(paths(result), firstInWalkOrder(20));
    await stillChecks(server, 'during.spec.md');
    result = await server.connection.sendRequest(DocumentsRequest.type);
    assert.equal(result.complete, false, 'all of that was answered before the walk went on');
    assert.equal(reads.length, 20, 'the 21st read is the one held');

    gate.release();
    result = await whenIndexed(server);
    assert.deepEqual(paths(result), firstInWalkOrder(MAX_FILES));
    assert.equal(result.truncated, true);
    await stillChecks(server, 'after.spec.md');

    // A document the cap left out still gets diagnostics when opened, and is listed while open.
    const changes = server.documentsChanges.length;
    const leftOut = await server.open(path.join(root, 'area-2', `doc-${pad(0)}.spec.md`), SPEC_MISSING);
    assert.equal(
      (await server.waitForDiagnostics(leftOut)).filter((d) => d.code === 'SH001').length,
      MISSING_IDS.length,
    );
    await server.waitFor('documentsChanged after the open', () =>
      server.documentsChanges.length > changes ? true : undefined,
    );
    result = await server.connection.sendRequest(DocumentsRequest.type);
    assert.deepEqual(paths(result), [...firstInWalkOrder(MAX_FILES), 'area-2/doc-0000.spec.md']);
    assert.equal(result.truncated, true, 'the walk still left files out');
    assert.equal(reads.length, MAX_FILES, 'the open document came from the editor, not the disk');
  });

  it('a folder with more entries than maxEntries: the walk stops inside it — nothing past the cap is read, later folders are never listed — and the server answers meanwhile', async () => {
    const files: Record<string, string> = {
      'first.spec.md': SPEC_MISSING,
      'huge/000-first.spec.md': SPEC_MISSING,
      'huge/zzz-last.spec.md': SPEC_MISSING,
      'later/after.spec.md': SPEC_MISSING,
    };
    // 400 non-markdown files: with the root's 3 entries, the cap of 300 falls inside `huge`.
    for (let i = 0; i < 400; i++) files[`huge/f${pad(i)}.txt`] = 'x';
    const root = tempFolder(files);
    const reads = recordReads(root);
    const listed: string[] = [];
    cleanups.push(
      interceptFs('readdir', (dir) => {
        if (dir === root || dir.startsWith(root + path.sep))
          listed.push(path.relative(root, dir).split(path.sep).join('/') || '.');
      }),
    );
    const gate = gateOn('readdir', path.join(root, 'huge'));
    const server = await start(root);

    // The walk is about to list `huge`: the root's document is in, the server answers.
    await gate.reached;
    let result = await server.connection.sendRequest(DocumentsRequest.type);
    assert.equal(result.complete, false);
    assert.deepEqual(paths(result), ['first.spec.md']);
    await stillChecks(server, 'during.spec.md');

    gate.release();
    result = await whenIndexed(server);
    assert.deepEqual(
      reads,
      ['first.spec.md', 'huge/000-first.spec.md'],
      'zzz-last (past the cap) and later/ never read',
    );
    assert.deepEqual(listed, ['.', 'huge'], 'later/ never listed');
    assert.deepEqual(paths(result), ['first.spec.md', 'huge/000-first.spec.md']);
    assert.equal(result.truncated, true);
    const indexed = server.logs.filter((l) => l.includes('indexed'));
    assert.equal(indexed.length, 1, indexed.join('\n'));
    assert.match(
      indexed[0],
      new RegExp(
        `indexed 2 document\\(s\\) of 2 markdown file\\(s\\) in \\d+ ms \\(stopped at ${MAX_ENTRIES} folder entries\\)$`,
      ),
    );
    await stillChecks(server, 'after.spec.md');
  });

  it(`exactly at the limits (${MAX_FILES} markdown files, ${MAX_ENTRIES} entries) nothing is left out; one entry more and the walk says it stopped`, async () => {
    const atLimits = (extra: number): string => {
      const files: Record<string, string> = {};
      for (let i = 0; i < MAX_FILES; i++) files[`doc-${pad(i)}.spec.md`] = SPEC_MISSING;
      // Sorted after the specs, so every spec is read before the entry cap could apply.
      for (let i = 0; i < MAX_ENTRIES - MAX_FILES + extra; i++) files[`zz-${pad(i)}.txt`] = 'x';
      return tempFolder(files);
    };
    const all = Array.from({ length: MAX_FILES }, (_, i) => `doc-${pad(i)}.spec.md`);

    const exact = await whenIndexed(await start(atLimits(0)));
    assert.deepEqual(paths(exact), all);
    assert.equal(exact.truncated, false);

    const server = await start(atLimits(1));
    const over = await whenIndexed(server);
    assert.deepEqual(paths(over), all);
    assert.equal(over.truncated, true);
    assert.match(
      server.logs.find((l) => l.includes('indexed')) ?? '',
      new RegExp(`\\(stopped at ${MAX_ENTRIES} folder entries\\)$`),
    );
  });
});
