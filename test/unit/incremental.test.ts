/**
 * Incremental rescanning (server/src/service/parse/incremental.ts): after any
 * series of edits, rescanning only the edited lines gives exactly what a
 * fresh scan of the final text gives, and an edit far from front matter
 * really does reuse the previous scan.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { scanDocument, type ScannedDocument } from '../../server/src/service/parse/scanner';
import {
  addChange,
  countLineBreaks,
  rescanDocument,
  type ChangedLines,
} from '../../server/src/service/parse/incremental';
import { makeService, corpusDir, repoRoot } from '../support/service';
import { documentArb, schemaVocabulary } from '../support/arbitraries';

const SEED = Number(process.env.FC_SEED ?? 20261125);
const RUNS = Number(process.env.FC_RUNS ?? 300);
/**
 * `RUNS / divisor` as a whole number: fast-check counts runs up to `numRuns` and never stops at a fraction
 * (FC_RUNS=2000 gave 666.67 runs here: the "slow" property of rounds six to eight never ended).
 */
const runsOf = (divisor: number): number => Math.max(20, Math.ceil(RUNS / divisor));

/** An edit as an editor sends it: a range in the current text (line/character) and its replacement. */
interface OffsetEdit {
  start: number;
  length: number;
  text: string;
}

const INSERTS = [
  'x',
  ' ',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '# Scope\n',
  '## Summary',
  '```',
  '```\n',
  '~~~\n',
  '<!--',
  '-->',
  '<!-- c -->\n',
  '---',
  '---\n',
  '===\n',
  '- [ ] AC-1: x\n',
  '> q',
  'TODO',
  '',
  '\uFEFF',
  '😀',
  // Containers and the blocks inside them (list items keep fences open across blank lines).
  '  ',
  '    ',
  '\t',
  '- ',
  '* item\n',
  '1. ',
  '  ```\n',
  '    ```\n',
  '<details>\n',
  '</details>\n',
  '[^1]: ',
  '| a | b |\n|---|---|\n',
];

function positionOf(text: string, offset: number): { line: number } {
  return { line: countLineBreaks(text.slice(0, offset)) };
}

/**
 * Applies edits one by one, as `TextDocument.update` does, recording the
 * changed lines with `addChange` in each edit's own coordinates.
 */
function applyRecording(text: string, edits: OffsetEdit[]): { text: string; changed: ChangedLines | undefined } {
  let changed: ChangedLines | undefined;
  for (const e of edits) {
    // Editors never place a position between the CR and LF of one line break.
    const inCrlf = (o: number) => text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10;
    let start = Math.min(e.start % (text.length + 1), text.length);
    if (inCrlf(start)) start--;
    let end = Math.min(start + e.length, text.length);
    if (inCrlf(end)) end++;
    changed = addChange(changed, positionOf(text, start).line, positionOf(text, end).line, countLineBreaks(e.text));
    text = text.slice(0, start) + e.text + text.slice(end);
  }
  return { text, changed };
}

const editArb = fc.record({
  start: fc.nat(400_000),
  length: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat(40), weight: 2 }),
  text: fc.constantFrom(...INSERTS),
});

function assertSameScan(actual: ScannedDocument, expected: ScannedDocument): void {
  assert.deepEqual(actual, expected);
}

const service = makeService({
  extraSchemas: [path.join(repoRoot, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml')].map((source) => ({
    source,
    text: fs.readFileSync(source, 'utf8'),
  })),
});
const vocabulary = schemaVocabulary(['spec', 'handoff', 'rust-rfc'].map((id) => service.registry.get(id)!));

