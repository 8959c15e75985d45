/**
 * The extension as a web extension (github.dev, vscode.dev): the browser
 * entry (dist/client-web.js) in VS Code's web worker extension host, its
 * language server in a web worker (dist/server-web.js), the workspace on a
 * `vscode-remote:` file system the extension reaches only through
 * `vscode.workspace.fs`. Run by test/web/run.mjs.
 */
import * as vscode from 'vscode';
import type { SpecHandoffApi } from '../../../client/src/extension';
import { equal, linesKept, ok } from './assert';

const EXTENSION_ID = 'spec-handoff.spec-handoff';

async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  description: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  ok(f, 'the runner opens a copy of examples/workspace');
  return f.uri;
}

const at = (relativePath: string): vscode.Uri => vscode.Uri.joinPath(folder(), relativePath);

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = at(relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'spec-handoff');

const codeOf = (d: vscode.Diagnostic): string =>
  typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');

/** Diagnostics of `uri` once one satisfies `match`. */
function diagnosticsWith(uri: vscode.Uri, match: (d: vscode.Diagnostic) => boolean, what: string) {
  return waitFor(() => {
    const all = ours(uri);
    return all.some(match) ? all : undefined;
  }, `${what} on ${uri.path}`);
}

const ANCHORS = `---
type: review
title: Anchors
reviewer: Sam
verdict: request-changes
---

# Anchors

## Summary

Request changes: three comments on the export code, two of them pointing at code that is not there.

## Comments

- blocking: [anchored.ts#L2](../src/anchored.ts#L2) loads every row.
- blocking: [missing.ts#L1](../src/missing.ts#L1) is not in the branch.
- blocking: [anchored.ts#L9](../src/anchored.ts#L9) is past the end of the file.
`;

const NEW_SPEC = `---
type: spec
title: Web new
---

# Web new

## Summary

Let reviewers check specs in the browser, where pull requests are reviewed.
`;

