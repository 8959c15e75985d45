/**
 * The second reliability round (issue 23) in the language server: one size
 * cap before reading in specHandoff/validateWorkspace, links that stay inside
 * the workspace folders (diagnostics, go-to-definition), and the "Rename to …"
 * quick fix that keeps numbering and comments on the heading line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  DefinitionRequest,
  type CodeAction,
  type Location,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentsRequest, ValidateWorkspaceRequest } from '../../server/src/protocol';
import { InProcessServer, tempFolder, writeFile } from '../support/in-process-server';
import { SPEC_MISSING } from './fixtures';

const SECRET =
  '---\ntype: spec\ntitle: Secret\n---\n\n# Secret\n\n## Acceptance criteria\n\n- [ ] AC-1: api key sk-live-XYZ-SECRET\n';

describe('lsp: reliability (issue 23)', function () {
  this.timeout(60_000);
  let server: InProcessServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('validateWorkspace skips a file over the size cap before reading it (a 600 MB file stalled and killed the server)', async () => {
    const root = tempFolder({ 'a.spec.md': SPEC_MISSING });
    const huge = path.join(root, 'huge.spec.md');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 600_000_000); // sparse: no disk space used
    const reads: string[] = [];
    const original = fs.promises.readFile;
    (fs.promises as { readFile: unknown }).readFile = (async (...args: Parameters<typeof original>) => {
      reads.push(String(args[0]));
      return original(...args);
    }) as typeof original;
    try {
      server = await InProcessServer.start({ root });
      const result = await server.connection.sendRequest(ValidateWorkspaceRequest.type, null);
      assert.equal(result.files, 1, 'only the small spec is checked');
      assert.ok(!reads.includes(huge), 'the huge file was never read');
      assert.ok(
        server.logs.some((l) => /huge\.spec\.md.*larger than 5 MB \(600\.0 MB\)/.test(l)),
        server.logs.join('\n'),
      );
    } finally {
      (fs.promises as { readFile: unknown }).readFile = original;
    }
  });

  it('a handoff whose spec: leads outside the workspace folder: a finding, nothing of the file in any diagnostic, no go-to-definition', async () => {
    const outer = tempFolder({ 'private/secret.spec.md': SECRET });
    const root = path.join(outer, 'ws');
    const handoff = writeFile(
      root,
      'h.handoff.md',
      '---\ntype: handoff\ntitle: H\nspec: ../private/secret.spec.md\n---\n\n# H\n\nSee [the spec](../private/secret.spec.md).\n\n## Acceptance criteria status\n\n- [x] AC-1: done.\n',
    );
    server = await InProcessServer.start({ root });
    const uri = await server.open(handoff, fs.readFileSync(handoff, 'utf8'));
    const ds = (await server.waitForDiagnostics(uri)).map((d) => ({
      ...d,
      message: typeof d.message === 'string' ? d.message : d.message.value,
    }));
    assert.ok(
      ds.some((d) => d.code === 'SH024' && /points outside the workspace/.test(d.message)),
      JSON.stringify(ds.map((d) => d.message)),
    );
    assert.ok(ds.some((d) => d.code === 'SH012' && /outside the workspace/.test(d.message)));
    assert.ok(!ds.some((d) => /SECRET|sk-live/.test(d.message)));
    const def = (await server.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 8 },
    })) as Location[] | null;
    assert.ok(def === null || def.length === 0, `go-to-definition opened ${JSON.stringify(def)}`);
  });

  it('"Rename to …" keeps the numbering and the comment on the heading line', async () => {
    const root = tempFolder();
    const text = SPEC_MISSING.replace('## Summary', '## 1. Sumary <!-- keep -->');
    const file = writeFile(root, 'r.spec.md', text);
    server = await InProcessServer.start({ root });
    const uri = await server.open(file, text);
    await server.waitForDiagnostics(uri);
    const line = text.split('\n').findIndex((l) => l.startsWith('## 1. Sumary'));
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line, character: 0 }, end: { line, character: 5 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const rename = actions.find((a) => /^Rename to "Summary"/.test(a.title));
    assert.ok(rename?.edit, actions.map((a) => a.title).join(', '));
    const edits: TextEdit[] = rename.edit.documentChanges
      ? rename.edit.documentChanges.flatMap((c) =>
          'edits' in c ? c.edits.filter((e): e is TextEdit => 'range' in e) : [],
        )
      : (rename.edit.changes?.[uri] ?? []);
    const after = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
    assert.equal(after.split('\n')[line], '## 1. Summary <!-- keep -->');
  });

  it('a file that is not UTF-8 (its editor text has U+FFFD) is offered no fixes: applying one and saving would re-encode it', async () => {
    const root = tempFolder();
    const bytes = Buffer.from(
      SPEC_MISSING.replace('## Summary', '## Summary\n\nR\xe9sum\xe9 of the caf\xe9.'),
      'latin1',
    );
    const file = path.join(root, 'l.spec.md');
    fs.writeFileSync(file, bytes);
    const good = writeFile(root, 'g.spec.md', SPEC_MISSING);
    server = await InProcessServer.start({ root });
    const actionsFor = async (f: string, text: string): Promise<CodeAction[]> => {
      const uri = await server!.open(f, text);
      await server!.waitForDiagnostics(uri);
      const end = text.split('\n').length;
      return (await server!.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: end, character: 0 } },
        context: { diagnostics: [] },
      })) as CodeAction[];
    };
    const lossy = bytes.toString('utf8');
    assert.ok(lossy.includes('\ufffd'));
    assert.deepEqual(
      (await actionsFor(file, lossy)).map((a) => a.title),
      [],
    );
    assert.ok((await actionsFor(good, SPEC_MISSING)).length > 0, 'a UTF-8 file with the same problems gets its fixes');
  });

  it('the workspace index does not read a symbolic link to a file outside the workspace folder', async () => {
    const outer = tempFolder({ 'private/secret.spec.md': SECRET, 'ws/docs/a.spec.md': SPEC_MISSING });
    const root = path.join(outer, 'ws');
    fs.symlinkSync(path.join(outer, 'private', 'secret.spec.md'), path.join(root, 'docs', 'out.spec.md'));
    fs.symlinkSync(path.join(root, 'docs', 'a.spec.md'), path.join(root, 'docs', 'in.spec.md'));
    server = await InProcessServer.start({ root });
    await server.waitFor('documentsChanged { complete: true }', () => server!.documentsChanges.find((c) => c.complete));
    const result = await server.connection.sendRequest(DocumentsRequest.type);
    const paths = result.groups
      .flatMap((g) => [g.document, ...g.linked])
      .map((d) => d.path)
      .sort();
    assert.deepEqual(paths, ['docs/a.spec.md', 'docs/in.spec.md']);
    assert.doesNotMatch(JSON.stringify(result), /Secret|SECRET/);
  });

  it('diagnostics of one document are bounded: per rule and per document, with a "N more" diagnostic', async () => {
    const root = tempFolder();
    const lines = Array.from({ length: 5000 }, (_, i) => `- TODO ${i}: make it fast and simple, TBD.`).join('\n');
    const text = `---\ntype: spec\ntitle: X\n---\n\n# X\n\n## Summary\n\n${lines}\n`;
    const file = writeFile(root, 'many.spec.md', text);
    server = await InProcessServer.start({ root });
    const uri = await server.open(file, text);
    const ds = await server.waitForDiagnostics(uri);
    assert.ok(ds.length <= 1001, `${ds.length} diagnostics`);
    assert.ok(
      ds.some((d) => d.code === 'SH007' && /^\d+ more SH007/.test(String(d.message))),
      'the placeholder rule says how many more',
    );
  });
});
