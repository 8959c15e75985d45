/**
 * `spec-handoff lsp --stdio`: the language server answers `initialize` over
 * stdio and exits cleanly on `shutdown` + `exit`. The server itself lives in
 * server/src/lsp/start.ts (tested in depth by the lsp suite); this only checks
 * the CLI's wiring.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, ensureBuilt, tempDir } from './helpers';

function frame(message: unknown): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...(message as object) });
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/** Reads LSP messages from a stream of frames. */
class Reader {
  private buffer = Buffer.alloc(0);
  readonly messages: { id?: number; method?: string; result?: unknown; error?: unknown }[] = [];
  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')));
      this.buffer = this.buffer.subarray(end + 4 + length);
    }
  }
}

describe('cli: lsp --stdio', () => {
  before(function () {
    if (!fs.existsSync(path.join(ROOT, 'server', 'src', 'lsp', 'start.ts'))) this.skip(); // the language server is not in this checkout yet
    ensureBuilt();
  });

  it('answers initialize with capabilities and exits 0 after shutdown and exit', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new Reader();
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => reader.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitFor = async (id: number): Promise<{ result?: unknown; error?: unknown }> => {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const m = reader.messages.find((x) => x.id === id && !x.method);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no response to request ${id}; stderr: ${stderr}`);
    };
    try {
      child.stdin.write(
        frame({
          id: 1,
          method: 'initialize',
          params: {
            processId: process.pid,
            rootUri: pathToFileURL(dir).href,
            capabilities: {},
            workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }],
          },
        }),
      );
      const init = (await waitFor(1)) as { result?: { capabilities?: Record<string, unknown> } };
      assert.ok(init.result?.capabilities, JSON.stringify(init));
      assert.ok(Object.keys(init.result.capabilities).length > 0);
      child.stdin.write(frame({ method: 'initialized', params: {} }));
      child.stdin.write(frame({ id: 2, method: 'shutdown' }));
      await waitFor(2);
      child.stdin.write(frame({ method: 'exit' }));
      assert.equal(await exited, 0);
    } finally {
      child.kill();
    }
  });
});

describe('cli: lsp --stdio at the end of stdin', function () {
  this.timeout(30_000);
  before(ensureBuilt);

  /** Starts `spec-handoff lsp --stdio`, writes `frames`, waits for `waitId`'s answer if given, closes stdin: exit code and stderr. */
  async function closeAfter(
    frames: (root: string) => string[],
    waitId?: number,
  ): Promise<{ code: number | null; stderr: string; messages: Reader['messages'] }> {
    const dir = tempDir();
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new Reader();
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => reader.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (const f of frames(pathToFileURL(dir).href)) child.stdin.write(f);
      if (waitId !== undefined) {
        while (!reader.messages.some((m) => m.id === waitId && !m.method)) {
          if (child.exitCode !== null) break;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      child.stdin.end();
      return { code: await exited, stderr, messages: reader.messages };
    } finally {
      child.kill();
    }
  }

  const initialize = (root: string) =>
    frame({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: root, capabilities: {} } });
  const open = (root: string) =>
    frame({
      method: 'textDocument/didOpen',
      params: {
        textDocument: { uri: `${root}/a.md`, languageId: 'markdown', version: 1, text: '---\ntype: spec\n---\n# A\n' },
      },
    });

  it('exits with code 0 and nothing on stderr when stdin closes before initialize', async () => {
    assert.deepEqual(await closeAfter(() => []), { code: 0, stderr: '', messages: [] });
  });

  it('exits with code 0 and nothing on stderr when stdin closes with a document open', async () => {
    const r = await closeAfter(
      (root) => [
        initialize(root),
        frame({ method: 'initialized', params: {} }),
        open(root),
        frame({
          id: 2,
          method: 'textDocument/hover',
          params: { textDocument: { uri: `${root}/a.md` }, position: { line: 3, character: 2 } },
        }),
      ],
      2,
    );
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.ok(
      r.messages.some((m) => m.id === 2 && !m.error),
      JSON.stringify(r.messages),
    );
  });

  it('answers a request before initialize with -32002', async () => {
    const r = await closeAfter(
      () => [
        frame({
          id: 7,
          method: 'textDocument/hover',
          params: { textDocument: { uri: 'file:///x.md' }, position: { line: 0, character: 0 } },
        }),
      ],
      7,
    );
    assert.deepEqual(r.messages.find((m) => m.id === 7)?.error, {
      code: -32002,
      message: 'The server is not initialized: send "initialize" before "textDocument/hover".',
    });
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
  });
});

describe('cli: lsp without --stdio', () => {
  before(ensureBuilt);

  it('is a usage error (exit 2), and needs no server to say so', () => {
    const r = spawnSync(process.execPath, [CLI, 'lsp'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /needs --stdio/);
  });
});
