/**
 * Editors other than VS Code: the server honours what the client declares in
 * `initialize` (issue 22). Each suite starts the bundled server over stdio
 * with the capabilities of a smaller client: no snippets (Eglot without
 * yasnippet), no CodeAction literals (older clients: Commands instead), no
 * `workspace/configuration` (settings pushed with initialize or
 * didChangeConfiguration, as the Neovim 0.8–0.10 snippet in the README does),
 * and no opt-in to the server's own `specHandoff/*` notifications (lsp-mode
 * warns about each unknown notification).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  InsertTextFormat,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type CompletionList,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { DocumentsRequest, ServerCommands, type ApplyEditCommandArguments } from '../../server/src/protocol';
import { TestClient, VSCODE_LIKE_CAPABILITIES, serverForSuite, sleep, tempWorkspace } from './client';
import { SPEC_MISSING } from './fixtures';

/** A note kind whose Details guidance (inserted as an HTML comment in the skeleton) has every character snippet syntax escapes: `$`, `}` and `\`. */
const NOTE_SCHEMA = `id: note
title: Note
match:
  globs: ["notes/**/*.md"]
sections:
  - id: purpose
    title: Purpose
    template: |
      Why this note exists.
  - id: details
    title: Details
    guidance: |
      It costs $5 a {month}; the log is in C:\\logs\\x.txt and \${HOME}/x.
`;
const NOTE_CONFIG = 'schemas:\n  - schemas/note.yaml\n';
const NOTE = '# Why X\n\n## Purpose\n\nWe chose X because it is cheaper to run than Y for our load.\n\n';
/** What inserting Details writes (YAML unescaped): the skeleton — its guidance as a comment, then the placeholder. */
const DETAILS_TEMPLATE = '<!-- It costs $5 a {month}; the log is in C:\\logs\\x.txt and ${HOME}/x. -->\n\nTODO';

const NOTE_FILES = { 'schemas/note.yaml': NOTE_SCHEMA, '.spec-handoff.yaml': NOTE_CONFIG };

/** VS Code-like capabilities with `change` applied to a deep copy. */
function capabilities(change: (c: ClientCapabilities) => void): ClientCapabilities {
  const c = structuredClone(VSCODE_LIKE_CAPABILITIES);
  change(c);
  return c;
}

const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

describe('lsp: a client without snippet support', function () {
  this.timeout(30_000);
  const suite = serverForSuite(
    { capabilities: capabilities((c) => (c.textDocument!.completion!.completionItem!.snippetSupport = false)) },
    NOTE_FILES,
  );

  it('gets section completions as plain, unescaped text without $0, and accepting one leaves exactly the template', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'notes/why-x.md'), NOTE + '## ');
    await client.waitForDiagnostics(uri, { version: 1 });
    const line = NOTE.split('\n').length - 1;
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line, character: 3 },
    })) as CompletionList;
    assert.ok(list.items.length > 0, 'some completion');
    for (const item of list.items) {
      assert.equal(item.insertTextFormat, InsertTextFormat.PlainText, `${item.label} is plain text`);
      const newText = (item.textEdit as { newText: string }).newText;
      assert.ok(!newText.includes('$0'), `${item.label}: ${JSON.stringify(newText)}`);
    }
    const details = list.items.find((i) => i.label === '## Details');
    assert.ok(details, list.items.map((i) => i.label).join(', '));
    const edit = details.textEdit as { range: Range; newText: string };
    assert.equal(edit.newText, `## Details\n\n${DETAILS_TEMPLATE}`);
    await client.applyTextEdits(uri, [edit]);
    assert.equal(client.text(uri), `${NOTE}## Details\n\n${DETAILS_TEMPLATE}`);
    await client.close(uri);
  });

  it('gets front matter keys as plain text: no choice syntax, one value written when there is only one', async () => {
    const { client, root } = suite;
    const text = SPEC_MISSING.replace('title: Export invoices\n', 'title: Export invoices\n\n');
    const uri = await client.open(path.join(root, 'export.md'), text);
    await client.waitForDiagnostics(uri, { version: 1 });
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 0 },
    })) as CompletionList;
    const byLabel = new Map(list.items.map((i) => [i.label, i]));
    assert.ok(byLabel.has('status'), [...byLabel.keys()].join(', '));
    for (const item of list.items) {
      assert.equal(item.insertTextFormat, InsertTextFormat.PlainText, item.label);
      assert.doesNotMatch((item.textEdit as { newText: string }).newText, /\$\{|\$0|\\/, item.label);
    }
    // `status` has five values: the key alone, the value completion after ":" offers them.
    assert.equal((byLabel.get('status')!.textEdit as { newText: string }).newText, 'status: ');
    await client.close(uri);
  });
});

