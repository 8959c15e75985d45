/**
 * Issue 18 through the real server over stdio: review comments anchored to
 * code (specHandoff/reviewAnchors, what the editor's comment threads show),
 * the Decisions view's list (specHandoff/decisions), workspace symbols for
 * decisions, and Generate Handoff listing the decisions linked to the spec.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkspaceSymbolRequest, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import {
  DecisionsRequest,
  DocumentsRequest,
  GenerateHandoffRequest,
  ReviewAnchorsRequest,
} from '../../server/src/protocol';
import { TestClient, repoRoot, tempWorkspace, uriOf } from './client';

const fixture = (...parts: string[]) => fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', ...parts), 'utf8');
const linkTo = (text: string, spec: string) => text.replace(/^spec: .*$/m, `spec: ${spec}`);

const REVIEW = `---
type: review
title: Review of the CSV export
reviewer: Sam
verdict: request-changes
---
# Review of the CSV export

## Summary

Request changes: the export query needs paging before it can run on large accounts.

## Comments

- blocking: [src/export.ts#L3](../../src/export.ts#L3) loads every row, because paging is missing.
  - author: fixed in 3f2c9ab
  - reviewer: confirmed
- suggestion: \`src/export.ts:2\` name the job \`invoice-export\`, because the name shows in alerts.
- nit: no anchor needed.
`;

describe('lsp: review anchors, decisions and Generate Handoff (issue 18)', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient;

  before(async () => {
    root = tempWorkspace({
      'specs/export.spec.md': fixture('trace', 'export.spec.md'),
      'src/export.ts': 'export function one() {}\nexport function two() {}\nexport function three() {}\n',
      'docs/reviews/export.review.md': REVIEW,
      'docs/decisions/cursor-paging.decision.md': linkTo(
        fixture('decisions', 'cursor-paging.decision.md'),
        '../../specs/export.spec.md',
      ),
      'docs/questions/excel-bom.question.md': linkTo(
        fixture('decisions', 'excel-bom.question.md'),
        '../../specs/export.spec.md',
      ),
      'docs/questions/still-open.question.md': linkTo(
        fixture('decisions', 'still-open.question.md'),
        '../../specs/export.spec.md',
      ),
      'docs/decisions/other-spec.decision.md': fixture('decisions', 'other-spec.decision.md'),
    });
    client = await TestClient.start({ root });
    const deadline = Date.now() + 15_000;
    while (!(await client.connection.sendRequest(DocumentsRequest.type)).complete) {
      if (Date.now() > deadline) throw new Error('the workspace index never completed');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('specHandoff/reviewAnchors: each anchored comment on its code file and line, with its thread', async () => {
    const anchors = await client.connection.sendRequest(ReviewAnchorsRequest.type);
    const code = uriOf(path.join(root, 'src', 'export.ts'));
    assert.deepEqual(
      anchors.map((a) => [
        a.reviewPath,
        a.reviewLine,
        a.label,
        a.targetUri,
        a.targetLine,
        a.closed,
        a.replies.map((r) => r.who),
      ]),
      [
        ['docs/reviews/export.review.md', 14, 'blocking', code, 2, true, ['author', 'reviewer']],
        ['docs/reviews/export.review.md', 17, 'suggestion', code, 1, false, []],
      ],
    );
    assert.equal(anchors[0].reviewUri, uriOf(path.join(root, 'docs', 'reviews', 'export.review.md')));
    assert.equal(anchors[0].reviewTitle, 'Review of the CSV export');
    assert.match(anchors[0].text, /loads every row/);
  });

  it('specHandoff/decisions: decision records and answered questions, with status and date; open questions are not decisions', async () => {
    const decisions = await client.connection.sendRequest(DecisionsRequest.type);
    assert.deepEqual(
      decisions.map((d) => [d.path, d.type, d.status, d.date]),
      [
        ['docs/decisions/cursor-paging.decision.md', 'decision', 'accepted', '2024-04-02'],
        ['docs/decisions/other-spec.decision.md', 'decision', 'accepted', ''],
        ['docs/questions/excel-bom.question.md', 'answer', 'answered', '2024-04-04'],
      ],
    );
    assert.equal(decisions[2].outcome, 'Yes, write the byte-order mark.');
  });

  it('workspace symbols find a decision and an answered question by title', async () => {
    const find = (query: string) =>
      client.connection.sendRequest(WorkspaceSymbolRequest.type, { query }) as Promise<SymbolInformation[]>;
    const cursor = (await find('page the export')).find((s) => s.name === 'Page the export with a cursor');
    assert.ok(cursor);
    assert.equal(cursor.containerName, 'Decision · accepted · 2024-04-02 · docs/decisions/cursor-paging.decision.md');
    const bom = (await find('byte-order mark')).find((s) => s.name === 'Should the CSV carry a byte-order mark?');
    assert.equal(bom?.containerName, 'Answered question · 2024-04-04 · docs/questions/excel-bom.question.md');
  });

  it('Generate Handoff lists exactly the indexed decisions linked to the spec', async () => {
    const result = await client.connection.sendRequest(GenerateHandoffRequest.type, {
      specUri: uriOf(path.join(root, 'specs', 'export.spec.md')),
    });
    if ('error' in result) assert.fail(result.error);
    const section = result.text.slice(result.text.indexOf('## Decisions'));
    const listed = section
      .slice(0, section.indexOf('\n## ', 3))
      .split('\n')
      .filter((l) => /^- \[/.test(l));
    assert.deepEqual(
      listed.map((l) => /\]\(([^)]+)\)/.exec(l)?.[1]),
      ['../docs/decisions/cursor-paging.decision.md', '../docs/questions/excel-bom.question.md'],
    );
  });
});
