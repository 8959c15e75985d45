import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ServerInfoRequest } from '../../server/src/protocol';
import { serverForSuite } from './client';
import { README, SPEC_MISSING } from './fixtures';

describe('lsp: specHandoff/serverInfo', function () {
  this.timeout(30_000);
  const suite = serverForSuite();

  it('names the server process, its start time and its open documents, following didOpen and didClose', async () => {
    const { client, root } = suite;
    const pid = client.proc.pid;
    assert.equal(typeof pid, 'number');

    const empty = await client.connection.sendRequest(ServerInfoRequest.type);
    assert.equal(empty.pid, pid, 'pid is the spawned server process');
    assert.equal(empty.openDocuments, 0);
    const started = Date.parse(empty.startedAt);
    assert.ok(Number.isFinite(started), `startedAt is a date: ${empty.startedAt}`);
    assert.equal(new Date(started).toISOString(), empty.startedAt, 'startedAt is ISO 8601');

    const spec = await client.open(path.join(root, 'export.spec.md'), SPEC_MISSING);
    const readme = await client.open(path.join(root, 'README.md'), README);
    // The server handles messages in order: a request sent after two didOpens sees both documents.
    const two = await client.connection.sendRequest(ServerInfoRequest.type);
    assert.deepEqual(two, {
      pid,
      startedAt: empty.startedAt,
      openDocuments: 2,
      execArgv: empty.execArgv,
      env: empty.env,
      rescans: empty.rescans,
    });
    await client.waitForDiagnostics(spec, { version: 1 });

    await client.close(readme);
    const one = await client.connection.sendRequest(ServerInfoRequest.type);
    assert.deepEqual(one, {
      pid,
      startedAt: empty.startedAt,
      openDocuments: 1,
      execArgv: empty.execArgv,
      env: empty.env,
      rescans: empty.rescans,
    });

    await client.close(spec);
    assert.equal((await client.connection.sendRequest(ServerInfoRequest.type)).openDocuments, 0);
  });

  it('rescans only the edited lines after an edit in the body, and everything after an edit in front matter', async () => {
    const { client, root } = suite;
    const uri = await client.open(
      path.join(root, 'rescan.spec.md'),
      `${SPEC_MISSING}\n## Scope\n\nThe export button.\n`,
    );
    await client.waitForDiagnostics(uri, { version: 1 });
    const before = (await client.connection.sendRequest(ServerInfoRequest.type)).rescans;

    // Type into the Scope paragraph (line 15): only its paragraph is scanned again.
    const line = client.text(uri).split('\n').indexOf('The export button.');
    assert.ok(line > 10);
    const v2 = await client.change(uri, [
      { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'Only ' },
    ]);
    await client.waitForDiagnostics(uri, { version: v2 });
    const afterBody = (await client.connection.sendRequest(ServerInfoRequest.type)).rescans;
    assert.deepEqual(afterBody, { incremental: before.incremental + 1, full: before.full });

    // Front matter decides the kind: an edit there falls back to a full scan (same results, more work).
    const v3 = await client.change(uri, [
      { range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } }, text: 'CSV ' },
    ]);
    const diagnostics = await client.waitForDiagnostics(uri, { version: v3 });
    assert.ok(
      diagnostics.some((d) => d.code === 'SH001'),
      'still checked as a spec',
    );
    const afterFrontMatter = (await client.connection.sendRequest(ServerInfoRequest.type)).rescans;
    assert.deepEqual(afterFrontMatter, { incremental: afterBody.incremental, full: afterBody.full + 1 });
    await client.close(uri);
  });
});
