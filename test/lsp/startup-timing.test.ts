/**
 * Start-up timestamps in the server log (lsp/startup-timing.ts, issue 20):
 * with SPEC_HANDOFF_TIMING set the server writes one line after its first
 * publish, naming each start-up event in the order it happened with the ms
 * since the process started; without it, nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient, tempWorkspace } from './client';
import { SPEC_MISSING } from './fixtures';

async function firstPublishLogs(timing: string | undefined): Promise<string[]> {
  const root = tempWorkspace();
  const before = process.env.SPEC_HANDOFF_TIMING;
  if (timing === undefined) delete process.env.SPEC_HANDOFF_TIMING;
  else process.env.SPEC_HANDOFF_TIMING = timing;
  let client: TestClient | undefined;
  try {
    client = await TestClient.start({ root });
  } finally {
    if (before === undefined) delete process.env.SPEC_HANDOFF_TIMING;
    else process.env.SPEC_HANDOFF_TIMING = before;
  }
  try {
    const uri = await client.open(path.join(root, 'export.spec.md'), SPEC_MISSING);
    await client.waitForDiagnostics(uri, { version: 1 });
    // A second document: its publish must not write the line again.
    const other = await client.open(path.join(root, 'other.spec.md'), SPEC_MISSING);
    await client.waitForDiagnostics(other, { version: 1 });
    if (timing !== undefined && timing !== '0')
      await client.waitFor('the start-up line', () =>
        client!.logs.some((l) => l.includes('start-up')) ? true : undefined,
      );
    return client.logs.filter((l) => l.includes('start-up'));
  } finally {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('lsp: start-up timestamps', function () {
  this.timeout(60_000);

  it('SPEC_HANDOFF_TIMING=1: one line, spawn to first publish, events in order with growing times', async () => {
    const lines = await firstPublishLogs('1');
    assert.equal(lines.length, 1, lines.join('\n'));
    const m = /start-up \(ms since the process started\): (.*)$/.exec(lines[0]);
    assert.ok(m, lines[0]);
    const events = m[1].split(', ').map((part) => {
      const e = /^(.*) (\d+)$/.exec(part);
      assert.ok(e, part);
      return { name: e[1], ms: Number(e[2]) };
    });
    const names = events.map((e) => e.name);
    for (const expected of [
      'server code running',
      'initialize received',
      'initialize answered',
      'first didOpen',
      'settings and schemas loaded',
      'first analysis started',
      'first publish',
    ])
      assert.ok(names.includes(expected), `${expected} in ${m[1]}`);
    assert.equal(names[0], 'server code running');
    assert.equal(names.at(-1), 'first publish');
    assert.ok(names.indexOf('initialize received') < names.indexOf('initialize answered'));
    assert.ok(names.indexOf('first analysis started') < names.indexOf('first publish'));
    for (let i = 1; i < events.length; i++) assert.ok(events[i].ms >= events[i - 1].ms, m[1]);
    assert.ok(events[0].ms > 0);
  });

  it('unset or 0: no line', async () => {
    assert.deepEqual(await firstPublishLogs(undefined), []);
    assert.deepEqual(await firstPublishLogs('0'), []);
  });
});
