// A language server killed mid-session, inside a real VS Code: the client
// restarts it, the new process gets the open documents again and publishes
// their diagnostics, the Checklist view and status bar follow the new server,
// and the server → client notifications reach the extension again.
import * as assert from 'node:assert/strict';
import type { State, StateChangeEvent } from 'vscode-languageclient/node';
import * as vscode from 'vscode';
import type { SpecHandoffApi } from '../../../client/src/extension';
import type { Checklist, ServerInfoResult } from '../../../server/src/protocol';
import { activatedApi, waitFor, workspaceFolder } from './util';

// vscode-languageclient's `State` values, checked against its enum by the type annotations (a value import
// would bundle a second copy of the client library into this test).
const STOPPED: State.Stopped = 1;
const RUNNING: State.Running = 2;

/** How long the client may take to notice the death and start a new server; generous, this is no performance test. */
const RESTART_TIMEOUT_MS = 60_000;

const SPEC =
  '---\ntype: spec\ntitle: Restart\n---\n\n# Restart\n\n## Summary\n\nFinance admins download the filtered invoice list as one CSV file for month-end reconciliation.\n';

const TRACE_SPEC = (criteria: string[]): string => `---
type: spec
title: Restart trace
---

# Restart trace

## Summary

Finance admins download the filtered invoice list as one CSV file for month-end reconciliation.

## Acceptance criteria

${criteria.join('\n')}
`;
const AC1 = '- [ ] AC-1: Given a filtered list, when the admin exports, then the CSV has the same rows.';
const AC2 = '- [ ] AC-2: The CSV has a header row naming every column.';

const TRACE_HANDOFF = `---
type: handoff
title: Restart trace handoff
spec: ../specs/restart-trace.spec.md
---

# Handoff: Restart trace

## What was built

The export endpoint and its button on the Invoices page.

## Acceptance criteria status

- [x] AC-1: Given a filtered list, when the admin exports, then the CSV has the same rows.
`;

const api = (): Promise<SpecHandoffApi> => activatedApi<SpecHandoffApi>();

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'spec-handoff');
}