describe('incremental rescanning', () => {
  it('addChange composes edits into the lines changed since the first one', () => {
    // Line 5 typed in, then two lines inserted at line 2 (pushing it to 7), then line 10 joined with 11.
    let c = addChange(undefined, 5, 5, 0);
    assert.deepEqual(c, { first: 5, last: 5, lineDelta: 0 });
    c = addChange(c, 2, 2, 2);
    assert.deepEqual(c, { first: 2, last: 7, lineDelta: 2 });
    c = addChange(c, 10, 11, 0);
    assert.deepEqual(c, { first: 2, last: 10, lineDelta: 1 });
    // An edit that swallows the window's last line ends the window at its own last line.
    assert.deepEqual(addChange({ first: 3, last: 6, lineDelta: 0 }, 5, 9, 1), { first: 3, last: 6, lineDelta: -3 });
  });

  it('a rescan after any series of edits equals a fresh scan of the final text (generated documents)', () => {
    fc.assert(
      fc.property(
        documentArb({ titles: vocabulary.titles, avoidWords: vocabulary.avoidWords }),
        fc.array(editArb, { minLength: 1, maxLength: 4 }),
        (text, edits) => {
          const before = scanDocument(text);
          const { text: after, changed } = applyRecording(text, edits);
          assertSameScan(rescanDocument(before, after, changed!), scanDocument(after));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a rescan after any series of edits equals a fresh scan of the final text (Rust RFCs)', function () {
    if (!fs.existsSync(corpusDir)) {
      console.warn(`    (corpus not found at ${corpusDir}; skipped)`);
      this.skip();
    }
    const files = fs
      .readdirSync(corpusDir)
      .filter((f) => f.endsWith('.md'))
      .sort();
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(editArb, { minLength: 1, maxLength: 4 }), (i, edits) => {
        const text = fs.readFileSync(path.join(corpusDir, files[i]), 'utf8');
        const before = scanDocument(text);
        const { text: after, changed } = applyRecording(text, edits);
        assertSameScan(rescanDocument(before, after, changed!), scanDocument(after));
      }),
      { seed: SEED, numRuns: runsOf(5) },
    );
  });

  it('an edit in the middle of a long document reuses the previous scan outside the edited paragraph', () => {
    const sections = Array.from(
      { length: 200 },
      (_, i) => `## Section ${i}\n\nParagraph ${i} text.\n\n\`\`\`\n# not a heading ${i}\n\`\`\`\n`,
    );
    const text = `---\ntype: spec\n---\n\n# Title\n\n${sections.join('\n')}`;
    const before = scanDocument(text);
    const at = text.indexOf('Paragraph 100 text.');
    const after = `${text.slice(0, at)}More ${text.slice(at)}`;
    const line = positionOf(text, at).line;
    const rescanned = rescanDocument(before, after, addChange(undefined, line, line, 0));
    assertSameScan(rescanned, scanDocument(after));
    // Headings far from the edit are the previous scan's own objects: they were not scanned again.
    assert.equal(rescanned.headings[0], before.headings[0]);
    assert.equal(rescanned.headings[150], before.headings[150]);
    // With a line added, later headings are the previous ones moved down by one line.
    const added = `${text.slice(0, at)}New line\n${text.slice(at)}`;
    const moved = rescanDocument(before, added, addChange(undefined, line, line, 1));
    assertSameScan(moved, scanDocument(added));
    assert.equal(moved.headings[150].line, before.headings[150].line + 1);
  });

  it('edits that could change front matter, and wrong windows, fall back to a full scan (same result)', () => {
    const text = '---\ntype: spec\n---\n\n# Title\n\n## Scope\n\nText.\n';
    const before = scanDocument(text);
    const edited = text.replace('type: spec', 'type: handoff\ntitle: x');
    assertSameScan(rescanDocument(before, edited, addChange(undefined, 1, 1, 1)), scanDocument(edited));
    // A window that does not add up (claims no line was added) still gives the right scan.
    const grown = text.replace('Text.', 'Text.\nMore.\nAnd more.');
    assertSameScan(rescanDocument(before, grown, { first: 8, last: 8, lineDelta: 0 }), scanDocument(grown));
  });

  it('the language service gives the same analysis with and without the previous scan', () => {
    fc.assert(
      fc.property(
        documentArb({ titles: vocabulary.titles, avoidWords: vocabulary.avoidWords }),
        fc.array(editArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('spec', 'handoff', 'rust-rfc'),
        (text, edits, kindId) => {
          const first = service.analyze({ text, kindId });
          const { text: after, changed } = applyRecording(text, edits);
          const incremental = service.analyze({ text: after, kindId, previous: { doc: first.doc, changed: changed! } });
          const fresh = service.analyze({ text: after, kindId });
          assert.deepEqual(incremental.findings, fresh.findings);
          assert.deepEqual(service.checklist(incremental), service.checklist(fresh));
        },
      ),
      { seed: SEED, numRuns: runsOf(3), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) },
    );
  });
});
