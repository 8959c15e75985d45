/**
 * Issue 18: answers kept with their questions (requiredWhen, SH028, SH029),
 * review comments anchored to code and closed explicitly (SH030, SH031, the
 * checklist's open threads, the editor's anchors), and decisions gathered
 * into a generated handoff.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService, SchemaRegistry, emptyConfig, type WorkspaceHost } from '../../server/src/service';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import { fixturesDir, makeService } from '../support/service';

const root = path.join(path.sep, 'ws');
/** An in-memory workspace: absolute path → text. */
function filesHost(files: Record<string, string>): WorkspaceHost {
  return {
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(p + path.sep)),
    readFile: (p) => files[p],
  };
}
function serviceAt(today: string, files: Record<string, string> = {}): LanguageService {
  const registry = SchemaRegistry.fromTexts(builtinSchemaFiles());
  return new LanguageService({ registry, host: filesHost(files), config: emptyConfig(), today: () => today });
}
const codes = (service: LanguageService, text: string, file: string, code: string) =>
  service.analyze({ text, path: file }).findings.filter((f) => f.code === code);

const question = (fm: string, extra = '') =>
  `---\ntype: question\ntitle: Q\n${fm}---\n# Q\n\n## Context\n\nx\n${extra}`;

describe('answers kept with their questions', () => {
  const file = path.join(root, 'q.question.md');

  it('SH028 reports an open question past its answerBy date, against the injected today', () => {
    const text = question('status: open\nanswerBy: 2024-04-10\n');
    assert.deepEqual(codes(serviceAt('2024-04-10'), text, file, 'SH028'), [], 'due today is not overdue');
    const late = codes(serviceAt('2024-04-11'), text, file, 'SH028');
    assert.equal(late.length, 1);
    assert.equal(late[0].severity, 'information');
    assert.equal(late[0].range.start.line, 4, 'on the answerBy line');
    assert.match(late[0].message, /2024-04-10/);
    assert.deepEqual(
      codes(serviceAt('2030-01-01'), question('status: answered\nanswerBy: 2024-04-10\n'), file, 'SH028'),
      [],
    );
    assert.deepEqual(
      codes(serviceAt('2030-01-01'), question('status: withdrawn\nanswerBy: 2024-04-10\n'), file, 'SH028'),
      [],
    );
    assert.equal(
      codes(serviceAt('2030-01-01'), question('answerBy: 2024-04-10\n'), file, 'SH028').length,
      1,
      'no status means open',
    );
  });

  it('status: answered makes the Answer section required (SH001, an error); open questions do not need one', () => {
    const service = serviceAt('2024-01-01');
    const missing = (fm: string) => codes(service, question(fm), file, 'SH001').map((f) => f.sectionId);
    assert.ok(missing('status: answered\n').includes('answer'));
    assert.ok(!missing('status: open\n').includes('answer'));
    assert.ok(!missing('').includes('answer'));
    const sh001 = codes(service, question('status: answered\n'), file, 'SH001').find((f) => f.sectionId === 'answer');
    assert.equal(sh001?.severity, 'error');
    const answerIn = (fm: string) =>
      service.checklist(service.analyze({ text: question(fm), path: file }))!.sections.find((x) => x.id === 'answer');
    assert.deepEqual(
      [answerIn('status: answered\n')?.required, answerIn('status: answered\n')?.state],
      [true, 'missing'],
      'the checklist shows the Answer as missing once answered',
    );
    assert.deepEqual(
      [answerIn('status: open\n')?.required, answerIn('status: open\n')?.state],
      [false, 'optional-missing'],
    );
  });

  it('SH029: an Answer without who answered or the date is an error; a complete one is clean', () => {
    const service = serviceAt('2024-01-01');
    const partial = codes(
      service,
      question('status: answered\n', '\n## Answer\n\n- **Answer:** yes, option A.\n- **Answered by:**\n'),
      file,
      'SH029',
    );
    assert.equal(partial.length, 1);
    assert.equal(partial[0].severity, 'error');
    assert.deepEqual(partial[0].data?.missingFields, ['Answered by', 'Date', 'What it changes']);
    const full =
      '\n## Answer\n\nAnswer: yes, option A.\nAnswered by: Priya\n**Date**: 2024-04-09\n- __What it changes:__ the spec.\n';
    assert.deepEqual(codes(service, question('status: answered\n', full), file, 'SH029'), []);
  });

  it('a requiredWhen condition is validated by the schema format', () => {
    const bad = SchemaRegistry.fromTexts([
      {
        source: 'bad.yaml',
        text: 'id: k\ntitle: K\nsections:\n  - id: a\n    title: A\n    requiredWhen: { status: answered }\n',
      },
    ]);
    assert.ok(
      bad.problems.some((p) => /requiredWhen/.test(p.message)),
      JSON.stringify(bad.problems),
    );
    const good = SchemaRegistry.fromTexts([
      {
        source: 'good.yaml',
        text: 'id: k\ntitle: K\nsections:\n  - id: a\n    title: A\n    requiredWhen: { frontMatter: { status: [answered, closed] } }\n',
      },
    ]);
    assert.deepEqual(good.problems, []);
    assert.equal(good.get('k')?.sections[0].required, false, 'requiredWhen makes required default to false');
  });
});

