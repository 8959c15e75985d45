import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ChecklistRequest,
  InsertAllMissingSectionsRequest,
  InsertMissingSectionRequest,
  KindForDocumentRequest,
  ListKindsRequest,
  NewDocumentRequest,
  ValidateWorkspaceRequest,
} from '../../server/src/protocol';
import { TestClient, tempWorkspace, uriOf, writeFile } from './client';
import { MISSING_IDS, README, SPEC_MISSING } from './fixtures';

describe('lsp: custom requests', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient;
  let uri: string;

  before(async () => {
    // On disk the file is an empty spec; the open editor text is what counts while it is open.
    root = tempWorkspace({ 'export.md': '---\ntype: spec\ntitle: X\n---\n' });
    client = await TestClient.start({ root });
    uri = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    await client.waitForDiagnostics(uri, { version: 1 });
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('specHandoff/checklist returns the checklist model, null for unmatched documents', async () => {
    const checklist = await client.connection.sendRequest(ChecklistRequest.type, { uri });
    assert.ok(checklist);
    assert.equal(checklist.kindId, 'spec');
    assert.deepEqual(
      checklist.sections.filter((s) => s.state === 'missing').map((s) => s.id),
      MISSING_IDS,
    );
    assert.equal(checklist.sections.find((s) => s.id === 'summary')?.state, 'present');
    assert.equal(checklist.summary.sectionsPresent, 1);
    assert.equal(checklist.summary.errors, MISSING_IDS.length);

    const readme = await client.open(path.join(root, 'README.md'), README);
    await client.waitForDiagnostics(readme, { version: 1 });
    assert.equal(await client.connection.sendRequest(ChecklistRequest.type, { uri: readme }), null);
    assert.equal(
      await client.connection.sendRequest(ChecklistRequest.type, { uri: uriOf(path.join(root, 'not-open.md')) }),
      null,
    );
    await client.close(readme);
  });

  it('specHandoff/insertMissingSection returns an edit inserting that one section; null once present', async () => {
    const edit = await client.connection.sendRequest(InsertMissingSectionRequest.type, {
      uri,
      sectionId: 'acceptance-criteria',
    });
    assert.ok(edit?.documentChanges?.length === 1);
    const version = await client.applyWorkspaceEdit(edit);
    assert.match(client.text(uri), /\n## Acceptance criteria\n/);
    const ds = await client.waitForDiagnostics(uri, { version });
    assert.ok(
      !ds.some((d) => d.code === 'SH001' && (d.data as { sectionId: string }).sectionId === 'acceptance-criteria'),
    );
    assert.equal(
      await client.connection.sendRequest(InsertMissingSectionRequest.type, { uri, sectionId: 'acceptance-criteria' }),
      null,
    );
    assert.equal(
      await client.connection.sendRequest(InsertMissingSectionRequest.type, { uri, sectionId: 'no-such-section' }),
      null,
    );
    const checklist = await client.connection.sendRequest(ChecklistRequest.type, { uri });
    assert.equal(checklist?.sections.find((s) => s.id === 'acceptance-criteria')?.state === 'missing', false);
  });

  it('specHandoff/insertAllMissingSections returns one edit for the rest', async () => {
    const edit = await client.connection.sendRequest(InsertAllMissingSectionsRequest.type, { uri });
    assert.ok(edit);
    const version = await client.applyWorkspaceEdit(edit);
    const ds = await client.waitForDiagnostics(uri, { version });
    assert.deepEqual(
      ds.filter((d) => d.code === 'SH001'),
      [],
    );
    assert.equal(await client.connection.sendRequest(InsertAllMissingSectionsRequest.type, { uri }), null);
  });

  it('specHandoff/listKinds lists the built-in kinds with their schema files', async () => {
    const kinds = await client.connection.sendRequest(ListKindsRequest.type);
    const spec = kinds.find((k) => k.id === 'spec');
    assert.ok(spec && kinds.some((k) => k.id === 'handoff'));
    assert.equal(spec.title, 'Spec');
    assert.equal(spec.builtin, true);
    assert.ok(spec.source.endsWith(path.join('schemas', 'spec.yaml')));
    assert.equal(spec.sourceUri, uriOf(spec.source));
    // Which kind is generated from which comes from the schemas' trace blocks, not from a name.
    assert.deepEqual(
      kinds.filter((k) => k.generatedFrom).map((k) => [k.id, k.generatedFrom]),
      [['handoff', 'spec']],
    );
    assert.equal(spec.generatedFrom, undefined);
  });

  it('specHandoff/newDocument returns a complete document and a file name; null for unknown kinds', async () => {
    const result = await client.connection.sendRequest(NewDocumentRequest.type, {
      kind: 'spec',
      title: 'Export invoices as CSV',
    });
    assert.ok(result);
    assert.equal(result.fileName, 'export-invoices-as-csv.spec.md');
    assert.match(result.text, /^---\ntype: spec\n/);
    assert.match(result.text, /\n# Export invoices as CSV\n/);
    assert.match(result.text, /\n## Acceptance criteria\n/);
    const crlf = await client.connection.sendRequest(NewDocumentRequest.type, {
      kind: 'handoff',
      title: 'X',
      eol: '\r\n',
    });
    assert.match(crlf!.text, /\r\n/);
    assert.doesNotMatch(crlf!.text.replace(/\r\n/g, ''), /\n/);
    assert.equal(await client.connection.sendRequest(NewDocumentRequest.type, { kind: 'nope', title: 'X' }), null);
  });

  it('specHandoff/kindForDocument names the kind and its schema file; null for a README', async () => {
    const kind = await client.connection.sendRequest(KindForDocumentRequest.type, { uri });
    assert.equal(kind?.kindId, 'spec');
    assert.ok(kind?.schemaSource.endsWith('spec.yaml'));
    assert.equal(kind?.schemaUri, uriOf(kind!.schemaSource));
    const readme = await client.open(path.join(root, 'README2.md'), README);
    assert.equal(await client.connection.sendRequest(KindForDocumentRequest.type, { uri: readme }), null);
    await client.close(readme);
  });

  it('specHandoff/validateWorkspace checks every matching markdown file, skipping node_modules, and publishes for each', async () => {
    const a = writeFile(root, 'specs/a.spec.md', SPEC_MISSING);
    const b = writeFile(root, 'docs/b.md', SPEC_MISSING.replace('## Summary', '## Scope'));
    writeFile(root, 'docs/readme.md', README);
    writeFile(root, 'node_modules/pkg/x.spec.md', SPEC_MISSING);
    writeFile(root, '.git/x.spec.md', SPEC_MISSING);
    const since = client.mark();
    const result = await client.connection.sendRequest(ValidateWorkspaceRequest.type, null);
    // export.md (open: its editor text, now with every section) + a + b.
    assert.equal(result.files, 3);
    const exportDs = client.published.filter((p) => p.seq > since && p.params.uri === uri);
    assert.ok(
      exportDs.length &&
        exportDs.every(
          (p) =>
            p.params.version === client.docs.get(uri)!.version && !p.params.diagnostics.some((d) => d.code === 'SH001'),
        ),
      'the open document is checked from the editor, not the disk',
    );
    assert.ok(result.errors >= 2 * MISSING_IDS.length - 1, `errors: ${result.errors}`);
    const da = await client.waitForDiagnostics(uriOf(a), { version: null, since });
    assert.equal(da.filter((d) => d.code === 'SH001').length, MISSING_IDS.length);
    await client.waitForDiagnostics(uriOf(b), { version: null, since });
    const published = client.published.filter((p) => p.seq > since).map((p) => p.params.uri);
    assert.ok(!published.some((u) => u.includes('node_modules') || u.includes('/.git/')));
    assert.ok(!published.includes(uriOf(path.join(root, 'docs/readme.md'))), 'unmatched files get nothing');
  });
});
