/**
 * Fast paths taken for corpus speed (issues 14 and 20) against the slower,
 * obviously right reading they replace: each test fails if a shortcut ever
 * reads its input differently.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readingDifferences } from '../support/reference';
import { fastPaths, type LineKind, scanBlocks, scanDocument, splitLines } from '../../server/src/service/parse/scanner';
import { documentPlaceholders, findPlaceholders } from '../../server/src/service/parse/placeholders';
import { editDistance } from '../../server/src/service/parse/titles';

/** Pieces of heading text chosen for markup that may or may not be markup (emphasis, links, code, escapes, HTML). */
const HEADING_PIECES = [
  'a',
  'B',
  '7',
  ' ',
  '  ',
  '*',
  '**',
  '_',
  '__',
  '~',
  '~~',
  '[',
  ']',
  '(',
  ')',
  '](',
  '[x](y)',
  '[x y](#z)',
  '[](u)',
  '[a_b](c)',
  '[t](<u>)',
  '[t](u "v")',
  '[t][ref]',
  '![i][]',
  '![T]',
  '![x][]',
  '![i][ref]',
  '![i][nope]',
  '[t][help s]',
  '![Help S]',
  '!',
  ' _a b_ ',
  '_T_ ',
  ' _a',
  'b_ ',
  '[t][x]',
  '[][ref]',
  '[t][REF ]',
  '[t][c]',
  '[x][nope]',
  '[t][]',
  '[x][]',
  '[t][](x)',
  '[`c`](u)',
  '[a `c` b][]',
  'a<-b',
  '< b',
  '<3',
  'a@b.c',
  '[^1]',
  '`',
  '``',
  '`c`',
  '!',
  '![i](j)',
  '\\',
  '\\_',
  '<',
  '>',
  '<b>',
  '&',
  '&amp;',
  'é',
  '-',
  '.',
  'x_y',
  'snake_case_name',
  '_x_',
  '*x*',
  'https://e.x/a_b',
];

/** Runs of the property tests on the block scanner (FC_RUNS=2000 for a longer search). */
const SCAN_RUNS = Number(process.env.FC_RUNS ?? 400);

/**
 * Lines for documents with list items, footnotes and quotes: continuation lines indented by less, as much as and
 * more than an item's content, with tabs, lazy lines, fences inside items, and first characters that may or may
 * not start a block (a backtick run, `[^`, `*x`, `2019.`, `#tag`).
 */
const CONTAINER_LINES = [
  '- a',
  '* b',
  '+ c',
  '1. d',
  '10) e',
  '-',
  '- ',
  '  - f',
  '   1. g',
  'text',
  ' text',
  '  text',
  '   text',
  '    text',
  '      text',
  '\ttext',
  '  \ttext',
  '> q',
  '> - q',
  '>',
  '> ```',
  '> ```\n>\n> x',
  '- x\n  ```\n\t\n  ```',
  '>  ~~~',
  '>     code',
  '[^n]: note',
  '    note',
  '[^n]:',
  '```',
  '  ```',
  '   ```',
  '    ```',
  '  ````',
  '  ~~~',
  '  ``',
  '`code` text',
  '  `code` text',
  '``x',
  '[link](u) text',
  '  [^x]: y',
  '  [x]: /u',
  '**bold** text',
  '  **bold**',
  '*x*',
  '  *',
  '  * x',
  '__x__',
  '___',
  '#tag',
  '  #tag',
  '  # h',
  '####### seven',
  '2019 was',
  '  2019. x',
  '123456789) x',
  '1234567890. x',
  '  ---',
  '---',
  '  ===',
  '',
  '   ',
  '\t',
  '-  two',
  '-    four',
  '-     five',
  '- - -',
  '* * *',
  '+ +',
  '- # h',
  '-\tx',
  '- `code`',
  '- [ ] task',
  '- > q',
  '- 1. x',
  '  * nested',
  '    - four in',
  '# H',
  '## h ##',
  '#',
  '# ',
  '   # three',
  '    # code',
  '#\th',
  // A blank line after an empty item closes it; after a non-empty one it does not: what follows tells.
  '-\n\n  # h',
  '- a\n\n  # h',
  '> - a\n\n  # h',
  // Only an ordered list starting at 1 interrupts a paragraph: else the line is the paragraph's (the heading tells).
  'text\n2. x\n   # h',
  '- a\n  b\n  2. c\n     # h',
  'text\n1. x\n   # h',
  'text\n11. x\n    # h',
  // A backtick in a backtick fence's info string makes it paragraph text; a tilde fence may have one.
  '```a`b',
  '~~~a`b',
  // A quote never continues at a blank line: the second blank line is top level.
  '> q\n\n\n  text',
  '<div>',
  '  <!-- c -->',
  '  <span>',
  '  | a | b |',
  '  |---|---|',
  'a | b',
  '-|-',
];
const containerDocument = fc
  .array(fc.constantFrom(...CONTAINER_LINES), { maxLength: 24 })
  .map((lines) => lines.join('\n'));