describe('lsp: a client with snippet support (VS Code) still gets snippets', function () {
  this.timeout(30_000);
  const suite = serverForSuite({}, NOTE_FILES);

  it('escapes $, } and \\ and ends with $0', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'notes/why-x.md'), NOTE + '## ');
    await client.waitForDiagnostics(uri, { version: 1 });
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: NOTE.split('\n').length - 1, character: 3 },
    })) as CompletionList;
    const details = list.items.find((i) => i.label === '## Details')!;
    assert.equal(details.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(
      (details.textEdit as { newText: string }).newText,
      `## Details\n\n${DETAILS_TEMPLATE.replace(/[\\$}]/g, (c) => '\\' + c)}$0`,
    );
  });
});

describe('lsp: a client without CodeAction literal support', function () {
  this.timeout(30_000);
  const suite = serverForSuite({ capabilities: capabilities((c) => delete c.textDocument!.codeAction) }, NOTE_FILES);

  it('is told codeActionProvider: true (no CodeActionOptions) and the command the server executes', () => {
    const { client } = suite;
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.codeActionProvider, true);
    assert.deepEqual(caps.executeCommandProvider?.commands, [ServerCommands.applyEdit]);
  });

  it('gets Commands, and executing one makes the server apply the edit through workspace/applyEdit', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'notes/why-x.md'), NOTE);
    const before = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(
      before.filter((d) => d.code === 'SH001').map((d) => (d.data as { sectionId: string }).sectionId),
      ['details'],
    );
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: WHOLE,
      context: { diagnostics: [] },
    })) as (Command | CodeAction)[];
    assert.ok(actions.length > 0);
    for (const a of actions) {
      assert.equal(typeof a.command, 'string', `a Command, not a CodeAction literal: ${JSON.stringify(a)}`);
      assert.ok(!('edit' in a) && !('kind' in a), JSON.stringify(a));
    }
    const insert = actions.find((a) => a.title === 'Insert section "Details"') as Command | undefined;
    assert.ok(insert, actions.map((a) => a.title).join(', '));
    assert.equal(insert.command, ServerCommands.applyEdit);
    await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: insert.command,
      arguments: insert.arguments,
    });
    assert.equal(client.appliedEdits.length, 1);
    assert.equal(client.appliedEdits[0].label, 'Insert section "Details"');
    assert.match(client.text(uri), /\n## Details\n\n<!-- It costs \$5 a \{month\}/);
    const after = await client.waitForDiagnostics(uri, { version: 2 });
    assert.deepEqual(
      after.filter((d) => d.code === 'SH001'),
      [],
    );
    await client.close(uri);
  });

  it('answers an unknown command or malformed arguments with an error, not a crash', async () => {
    const { client } = suite;
    await assert.rejects(
      client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'spec-handoff.nope', arguments: [] }),
      /Unknown command/,
    );
    await assert.rejects(
      client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: ServerCommands.applyEdit,
        arguments: [{ label: 'x' } as Partial<ApplyEditCommandArguments>],
      }),
      /needs/,
    );
    assert.equal(client.serverStderr, '');
  });
});

describe('lsp: a client that can neither take CodeAction literals nor apply edits', function () {
  this.timeout(30_000);
  const suite = serverForSuite({
    capabilities: capabilities((c) => {
      delete c.textDocument!.codeAction;
      delete c.workspace!.applyEdit;
    }),
  });

  it('gets no code actions (a Command it could not run would do nothing) and no executeCommandProvider', async () => {
    const { client, root } = suite;
    assert.equal(client.initializeResult.capabilities.executeCommandProvider, undefined);
    const uri = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
    assert.ok((await client.waitForDiagnostics(uri, { version: 1 })).some((d) => d.code === 'SH001'));
    assert.deepEqual(
      await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: WHOLE,
        context: { diagnostics: [] },
      }),
      [],
    );
  });
});

describe('lsp: code actions when one section is missing', function () {
  this.timeout(30_000);
  const suite = serverForSuite({}, NOTE_FILES);

  it('offers "Insert section" alone, not "Insert all 1 missing section" beside it', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'notes/why-x.md'), NOTE);
    const diagnostics = await client.waitForDiagnostics(uri, { version: 1 });
    const missing = diagnostics.find((d) => d.code === 'SH001');
    assert.ok(missing);
    for (const range of [missing.range, WHOLE]) {
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics: [] },
      })) as CodeAction[];
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Insert section "Details"'), titles.join(', '));
      assert.deepEqual(
        titles.filter((t) => /^Insert all/.test(t)),
        [],
        titles.join(', '),
      );
    }
    // Asked for by kind (the "Source Action…" menu), it is still there.
    const source = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: missing.range,
      context: { diagnostics: [], only: ['source.insertMissingSections'] },
    })) as CodeAction[];
    assert.deepEqual(
      source.map((a) => a.title),
      ['Insert all 1 missing section'],
    );
    await client.close(uri);
  });
});

