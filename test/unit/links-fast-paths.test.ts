/**
 * Issue 20, round seven: the fast paths of links, anchors and prose text
 * against the slower readings they replace. Each test fails if a shortcut
 * ever reads its input differently (generated documents, and the Rust RFC
 * corpus when it is present beside the repo).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { linkFastPaths, linksInLines } from '../../server/src/service/parse/inline';
import { scanDocument } from '../../server/src/service/parse/scanner';
import { corpusDir } from '../support/service';

/** Runs of the property tests (FC_RUNS=2000 for a longer search). */
const RUNS = Number(process.env.FC_RUNS ?? 400);

/** The corpus's files, or undefined (with a message) when it is absent. */
function corpusFiles(): string[] | undefined {
  if (!fs.existsSync(corpusDir)) {
    console.warn(`    (skipped: corpus not found at ${corpusDir}; it lives in ../shared beside the repo)`);
    return undefined;
  }
  const files = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join(corpusDir, f));
  assert.ok(files.length > 100, `expected the whole corpus, found ${files.length} files`);
  return files;
}

/** `fn` with the fast paths of `switches` on, then off: both answers. */
function bothWays<T>(switches: Record<string, boolean>, fn: () => T): { fast: T; slow: T } {
  const saved = { ...switches };
  try {
    for (const k of Object.keys(switches)) switches[k] = true;
    const fast = fn();
    for (const k of Object.keys(switches)) switches[k] = false;
    const slow = fn();
    return { fast, slow };
  } finally {
    Object.assign(switches, saved);
  }
}

/** Lines that may or may not hold links, and lines that end or start runs of text. */
const LINK_LINES = [
  'plain words',
  'a [link](target.md) here',
  'two [a](x.md) and [b](#y)',
  'text [that wraps',
  'over](lines.md) and on',
  '[ref]: other.md',
  '   [ref2]: <spaced.md> "title"',
  '    [indented]: code.md',
  '[^1]: a footnote definition',
  'a footnote[^1](not a link)',
  '![image](pic.png)',
  '`code [x](y)` and [z](w)',
  '``a `[b](c)` d``',
  '](',
  ']:',
  '[',
  ']',
  '- [item](list.md)',
  '> [quoted](q.md)',
  '',
  '',
  '```',
  '~~~',
  '<div>',
  '</div>',
  '<!-- [c](comment.md) -->',
  '# Heading [h](h.md)',
  '---',
  'x'.repeat(20_001),
  `[long](l.md) ${'y'.repeat(20_000)}`,
];

const linkDocument = fc
  .tuple(
    fc.array(fc.constantFrom(...LINK_LINES), { maxLength: 140 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
  )
  .map(([lines, eol, frontMatter]) => (frontMatter ? `---${eol}a: [x](y)${eol}---${eol}` : '') + lines.join(eol));

describe('links, anchors and prose: fast paths (issue 20, round seven)', () => {
  it('links found by one search of the text equal those found line by line (generated documents, any range of lines)', () => {
    fc.assert(
      fc.property(linkDocument, fc.nat(), fc.nat(), (text, a, b) => {
        const doc = scanDocument(text);
        const n = doc.lines.length + 1;
        const [start, end] = [a % n, b % n].sort((x, y) => x - y);
        for (const [s, e] of [
          [0, doc.lines.length],
          [start, end],
        ]) {
          const { fast, slow } = bothWays(linkFastPaths, () => linksInLines(doc, s, e));
          assert.deepEqual(fast, slow, `lines ${s}-${e} of:\n${text}`);
        }
      }),
      { numRuns: RUNS, seed: 2026120107 },
    );
  });

  it('runs of text longer than 40 lines: a link across the cut is missed both ways, the ones after it are found', () => {
    const lines: string[] = Array.from({ length: 100 }, (_, i) =>
      i === 39 ? 'text [wraps' : i === 40 ? 'here](x.md)' : 'words',
    );
    lines[85] = 'a [b](c.md)';
    const doc = scanDocument(lines.join('\n'));
    const { fast, slow } = bothWays(linkFastPaths, () => linksInLines(doc, 0, doc.lines.length));
    assert.deepEqual(fast, slow);
    assert.deepEqual(
      fast.map((l) => [l.url, l.line, l.column]),
      [['c.md', 85, 2]],
    );
  });

  it('the corpus: the same links both ways', function () {
    const files = corpusFiles();
    if (!files) return this.skip();
    let links = 0;
    for (const file of files) {
      const doc = scanDocument(fs.readFileSync(file, 'utf8'));
      const { fast, slow } = bothWays(linkFastPaths, () => linksInLines(doc, 0, doc.lines.length));
      assert.deepEqual(fast, slow, file);
      links += fast.length;
    }
    assert.ok(links > 1000, `expected the corpus's links, found ${links}`);
  });
});
