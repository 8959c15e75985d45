/**
 * The JSON report written in parts (cli/format-json.ts `prettyJsonParts`, issue 20): joined, the parts must be
 * byte for byte what one `JSON.stringify(value, null, 2)` makes, for any plain data, any part size, and the
 * key of the long array anywhere among the others.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { FILES_PER_PART, prettyJsonParts } from '../../server/src/cli/format-json';

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
});