describe('lsp: a client without the configuration capability', function () {
  this.timeout(30_000);
  const suite = serverForSuite(
    {
      capabilities: capabilities((c) => {
        delete c.workspace!.configuration;
        delete c.workspace!.didChangeConfiguration;
      }),
      initializationOptions: { settings: { rules: { SH001: 'off' } } },
    },
    {},
  );

  it('takes settings from initializationOptions and from didChangeConfiguration, and never asks with workspace/configuration', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'export.md'), `${SPEC_MISSING}\nTBD: the file name.\n`);
    const first = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(
      first.some((d) => d.code === 'SH007'),
      `the spec is checked (placeholder): ${first.map((d) => d.code).join(', ')}`,
    );
    assert.ok(!first.some((d) => d.code === 'SH001'), 'SH001 is off in the initialization settings');
    // What the README's Neovim 0.8–0.10 snippet sends from on_init.
    const since = client.mark();
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { specHandoff: { rules: { SH001: 'hint' } } },
    });
    const second = await client.waitForDiagnostics(uri, { version: 1, since });
    assert.ok(
      second.some((d) => d.code === 'SH001' && d.severity === 4),
      'SH001 is a hint now',
    );
    // Nothing in the settings: back to the defaults (warnings).
    const since2 = client.mark();
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { specHandoff: {} },
    });
    const third = await client.waitForDiagnostics(uri, { version: 1, since: since2 });
    assert.ok(third.some((d) => d.code === 'SH001' && d.severity !== 4));
    assert.equal(client.configurationRequests, 0);
    assert.ok(
      !client.registrations.includes('workspace/didChangeConfiguration'),
      'no dynamic registration it did not declare',
    );
    assert.equal(client.serverStderr, '');
  });
});

describe("lsp: settings under initializationOptions.specHandoff (Helix's and Zed's one config object)", function () {
  this.timeout(30_000);
  const suite = serverForSuite({
    capabilities: capabilities((c) => delete c.workspace!.configuration),
    initializationOptions: { specHandoff: { rules: { SH001: 'off' } } },
  });

  it('are the first settings', async () => {
    const { client, root } = suite;
    const uri = await client.open(path.join(root, 'export.md'), `${SPEC_MISSING}\nTBD: the file name.\n`);
    const first = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(
      first.some((d) => d.code === 'SH007'),
      first.map((d) => d.code).join(', '),
    );
    assert.ok(!first.some((d) => d.code === 'SH001'), 'SH001 is off');
  });
});

describe('lsp: custom notifications are opt-in', function () {
  this.timeout(30_000);

  /** Opens a spec, waits for its diagnostics and for the workspace index, then a little longer: what did the client get? */
  async function notificationsSeen(initializationOptions: unknown): Promise<string[]> {
    const root = tempWorkspace({ 'other.md': SPEC_MISSING });
    const client = await TestClient.start({ root, initializationOptions });
    try {
      const uri = await client.open(path.join(root, 'export.md'), SPEC_MISSING);
      await client.waitForDiagnostics(uri, { version: 1 });
      await client.close(uri);
      for (;;) {
        if ((await client.connection.sendRequest(DocumentsRequest.type)).complete) break;
        await sleep(50);
      }
      await sleep(500); // documentsChanged is debounced (150 ms): give it time to show up if it were sent
      await client.connection.sendRequest(DocumentsRequest.type);
      return [...new Set(client.customNotifications)].sort();
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  it('sends no specHandoff/* notification to a client that did not ask (lsp-mode, Eglot, Neovim)', async () => {
    assert.deepEqual(await notificationsSeen({}), []);
    assert.deepEqual(await notificationsSeen(null), []);
    assert.deepEqual(await notificationsSeen({ customNotifications: 'yes' }), []);
  });

  it('sends all of them for customNotifications: true, and only the listed ones for a list', async () => {
    assert.deepEqual(await notificationsSeen({ customNotifications: true }), [
      'specHandoff/checklistChanged',
      'specHandoff/documentsChanged',
    ]);
    assert.deepEqual(
      await notificationsSeen({ customNotifications: ['specHandoff/checklistChanged', 'specHandoff/unknown'] }),
      ['specHandoff/checklistChanged'],
    );
  });
});
