import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { serverForSuite, sleep, messageText } from './client';
import { MISSING_IDS, README, SPEC_MISSING, SUMMARY } from './fixtures';

const summarize = (ds: Diagnostic[]): string[] =>
  ds.map(
    (d) =>
      `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${messageText(d.message)}`,
  );

describe('lsp: diagnostics', function () {
  this.timeout(30_000);
  const suite = serverForSuite();

  it('declares its capabilities (incremental sync, completion, hover, symbols, code actions, code lens)', async () => {
    const { client } = suite;
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } }); // save: for specHandoff.run = onSave
    assert.deepEqual(caps.completionProvider?.triggerCharacters, ['#', ':']);
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.documentSymbolProvider);
    assert.ok(caps.codeLensProvider);
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('quickfix') && kinds.includes('source.fixAll.specHandoff'));
    assert.ok(
      kinds.includes('refactor.insertExample.specHandoff'),
      'the Insert example action is declared, so editors ask for it',
    );
    // Registered dynamically after `initialized`.
    await client.waitFor('watcher registration', () =>
      client.registrations.includes('workspace/didChangeWatchedFiles') ? true : undefined,
    );
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'));
  });

  it('publishes one SH001 per missing section of a spec, with version, source and rule docs', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    const ds = await client.waitForDiagnostics(uri, { version: 1 });
    const missing = ds.filter((d) => d.code === 'SH001');
    assert.equal(missing.length, MISSING_IDS.length);
    assert.deepEqual(
      missing.map((d) => (d.data as { sectionId: string }).sectionId),
      MISSING_IDS,
    );
    for (const d of missing) {
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.equal(d.source, 'spec-handoff');
      // The rule page shipped beside the server (here: the checkout's docs/rules), a file that exists.
      assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/SH001\.md$/);
      assert.ok(fs.existsSync(fileURLToPath(d.codeDescription!.href)), d.codeDescription!.href);
      assert.equal(d.range.start.line, 5, 'on the title heading');
    }
    assert.match(messageText(missing[0].message), /Missing required section "System context"/);
    await client.waitFor('checklistChanged after the publish', () =>
      client.checklistChanges.some((c) => c.uri === uri && c.version === 1) ? true : undefined,
    );
    await client.close(uri);
  });

  it('publishes empty diagnostics for markdown that matches no kind (a README is never nagged)', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'README.md'), README);
    assert.deepEqual(await client.waitForDiagnostics(uri, { version: 1 }), []);
    await client.close(uri);
  });

  it('ignores documents that are not markdown', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'notes.txt'), SPEC_MISSING, 'plaintext');
    assert.deepEqual(await client.waitForDiagnostics(uri, { version: 1 }), []);
    await client.close(uri);
  });

  it('gives the same diagnostics after several incremental edits as for a fresh open', async () => {
    const { client, root } = suite;
    const start = '---\ntype: spec\ntitle: Export invoices\n---\n\n# Export invoices\n\nIntro.\n';
    const uri = await client.open(path.join(root, 'incremental.md'), start);
    await client.waitForDiagnostics(uri, { version: 1 });
    // Insert a Summary section in three steps, fix a typo, delete the intro line.
    await client.change(uri, [
      { range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: '## Sumary\n\n' },
    ]);
    await client.change(uri, [
      { range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: `${SUMMARY}\n` },
    ]);
    await client.change(uri, [
      { range: { start: { line: 8, character: 5 }, end: { line: 8, character: 5 } }, text: 'm' },
      { range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } }, text: '' },
    ]);
    const version = client.docs.get(uri)!.version;
    const incremental = await client.waitForDiagnostics(uri, { version });
    const text = client.text(uri);
    assert.match(text, /\n## Summary\n\nFinance admins/);
    assert.doesNotMatch(text, /Intro\./);

    const fresh = await client.open(path.join(root, 'fresh.md'), text);
    const expected = await client.waitForDiagnostics(fresh, { version: 1 });
    assert.deepEqual(summarize(incremental), summarize(expected));
    assert.ok(!incremental.some((d) => d.code === 'SH001' && /"Summary"/.test(messageText(d.message))));
    await client.close(uri);
    await client.close(fresh);
  });

  it('debounces typing: a burst of changes is analysed and published once, for the last version', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'burst.md'), SPEC_MISSING);
    await client.waitForDiagnostics(uri, { version: 1 });
    const since = client.mark();
    let version = 1;
    for (let i = 0; i < 6; i++) {
      version = await client.change(uri, [
        { range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: 'x' },
      ]);
    }
    await client.waitForDiagnostics(uri, { version, since });
    await sleep(300);
    const later = client.published.filter((p) => p.seq > since && p.params.uri === uri);
    assert.deepEqual(
      later.map((p) => p.params.version),
      [version],
      'no stale (older version) publish',
    );
    await client.close(uri);
  });

  it('clears diagnostics when a document closes', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'closing.md'), SPEC_MISSING);
    assert.ok((await client.waitForDiagnostics(uri, { version: 1 })).length > 0);
    const since = client.mark();
    await client.close(uri);
    assert.deepEqual(await client.waitForDiagnostics(uri, { version: null, since }), []);
  });

  it('survives a handler error: a malformed request gets a neutral answer and the server keeps serving', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'robust.md'), SPEC_MISSING);
    await client.waitForDiagnostics(uri, { version: 1 });
    // No `context`: the handler throws inside; the error is logged, the answer is empty.
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
    });
    assert.deepEqual(actions, []);
    await client.waitFor('the error in the log', () =>
      client.logs.some((l) => /codeAction/.test(l)) ? true : undefined,
    );
    const version = await client.change(uri, [
      { range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, text: 'More. ' },
    ]);
    assert.ok((await client.waitForDiagnostics(uri, { version })).length > 0, 'still publishing');
    await client.close(uri);
  });

  it('checks untitled documents by their front matter type', async () => {
    const { client } = suite;
    const uri = await client.open('untitled:Untitled-1', SPEC_MISSING);
    const ds = await client.waitForDiagnostics(uri, { version: 1 });
    assert.equal(ds.filter((d) => d.code === 'SH001').length, MISSING_IDS.length);
    await client.close(uri);
  });
});
