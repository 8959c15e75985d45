/**
 * The coding agents' tools in the service: one definition shared by the MCP
 * server and the VS Code Language Model Tools (package.json must agree),
 * argument checking, the bounded text answers, and insertSections (only
 * inserts into the original text, whatever the order of the sections asked).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AGENT_TEXT_LIMIT,
  AGENT_TOOLS,
  agentArgumentsError,
  agentDocumentsText,
  applyEdits,
  boundAgentText,
} from '../../server/src/service';
import { LM_TOOLS } from '../../client/src/ids';
import { isSubsequence, makeService, readFixture, repoRoot } from '../support/service';

const COMPLETE = readFixture('complete.spec.md');
const withoutSection = (text: string, heading: string, next: string): string => {
  const out = text.replace(new RegExp(`## ${heading}\\n[\\s\\S]*?\\n(?=## ${next})`), '');
  assert.notEqual(out, text, `removed ${heading}`);
  return out;
};

describe('agent tools (service)', () => {
  it('package.json contributes every tool as a Language Model Tool with the same description and input schema', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: {
        languageModelTools: {
          name: string;
          modelDescription: string;
          inputSchema: unknown;
          displayName: string;
          toolReferenceName: string;
          when?: string;
        }[];
      };
    };
    const contributed = pkg.contributes.languageModelTools;
    assert.deepEqual(
      contributed.map((t) => t.name),
      AGENT_TOOLS.map((t) => `specHandoff_${t.name}`),
    );
    assert.deepEqual(
      Object.values(LM_TOOLS)
        .map((t) => t.name)
        .sort(),
      contributed.map((t) => t.name).sort(),
      'client/src/ids.ts names the same tools',
    );
    for (const tool of AGENT_TOOLS) {
      const c = contributed.find((t) => t.name === `specHandoff_${tool.name}`)!;
      assert.equal(c.modelDescription, tool.description, tool.name);
      assert.deepEqual(c.inputSchema, tool.inputSchema, tool.name);
      assert.ok(c.displayName && c.toolReferenceName, tool.name);
      assert.equal(Object.values(LM_TOOLS).find((t) => t.name === c.name)?.agentTool, tool.name);
    }
  });

  it('checks arguments against the input schema with a sentence for the model', () => {
    const check = AGENT_TOOLS.find((t) => t.name === 'check_document')!;
    const insert = AGENT_TOOLS.find((t) => t.name === 'insert_missing_sections')!;
    const list = AGENT_TOOLS.find((t) => t.name === 'list_documents')!;
    assert.equal(agentArgumentsError(check, { path: 'a.md' }), undefined);
    assert.equal(agentArgumentsError(list, undefined), undefined);
    assert.equal(agentArgumentsError(insert, { path: 'a.md', sections: ['summary'] }), undefined);
    assert.match(agentArgumentsError(check, {})!, /needs the argument "path"/);
    assert.match(agentArgumentsError(check, { path: '' })!, /non-empty string/);
    assert.match(agentArgumentsError(check, { path: ['a'] })!, /non-empty string/);
    assert.match(agentArgumentsError(check, 'a.md')!, /must be an object/);
    assert.match(agentArgumentsError(check, { path: 'a', file: 'b' })!, /no argument "file"/);
    assert.match(agentArgumentsError(insert, { path: 'a', sections: [1] })!, /list of strings/);
  });

  it('bounds text at a line break and says how much was cut', () => {
    assert.equal(boundAgentText('short\n'), 'short\n');
    const long = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const cut = boundAgentText(long);
    assert.ok(cut.length <= AGENT_TEXT_LIMIT, String(cut.length));
    const [kept, note] = [cut.slice(0, cut.lastIndexOf('\n[')), cut.slice(cut.lastIndexOf('\n[') + 1)];
    assert.ok(long.startsWith(kept), 'the kept part is the start, whole lines');
    const more = Number(/(\d+) more lines/.exec(note)?.[1]);
    assert.equal(kept.split('\n').length + more, 5000, 'the cut count is exact');
  });

  it('lists documents by path, deterministic whatever the input order', () => {
    const rows = [
      { path: 'b.spec.md', kindTitle: 'Spec', ready: false, summaryLine: 'Spec · 1/2 sections' },
      { path: 'a.handoff.md', kindTitle: 'Handoff', ready: true, summaryLine: 'Handoff · ready for pickup' },
    ];
    const text = agentDocumentsText(rows);
    assert.equal(
      text,
      '2 documents, 1 ready for pickup:\n- a.handoff.md: Handoff · ready for pickup\n- b.spec.md: Spec · 1/2 sections\n',
    );
    assert.equal(agentDocumentsText([...rows].reverse()), text);
    assert.match(agentDocumentsText([]), /^No specs or handoffs\./);
  });

  it('insertSections inserts sections asked in any order as pure inserts into the original text', () => {
    const service = makeService();
    const original = withoutSection(
      withoutSection(COMPLETE, 'Summary', 'System context'),
      'Scope',
      'Technical specifics',
    );
    const input = { text: original, path: '/ws/export.spec.md', relativePath: 'export.spec.md' };
    for (const order of [
      ['scope', 'summary'],
      ['summary', 'scope'],
    ]) {
      const result = service.insertSections(input, order)!;
      assert.deepEqual(result.notInserted, []);
      assert.equal(result.inserted.length, 2);
      for (const e of result.edits) assert.deepEqual(e.range.start, e.range.end, 'an insert');
      assert.equal(applyEdits(original, result.edits), result.text, 'the edits give the same text');
      assert.ok(isSubsequence(original, result.text), 'the original text survives');
      const after = service.analyze({ ...input, text: result.text });
      assert.ok(!after.findings.some((f) => f.code === 'SH001'), `${order}: nothing missing any more`);
    }
    // Without ids: every missing required section, as "insert all" does.
    const all = service.insertSections(input)!;
    assert.deepEqual(all.inserted.sort(), ['Scope', 'Summary']);
    assert.equal(applyEdits(original, all.edits), all.text);
    // Unknown and present sections are reported, not inserted.
    const none = service.insertSections({ ...input, text: COMPLETE }, ['summary', 'nope'])!;
    assert.deepEqual(none.edits, []);
    assert.equal(none.text, COMPLETE);
    assert.match(
      none.notInserted.join('\n'),
      /"Summary" is already there[\s\S]*"nope" is not a section of the spec schema/,
    );
    // A section inserted inside one inserted just before (a child of a new parent): still one insert into the original.
    const handoff =
      '---\ntype: handoff\ntitle: X\n---\n\n# Handoff: X\n\n## What was built\n\nStuff.\n\n## Decisions\n\nNone.\n';
    const nested = service.insertSections({ text: handoff, path: '/ws/x.handoff.md', relativePath: 'x.handoff.md' }, [
      'next-engineer',
      'gotchas',
    ])!;
    assert.deepEqual(nested.inserted, ['Context for the next engineer', 'Gotchas']);
    assert.equal(applyEdits(handoff, nested.edits), nested.text);
    assert.ok(isSubsequence(handoff, nested.text));
    assert.match(nested.text, /\n## Context for the next engineer\n[\s\S]*\n### Gotchas\n/);
    // A document of no kind: nothing to do.
    assert.equal(
      service.insertSections({ text: '# Notes\n', path: '/ws/notes.md', relativePath: 'notes.md' }),
      undefined,
    );
  });

  it('check and missing-section answers are deterministic text with the verdict, findings and guidance', () => {
    const service = makeService();
    const text = withoutSection(COMPLETE, 'Summary', 'System context');
    const analysis = service.analyze({ text, path: '/ws/export.spec.md', relativePath: 'export.spec.md' });
    const check = service.agentCheckText(analysis, 'export.spec.md');
    assert.match(check, /^export\.spec\.md: spec, NOT ready for pickup \(\d\/\d readiness checks pass\)\.\n/);
    assert.match(check, /\n\d+:1 error SH001 Missing required section "Summary"\./);
    assert.equal(
      service.agentCheckText(
        service.analyze({ text, path: '/ws/export.spec.md', relativePath: 'export.spec.md' }),
        'export.spec.md',
      ),
      check,
    );
    const missing = service.agentMissingText(analysis, 'export.spec.md');
    assert.match(missing, /Required:\n- Summary \(id: summary\)\n {2}Guidance: \S/);
    const ready = service.agentCheckText(
      service.analyze({ text: COMPLETE, path: '/ws/export.spec.md', relativePath: 'export.spec.md' }),
      'export.spec.md',
    );
    assert.doesNotMatch(ready, /SH001/);
  });
});
