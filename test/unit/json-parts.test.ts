/**
 * The JSON report written in parts (cli/format-json.ts `prettyJsonParts`, `JsonReportStream`, issue 20): joined,
 * the parts must be byte for byte what one `JSON.stringify(value, null, 2)` makes, for any plain data, any part
 * size, the key of the long array anywhere among the others, and a report written as its files come in.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { FILES_PER_PART, JsonReportStream, prettyJsonParts, toJson } from '../../server/src/cli/format-json';
import { computeTotals, type CheckReport, type FileResult } from '../../server/src/cli/model';

const RUNS = Number(process.env.FC_RUNS ?? 300);

describe('the JSON report in parts', () => {
  it('joined, the parts are the whole pretty-printed text (generated plain data)', () => {
    const value = fc
      .tuple(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
        fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 40 }),
        fc.dictionary(fc.string(), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)), { maxKeys: 4 }),
        fc.constantFrom('files', 'items', '', '"quoted"', '\u00e9\u2014'),
      )
      .map(([before, items, after, key]) => {
        const out: Record<string, unknown> = { ...before };
        delete out[key];
        out[key] = items;
        for (const [k, v] of Object.entries(after)) if (k !== key && !(k in out)) out[k] = v;
        return { out, key };
      });
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 7 }), ({ out, key }, perPart) => {
        const parts = prettyJsonParts(out, key, perPart);
        assert.equal(parts.join(''), JSON.stringify(out, null, 2));
        const items = out[key] as unknown[];
        if (items.length > perPart) assert.ok(parts.length > 2, 'a long array is written in several parts');
      }),
      { numRuns: RUNS },
    );
  });

  it('a report shape: version, files with nested arrays and text outside Latin-1, summary, problems', () => {
    const file = (i: number) => ({
      path: `docs/${i}.md`,
      sections: [{ id: 'summary', title: 'Summary', heading: 'Summary \u2014 short', line: 3 }],
      diagnostics: i % 3 ? [] : [{ code: 'SH001', message: 'Missing "Scope" \u2264 here', line: 1, endColumn: 25 }],
      readiness: { ready: i % 2 === 0, checks: [{ id: 'sections', ok: true, detail: 'all written' }] },
    });
    for (const count of [1, FILES_PER_PART - 1, FILES_PER_PART, FILES_PER_PART + 1, 3 * FILES_PER_PART + 7]) {
      const report = {
        version: 1,
        files: Array.from({ length: count }, (_, i) => file(i)),
        summary: { files: count, errors: 0 },
        problems: [],
      };
      const parts = prettyJsonParts(report, 'files', FILES_PER_PART);
      assert.equal(parts.join(''), JSON.stringify(report, null, 2), `${count} files`);
      assert.equal(parts.length, 2 + 2 * Math.ceil(count / FILES_PER_PART) - 1, `${count} files: parts`);
    }
  });

  it('no files, or no array under the key: the one text', () => {
    for (const value of [{ version: 1, files: [], summary: {} }, { version: 1, summary: {} }, { files: 'x' }])
      assert.deepEqual(prettyJsonParts(value, 'files', FILES_PER_PART), [JSON.stringify(value, null, 2)]);
  });

  it('a report written as its files come in is the one pretty-printed text (0 to 3 parts and a half of files)', () => {
    const file = (i: number): FileResult => ({
      absPath: `/w/docs/${i}.md`,
      path: `docs/${i}.md`,
      kind: i % 4 ? { id: 'spec', title: 'Spec' } : undefined,
      skipped: undefined,
      error: i === 3 ? 'cannot read the file: EACCES' : undefined,
      notice: undefined,
      findings: [
        {
          code: 'SH001',
          rule: 'missing-section',
          severity: 'error',
          message: `Missing "Scope" \u2014 ${i}`,
          range: { start: { line: i, character: 0 }, end: { line: i, character: 4 } },
        },
      ],
      sections: [{ id: 'summary', title: 'Summary', heading: 'Summary', line: 2 }],
      checklist: undefined,
      fixed: 0,
      analysed: i !== 3,
    });
    for (const count of [0, 1, FILES_PER_PART, FILES_PER_PART + 1, 3 * FILES_PER_PART + 10]) {
      const files = Array.from({ length: count }, (_, i) => file(i));
      const report: CheckReport = {
        cwd: '/w',
        root: '/w',
        fix: false,
        quiet: false,
        files,
        problems: [
          { source: '/w/.spec-handoff.yaml', line: 1, column: 2, severity: 'warning', message: 'unknown key' },
        ],
        totals: computeTotals(files),
      };
      const written: string[] = [];
      const stream = new JsonReportStream((part) => written.push(part));
      for (const f of files) stream.file(f);
      const beforeEnd = written.length;
      stream.end(report);
      assert.equal(written.join(''), JSON.stringify(toJson(report), null, 2), `${count} files`);
      // Whole parts go out as the files come in; only the rest waits for the end.
      assert.equal(beforeEnd, count >= FILES_PER_PART ? 2 * Math.floor(count / FILES_PER_PART) : 0, `${count}: early`);
    }
  });
});
