import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, DiagnosticSeverity, FileChangeType } from 'vscode-languageserver-protocol/node';
import { ListKindsRequest } from '../../server/src/protocol';
import { TestClient, tempWorkspace, uriOf, writeFile } from './client';
import { MISSING_IDS, NOTE_SCHEMA, SPEC_MISSING } from './fixtures';

describe('lsp: configuration and schema reload', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient;

  beforeEach(async () => {
    root = tempWorkspace();
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reloads .spec-handoff.yaml with a custom schema and association on didChangeWatchedFiles', async () => {
    client = await TestClient.start({ root });
    const noteText = '# Why X\n\n## Purpose\n\nWe chose X because it is cheaper to run than Y for our load.\n';
    const note = await client.open(path.join(root, 'notes/why-x.md'), noteText);
    assert.deepEqual(await client.waitForDiagnostics(note, { version: 1 }), [], 'no kind yet');

    writeFile(root, 'schemas/note.yaml', NOTE_SCHEMA);
    const config = writeFile(
      root,
      '.spec-handoff.yaml',
      'schemas:\n  - schemas/note.yaml\nassociations:\n  "notes/**/*.md": note\n',
    );
    const since = client.mark();
    await client.filesChanged([config], FileChangeType.Created);
    const ds = await client.waitForDiagnostics(note, { version: 1, since });
    assert.deepEqual(
      ds.filter((d) => d.code === 'SH001').map((d) => (d.data as { sectionId: string }).sectionId),
      ['details'],
    );
    const kinds = await client.connection.sendRequest(ListKindsRequest.type);
    const noteKind = kinds.find((k) => k.id === 'note');
    assert.equal(noteKind?.builtin, false);
    assert.equal(noteKind?.source, path.join(root, 'schemas/note.yaml'));

    // Editing the schema file itself reloads too: make Details optional.
    const schema = writeFile(
      root,
      'schemas/note.yaml',
      NOTE_SCHEMA.replace(
        '  - id: details\n    title: Details\n',
        '  - id: details\n    title: Details\n    required: false\n',
      ),
    );
    const since2 = client.mark();
    await client.filesChanged([schema]);
    assert.deepEqual(
      (await client.waitForDiagnostics(note, { version: 1, since: since2 })).filter((d) => d.code === 'SH001'),
      [],
    );
  });

  it("publishes a broken schema file's problem on that file and keeps checking with the built-ins", async () => {
    writeFile(
      root,
      'schemas/broken.yaml',
      'id: broken\ntitle: Broken\nsections:\n  - id: a\n    title: [not, a, string]\n',
    );
    writeFile(root, '.spec-handoff.yaml', 'schemas:\n  - schemas/broken.yaml\n');
    client = await TestClient.start({ root });
    const schemaUri = uriOf(path.join(root, 'schemas/broken.yaml'));
    const problems = await client.waitForDiagnostics(schemaUri, { version: null });
    assert.ok(problems.length >= 1);
    assert.equal(problems[0].severity, DiagnosticSeverity.Error);
    assert.equal(problems[0].range.start.line, 4, `the line of the bad title: ${JSON.stringify(problems)}`);

    // …and at its entry in the config file.
    const entry = await client.waitForDiagnostics(uriOf(path.join(root, '.spec-handoff.yaml')), { version: null });
    assert.deepEqual(
      entry.map((d) => [d.range.start.line, d.range.start.character, d.severity]),
      [[1, 4, DiagnosticSeverity.Error]],
    );
    assert.match(String(entry[0].message), /"schemas\/broken\.yaml" cannot be loaded: 1 problem/);

    const spec = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    const ds = await client.waitForDiagnostics(spec, { version: 1 });
    assert.equal(ds.filter((d) => d.code === 'SH001').length, MISSING_IDS.length, 'built-ins still work');

    // Fixing the file clears its diagnostics.
    const fixed = writeFile(
      root,
      'schemas/broken.yaml',
      'id: broken\ntitle: Broken\nsections:\n  - id: a\n    title: A\n',
    );
    const since = client.mark();
    await client.filesChanged([fixed]);
    assert.deepEqual(await client.waitForDiagnostics(schemaUri, { version: null, since }), []);
  });

  it("publishes an invalid config file's problems on the config file", async () => {
    writeFile(root, '.spec-handoff.yaml', 'rules:\n  SH001: loud\n');
    client = await TestClient.start({ root });
    const problems = await client.waitForDiagnostics(uriOf(path.join(root, '.spec-handoff.yaml')), { version: null });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].range.start.line, 1);
    const spec = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    assert.equal(
      (await client.waitForDiagnostics(spec, { version: 1 })).filter((d) => d.code === 'SH001').length,
      MISSING_IDS.length,
    );
  });

  it('specHandoff.run = onSave: typing does not re-check, saving does; back to onType without a reload', async () => {
    client = await TestClient.start({ root, settings: { run: 'onSave' } });
    const save = client.initializeResult.capabilities.textDocumentSync;
    assert.ok(typeof save === 'object' && save.save, 'textDocumentSync.save is declared');
    const spec = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    const opened = await client.waitForDiagnostics(spec, { version: 1 });
    assert.ok(
      opened.some((d) => d.code === 'SH001'),
      'an opened document is checked at once',
    );
    const since = client.mark();
    const v2 = await client.change(spec, [{ text: `${SPEC_MISSING}\n## Scope\n\nText.\n` }]);
    // Well past the typing debounce (150 ms): nothing may be published for the edit. (A slow machine can only make this pass, never fail.)
    await new Promise((r) => setTimeout(r, 600));
    assert.deepEqual(
      client.published.filter((p) => p.seq > since && p.params.uri === spec),
      [],
      'no check while typing',
    );
    await client.save(spec);
    const saved = await client.waitForDiagnostics(spec, { version: v2, since });
    assert.ok(
      !saved.some((d) => d.code === 'SH001' && (d.data as { sectionId: string }).sectionId === 'scope'),
      'checked on save',
    );
    const reloaded = client.mark();
    await client.changeSettings({ run: 'onType' });
    await client.waitForDiagnostics(spec, { version: v2, since: reloaded }); // the reload re-checks open documents
    const v3 = await client.change(spec, [{ text: SPEC_MISSING }]);
    const typed = await client.waitForDiagnostics(spec, { version: v3 });
    assert.ok(
      typed.some((d) => d.code === 'SH001' && (d.data as { sectionId: string }).sectionId === 'scope'),
      'on type again, without a save',
    );
  });

  it('specHandoff.codeLens.enabled = false: no code lens, back when enabled again', async () => {
    client = await TestClient.start({ root });
    const spec = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    await client.waitForDiagnostics(spec, { version: 1 });
    const lenses = () => client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: spec } });
    assert.equal((await lenses())?.length, 1);
    let since = client.mark();
    await client.changeSettings({ codeLens: { enabled: false } });
    await client.waitForDiagnostics(spec, { version: 1, since });
    assert.deepEqual(await lenses(), []);
    since = client.mark();
    await client.changeSettings({ codeLens: { enabled: true } });
    await client.waitForDiagnostics(spec, { version: 1, since });
    assert.equal((await lenses())?.length, 1);
  });

  it('a schema file listed in .spec-handoff.yaml that does not exist is an error on the config file, at its entry', async () => {
    writeFile(root, '.spec-handoff.yaml', 'rules:\n  SH014: warning\nschemas:\n  - tools/schemas/adr.yaml\n');
    client = await TestClient.start({ root });
    const problems = await client.waitForDiagnostics(uriOf(path.join(root, '.spec-handoff.yaml')), { version: null });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].severity, DiagnosticSeverity.Error);
    assert.deepEqual(problems[0].range.start, { line: 3, character: 4 });
    assert.match(
      String(problems[0].message),
      /"tools\/schemas\/adr\.yaml" listed under schemas: cannot be read: no such file/,
    );
    assert.doesNotMatch(String(problems[0].message), /ENOENT/);
  });

  it('applies settings from didChangeConfiguration: rules, associations and enable', async () => {
    client = await TestClient.start({ root });
    const spec = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    assert.ok((await client.waitForDiagnostics(spec, { version: 1 })).some((d) => d.code === 'SH001'));

    let since = client.mark();
    await client.changeSettings({ rules: { SH001: 'off' } });
    let ds = await client.waitForDiagnostics(spec, { version: 1, since });
    assert.deepEqual(
      ds.filter((d) => d.code === 'SH001'),
      [],
    );

    since = client.mark();
    await client.changeSettings({ rules: { 'missing-section': 'warning' } });
    ds = await client.waitForDiagnostics(spec, { version: 1, since });
    const missing = ds.filter((d) => d.code === 'SH001');
    assert.equal(missing.length, MISSING_IDS.length);
    assert.ok(missing.every((d) => d.severity === DiagnosticSeverity.Warning));

    // An association makes a plain file a handoff.
    const plain = await client.open(path.join(root, 'handoffs-elsewhere/plain.md'), '# Done\n\nSome text.\n');
    assert.deepEqual(await client.waitForDiagnostics(plain, { version: 1 }), []);
    since = client.mark();
    await client.changeSettings({ associations: { 'handoffs-elsewhere/*.md': 'handoff' } });
    assert.ok((await client.waitForDiagnostics(plain, { version: 1, since })).some((d) => d.code === 'SH001'));

    since = client.mark();
    await client.changeSettings({ enable: false });
    assert.deepEqual(await client.waitForDiagnostics(spec, { version: 1, since }), []);
    assert.ok(client.configurationRequests >= 4, 'settings are pulled with workspace/configuration');
  });

  it('uses the settings sent with initialize (as the VS Code client does) without asking for them first', async () => {
    client = await TestClient.start({
      root,
      settings: {},
      initializationOptions: { settings: { rules: { SH001: 'off' } } },
    });
    const spec = await client.open(path.join(root, 'export.spec.md'), `${SPEC_MISSING}\nTBD: the file name.\n`);
    const first = await client.waitForDiagnostics(spec, { version: 1 });
    assert.ok(
      first.some((d) => d.code === 'SH007'),
      `the spec is checked (placeholder): ${first.map((d) => d.code).join(', ')}`,
    );
    assert.ok(!first.some((d) => d.code === 'SH001'), 'SH001 is off in the initialization settings');
    assert.ok(
      !client.configurationSections.includes('specHandoff'),
      `asked for specHandoff settings before the first diagnostics: ${client.configurationSections.join(', ')}`,
    );
  });

  it('honours settings given at initialization and excluded files', async () => {
    writeFile(root, '.spec-handoff.yaml', 'exclude:\n  - "drafts/**"\n');
    client = await TestClient.start({ root, settings: { rules: { SH001: 'hint' } } });
    const spec = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    const ds = await client.waitForDiagnostics(spec, { version: 1 });
    assert.ok(ds.filter((d) => d.code === 'SH001').every((d) => d.severity === DiagnosticSeverity.Hint));
    const draft = await client.open(path.join(root, 'drafts/export.md'), SPEC_MISSING);
    assert.deepEqual(await client.waitForDiagnostics(draft, { version: 1 }), []);
  });
});
