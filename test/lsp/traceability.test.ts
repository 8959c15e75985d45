/**
 * Spec ↔ handoff traceability through the real server over stdio: the
 * workspace index (Documents, workspace symbols) and what it skips,
 * definitions and references between a handoff's criterion IDs and its spec,
 * cross-file diagnostics that follow the spec (typed in, or changed on disk),
 * and handoff generation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  DefinitionRequest,
  ReferencesRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type Location,
  type SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import {
  DocumentsRequest,
  GenerateHandoffRequest,
  InsertMissingSectionRequest,
  type DocumentsResult,
} from '../../server/src/protocol';
import { TestClient, messageText, repoRoot, tempWorkspace, uriOf, writeFile } from './client';
import { criteriaProblems } from '../support/honest';

const SPEC = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'trace', 'export.spec.md'), 'utf8');
/** Accounts for AC-1…AC-3 and both out-of-scope items: no trace findings while the spec is unchanged. */
const HANDOFF = fs
  .readFileSync(path.join(repoRoot, 'test', 'fixtures', 'trace', 'complete.handoff.md'), 'utf8')
  .replace('spec: export.spec.md', 'spec: ../specs/export.spec.md');
const AC4 = '- [ ] AC-4: Exports of 25,000 invoices finish within 5 minutes at p95.';

const lineOf = (text: string, needle: string): number => {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `no line with ${needle}`);
  return line;
};

/** The spec text with AC-4 after AC-3. */
const withAc4 = (text: string): string => text.replace(/^(- \[ \] AC-3:.*)$/m, `$1\n${AC4}`);

async function waitForIndex(
  client: TestClient,
  check: (r: DocumentsResult) => boolean = () => true,
  what = 'the workspace index',
): Promise<DocumentsResult> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const result = await client.connection.sendRequest(DocumentsRequest.type);
    if (result.complete && check(result)) return result;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(result.groups.map((g) => [g.document.path, g.linked.map((l) => l.path)]))}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

const paths = (r: DocumentsResult): string[] =>
  r.groups.flatMap((g) => [g.document.path, ...g.linked.map((l) => l.path)]).sort();

