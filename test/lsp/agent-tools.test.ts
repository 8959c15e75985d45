/**
 * The agents' requests (what the VS Code Language Model Tools ask): the
 * same text as `spec-handoff mcp`, the open editor text first, an
 * insert-only edit for the client to apply, the workspace index as a list,
 * and documents reached through a symlink out of the folder refused.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AgentCheckRequest,
  AgentDocumentsRequest,
  AgentInsertSectionsRequest,
  AgentMissingSectionsRequest,
} from '../../server/src/protocol';
import { applyEdits } from '../../server/src/service';
import { isSubsequence } from '../support/service';
import { TestClient, tempWorkspace, uriOf } from './client';
import { MISSING_IDS, SPEC_MISSING } from './fixtures';

describe('lsp: agent tool requests', function () {
  this.timeout(60_000);
  let root: string;
  let outside: string;
  let client: TestClient;

  before(async () => {
    root = tempWorkspace({ 'docs/export.spec.md': SPEC_MISSING, 'docs/notes.md': '# Notes\n' });
    outside = tempWorkspace({ 'secret.spec.md': SPEC_MISSING });
    fs.symlinkSync(outside, path.join(root, 'linked'));
    client = await TestClient.start({ root });
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const params = (rel: string) => ({ uri: uriOf(path.join(root, rel)), shownPath: rel, folderUri: uriOf(root) });

  it('check and missing sections answer from the file on disk, then from the open text', async () => {
    const check = await client.connection.sendRequest(AgentCheckRequest.type, params('docs/export.spec.md'));
    assert.equal(check.isError, false, check.text);
    assert.match(check.text, /^docs\/export\.spec\.md: spec, NOT ready for pickup/);
    assert.equal((check.text.match(/ error SH001 /g) ?? []).length, MISSING_IDS.length);
    const missing = await client.connection.sendRequest(
      AgentMissingSectionsRequest.type,
      params('docs/export.spec.md'),
    );
    assert.match(missing.text, /Required:\n- System context \(id: system-context\)\n {2}Guidance: /);

    const uri = await client.open(path.join(root, 'docs/export.spec.md'), `${SPEC_MISSING}\n## Scope\n\nOnly this.\n`);
    await client.waitForDiagnostics(uri, { version: 1 });
    const open = await client.connection.sendRequest(AgentCheckRequest.type, params('docs/export.spec.md'));
    assert.doesNotMatch(open.text, /Missing required section "Scope"/, 'the editor text counts');
    await client.close(uri);
  });

  it('insert returns only inserts into the open text, with the document version, and the answer', async () => {
    const uri = await client.open(path.join(root, 'docs/export.spec.md'), SPEC_MISSING);
    await client.waitForDiagnostics(uri, { version: 1 });
    const result = await client.connection.sendRequest(AgentInsertSectionsRequest.type, {
      ...params('docs/export.spec.md'),
      sections: ['scope', 'system-context'],
    });
    assert.equal(result.isError, false, result.text);
    assert.match(result.text, /^Inserted 2 sections into docs\/export\.spec\.md: Scope, System context\./);
    const change = result.edit?.documentChanges?.[0] as {
      textDocument: { version: number | null };
      edits: { range: { start: unknown; end: unknown }; newText: string }[];
    };
    assert.equal(change.textDocument.version, 1);
    for (const e of change.edits) assert.deepEqual(e.range.start, e.range.end, 'an insert');
    const after = applyEdits(SPEC_MISSING, change.edits as never);
    assert.ok(isSubsequence(SPEC_MISSING, after));
    assert.match(after, /\n## System context\n[\s\S]*\n## Scope\n/);
    const none = await client.connection.sendRequest(AgentInsertSectionsRequest.type, {
      ...params('docs/export.spec.md'),
      sections: ['summary'],
    });
    assert.equal(none.isError, true);
    assert.equal(none.edit, null);
    assert.match(none.text, /"Summary" is already there/);
    await client.close(uri);
  });

  it('refuses a document reached through a symlink leading out of the folder; a non-document is said so', async () => {
    const linked = await client.connection.sendRequest(AgentCheckRequest.type, params('linked/secret.spec.md'));
    assert.equal(linked.isError, true);
    assert.match(linked.text, /outside the workspace folder/);
    const insert = await client.connection.sendRequest(
      AgentInsertSectionsRequest.type,
      params('linked/secret.spec.md'),
    );
    assert.equal(insert.isError, true);
    assert.equal(insert.edit, null);
    const notes = await client.connection.sendRequest(AgentCheckRequest.type, params('docs/notes.md'));
    assert.equal(notes.isError, false);
    assert.match(notes.text, /is not a spec, a handoff or another known kind/);
  });

  it('lists the indexed documents, or those under a folder', async () => {
    const all = await client.connection.sendRequest(AgentDocumentsRequest.type, {});
    assert.equal(all.isError, false);
    assert.match(all.text, /^1 document, 0 ready for pickup:\n- docs\/export\.spec\.md: Spec · /);
    const none = await client.connection.sendRequest(AgentDocumentsRequest.type, {
      folderUri: uriOf(path.join(root, 'other')),
      shownFolder: 'other',
    });
    assert.match(none.text, /^No specs or handoffs under other\./);
  });
});
