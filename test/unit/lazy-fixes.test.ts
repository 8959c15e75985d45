/**
 * Fixes built on first read (issue 20, round six): the engine's findings
 * carry `fixes` as a memoised, enumerable getter, and a rule (SH001) may give
 * them as a function. Each test fails if fixes went back to being built
 * eagerly, were rebuilt on every read, were lost by a copy (a worker's
 * structured clone, JSON, a spread) or differed from what the fix builders
 * give for the same document, lone-CR separation included.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeService, fixturesDir } from '../support/service';
import type { Analysis, Finding } from '../../server/src/service';
import { allMissingSectionsFix, missingSectionFix } from '../../server/src/service/fixes/missing-sections';
import { separateFromLoneCr } from '../../server/src/service/edits';

const rulesDir = path.join(fixturesDir, 'rules');
const fixtureSchemas = fs
  .readdirSync(path.join(fixturesDir, 'schemas'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({
    source: path.join(fixturesDir, 'schemas', f),
    text: fs.readFileSync(path.join(fixturesDir, 'schemas', f), 'utf8'),
  }));
const service = makeService({ extraSchemas: fixtureSchemas });
const NAME = 'sh001-missing-section.mini.md';
const LF = fs.readFileSync(path.join(rulesDir, NAME), 'utf8');

function analyze(text: string): Analysis {
  return service.analyze({ text, path: path.join(rulesDir, NAME), relativePath: `test/fixtures/rules/${NAME}` });
}

function sh001(analysis: Analysis): Finding[] {
  const found = analysis.findings.filter((f) => f.code === 'SH001');
  assert.ok(found.length >= 2, `the fixture has at least two missing sections (got ${found.length})`);
  return found;
}

describe('fixes built on first read', () => {
  it('every finding carries fixes as an enumerable getter, not a built array', () => {
    for (const finding of analyze(LF).findings) {
      const d = Object.getOwnPropertyDescriptor(finding, 'fixes');
      assert.ok(d, `${finding.code} has its own fixes property`);
      assert.equal(typeof d.get, 'function', `${finding.code}: fixes is a getter`);
      assert.equal(d.enumerable, true, `${finding.code}: fixes is enumerable (copies carry it)`);
    }
  });

  it('the fixes are built once: every read returns the same array', () => {
    for (const finding of sh001(analyze(LF))) {
      const first = finding.fixes;
      assert.ok(first.length > 0);
      assert.equal(finding.fixes, first);
    }
  });

  for (const [label, text] of [
    ['LF', LF],
    ['CRLF', LF.replace(/\n/g, '\r\n')],
    ['lone CR', LF.replace(/\n/g, '\r')],
  ] as const)
    it(`SH001's fixes equal the builders' output for the same document (${label} line endings)`, () => {
      const analysis = analyze(text);
      const ctx = analysis.context;
      assert.ok(ctx, 'the fixture matched its kind');
      const all = allMissingSectionsFix(ctx);
      assert.ok(all, 'several sections are missing, so there is an insert-all fix');
      const expected = (own: ReturnType<typeof missingSectionFix>) =>
        [own, all].map((fix) => ({ ...fix, edits: separateFromLoneCr(analysis.doc, fix.edits) }));
      for (const finding of sh001(analysis)) {
        const spec: Parameters<typeof missingSectionFix>[1] | undefined = ctx.kind.allSections.find(
          (s) => s.id === finding.sectionId,
        );
        assert.ok(spec, `finding for a schema section (${finding.sectionId})`);
        assert.deepEqual(finding.fixes, expected(missingSectionFix(ctx, spec)));
      }
      if (label === 'lone CR')
        assert.ok(
          sh001(analysis).some((f) => f.fixes.some((fix) => fix.edits.some((e) => e.newText.startsWith('\r')))),
          'the lone-CR document gets inserts separated by a CR (separateFromLoneCr ran inside the getter)',
        );
    });

  it('a structured clone, JSON and a spread of a finding still carry its fixes', () => {
    for (const finding of sh001(analyze(LF))) {
      const fixes = finding.fixes;
      assert.deepEqual(structuredClone(finding).fixes, fixes);
      assert.deepEqual((JSON.parse(JSON.stringify(finding)) as Finding).fixes, fixes);
      assert.deepEqual({ ...finding }.fixes, fixes);
    }
  });
});
