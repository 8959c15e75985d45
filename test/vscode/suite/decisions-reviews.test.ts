// Issue 18 inside a real VS Code: a review comment anchored to code shows as a
// comment thread on that code line (and its action opens the review item),
// and the Decisions view lists decision records and answered questions with
// status and date, filterable by text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, waitFor, workspaceFolder } from './util';

interface DecisionInfo {
  uri: string;
  path: string;
  type: 'decision' | 'answer';
  title: string;
  status: string;
  date: string;
  outcome: string;
  line: number;
}
interface ReviewThread {
  anchor: {
    reviewUri: string;
    reviewLine: number;
    targetUri: string;
    targetLine: number;
    label: string;
    closed: boolean;
  };
  thread: vscode.CommentThread;
}
interface ExtensionApi {
  ready: Promise<void>;
  decisions: {
    getTreeItem(node: DecisionInfo): vscode.TreeItem;
    shown(): DecisionInfo[];
    setFilter(text: string): void;
    refresh(): Promise<void>;
  };
  reviewComments: { threads(): ReviewThread[]; refresh(): Promise<void> };
}

const CODE = 'export function one() {}\nexport function two() {}\nexport function three() {}\n';

const REVIEW = `---
type: review
title: Anchored review
reviewer: Sam
verdict: request-changes
---

# Anchored review

## Summary

Request changes: the export query needs paging before it can run on large accounts.

## Comments

- blocking: [anchored.ts#L2](../src/anchored.ts#L2) loads every row, because paging is missing.
  - author: fixed in 3f2c9ab
- nit: no anchor needed.
`;

const DECISION = `---
type: decision
status: accepted
date: 2024-04-02
---

# Page the anchored export with a cursor

## Decision outcome

Chosen option: cursor pagination in batches of 1,000 rows, because each query stays short.
`;

const QUESTION = `---
type: question
title: Should the anchored CSV carry a byte-order mark?
status: answered
---

# Should the anchored CSV carry a byte-order mark?

## Answer

- **Answer:** Yes, write the byte-order mark.
- **Answered by:** Priya
- **Date:** 2024-04-04
- **What it changes:** the writer emits the mark first.
`;

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

describe('in the editor: review comments on code and the Decisions view (issue 18)', () => {
  let api: ExtensionApi;
  before(async () => {
    api = await activatedApi<ExtensionApi>();
  });

  it('a review comment with a code anchor is a comment thread on that code line; its action opens the review item', async function () {
    this.timeout(90_000);
    // The same known flake as the Decisions view test below (once in a full CI run on 2026-12-01, never alone;
    // the engine gives this review the same anchor before and after that day's changes): the thread did not
    // appear within the minute after a single rescan. Root cause not found; rescanning on each poll, as the
    // Decisions test does, and retried.
    this.retries(2);
    const code = await write('src/anchored.ts', CODE);
    const review = await write('reviews/anchored.review.md', REVIEW);
    const found = await waitFor(
      async () => {
        // Check All Documents walks the workspace again (the index with it): no dependence on file-watcher timing.
        await vscode.commands.executeCommand('specHandoff.validateWorkspace');
        await api.reviewComments.refresh();
        return api.reviewComments.threads().find((t) => t.anchor.reviewUri === review.toString());
      },
      'the review comment as a comment thread',
      { timeoutMs: 60_000 },
    );
    const { thread } = found;
    assert.equal(thread.uri.toString(), code.toString());
    assert.equal(thread.range?.start.line, 1, 'on line 2 of the code (zero-based 1)');
    assert.equal(thread.canReply, false);
    assert.equal(thread.state, vscode.CommentThreadState.Unresolved, 'the reviewer has not confirmed yet');
    assert.match(String(thread.label), /^blocking · reviews\/anchored\.review\.md$/);
    assert.equal(thread.comments.length, 2, 'the comment and its one reply');
    const first = thread.comments[0].body;
    assert.match(typeof first === 'string' ? first : first.value, /loads every row/);
    assert.equal(thread.comments[1].author.name, 'author');

    await vscode.commands.executeCommand('specHandoff.openReviewItem', thread);
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === review.toString() ? e : undefined;
    }, 'the review opened by the thread action');
    assert.equal(editor.selection.active.line, found.anchor.reviewLine);
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^- blocking: \[anchored\.ts#L2\]/);
  });

  it('the Decisions view lists a decision record and an answered question with status and date, and filters by text', async function () {
    this.timeout(90_000);
    // A known flake (about 1 run in 3 of the whole suite, never alone): the view does not list the two new files
    // within the minute. Root cause not found yet; retried, and the failure message says what the view showed.
    this.retries(2);
    const decision = await write('decisions/anchored-cursor.decision.md', DECISION);
    const question = await write('questions/anchored-bom.question.md', QUESTION);
    const mine = (): DecisionInfo[] =>
      api.decisions.shown().filter((d) => d.uri === decision.toString() || d.uri === question.toString());
    api.decisions.setFilter('');
    let lastSeen = '';
    try {
      await waitFor(
        async () => {
          lastSeen = JSON.stringify({
            want: [decision.toString(), question.toString()],
            shown: api.decisions.shown().map((d) => d.uri),
          });
          // Check All Documents walks the workspace again (the index with it), so the view does not depend on
          // file-watcher timing. Known flake, root cause not found: in some full-suite runs a single rescan
          // right after the writes did not list both files; rescanning on each poll does.
          await vscode.commands.executeCommand('specHandoff.validateWorkspace');
          await api.decisions.refresh();
          return mine().length === 2;
        },
        'both documents in the Decisions view',
        { timeoutMs: 60_000 },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last seen ${lastSeen}`);
    }
    const [d, q] = [mine().find((x) => x.type === 'decision')!, mine().find((x) => x.type === 'answer')!];
    assert.equal(api.decisions.getTreeItem(d).label, 'Page the anchored export with a cursor');
    assert.equal(api.decisions.getTreeItem(d).description, 'accepted · 2024-04-02');
    assert.equal(api.decisions.getTreeItem(q).description, 'answered · 2024-04-04');
    assert.equal(q.outcome, 'Yes, write the byte-order mark.');

    api.decisions.setFilter('byte-order');
    assert.deepEqual(
      api.decisions
        .shown()
        .map((x) => x.uri)
        .filter((u) => u === decision.toString() || u === question.toString()),
      [question.toString()],
    );
    api.decisions.setFilter('');

    const item = api.decisions.getTreeItem(q);
    assert.ok(item.command);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === question.toString() ? e : undefined;
    }, 'the answered question opened from the view');
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, '## Answer');
  });
});
