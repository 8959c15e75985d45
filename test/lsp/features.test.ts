import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InsertTextFormat,
  type CodeAction,
  type CompletionList,
  type DocumentSymbol,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { ChecklistRequest } from '../../server/src/protocol';
import { TestClient, tempWorkspace } from './client';
import { exampleSentences, foreignSentences } from '../support/honest';
import { makeService } from '../support/service';

const EXAMPLES = exampleSentences(makeService().registry.kinds);
import { MISSING_IDS, SPEC_MISSING } from './fixtures';

describe('lsp: code actions and editor features', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient;
  let n = 0;

  before(async () => {
    root = tempWorkspace();
    client = await TestClient.start({ root });
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function openSpec(text = SPEC_MISSING): Promise<string> {
    const uri = await client.open(path.join(root, `doc${++n}.md`), text);
    await client.waitForDiagnostics(uri, { version: 1 });
    return uri;
  }

  const titleLine = { start: { line: 5, character: 0 }, end: { line: 5, character: 5 } };
  const actionsAt = (uri: string, range = titleLine, only?: string[]) =>
    client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics: [], only },
    }) as Promise<CodeAction[]>;

  it('offers one quick fix per missing section, with its diagnostic attached; applying it removes the diagnostic', async () => {
    const uri = await openSpec();
    const actions = await actionsAt(uri);
    const scope = actions.find((a) => a.title === 'Insert section "Scope"');
    assert.ok(scope, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(scope.kind, 'quickfix');
    assert.equal(scope.isPreferred, true);
    assert.equal(scope.diagnostics?.length, 1);
    assert.equal(scope.diagnostics![0].code, 'SH001');
    assert.equal((scope.diagnostics![0].data as { sectionId: string }).sectionId, 'scope');

    const version = await client.applyWorkspaceEdit(scope.edit!);
    assert.match(client.text(uri), /\n## Scope\n/);
    const after = await client.waitForDiagnostics(uri, { version });
    const missing = after.filter((d) => d.code === 'SH001').map((d) => (d.data as { sectionId: string }).sectionId);
    assert.deepEqual(
      missing,
      MISSING_IDS.filter((id) => id !== 'scope'),
    );
    await client.close(uri);
  });

  it('offers "Insert all missing sections" once, and applying it leaves no SH001', async () => {
    const uri = await openSpec();
    const actions = await actionsAt(uri);
    const all = actions.filter((a) => /^Insert all \d+ missing sections?$/.test(a.title));
    assert.equal(all.length, 1, 'deduplicated across the SH001 diagnostics');
    assert.equal(all[0].title, `Insert all ${MISSING_IDS.length} missing sections`);
    assert.equal(all[0].diagnostics?.length, MISSING_IDS.length);
    const version = await client.applyWorkspaceEdit(all[0].edit!);
    const after = await client.waitForDiagnostics(uri, { version });
    assert.deepEqual(
      after.filter((d) => d.code === 'SH001'),
      [],
    );
    // Inserted in schema order after the Summary.
    const headings = client
      .text(uri)
      .split('\n')
      .filter((l) => /^## /.test(l));
    assert.deepEqual(headings, [
      '## Summary',
      '## System context',
      '## Scope',
      '## Technical specifics',
      '## Acceptance criteria',
    ]);
    await client.close(uri);
  });

  it('offers "Disable SH014 for this line" and "… for this file" (inserted comments, not preferred); each silences the finding', async () => {
    const text = `${SPEC_MISSING.replace(/\n*$/, '')}\n\n## Acceptance criteria\n\n- [ ] AC-1: Given the page, when the admin exports, then it is fast.\n`;
    const uri = await openSpec(text);
    const diagnostics = await client.waitForDiagnostics(uri, { version: 1 });
    const vague = diagnostics.find((d) => d.code === 'SH014');
    assert.ok(vague, `diagnostics: ${diagnostics.map((d) => d.code).join(', ')}`);
    const actions = await actionsAt(uri, vague.range);
    const line = actions.find((a) => a.title === 'Disable SH014 for this line');
    const file = actions.find((a) => a.title === 'Disable SH014 for this file');
    assert.ok(line && file, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(line.isPreferred, false);
    assert.equal(line.diagnostics?.[0].code, 'SH014');
    const fixAll = await actionsAt(uri, vague.range, ['source.fixAll.specHandoff']);
    assert.ok(!JSON.stringify(fixAll).includes('spec-handoff-disable'), 'fix-all never silences');
    const before = client.text(uri);
    const version = await client.applyWorkspaceEdit(line.edit!);
    const after = client.text(uri);
    assert.match(after, /\n<!-- spec-handoff-disable-next-line SH014 -->\n- \[ \] AC-1: .*fast\.\n/);
    assert.equal(after.replace('<!-- spec-handoff-disable-next-line SH014 -->\n', ''), before, 'insert only');
    const now = await client.waitForDiagnostics(uri, { version });
    assert.ok(!now.some((d) => d.code === 'SH014'));
    await client.close(uri);

    const uri2 = await openSpec(text);
    const vague2 = (await client.waitForDiagnostics(uri2, { version: 1 })).find((d) => d.code === 'SH014')!;
    const file2 = (await actionsAt(uri2, vague2.range)).find((a) => a.title === 'Disable SH014 for this file')!;
    const v2 = await client.applyWorkspaceEdit(file2.edit!);
    assert.ok(
      client.text(uri2).endsWith('fast.\n\n<!-- spec-handoff-disable-file SH014 -->\n'),
      JSON.stringify(client.text(uri2).slice(-80)),
    );
    assert.ok(!(await client.waitForDiagnostics(uri2, { version: v2 })).some((d) => d.code === 'SH014'));
    await client.close(uri2);
  });

  it('offers insert-all as a source action away from the missing-section diagnostics', async () => {
    const uri = await openSpec();
    const actions = await actionsAt(uri, { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } });
    assert.deepEqual(
      actions.filter((a) => a.kind === 'quickfix'),
      [],
    );
    assert.ok(actions.some((a) => a.kind === 'source.insertMissingSections.specHandoff' && /Insert all/.test(a.title)));
    await client.close(uri);
  });

  it('answers source.fixAll (codeActionsOnSave) with every preferred fix at once and nothing else', async () => {
    const uri = await openSpec();
    const actions = await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [
      'source.fixAll',
    ]);
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['source.fixAll.specHandoff'],
    );
    const version = await client.applyWorkspaceEdit(actions[0].edit!);
    const after = await client.waitForDiagnostics(uri, { version });
    assert.deepEqual(
      after.filter((d) => d.code === 'SH001'),
      [],
    );
    const again = await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [
      'source.fixAll.specHandoff',
    ]);
    assert.ok(again.every((a) => a.kind === 'source.fixAll.specHandoff'));
    await client.close(uri);
  });

  it('fix-all (source.fixAll, as on save) inserts skeletons only: no SH001 after it, no example text, not ready (issue 13)', async () => {
    const uri = await openSpec();
    const actions = await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [
      'source.fixAll',
    ]);
    const version = await client.applyWorkspaceEdit(actions[0].edit!);
    const after = await client.waitForDiagnostics(uri, { version });
    assert.deepEqual(
      after.filter((d) => d.code === 'SH001'),
      [],
    );
    const text = client.text(uri);
    assert.deepEqual(foreignSentences(text, EXAMPLES), []);
    assert.ok(
      after.some((d) => d.code === 'SH007'),
      'the inserted TODOs are reported',
    );
    const checklist = await client.connection.sendRequest(ChecklistRequest.type, { uri });
    assert.equal(checklist!.readiness.ready, false);
    assert.match(checklist!.summaryLine, /not ready/);
    await client.close(uri);
  });

  it('offers "Insert example" as a refactor action in a section with an example, never for source.fixAll or quickfix requests', async () => {
    const uri = await openSpec();
    const summary = { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } };
    const actions = await actionsAt(uri, summary);
    const example = actions.filter((a) => a.kind === 'refactor.insertExample.specHandoff');
    assert.deepEqual(
      example.map((a) => a.title),
      ['Insert the schema\'s example for "Summary" (to be replaced)'],
    );
    assert.deepEqual(
      await actionsAt(uri, summary, ['source.fixAll']).then((a) => a.filter((x) => x.kind?.startsWith('refactor'))),
      [],
    );
    assert.deepEqual(
      await actionsAt(uri, summary, ['quickfix']).then((a) => a.filter((x) => x.kind?.startsWith('refactor'))),
      [],
    );
    const version = await client.applyWorkspaceEdit(example[0].edit!);
    await client.waitForDiagnostics(uri, { version });
    assert.ok(client.text(uri).includes('Finance admins can download the invoices they see on the **Invoices**'));
    await client.close(uri);
  });

  it('rejects nothing for unmatched documents: no actions at all', async () => {
    const uri = await client.open(path.join(root, 'README.md'), '# Readme\n\nTODO\n');
    await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(await actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }), []);
    await client.close(uri);
  });

  it('completes missing headings in schema order after "##" at a line start', async () => {
    const uri = await openSpec(SPEC_MISSING + '\n##\n');
    const line = SPEC_MISSING.split('\n').length; // the "##" line
    assert.equal(client.text(uri).split('\n')[line], '##');
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line, character: 2 },
    })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    const top = labels.filter((l) => /^## /.test(l));
    assert.deepEqual(top.slice(0, 4), [
      '## System context',
      '## Scope',
      '## Technical specifics',
      '## Acceptance criteria',
    ]);
    assert.ok(!labels.includes('## Summary'), 'present sections are not offered');
    const sorted = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    assert.deepEqual(sorted, labels);
    const scope = list.items.find((i) => i.label === '## Scope')!;
    assert.equal(scope.insertTextFormat, InsertTextFormat.Snippet);
    const edit = scope.textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line, character: 0 }, end: { line, character: 2 } });
    assert.match(edit.newText, /^## Scope\n\n/);
    assert.match(edit.newText, /### In scope/);
    assert.equal((scope.documentation as MarkupContent).kind, 'markdown');
    await client.close(uri);
  });

  it('completes front matter enum values', async () => {
    const text = SPEC_MISSING.replace('title: Export invoices\n', 'title: Export invoices\nstatus: \n');
    const uri = await openSpec(text);
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 8 },
    })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label).slice(0, 2), ['draft', 'review']);
    await client.close(uri);
  });

  it('shows the section guidance on hover over a heading', async () => {
    const uri = await openSpec();
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 7, character: 4 },
    });
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /\*\*Summary\*\* — required section of Spec/);
    assert.match(value, /two or three sentences/);
    assert.deepEqual(hover!.range!.start, { line: 7, character: 0 });
    const none = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 9, character: 4 },
    });
    assert.equal(none, null);
    await client.close(uri);
  });

  it('lists document symbols for the real headings only (no "Missing" entries)', async () => {
    const uri = await openSpec();
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'Export invoices');
    assert.deepEqual(
      symbols[0].children!.map((s) => s.name),
      ['Summary'],
    );
    await client.close(uri);
  });

  it('declares no document symbol provider to a client that has an outline already (documentSymbols: false, as VS Code sends)', async () => {
    const other = await TestClient.start({ root, initializationOptions: { documentSymbols: false } });
    try {
      assert.equal(other.initializeResult?.capabilities.documentSymbolProvider, undefined);
    } finally {
      await other.stop();
    }
    assert.ok(client.initializeResult?.capabilities.documentSymbolProvider, 'declared by default');
  });

  it('shows the checklist summary as a code lens on the title that focuses the checklist', async () => {
    const uri = await openSpec();
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(lenses?.length, 1);
    assert.equal(lenses![0].range.start.line, 5);
    const checklist = await client.connection.sendRequest(ChecklistRequest.type, { uri });
    assert.equal(lenses![0].command!.title, checklist!.summaryLine);
    assert.match(lenses![0].command!.title, /^Spec · 1\/\d+ sections/);
    assert.equal(lenses![0].command!.command, 'specHandoff.focusChecklist');
    await client.close(uri);
  });
});