describe('fast paths (corpus speed)', () => {
  it('heading anchors read without remark equal remark + github-slugger (markup that may or may not be markup)', () => {
    const heading = fc
      .array(fc.constantFrom(...HEADING_PIECES), { minLength: 1, maxLength: 8 })
      .map((pieces) => pieces.join(''));
    // ATX headings, and setext headings over two lines (read with a line break).
    const block = fc.oneof(
      heading.map((h) => `## ${h}\n`),
      // Not compared here (known differences of the exact reading, not of the fast one): two spaces ending the
      // first line (a hard line break, read as a space) and a code span across the line break.
      fc
        .tuple(heading, heading)
        .filter(([a, b]) => !a.includes('`') && !b.includes('`'))
        // Lines start with a word: a line starting with ">" or "<" would open a quote or HTML, not heading text.
        .map(([a, b]) => `s ${a.trimEnd()}\ns ${b}\n---\n`),
    );
    // Reference definitions: none, plain ones (full references then read without remark), or one remark reads as text.
    const definitions = fc.constantFrom(
      '',
      '\n[ref]: /r\n[x]: /x\n',
      '\n[T]: /t "title"\n[c]: <a>\n',
      '\n[ref]: /r(x)\n[x]: /x\n',
      '\n[ref]: /r\n[é]: /e\n[Help ſ]: /h\n',
    );
    const doc = fc
      .tuple(fc.array(block, { minLength: 1, maxLength: 6 }), definitions)
      .map(([blocks, defs]) => blocks.map((b) => `${b}\ntext\n`).join('\n') + defs);
    fc.assert(
      fc.property(doc, (text) => {
        const differences = readingDifferences(text);
        assert.deepEqual(differences, [], `${differences.join('\n')}\n--- document:\n${text}`);
      }),
      { numRuns: 1500, seed: 20261201 },
    );
  });

  it('placeholders of a whole document equal those found line by line (one search over the text first)', () => {
    const piece = fc.constantFrom(
      'TODO',
      'TODOS',
      'xTODO',
      'TBD',
      '`TODO`',
      '???',
      '[NEEDS CLARIFICATION: a',
      ']',
      'to be decided',
      ' ',
      'a',
      '\n',
      '\r\n',
      '\r',
      '\n```\n',
      '\n<!-- ',
      ' -->\n',
      '\n# ',
      'x'.repeat(19_998),
      // Cut at 20,000 characters right after "TODO": the line has a placeholder the whole text does not.
      `\n${'x'.repeat(19_995)} TODOS`,
    );
    const lists: (readonly string[])[] = [['TODO', 'TBD', '???'], ['TODO', 'to be decided'], []];
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.constantFrom(...lists), (pieces, tokens) => {
        const doc = scanDocument(pieces.join(''));
        const expected: { line: number; hits: ReturnType<typeof findPlaceholders> }[] = [];
        for (let line = 0; line < doc.lines.length; line++) {
          if (doc.lineKinds[line] !== 'text' && doc.lineKinds[line] !== 'heading') continue;
          const hits = findPlaceholders(doc.lines[line], tokens);
          if (hits.length) expected.push({ line, hits });
        }
        assert.deepEqual(documentPlaceholders(doc, tokens), expected);
      }),
      { numRuns: 1500, seed: 20261201 },
    );
  });

  it('editDistance with reused rows equals the textbook table (optimal string alignment, early exit past max)', () => {
    // The reference: a fresh table per call, as written before the rows were reused.
    const reference = (a: string, b: string, max: number): number => {
      if (Math.abs(a.length - b.length) > max) return max + 1;
      const d: number[][] = [];
      for (let i = 0; i <= a.length; i++) {
        d.push([]);
        for (let j = 0; j <= b.length; j++) {
          if (i === 0 || j === 0) {
            d[i][j] = i + j;
            continue;
          }
          let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
          d[i][j] = v;
        }
        if (i > 0 && Math.min(...d[i]) > max) return max + 1;
      }
      return d[a.length][b.length];
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', ' '), maxLength: 90 });
    // Long words and near copies of them (a few characters changed, dropped or swapped), so rows run past 64 columns.
    const long = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', ' '), minLength: 60, maxLength: 120 });
    const pair = fc.oneof(
      fc.tuple(word, word),
      fc
        .oneof(word, long)
        .chain((a) =>
          fc
            .array(fc.tuple(fc.nat(), fc.constantFrom('', 'x', 'ab')), { maxLength: 3 })
            .map(
              (edits) =>
                [
                  a,
                  edits.reduce(
                    (s, [at, by]) => s.slice(0, at % (s.length + 1)) + by + s.slice((at % (s.length + 1)) + 1),
                    a,
                  ),
                ] as const,
            ),
        ),
    );
    fc.assert(
      fc.property(pair, fc.integer({ min: 0, max: 6 }), ([a, b], max) => {
        assert.equal(editDistance(a, b, max), reference(a, b, max));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });
  it('scanDocument reads the same with its fast paths as with the general path alone (lists, footnotes, quotes, headings)', () => {
    const saved = { ...fastPaths };
    try {
      fc.assert(
        fc.property(containerDocument, (text) => {
          fastPaths.inContainers = false;
          fastPaths.firstCharacters = false;
          fastPaths.blockStarts = false;
          const general = scanDocument(text);
          fastPaths.inContainers = true;
          fastPaths.firstCharacters = true;
          fastPaths.blockStarts = true;
          assert.deepEqual(scanDocument(text), general, `--- document:\n${text}`);
        }),
        { numRuns: SCAN_RUNS, seed: 20261201 },
      );
    } finally {
      Object.assign(fastPaths, saved);
    }
  });

  it('scanBlocks never reads a character past the end of a line (V8 throws its optimised code away at such a read)', () => {
    /** A line that throws on a read outside it (the scanner only calls charCodeAt, slice, trim and the like on lines). */
    class StrictLine extends String {
      override charCodeAt(index: number): number {
        if (!(index >= 0 && index < this.length)) throw new Error(`charCodeAt(${index}) on a line of ${this.length}`);
        return super.charCodeAt(index);
      }
    }
    const outside = new StrictLine('ab');
    assert.throws(() => outside.charCodeAt(2), /charCodeAt\(2\)/);
    fc.assert(
      fc.property(containerDocument, (text) => {
        // Objects, not strings: only read through their methods (an empty line is no longer `=== ''`, which is fine here).
        const lines = splitLines(text).lines.map((line) => new StrictLine(line) as unknown as string);
        const lineKinds: LineKind[] = new Array(lines.length).fill('text');
        const scan = {
          lines,
          hasBom: false,
          lineKinds,
          headings: [],
          blocks: [],
          topLevel: new Uint8Array(lines.length),
        };
        assert.doesNotThrow(() => scanBlocks(scan, 0), `--- document:\n${text}`);
      }),
      { numRuns: SCAN_RUNS, seed: 20261201 },
    );
  });
});