describe('review comments anchored to code, closed explicitly', () => {
  const reviewFile = path.join(root, 'docs', 'reviews', 'export.review.md');
  const code = path.join(root, 'src', 'export.ts');
  const files = { [code]: 'line 1\nline 2\nline 3\n' };
  const review = (fm: string, comments: string) =>
    `---\ntype: review\ntitle: R\n${fm}---\n# R\n\n## Summary\n\nRequest changes: the export query needs paging before it can run on large accounts.\n\n## Comments\n\n${comments}`;

  it('SH030 checks the anchored line exists (through the host) and asks blocking comments and suggestions for an anchor', () => {
    const service = serviceAt('2024-01-01', files);
    const found = codes(
      service,
      review(
        '',
        [
          '- blocking: [export.ts#L3](../../src/export.ts#L3) loads every row, because paging is missing.',
          '- blocking: [export.ts#L4](../../src/export.ts#L4) no timeout, because it can hang.',
          '- suggestion: `src/export.ts:2` rename it, because the name shows in alerts.',
          '- suggestion: `src/export.ts:9` split it, because it is long.',
          '- suggestion: `src/missing.ts:1` delete it, because it is unused.',
          '- blocking: no anchor here, because I forgot.',
          '- nit: no anchor needed.',
        ].join('\n') + '\n',
      ),
      reviewFile,
      'SH030',
    );
    assert.deepEqual(
      found.map((f) => f.range.start.line),
      [13, 15, 16, 17],
    );
    assert.match(found[0].message, /line 4 does not exist: the file has 3 lines/);
    assert.match(found[1].message, /line 9 does not exist/);
    assert.match(found[2].message, /no such file/);
    assert.match(found[3].message, /does not point at code/);
  });

  it('SH031: approve with a blocking thread not confirmed by the reviewer is an error; the checklist lists open threads', () => {
    const service = serviceAt('2024-01-01', files);
    const comments =
      [
        '- blocking: [export.ts#L3](../../src/export.ts#L3) loads every row, because paging is missing.',
        '  - author: fixed in 3f2c9ab',
        '  - reviewer: confirmed',
        '- blocking: [export.ts#L2](../../src/export.ts#L2) no timeout, because it can hang.',
        '  - author: fixed in 81d0e2f',
      ].join('\n') + '\n';
    const approve = service.analyze({ text: review('verdict: approve\n', comments), path: reviewFile });
    const sh031 = approve.findings.filter((f) => f.code === 'SH031');
    assert.deepEqual(
      sh031.map((f) => [f.range.start.line, f.severity]),
      [[16, 'error']],
    );
    assert.deepEqual(codes(service, review('verdict: request-changes\n', comments), reviewFile, 'SH031'), []);
    const open = service.checklist(approve)!.openItems.filter((o) => o.kind === 'thread');
    assert.deepEqual(
      open.map((o) => [o.line, o.placeholder]),
      [[16, 'blocking']],
    );
  });

  it('reviewAnchors gives each anchored comment its code file and line, with its thread', () => {
    const service = serviceAt('2024-01-01', files);
    const a = service.analyze({
      text: review(
        '',
        '- blocking: [export.ts#L3](../../src/export.ts#L3) loads every row, because paging is missing.\n  - author: fixed\n  - reviewer: confirmed\n- suggestion: `src/export.ts:2` rename, because alerts.\n- nit: `nothere.ts:1` typo.\n',
      ),
      path: reviewFile,
    });
    assert.deepEqual(
      service
        .reviewAnchors(a)
        .map((r) => [r.reviewLine, r.label, r.targetPath, r.targetLine, r.closed, r.replies.length]),
      [
        [12, 'blocking', code, 2, true, 2],
        [15, 'suggestion', code, 1, false, 0],
      ],
    );
  });
});

describe('Generate Handoff gathers decisions', () => {
  const decisionsDir = path.join(fixturesDir, 'decisions');
  const specFile = path.join(fixturesDir, 'trace', 'export.spec.md');
  const service = makeService({
    host: {
      exists: (p) => fs.existsSync(p),
      readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    },
  });
  const decisions = fs
    .readdirSync(decisionsDir)
    .map((f) => path.join(decisionsDir, f))
    .flatMap((p) => {
      const record = service.decisionRecord(service.analyze({ text: fs.readFileSync(p, 'utf8'), path: p }), p);
      return record ? [{ path: p, record }] : [];
    });
  const spec = service.analyze({ text: fs.readFileSync(specFile, 'utf8'), path: specFile });

  it('lists exactly the decision records and answered questions whose spec: links to the spec, with outcome and link', () => {
    const plan = service.generate(spec, specFile, { decisions });
    if ('error' in plan) assert.fail(plan.error);
    const section = plan.text.slice(plan.text.indexOf('## Decisions'));
    const listed = section
      .slice(0, section.indexOf('\n## ', 3))
      .split('\n')
      .filter((l) => /^- \[/.test(l));
    assert.deepEqual(listed, [
      '- [Page the export with a cursor](../decisions/cursor-paging.decision.md) (decision record, accepted, 2024-04-02): Chosen option: cursor pagination in batches of 1,000 rows, because each query stays under 200 ms.',
      '- [Should the CSV carry a byte-order mark?](../decisions/excel-bom.question.md) (answered question, 2024-04-04): Yes, write the byte-order mark.',
    ]);
  });

  it('without related documents the Decisions section is what it was', () => {
    const plan = service.generate(spec, specFile);
    if ('error' in plan) assert.fail(plan.error);
    assert.doesNotMatch(plan.text, /decisions\//);
  });
});