function code(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

const missing = (uri: vscode.Uri, title: string): boolean =>
  ourDiagnostics(uri).some((d) => code(d) === 'SH001' && d.message.includes(`"${title}"`));

/** `specHandoff/serverInfo` through the extension's own client. */
function serverInfo(a: SpecHandoffApi): Promise<ServerInfoResult> {
  return a.client.sendRequest<ServerInfoResult>('specHandoff/serverInfo');
}

/** serverInfo, or undefined while there is no server to answer (each attempt bounded, so the poll's deadline holds). */
async function tryServerInfo(a: SpecHandoffApi): Promise<ServerInfoResult | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 5_000)));
  try {
    return await Promise.race([serverInfo(a), timeout]);
  } catch {
    return undefined; // the old connection is gone, or the new one is not up yet
  } finally {
    clearTimeout(timer);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

describe('in the editor: a language server killed mid-session', function () {
  this.timeout(RESTART_TIMEOUT_MS + 60_000);
  let a: SpecHandoffApi;
  let restarted: ServerInfoResult | undefined;

  before(async () => {
    a = await api();
  });

  it('is restarted by the client, and the new server analyses the open document again (diagnostics, checklist, status bar)', async () => {
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(await write('specs/restart.spec.md', SPEC)),
    );
    const uri = editor.document.uri;
    await waitFor(
      () => missing(uri, 'Scope') && missing(uri, 'System context'),
      'SH001 for Scope and System context before the kill',
    );
    await waitFor(
      () => a.checklist.currentUri() === uri.toString() && a.checklist.current(),
      'the checklist of the spec before the kill',
    );

    const before = await serverInfo(a);
    assert.ok(
      Number.isInteger(before.pid) && before.pid > 0 && before.pid !== process.pid,
      `server pid ${before.pid}, extension host pid ${process.pid}`,
    );
    // The client starts the server with the Node flags of server/src/server-flags.json (memory: see bench stage c).
    assert.ok(before.execArgv.includes('--max-semi-space-size=4'), `server execArgv: ${before.execArgv.join(' ')}`);
    // …and the environment of server/src/server-env.json (one malloc arena: memory, bench stage c).
    assert.equal(before.env.MALLOC_ARENA_MAX, '1', `server env: ${JSON.stringify(before.env)}`);
    // …with NODE_EXTRA_CA_CERTS empty: Node parses the file it names at every start, and the server never needs
    // it (it opens no connection). The project's VMs set it in this extension host's environment.
    assert.equal(before.env.NODE_EXTRA_CA_CERTS, '', `server env: ${JSON.stringify(before.env)}`);
    assert.ok(before.openDocuments >= 1, `the server holds the open spec: ${JSON.stringify(before)}`);

    const states: State[] = [];
    /** Checklist view refreshes, and whether the client had already reported the server's stop when each happened. */
    const checklists: { uri: string | undefined; checklist: Checklist | undefined; afterStop: boolean }[] = [];
    const subscriptions = [
      a.client.onDidChangeState((e: StateChangeEvent) => states.push(e.newState)),
      a.checklist.onDidChange((e) => checklists.push({ ...e, afterStop: states.includes(STOPPED) })),
    ];
    try {
      process.kill(before.pid, 'SIGKILL');

      restarted = await waitFor(
        async () => {
          const info = await tryServerInfo(a);
          return info && info.pid !== before.pid && info;
        },
        'serverInfo from a new server process',
        { timeoutMs: RESTART_TIMEOUT_MS, intervalMs: 250 },
      );
      const now = restarted;
      assert.equal(isAlive(before.pid), false, `the killed server ${before.pid} is gone`);
      assert.ok(
        Date.parse(now.startedAt) >= Date.parse(before.startedAt),
        `a new session: ${before.startedAt} → ${now.startedAt}`,
      );
      const stoppedAt = states.indexOf(STOPPED);
      assert.ok(
        stoppedAt >= 0 && states.indexOf(RUNNING, stoppedAt) > stoppedAt,
        `the client reported the stop and the restart (states ${states.join(' → ')})`,
      );
      assert.ok(a.client.isRunning());

      // The client drops the old server's diagnostics when the connection closes, before it starts the new
      // server: diagnostics seen now were published by the new process for the document it was sent again.
      await waitFor(
        () => missing(uri, 'Scope') && missing(uri, 'System context'),
        'SH001 for Scope and System context from the new server',
        { timeoutMs: 30_000 },
      );
      const info = await serverInfo(a);
      assert.equal(info.pid, now.pid, 'no further restart');
      assert.ok(info.openDocuments >= 1, `the new server holds the open spec: ${JSON.stringify(info)}`);

      // The Checklist view refreshed by itself after the restart (no edit has happened since the kill).
      await waitFor(
        () => checklists.some((c) => c.afterStop && c.uri === uri.toString() && c.checklist?.kindId === 'spec'),
        'a checklist refresh for the spec after the restart',
        { timeoutMs: 30_000 },
      );
      const checklist = await a.client.sendRequest<Checklist | null>('specHandoff/checklist', { uri: uri.toString() });
      assert.equal(checklist?.kindId, 'spec');
      assert.equal(checklist.sections.find((s) => s.id === 'scope')?.state, 'missing');
      const presentBefore = checklist.summary.sectionsPresent;

      // An edit after the restart is analysed by the new server: insert Scope through the extension's command.
      assert.equal(
        await vscode.commands.executeCommand<boolean>('specHandoff.insertSection', {
          uri: uri.toString(),
          sectionId: 'scope',
        }),
        true,
      );
      assert.match(editor.document.getText(), /\n## Scope\n/);
      await waitFor(
        () => !missing(uri, 'Scope') && missing(uri, 'System context'),
        'the Scope diagnostic to go while System context stays',
        { timeoutMs: 30_000 },
      );
      const after = await waitFor(() => {
        const c = a.checklist.current();
        return (
          a.checklist.currentUri() === uri.toString() &&
          c?.sections.find((s) => s.id === 'scope')?.state !== 'missing' &&
          c
        );
      }, 'the Checklist view to show Scope present');
      // Scope brings its required subsections (In scope, Out of scope) along: more present, exactly as the server counts them.
      assert.ok(
        after.summary.sectionsPresent > presentBefore,
        `sections present ${presentBefore} → ${after.summary.sectionsPresent}`,
      );
      assert.deepEqual(
        after.summary,
        (await a.client.sendRequest<Checklist | null>('specHandoff/checklist', { uri: uri.toString() }))?.summary,
      );
      assert.ok(a.statusBar.visible());
      assert.match(
        a.statusBar.item.text,
        new RegExp(`Spec ${after.summary.sectionsPresent}/${after.summary.sectionsRequired}\\b`),
      );
      assert.equal((await serverInfo(a)).pid, now.pid, 'still the restarted server');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });

  it("after the restart, server → client notifications reach the extension again: a spec changed on disk updates its open handoff's checklist", async () => {
    assert.ok(restarted, 'needs the restart of the previous test');
    assert.equal((await serverInfo(a)).pid, restarted.pid, 'still the restarted server');
    await write('specs/restart-trace.spec.md', TRACE_SPEC([AC1]));
    const handoff = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(await write('handoffs/restart-trace.handoff.md', TRACE_HANDOFF)),
    );
    const uri = handoff.document.uri;
    const notAccounted = (id: string): boolean =>
      ourDiagnostics(uri).some((d) => code(d) === 'SH025' && d.message.startsWith(`${id} `));
    const first = await waitFor(
      () =>
        a.checklist.currentUri() === uri.toString() &&
        a.checklist.current()?.kindId === 'handoff' &&
        a.checklist.current(),
      "the handoff's checklist",
    );
    assert.equal(notAccounted('AC-2'), false);

    // Only the spec changes, on disk (it is not open): the handoff's text stays the same, so nothing on the
    // client side re-reads its checklist — except `specHandoff/checklistChanged` from the server.
    await write('specs/restart-trace.spec.md', TRACE_SPEC([AC1, AC2]));
    await waitFor(() => notAccounted('AC-2'), 'SH025 for AC-2 on the handoff after the spec changed on disk', {
      timeoutMs: 30_000,
    });
    const updated = await waitFor(
      () => {
        const c = a.checklist.current();
        return a.checklist.currentUri() === uri.toString() && c && c.summary.warnings > first.summary.warnings && c;
      },
      'the Checklist view to count the new SH025 warning',
      { timeoutMs: 30_000 },
    );
    assert.equal(updated.summary.warnings, first.summary.warnings + 1);
    assert.equal(handoff.document.isDirty, false, 'the handoff was not edited');
    assert.equal((await serverInfo(a)).pid, restarted.pid, 'still the restarted server');
  });

  it('messages written to the dying server do not stop the client for good: it restarts the server again', async () => {
    const before = await serverInfo(a);
    const states: State[] = [];
    const subscription = a.client.onDidChangeState((e: StateChangeEvent) => states.push(e.newState));
    try {
      process.kill(before.pid, 'SIGKILL');
      // Until the client notices, it keeps writing, as it does after an edit (VS Code sends several requests at once).
      // Each write to the dead process fails; vscode-languageclient's default error handler stopped the client for
      // good after two such failures (see RestartOnCloseErrorHandler in client/src/client.ts).
      const LIMIT = 100_000;
      let written = 0;
      while (a.client.isRunning() && written < LIMIT) {
        for (let i = 0; i < 10; i++)
          void a.client.sendNotification('$/cancelRequest', { id: -1 }).catch(() => undefined);
        written += 10;
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.ok(written < LIMIT, 'the client noticed the dead server');
      const now = await waitFor(
        async () => {
          const info = await tryServerInfo(a);
          return info && info.pid !== before.pid && info;
        },
        `serverInfo from a new server process (${written} messages written meanwhile; client states when the wait began: ${states.join(' → ')})`,
        { timeoutMs: RESTART_TIMEOUT_MS, intervalMs: 250 },
      );
      assert.equal(isAlive(before.pid), false);
      const stoppedAt = states.indexOf(STOPPED);
      assert.ok(stoppedAt >= 0 && states.indexOf(RUNNING, stoppedAt) > stoppedAt, `states ${states.join(' → ')}`);
      // The open documents were sent to the new server again, and it checks them.
      const spec = (
        await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, 'specs/restart.spec.md'))
      ).uri;
      await waitFor(() => missing(spec, 'System context'), 'SH001 for System context from the new server', {
        timeoutMs: 30_000,
      });
      assert.ok((await serverInfo(a)).openDocuments >= 1);
      assert.equal((await serverInfo(a)).pid, now.pid);
    } finally {
      subscription.dispose();
    }
  });
});