describe('lsp: traceability and the workspace index', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient;
  let specPath: string;
  let handoffPath: string;

  before(async () => {
    root = tempWorkspace({
      '.spec-handoff.yaml': 'exclude:\n  - "drafts/**"\n',
      'specs/export.spec.md': SPEC,
      'handoffs/export.handoff.md': HANDOFF,
      'specs/other.spec.md': SPEC.replace('title: Export invoices as CSV', 'title: Import payments'),
      'README.md': '# Project\n\nNot a spec.\n',
      'node_modules/pkg/vendored.spec.md': SPEC,
      'drafts/draft.spec.md': SPEC,
      'archive/old.spec.md': SPEC,
      'big.spec.md': `---\ntype: spec\ntitle: Big\n---\n\n# Big\n\n${'word '.repeat(1_100_000)}\n`,
    });
    specPath = path.join(root, 'specs', 'export.spec.md');
    handoffPath = path.join(root, 'handoffs', 'export.handoff.md');
    // Loops: a folder linking to itself and one linking to the root. Neither may be walked.
    fs.symlinkSync(path.join(root, 'specs'), path.join(root, 'specs', 'loop'));
    fs.symlinkSync(root, path.join(root, 'loop'));
    client = await TestClient.start({ root, files: { exclude: { '**/archive': true, '**/.git': true } } });
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('declares definition, references and workspace symbol providers', () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.equal(caps.workspaceSymbolProvider, true);
  });

  it('indexes the workspace without following symlink loops, skipping node_modules, excluded folders and files over 5 MB', async () => {
    const result = await waitForIndex(client);
    assert.deepEqual(paths(result), ['handoffs/export.handoff.md', 'specs/export.spec.md', 'specs/other.spec.md']);
    assert.equal(result.truncated, false);
    // The notification and the documents request travel separately: the request may be answered first.
    await client.waitFor('specHandoff/documentsChanged after the scan', () =>
      client.documentsChanges.some((c) => c.complete) ? true : undefined,
    );
  });

  it('specHandoff/documents groups each spec with its handoff(s), with kind, title, summary and readiness', async () => {
    const result = await waitForIndex(client);
    const exportGroup = result.groups.find((g) => g.document.path === 'specs/export.spec.md');
    assert.ok(exportGroup);
    assert.equal(exportGroup.document.kind, 'spec');
    assert.equal(exportGroup.document.title, 'Export invoices as CSV');
    assert.equal(exportGroup.document.uri, uriOf(specPath));
    assert.equal(exportGroup.document.summary.criteriaTotal, 3);
    assert.equal(typeof exportGroup.document.readiness.ready, 'boolean');
    assert.match(exportGroup.document.summaryLine, /^Spec · \d+\/\d+ sections/);
    assert.equal(exportGroup.document.specUri, undefined);
    assert.deepEqual(
      exportGroup.linked.map((d) => [d.path, d.kind, d.specUri]),
      [['handoffs/export.handoff.md', 'handoff', uriOf(specPath)]],
    );
    assert.equal(exportGroup.linked[0].summary.criteriaChecked, 2);
    const other = result.groups.find((g) => g.document.path === 'specs/other.spec.md');
    assert.deepEqual(other?.linked, []);
    assert.equal(other?.document.title, 'Import payments');
    // A handoff is never a group of its own while its spec is indexed.
    assert.ok(!result.groups.some((g) => g.document.kind === 'handoff'));
  });

  it("workspace symbols: specs, handoffs and the specs' criteria by ID", async () => {
    await waitForIndex(client);
    const all = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: '',
    })) as SymbolInformation[];
    const names = all.map((s) => s.name);
    assert.ok(names.includes('Export invoices as CSV') && names.includes('Import payments'));
    assert.ok(
      all.some((s) => s.location.uri === uriOf(handoffPath) && /Handoff/.test(s.containerName ?? '')),
      'the handoff',
    );
    assert.ok(
      !all.some(
        (s) =>
          s.location.uri.includes('node_modules') ||
          s.location.uri.includes('drafts') ||
          s.location.uri.includes('archive'),
      ),
    );

    const ac2 = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'AC-2',
    })) as SymbolInformation[];
    const first = ac2[0];
    assert.match(first.name, /^AC-2: The CSV has a header row/);
    // Criteria are listed where they are defined (the specs), not where a handoff repeats them.
    assert.ok(
      ac2.every((s) => !s.location.uri.endsWith('.handoff.md')),
      JSON.stringify(ac2.map((s) => s.location.uri)),
    );
    const inExport = ac2.find((s) => s.location.uri === uriOf(specPath) && s.name.startsWith('AC-2'));
    assert.ok(inExport);
    assert.deepEqual(inExport.location.range, {
      start: { line: lineOf(SPEC, 'AC-2:'), character: 6 },
      end: { line: lineOf(SPEC, 'AC-2:'), character: 10 },
    });

    const byTitle = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'import pay',
    })) as SymbolInformation[];
    assert.equal(byTitle[0]?.name, 'Import payments');
  });

  it('definition: an AC ID in a handoff goes to the criterion in its spec; `spec:` goes to the spec file', async () => {
    const uri = await client.open(handoffPath, HANDOFF);
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(HANDOFF, '- [x] AC-2:');
    const character = HANDOFF.split('\n')[line].indexOf('AC-2') + 2;
    const result = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line, character },
    })) as Location[];
    assert.deepEqual(result, [
      {
        uri: uriOf(specPath),
        range: {
          start: { line: lineOf(SPEC, 'AC-2:'), character: 6 },
          end: { line: lineOf(SPEC, 'AC-2:'), character: 10 },
        },
      },
    ]);

    const specLine = lineOf(HANDOFF, 'spec: ');
    const toSpec = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: specLine, character: 10 },
    })) as Location[];
    assert.deepEqual(toSpec, [
      { uri: uriOf(specPath), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    ]);

    // Not on an ID: nothing.
    const none = await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: lineOf(HANDOFF, '# Handoff'), character: 3 },
    });
    assert.ok(none === null || (Array.isArray(none) && none.length === 0));
    await client.close(uri);
  });

  it('references: a criterion ID in the spec → every handoff line mentioning it, plus the declaration when asked', async () => {
    const uri = await client.open(specPath, SPEC);
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = lineOf(SPEC, 'AC-2:');
    const position = { line, character: 7 };
    const handoffLine = lineOf(HANDOFF, '- [x] AC-2:');
    const withDeclaration = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position,
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(withDeclaration, [
      { uri, range: { start: { line, character: 6 }, end: { line, character: 10 } } },
      {
        uri: uriOf(handoffPath),
        range: { start: { line: handoffLine, character: 6 }, end: { line: handoffLine, character: 10 } },
      },
    ]);
    const without = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position,
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(without, withDeclaration.slice(1));
    await client.close(uri);
  });

  it('cross-file diagnostics follow the open spec: adding AC-4 gives the unchanged handoff a SH025 for AC-4; closing the spec unsaved takes it back', async () => {
    const spec = writeFile(root, 'specs/live.spec.md', SPEC);
    const handoff = writeFile(
      root,
      'handoffs/live.handoff.md',
      HANDOFF.replace('../specs/export.spec.md', '../specs/live.spec.md'),
    );
    const handoffUri = await client.open(handoff, fs.readFileSync(handoff, 'utf8'));
    const before = await client.waitForDiagnostics(handoffUri, { version: 1 });
    assert.ok(!before.some((d) => d.code === 'SH025'), JSON.stringify(before.map((d) => messageText(d.message))));
    const specUri = await client.open(spec, SPEC);
    await client.waitForDiagnostics(specUri, { version: 1 });

    const mark = client.mark();
    const at = lineOf(SPEC, 'AC-3:') + 1;
    await client.change(specUri, [
      { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: `${AC4}\n` },
    ]);
    const hasAc4 = (since: number) => () =>
      client.published.find(
        (p) =>
          p.seq > since &&
          p.params.uri === handoffUri &&
          p.params.diagnostics.some((d) => d.code === 'SH025' && messageText(d.message).startsWith('AC-4 ')),
      )?.params;
    const published = await client.waitFor('SH025 for AC-4 on the handoff', hasAc4(mark));
    assert.equal(published.version, 1, 'the handoff itself did not change');
    assert.equal(client.docs.get(handoffUri)?.version, 1);

    // The spec is closed without saving: the disk (no AC-4) counts again.
    const mark2 = client.mark();
    await client.close(specUri);
    await client.waitFor('the handoff re-checked against the disk', () =>
      client.published.find(
        (p) => p.seq > mark2 && p.params.uri === handoffUri && !p.params.diagnostics.some((d) => d.code === 'SH025'),
      ),
    );
    await client.close(handoffUri);
  });

  it('cross-file diagnostics follow a spec changed on disk (didChangeWatchedFiles), when the spec is not open', async () => {
    const spec = writeFile(root, 'specs/disk.spec.md', SPEC);
    const handoff = writeFile(
      root,
      'handoffs/disk.handoff.md',
      HANDOFF.replace('../specs/export.spec.md', '../specs/disk.spec.md'),
    );
    const handoffUri = await client.open(handoff, fs.readFileSync(handoff, 'utf8'));
    const before = await client.waitForDiagnostics(handoffUri, { version: 1 });
    assert.ok(!before.some((d) => d.code === 'SH025'));

    fs.writeFileSync(spec, withAc4(SPEC));
    const mark = client.mark();
    await client.filesChanged([spec]);
    const published = await client.waitFor(
      'SH025 for AC-4 after the disk change',
      () =>
        client.published.find(
          (p) =>
            p.seq > mark &&
            p.params.uri === handoffUri &&
            p.params.diagnostics.some((d) => d.code === 'SH025' && messageText(d.message).startsWith('AC-4 ')),
        )?.params,
    );
    assert.equal(published.version, 1);
    await client.close(handoffUri);

    // The index follows too: the closed handoff now has 3 of 4 criteria accounted for… and still 2 ticked.
    const result = await waitForIndex(
      client,
      (r) => r.groups.some((g) => g.document.path === 'specs/disk.spec.md' && g.document.summary.criteriaTotal === 4),
      'the changed spec in the index',
    );
    const group = result.groups.find((g) => g.document.path === 'specs/disk.spec.md')!;
    assert.deepEqual(
      group.linked.map((d) => d.path),
      ['handoffs/disk.handoff.md'],
    );
  });

  it('the index follows files created and deleted on disk, and says so with specHandoff/documentsChanged', async () => {
    const changesBefore = client.documentsChanges.length;
    const file = writeFile(
      root,
      'specs/new.spec.md',
      SPEC.replace('title: Export invoices as CSV', 'title: Brand new'),
    );
    await client.filesChanged([file], 1 /* Created */);
    const result = await waitForIndex(client, (r) => paths(r).includes('specs/new.spec.md'), 'the new spec');
    assert.equal(result.groups.find((g) => g.document.path === 'specs/new.spec.md')?.document.title, 'Brand new');
    await client.waitFor('documentsChanged', () => (client.documentsChanges.length > changesBefore ? true : undefined));
    fs.rmSync(file);
    await client.filesChanged([file], 3 /* Deleted */);
    await waitForIndex(client, (r) => !paths(r).includes('specs/new.spec.md'), 'the deleted spec to leave the index');
    // Events for skipped places change nothing.
    const vendored = writeFile(root, 'node_modules/pkg/late.spec.md', SPEC);
    await client.filesChanged([vendored], 1);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!paths(await waitForIndex(client)).some((p) => p.includes('node_modules')));
  });

  it('specHandoff/generateHandoff returns the prefilled text and where it would go; it writes nothing', async () => {
    const specUri = uriOf(specPath);
    const next = await client.connection.sendRequest(GenerateHandoffRequest.type, { specUri });
    assert.ok(!('error' in next), JSON.stringify(next));
    assert.equal(next.suggestedUri, uriOf(path.join(root, 'specs', 'export.handoff.md')));
    assert.equal(next.link, 'export.spec.md');
    assert.match(next.text, /^---\ntype: handoff\ntitle: Export invoices as CSV\nspec: export\.spec\.md\n---\n/);
    assert.match(
      next.text,
      /## Acceptance criteria status\n\n<!--[\s\S]*?-->\n\n- \[ \] AC-1: .*\n {2}- Evidence: TODO\n- \[ \] AC-2: .*\n {2}- Evidence: TODO\n- \[ \] AC-3: /,
    );
    assert.deepEqual(criteriaProblems(next.text, SPEC, 3), []);
    assert.doesNotMatch(next.text, /\[[xX]\]/, 'nothing ticked');
    assert.match(next.text, /## Not addressed\n\n<!--[\s\S]*?-->\n\n- XLSX and PDF output formats\./);
    assert.ok(!fs.existsSync(path.join(root, 'specs', 'export.handoff.md')));

    const target = uriOf(path.join(root, 'handoffs', 'generated.handoff.md'));
    const elsewhere = await client.connection.sendRequest(GenerateHandoffRequest.type, { specUri, targetUri: target });
    assert.ok(!('error' in elsewhere));
    assert.equal(elsewhere.suggestedUri, target);
    assert.equal(elsewhere.link, '../specs/export.spec.md');
    assert.match(elsewhere.text, /^spec: \.\.\/specs\/export\.spec\.md$/m);
    assert.ok(!fs.existsSync(path.join(root, 'handoffs', 'generated.handoff.md')));

    // The open editor's unsaved text wins over the disk.
    const openUri = await client.open(specPath, withAc4(SPEC));
    await client.waitForDiagnostics(openUri, { version: 1 });
    const fromEditor = await client.connection.sendRequest(GenerateHandoffRequest.type, { specUri });
    assert.ok(!('error' in fromEditor));
    assert.ok(fromEditor.text.includes('- [ ] AC-4: Exports of 25,000 invoices'));
    await client.close(openUri);

    const notSpec = await client.connection.sendRequest(GenerateHandoffRequest.type, { specUri: uriOf(handoffPath) });
    assert.ok('error' in notSpec);
    assert.match(notSpec.error, /is a handoff, not a spec/);
    const missing = await client.connection.sendRequest(GenerateHandoffRequest.type, {
      specUri: uriOf(path.join(root, 'nope.spec.md')),
    });
    assert.ok('error' in missing && /Cannot read/.test(missing.error));
    const untitled = await client.connection.sendRequest(GenerateHandoffRequest.type, {
      specUri: 'untitled:Untitled-1',
    });
    assert.ok('error' in untitled && /Save the spec first/.test(untitled.error));
  });

  it("the sidebar's Insert on a handoff inserts the same text as the SH001 quick fix: the spec's criteria, prefilled (regression: it used the bare template)", async () => {
    const withoutCriteria = HANDOFF.replace(/## Acceptance criteria status\n\n(?:- .*\n)+\n/, '');
    assert.ok(!withoutCriteria.includes('## Acceptance criteria status'));
    const uri = await client.open(path.join(root, 'handoffs', 'partial.handoff.md'), withoutCriteria);
    const diagnostics = await client.waitForDiagnostics(uri, { version: 1 });
    const missing = diagnostics.find(
      (d) => d.code === 'SH001' && /Acceptance criteria status/.test(messageText(d.message)),
    );
    assert.ok(missing, JSON.stringify(diagnostics.map((d) => messageText(d.message))));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: missing.range,
      context: { diagnostics: [missing] },
    })) as CodeAction[];
    const quickFix = actions.find((a) => a.title === 'Insert section "Acceptance criteria status"');
    assert.ok(quickFix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const fromSidebar = await client.connection.sendRequest(InsertMissingSectionRequest.type, {
      uri,
      sectionId: 'acceptance-criteria-status',
    });
    assert.ok(fromSidebar);
    assert.deepEqual(fromSidebar, quickFix.edit);
    const inserted = JSON.stringify(fromSidebar);
    for (const id of ['AC-1', 'AC-2', 'AC-3'])
      assert.ok(inserted.includes(`- [ ] ${id}: `), `${id} prefilled from the spec: ${inserted}`);
    await client.close(uri);
  });

  it('specHandoff/generateHandoff refuses a target that a symlinked folder leads outside the workspace folder', async () => {
    const outside = fs.mkdtempSync(path.join(path.dirname(root), 'outside-'));
    try {
      fs.symlinkSync(outside, path.join(root, 'elsewhere'));
      const result = await client.connection.sendRequest(GenerateHandoffRequest.type, {
        specUri: uriOf(specPath),
        targetUri: uriOf(path.join(root, 'elsewhere', 'export.handoff.md')),
        folderUri: uriOf(root),
      });
      assert.ok('error' in result && result.outside === true, JSON.stringify(result));
      assert.deepEqual(fs.readdirSync(outside), []);
    } finally {
      fs.rmSync(path.join(root, 'elsewhere'), { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
