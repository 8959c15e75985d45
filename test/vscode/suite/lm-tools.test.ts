// The Language Model Tools inside a real VS Code, invoked as chat/agent mode
// would, through vscode.lm.invokeTool (outside a chat request, so with no
// invocation token): check, missing sections, insert (an undoable edit after
// the confirmation), generate a handoff (never overwriting) and list documents;
// paths outside the workspace and bad input are errors for the model.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceFolder } from './util';

const TOOLS = [
  'specHandoff_check_document',
  'specHandoff_list_missing_sections',
  'specHandoff_insert_missing_sections',
  'specHandoff_generate_handoff',
  'specHandoff_list_documents',
];

const SPEC = `---
type: spec
title: Language model tools
---

# Language model tools

## Summary

Finance admins download the filtered invoice list as one CSV file for month-end reconciliation.

## Acceptance criteria

- [ ] AC-1: Given a filtered list, when the admin exports, then the CSV has the same rows.
`;

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  assert.equal(result.content.length, 1, `${name}: one part`);
  const part = result.content[0];
  assert.ok(part instanceof vscode.LanguageModelTextPart, `${name}: a text part`);
  return part.value;
}

describe('language model tools (vscode.lm.invokeTool)', function () {
  this.timeout(120_000);
  let specUri: vscode.Uri;

  before(async () => {
    const extension = vscode.extensions.getExtension<{ ready: Promise<void> }>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    await api.ready;
    specUri = await write('specs/lm-tools.spec.md', SPEC);
    // The tools' `when` clause is the server running: they appear once it is.
    await waitFor(
      () => TOOLS.every((name) => vscode.lm.tools.some((t) => t.name === name)),
      `the tools in vscode.lm.tools (have: ${vscode.lm.tools.map((t) => t.name).join(', ')})`,
      { timeoutMs: 30_000 },
    );
  });

  it('lists the five tools with their input schemas', () => {
    for (const name of TOOLS) {
      const info = vscode.lm.tools.find((t) => t.name === name)!;
      assert.ok(info.description.length > 40, name);
      assert.equal((info.inputSchema as { type?: string } | undefined)?.type, 'object', name);
    }
  });

  it('checks a spec: not ready, the missing sections as SH001 findings', async () => {
    const text = await invoke('specHandoff_check_document', { path: 'specs/lm-tools.spec.md' });
    assert.match(text, /^specs\/lm-tools\.spec\.md: spec, NOT ready for pickup \(\d\/\d readiness checks pass\)\./);
    assert.match(text, /\n\d+:1 error SH001 Missing required section "System context"\./);
  });

  it('lists the missing sections with their ids and guidance', async () => {
    const text = await invoke('specHandoff_list_missing_sections', { path: 'specs/lm-tools.spec.md' });
    assert.match(text, /Required:\n- System context \(id: system-context\)\n {2}Guidance: \S/);
  });

  it('inserts a missing section as one undoable edit, adding text only', async () => {
    const text = await invoke('specHandoff_insert_missing_sections', {
      path: 'specs/lm-tools.spec.md',
      sections: ['system-context'],
    });
    assert.match(
      text,
      /^Inserted 1 section into specs\/lm-tools\.spec\.md: System context\. No existing text was changed/,
    );
    const document = await vscode.workspace.openTextDocument(specUri);
    assert.match(document.getText(), /\n## System context\n/);
    assert.ok(document.isDirty, "the edit is in the editor, not saved behind the user's back");
    assert.equal(await read(specUri), SPEC, 'the file on disk is untouched until saved');
    // The check now sees the editor's text.
    const check = await invoke('specHandoff_check_document', { path: 'specs/lm-tools.spec.md' });
    assert.doesNotMatch(check, /Missing required section "System context"/);
    // Undo takes it back.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === SPEC, 'undo to restore the original text');
  });

  it('generates a handoff from the spec and never overwrites it', async () => {
    const text = await invoke('specHandoff_generate_handoff', {
      spec: 'specs/lm-tools.spec.md',
      output: 'handoffs/lm-tools.handoff.md',
    });
    assert.match(
      text,
      /^Wrote handoffs\/lm-tools\.handoff\.md: a handoff generated from specs\/lm-tools\.spec\.md \(its "spec:" link is \.\.\/specs\/lm-tools\.spec\.md\)\./,
    );
    const target = vscode.Uri.joinPath(workspaceFolder().uri, 'handoffs', 'lm-tools.handoff.md');
    const written = await read(target);
    assert.match(written, /^spec: \.\.\/specs\/lm-tools\.spec\.md$/m);
    assert.match(written, /- \[ \] AC-1: Given a filtered list/);
    await assert.rejects(
      invoke('specHandoff_generate_handoff', {
        spec: 'specs/lm-tools.spec.md',
        output: 'handoffs/lm-tools.handoff.md',
      }),
      /already exists; it was not overwritten/,
    );
    assert.equal(await read(target), written);
    // Without "output": next to the spec.
    const beside = await invoke('specHandoff_generate_handoff', { spec: 'specs/lm-tools.spec.md' });
    assert.match(beside, /^Wrote specs\/lm-tools\.handoff\.md: .*\(its "spec:" link is lm-tools\.spec\.md\)/);
  });

  it('does not write a handoff through a symlinked folder leading out of the workspace', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-lm-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'away.spec.md'), SPEC);
      fs.symlinkSync(outside, path.join(workspaceFolder().uri.fsPath, 'linked'));
      await assert.rejects(invoke('specHandoff_generate_handoff', { spec: 'linked/away.spec.md' }), /outside/);
      assert.deepEqual(fs.readdirSync(outside), ['away.spec.md'], 'nothing written outside');
      await assert.rejects(
        invoke('specHandoff_check_document', { path: 'linked/away.spec.md' }),
        /outside the workspace folder/,
      );
    } finally {
      fs.rmSync(path.join(workspaceFolder().uri.fsPath, 'linked'), { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('lists the workspace documents with readiness', async () => {
    const text = await waitFor(async () => {
      const t = await invoke('specHandoff_list_documents', {});
      return t.includes('handoffs/lm-tools.handoff.md') ? t : undefined;
    }, 'the generated handoff in the list');
    assert.match(text, /^\d+ documents, \d+ ready for pickup:\n/);
    assert.match(text, /\n- specs\/lm-tools\.spec\.md: Spec · \d+\/\d+ sections/);
    assert.match(text, /\n- specs\/export-csv\.spec\.md: /);
    const specs = await invoke('specHandoff_list_documents', { folder: 'specs' });
    assert.doesNotMatch(specs, /handoffs\//);
  });

  it('refuses paths outside the workspace and bad input with an error for the model', async () => {
    await assert.rejects(
      invoke('specHandoff_check_document', { path: '../outside.spec.md' }),
      /outside the workspace folder/,
    );
    await assert.rejects(invoke('specHandoff_check_document', { path: '/etc/passwd' }), /outside the workspace folder/);
    await assert.rejects(
      invoke('specHandoff_generate_handoff', { spec: 'specs/lm-tools.spec.md', output: '../stolen.handoff.md' }),
      /outside the workspace folder|inside the spec's workspace folder/,
    );
    await assert.rejects(invoke('specHandoff_check_document', {}), /"path" must be a non-empty string/);
    await assert.rejects(
      invoke('specHandoff_insert_missing_sections', { path: 'specs/lm-tools.spec.md', sections: 'summary' }),
      /"sections" must be a list/,
    );
    await assert.rejects(
      invoke('specHandoff_check_document', { path: 'specs/no-such.spec.md' }),
      /Cannot read specs\/no-such\.spec\.md/,
    );
  });
});