describe('web extension (web worker extension host)', () => {
  let api: SpecHandoffApi;
  let extension: vscode.Extension<SpecHandoffApi>;

  before(async () => {
    await open(at('specs/export-csv.spec.md'));
    const found = vscode.extensions.getExtension<SpecHandoffApi>(EXTENSION_ID);
    ok(found, `${EXTENSION_ID} is loaded`);
    extension = found;
    api = await extension.activate();
    await api.ready;
  });

  it('runs its browser entry in a web worker, on a workspace that is not file:', () => {
    equal(extension.extensionKind, vscode.ExtensionKind.UI, 'a web extension runs on the UI side');
    equal(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function', 'a worker has importScripts');
    equal(typeof (globalThis as { process?: unknown }).process, 'undefined', 'no Node process here');
    ok(folder().scheme !== 'file', `the workspace is on a virtual file system (${folder().scheme})`);
    equal(vscode.env.uiKind, vscode.UIKind.Web, 'the web workbench');
  });

  it('diagnostics: a spec missing sections is reported', async () => {
    const uri = await write('specs/web-new.spec.md', NEW_SPEC);
    await open(uri);
    const all = await diagnosticsWith(uri, (d) => codeOf(d) === 'SH001', 'SH001 missing-section');
    ok(
      all.some((d) => /Missing required section "Scope"/.test(d.message)),
      all.map((d) => d.message).join('\n'),
    );
  });

  it('quick fix: inserting a missing section only adds text, and its finding goes away', async () => {
    const uri = at('specs/web-new.spec.md');
    const editor = await open(uri);
    const problem = (await diagnosticsWith(uri, (d) => /"Scope"/.test(d.message), 'the Scope finding')).find((d) =>
      /"Scope"/.test(d.message),
    )!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      problem.range,
    );
    const fix = actions.find((a) => a.edit && /Scope/.test(a.title) && /Insert|Add/i.test(a.title));
    ok(fix?.edit, `a fix inserting "Scope" (offered: ${actions.map((a) => a.title).join(' | ')})`);
    const before = editor.document.getText();
    ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    const after = editor.document.getText();
    ok(/^## Scope$/m.test(after), 'the Scope heading is there');
    linesKept(before, after, 'the fix only inserts');
    await waitFor(() => !ours(uri).some((d) => /"Scope"/.test(d.message)), 'the Scope finding to go away');
  });

  it('completion: a heading being typed is offered the missing sections', async () => {
    const uri = at('specs/web-new.spec.md');
    const editor = await open(uri);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, '\n## '));
    const position = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const list = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        position,
      );
      const labels = l.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.some((t) => /Acceptance criteria/i.test(t)) ? labels : undefined;
    }, 'an "Acceptance criteria" completion');
    ok(!list.some((t) => /^Summary$/.test(t)), `a present section is not offered again (${list.join(', ')})`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("checklist: the sidebar's data for the active spec", async () => {
    const uri = at('specs/export-csv.spec.md');
    await open(uri);
    const checklist = await waitFor(async () => {
      await api.checklist.refresh();
      return api.checklist.currentUri() === uri.toString() ? api.checklist.current() : undefined;
    }, 'the checklist of export-csv.spec.md');
    equal(checklist.kindId, 'spec', 'kind');
    equal(checklist.criteria.length, 5, 'the spec has five acceptance criteria');
    ok(
      checklist.sections.some((s) => s.title === 'Summary' && s.state === 'present') &&
        checklist.sections.some((s) => s.title === 'Scope' && s.state === 'missing'),
      JSON.stringify(checklist.sections.map((s) => [s.title, s.state])),
    );
  });

  it("trace links: a handoff's spec is read through vscode.workspace.fs (never opened), a missing one is reported", async () => {
    const handoff = await write(
      'handoffs/web.handoff.md',
      '---\ntype: handoff\ntitle: Web handoff\nspec: ../specs/export-csv.spec.md\n---\n\n# Web handoff\n\n## Acceptance criteria status\n\n- [x] A report filtered to `region = EMEA` exports only EMEA rows.\n',
    );
    // The spec must not be open: its text comes from the file system.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open(handoff);
    const all = await diagnosticsWith(handoff, (d) => codeOf(d) === 'SH025', 'SH025 criterion-not-accounted');
    ok(
      all.some((d) => codeOf(d) === 'SH025' && /Zürich/.test(d.message)),
      `a criterion of the spec, read from it (${all.map((d) => d.message).join(' | ')})`,
    );
    ok(!all.some((d) => /EMEA/.test(d.message)), 'the listed criterion is accounted for');
    const broken = await write(
      'handoffs/broken.handoff.md',
      '---\ntype: handoff\ntitle: Broken\nspec: ../specs/missing.spec.md\n---\n\n# Broken\n',
    );
    await open(broken);
    await diagnosticsWith(
      broken,
      (d) => codeOf(d) === 'SH024' && /missing\.spec\.md/.test(d.message),
      'SH024 for the missing spec',
    );
  });

  it('workspace index: the Documents view lists documents never opened', async () => {
    const result = await waitFor(async () => {
      await api.documents.refresh();
      const r = api.documents.current();
      return r?.complete && r.groups.some((g) => g.document.path === 'specs/saved-filters.spec.md') ? r : undefined;
    }, 'specs/saved-filters.spec.md in the Documents view');
    const exportCsv = result.groups.find((g) => g.document.path === 'specs/export-csv.spec.md');
    ok(exportCsv, 'export-csv.spec.md is listed');
    ok(
      exportCsv.linked.some((d) => d.path === 'handoffs/web.handoff.md'),
      'the handoff linking to it is grouped under it',
    );
  });

  it('Check All Documents: every document of the workspace, diagnostics on the ones never opened', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; errors: number }>(
      'specHandoff.validateWorkspace',
    );
    ok(result.files >= 4, `files checked: ${JSON.stringify(result)}`);
    const closed = at('specs/saved-filters.spec.md');
    ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()),
      'saved-filters.spec.md is not open',
    );
    await diagnosticsWith(closed, () => true, 'diagnostics on a document that was never opened');
  });

  it('review comments on code and the Decisions view, from files created after the workspace was listed', async () => {
    const code = await write('src/anchored.ts', 'export function one() {}\nexport function two() {}\n');
    const review = await write(
      'reviews/anchored.review.md',
      '---\ntype: review\ntitle: Anchored review\nreviewer: Sam\nverdict: request-changes\n---\n\n# Anchored review\n\n## Summary\n\nRequest changes: the export query needs paging before it can run on large accounts.\n\n## Comments\n\n- blocking: [anchored.ts#L2](../src/anchored.ts#L2) loads every row, because paging is missing.\n',
    );
    const decision = await write(
      'decisions/cursor.decision.md',
      '---\ntype: decision\nstatus: accepted\ndate: 2024-04-02\n---\n\n# Page the export with a cursor\n\n## Decision outcome\n\nChosen option: cursor pagination in batches of 1,000 rows, because each query stays short.\n',
    );
    await vscode.commands.executeCommand('specHandoff.validateWorkspace');
    const found = await waitFor(async () => {
      await api.reviewComments.refresh();
      return api.reviewComments.threads().find((t) => t.anchor.reviewUri === review.toString());
    }, 'the review comment as a comment thread on the code');
    equal(found.thread.uri.toString(), code.toString(), 'the thread is on the code file');
    equal(found.thread.range?.start.line, 1, 'on line 2');
    await waitFor(async () => {
      await api.decisions.refresh();
      return api.decisions.shown().some((d) => d.uri === decision.toString() && d.status === 'accepted');
    }, 'the decision record in the Decisions view');
    // Anchors are checked against files read through the client: the real one passes, a missing one and a line past the end do not.
    await write('reviews/anchors.review.md', ANCHORS);
    let last = '';
    const answer = await waitFor(async () => {
      const result = await vscode.lm.invokeTool('specHandoff_check_document', {
        input: { path: 'reviews/anchors.review.md' },
        toolInvocationToken: undefined,
      });
      const text = (result.content[0] as vscode.LanguageModelTextPart).value;
      last = text;
      return /SH012 Link target "\.\.\/src\/missing\.ts" does not exist/.test(text) &&
        /SH030 Code anchor "\.\.\/src\/anchored\.ts" line 9 does not exist: the file has 2 lines/.test(text)
        ? text
        : undefined;
    }, 'SH012 for the missing file and SH030 for the missing line').catch((e: Error) => {
      throw new Error(`${e.message}; the check tool said:\n${last}`);
    });
    ok(!/^16:\d+ \w+ SH0(12|30) /m.test(answer), `nothing about the anchor that exists (line 16):\n${answer}`);
  });

  it('code lens: the summary on the title', async () => {
    const uri = at('specs/export-csv.spec.md');
    await open(uri);
    const titles = await waitFor(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const t = lenses.map((l) => l.command?.title ?? '');
      return t.some((x) => /sections/.test(x)) ? t : undefined;
    }, 'the summary code lens');
    ok(
      titles.some((t) => /^Spec · \d+\/\d+ sections/.test(t)),
      titles.join(' | '),
    );
  });

  it('hover: a heading shows its section guidance', async () => {
    const uri = at('specs/export-csv.spec.md');
    const editor = await open(uri);
    const line = editor.document.getText().split(/\r?\n/).indexOf('## Acceptance criteria');
    ok(line >= 0, 'the heading is there');
    const hovers = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(line, 5),
      );
      const text = h
        .flatMap((x) => x.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      return /criteri/i.test(text) && text.length > 40 ? text : undefined;
    }, 'a hover on the Acceptance criteria heading');
    ok(hovers.length > 40, hovers);
  });

  it('Generate Handoff writes the new file through vscode.workspace.fs', async () => {
    const target = at('handoffs/saved-filters.handoff.md');
    const written = await api.generateHandoff({ specUri: at('specs/saved-filters.spec.md'), targetUri: target });
    equal(written?.toString(), target.toString(), 'the handoff was written where asked');
    const text = await read(target);
    ok(/^spec: \.\.\/specs\/saved-filters\.spec\.md$/m.test(text), `links its spec:\n${text.slice(0, 300)}`);
    ok(/- \[ \]/.test(text), "the spec's criteria are copied unticked");
  });

  it('Generate Handoff and New Document never overwrite a file', async () => {
    const kept = await write('handoffs/kept.handoff.md', 'keep me\n');
    const result = await api.generateHandoff({ specUri: at('specs/saved-filters.spec.md'), targetUri: kept });
    equal(result, undefined, 'nothing written');
    equal(await read(kept), 'keep me\n', 'the existing handoff is untouched');

    const args = { kind: 'spec', title: 'Made in the browser', folder: at('specs') };
    const made = await vscode.commands.executeCommand<vscode.Uri | undefined>('specHandoff.newDocument', args);
    ok(made, 'New Document wrote a file');
    const text = await read(made);
    ok(/^# Made in the browser$/m.test(text), text.slice(0, 200));
    await vscode.workspace.fs.writeFile(made, new TextEncoder().encode('mine now\n'));
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('specHandoff.newDocument', args);
    equal(again, undefined, 'nothing written the second time');
    equal(await read(made), 'mine now\n', 'the existing document is untouched');
  });

  it("Open Schema opens a built-in kind's schema, shipped with the extension", async () => {
    const spec = at('specs/export-csv.spec.md');
    await open(spec);
    const schema = await vscode.commands.executeCommand<vscode.Uri | undefined>('specHandoff.openSchema', spec);
    ok(schema, 'a schema was opened');
    ok(/\/schemas\/spec\.yaml$/.test(schema.path), schema.toString());
    ok(/^id: spec$/m.test(vscode.window.activeTextEditor?.document.getText() ?? ''), 'the schema is shown');
  });

  it('Language Model Tools: the check tool reads a document of the virtual workspace', async () => {
    await waitFor(
      () => vscode.lm.tools.some((t) => t.name === 'specHandoff_check_document'),
      'the check tool in vscode.lm.tools',
    );
    const result = await vscode.lm.invokeTool('specHandoff_check_document', {
      input: { path: 'specs/export-csv.spec.md' },
      toolInvocationToken: undefined,
    });
    const part = result.content[0];
    ok(part instanceof vscode.LanguageModelTextPart, 'a text part');
    ok(/^specs\/export-csv\.spec\.md: spec, /.test(part.value), part.value.slice(0, 300));
    const outside = await vscode.lm
      .invokeTool('specHandoff_check_document', { input: { path: '../x.md' }, toolInvocationToken: undefined })
      .then(
        (r) => String((r.content[0] as vscode.LanguageModelTextPart).value),
        (e: Error) => e.message,
      );
    ok(/outside the workspace/.test(outside), outside);
  });

  it('.spec-handoff.yaml and a custom schema on the virtual file system are loaded', async () => {
    await write(
      'kinds/note.schema.yaml',
      'id: note\ntitle: Web note\nmatch:\n  frontMatterType: [note]\nsections:\n  - id: outcome\n    title: Outcome\n    required: true\n    level: 2\n',
    );
    const config = await write('.spec-handoff.yaml', 'schemas:\n  - kinds/note.schema.yaml\n');
    try {
      const note = await write('notes/a.md', '---\ntype: note\n---\n\n# A note\n\nText.\n');
      await open(note);
      await diagnosticsWith(
        note,
        (d) => codeOf(d) === 'SH001' && /"Outcome"/.test(d.message),
        'SH001 of the custom kind',
      );
    } finally {
      await vscode.workspace.fs.delete(config);
    }
  });

  it('a built-in preset selected in .spec-handoff.yaml applies in the browser (bundled with the worker)', async () => {
    const config = await write('.spec-handoff.yaml', 'presets: [nygard-adr]\n');
    try {
      const adr = await write('doc/adr/0001-web.md', '# 1. Web\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n');
      await open(adr);
      await diagnosticsWith(
        adr,
        (d) => codeOf(d) === 'SH001' && /"Decision"/.test(d.message),
        'SH001 of the nygard-adr preset kind',
      );
    } finally {
      await vscode.workspace.fs.delete(config);
    }
  });
});
