/**
 * Issue 20, round eleven: `documentPlaceholders` reads only the lines where a
 * search of the whole text finds a match starting (`placeholderFastPaths`).
 * These tests fail if that ever finds other placeholders than reading every
 * text and heading line does: generated documents (CRLF, a BOM, code, matches
 * across line breaks, lines cut at MAX_INLINE_LINE) and the Rust RFC corpus
 * when it is present beside the repo.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { MAX_INLINE_LINE } from '../../server/src/service/parse/inline';
import { documentPlaceholders, placeholderFastPaths } from '../../server/src/service/parse/placeholders';
import { scanDocument } from '../../server/src/service/parse/scanner';
import { corpusFileList, corpusMissingMessage, corpusText } from '../support/arbitraries';

const RUNS = Number(process.env.FC_RUNS ?? 400);
const DEFAULT_TOKENS = ['TODO', 'TBD', 'FIXME', 'XXX', '???'];

/** The placeholders of `text` read with the text search, then line by line (each from a fresh scan: the result is cached per scan). */
function bothWays(text: string, tokens: readonly string[]): { fast: unknown; slow: unknown } {
  const saved = placeholderFastPaths.textSearch;
  try {
    placeholderFastPaths.textSearch = true;
    const fast = documentPlaceholders(scanDocument(text), tokens);
    placeholderFastPaths.textSearch = false;
    const slow = documentPlaceholders(scanDocument(text), tokens);
    return { fast, slow };
  } finally {
    placeholderFastPaths.textSearch = saved;
  }
}

const LINES = [
  'plain words',
  'a TODO here',
  'TODOS are not TODO',
  'two: TBD and ???',
  '`TODO` in code, TBD outside',
  '``a `TODO` b`` FIXME',
  '[NEEDS CLARIFICATION: which one?]',
  '[NEEDS CLARIFICATION: spans',
  'two lines] and TODO',
  '[NEEDS CLARIFICATION]',
  '# Heading TBD',
  'Setext TODO',
  '===',
  '- [ ] item XXX',
  '> quoted ???',
  '```',
  'code TODO',
  '~~~',
  '<!-- TODO in a comment -->',
  '<div>',
  'html TODO',
  '</div>',
  '    indented TODO',
  '',
  'x'.repeat(MAX_INLINE_LINE - 2) + 'TODOS',
  'x'.repeat(MAX_INLINE_LINE + 5) + ' TODO',
  'snake_TODO_case and TODO_',
  'émigré TBD—ok',
];

describe('placeholders: the text search against every line (issue 20, round eleven)', () => {
  it('finds the same placeholders in generated documents (LF, CRLF, a BOM; default and custom tokens)', () => {
    const tokenLists: (readonly string[])[] = [DEFAULT_TOKENS, ['TODO'], ['(wip)', 'a.b', '$x'], [], ['not yet']];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 12 })), { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.constantFrom(...tokenLists),
        (lines, eol, bom, tokens) => {
          const text = (bom ? '\uFEFF' : '') + lines.join(eol);
          const { fast, slow } = bothWays(text, tokens);
          assert.deepEqual(fast, slow);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('reads every line when one is cut at MAX_INLINE_LINE, where the cut can make a placeholder', () => {
    const text = `intro\n${'x'.repeat(MAX_INLINE_LINE - 5)} TODOS\nend`;
    const { fast, slow } = bothWays(text, DEFAULT_TOKENS);
    assert.deepEqual(fast, slow);
    assert.equal((fast as { line: number }[]).length, 1, 'the cut line holds "TODO" as read');
  });

  it('finds a placeholder on the line where a match across a line break starts, and the ones that match hides', () => {
    const text = 'a [NEEDS CLARIFICATION: one\nTODO two] b\nTBD';
    const { fast, slow } = bothWays(text, DEFAULT_TOKENS);
    assert.deepEqual(fast, slow);
    assert.deepEqual(
      (fast as { line: number }[]).map((l) => l.line),
      [1, 2],
    );
  });

  it('the corpus: the same placeholders both ways', function () {
    const files = corpusFileList();
    if (!files.length) {
      console.warn(`    (skipped: ${corpusMissingMessage})`);
      this.skip();
    }
    assert.ok(files.length > 100, `expected the whole corpus, found ${files.length} files`);
    let found = 0;
    for (const file of files) {
      const { fast, slow } = bothWays(corpusText(file), DEFAULT_TOKENS);
      assert.deepEqual(fast, slow, file);
      found += (fast as unknown[]).length;
    }
    assert.ok(found > 0, 'the corpus holds placeholders (else this compares nothing)');
  });
});
