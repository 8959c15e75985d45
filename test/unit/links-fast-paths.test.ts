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
import {
  isWebAddress,
  linkFastPaths,
  linksInLines,
  proseFastPaths,
  proseOfLines,
} from '../../server/src/service/parse/inline';
import { scanDocument } from '../../server/src/service/parse/scanner';
import { headingAnchors, linkDefinitionLines, slugFastPaths } from '../../server/src/service/parse/slug';
import { anchorFastPaths, brokenLink } from '../../server/src/service/rules/sh012-broken-link';
import type { RuleContext } from '../../server/src/service/analysis/context';
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
  '[ref3]: a.md [not](a-link.md)',
  '`[c]: d` [e](f.md)',
  'a [web](https://example.com/x.md) link',
  '[w]: https://example.com/y',
  '[w2]:   <//cdn.example/z>',
  'mail [me]( mailto:a@b.c) and [rel](rel.md)',
  'a web link that [wraps',
  'over](http://lines.example) here',
  '[x](',
  'https://after-a-break.example) and [y](#after)',
  '[z]:',
  '  https://next-line.example',
  '`[q](https://in-code)` [r](ftp:x)',
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

/** Lines with HTML that may or may not give an anchor (`id` on any tag, `name` on `<a>`), and lines around them. */
const HTML_LINES = [
  '<a name="a"></a>',
  'text <a id=b>here</a>',
  "<span id='c'>",
  '<div',
  ' id="d">',
  '<A NAME=e>',
  '<p name="f">',
  '<a  id = "g" >',
  '<a title="x id=h">',
  'id="i" <b>',
  '<a\tid=j>',
  '<img id=k/>',
  ' id=l <a>',
  '<a id="">',
  '<a id=m name=n>',
  '<x-y Id=o>',
  '# A heading',
  '## b',
  'plain',
  '',
  '```',
  '<!--',
  '-->',
  '    <a id=p>',
  `<a id=q> ${'z'.repeat(20_000)}`,
];
const ANCHOR_NAMES = 'a b c d e f g h i j k l m n o p q a-heading'.split(' ');

/** SH012's findings on a document whose links ask for every anchor name above. */
function brokenAnchors(text: string): string[] {
  const doc = scanDocument(text);
  const context = {
    doc,
    path: undefined,
    host: { exists: () => true },
    localLinks: () => linksInLines(doc, 0, doc.lines.length, true),
  } as unknown as RuleContext;
  return brokenLink.check(context).map((f) => `${f.range.start.line}: ${f.message}`);
}

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
    // Local links only, with a web link in the first piece (its run is not read): the pieces are cut the same way.
    lines[5] = 'a [w](https://w.example)';
    const withWeb = scanDocument(lines.join('\n'));
    assert.deepEqual(
      linksInLines(withWeb, 0, withWeb.lines.length).map((l) => [l.url, l.line]),
      [
        ['https://w.example', 5],
        ['c.md', 85],
      ],
    );
    assert.deepEqual(
      linksInLines(withWeb, 0, withWeb.lines.length, true).map((l) => [l.url, l.line]),
      [['c.md', 85]],
    );
  });

  it('the corpus: the same links both ways', function () {
    const files = corpusFiles();
    if (!files) return this.skip();
    let links = 0;
    let skipped = 0;
    for (const file of files) {
      const doc = scanDocument(fs.readFileSync(file, 'utf8'));
      const { fast, slow } = bothWays(linkFastPaths, () => linksInLines(doc, 0, doc.lines.length));
      assert.deepEqual(fast, slow, file);
      links += fast.length;
      // Local links only (SH012's reading): the same links to paths and anchors, and the same SH012 findings.
      const localOnly = linksInLines(doc, 0, doc.lines.length, true);
      const notWeb = (l: { url: string }) => !isWebAddress(l.url.trim());
      assert.deepEqual(localOnly.filter(notWeb), fast.filter(notWeb), file);
      skipped += fast.length - localOnly.length;
      const findings = (found: typeof fast) =>
        brokenLink
          .check({
            doc,
            path: file,
            host: { exists: (p: string) => fs.existsSync(p) },
            localLinks: () => found,
          } as unknown as RuleContext)
          .map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message}`);
      assert.deepEqual(findings(localOnly), findings(fast), file);
    }
    assert.ok(links > 1000, `expected the corpus's links, found ${links}`);
    assert.ok(skipped > links / 3, `web links left out: ${skipped} of ${links}`);
  });

  it('local links only (SH012): the same links to paths and anchors as a full reading (generated documents)', () => {
    const local = (links: ReturnType<typeof linksInLines>) => links.filter((l) => !isWebAddress(l.url.trim()));
    fc.assert(
      fc.property(linkDocument, (text) => {
        const doc = scanDocument(text);
        const all = bothWays(linkFastPaths, () => linksInLines(doc, 0, doc.lines.length)).slow;
        const { fast, slow } = bothWays(linkFastPaths, () => linksInLines(doc, 0, doc.lines.length, true));
        assert.deepEqual(local(fast), local(all), text);
        assert.deepEqual(local(slow), local(all), text);
      }),
      { numRuns: RUNS, seed: 2026120213 },
    );
  });

  it('local links only: a run whose links all go to web addresses is not read', () => {
    const doc = scanDocument(
      'See [a](https://example.com) and [b]( <mailto:x@y.z>).\n\nThen [c](c.md), [d](//cdn/d) and [e](#e).\n\n[f]: https://f.example\n',
    );
    assert.deepEqual(
      linksInLines(doc, 0, doc.lines.length).map((l) => l.url),
      ['https://example.com', 'mailto:x@y.z', 'c.md', '//cdn/d', '#e', 'https://f.example'],
    );
    // The second paragraph is read (it has local links), web link included; the first and the definition are not.
    assert.deepEqual(
      linksInLines(doc, 0, doc.lines.length, true).map((l) => l.url),
      ['c.md', '//cdn/d', '#e'],
    );
    assert.ok(isWebAddress('HTTPS://x') && isWebAddress('//cdn') && isWebAddress('mailto:a@b'));
    assert.ok(!isWebAddress('c.md') && !isWebAddress('#e') && !isWebAddress('/root.md') && !isWebAddress('a/b:c'));
  });

  it('HTML anchors from the lines a search of the text finds with "<" equal those read line by line (generated documents)', () => {
    const links = ANCHOR_NAMES.map((n) => `[${n}](#${n})`).join(' ');
    const document = fc
      .tuple(fc.array(fc.constantFrom(...HTML_LINES), { maxLength: 30 }), fc.constantFrom('\n', '\r\n'))
      .map(([lines, eol]) => [...lines, '', links].join(eol));
    let found = 0;
    fc.assert(
      fc.property(document, (text) => {
        const { fast, slow } = bothWays(anchorFastPaths, () => brokenAnchors(text));
        assert.deepEqual(fast, slow, text);
        found += ANCHOR_NAMES.length - fast.length;
      }),
      { numRuns: RUNS, seed: 2026120107 },
    );
    assert.ok(found > RUNS, 'the generated documents should have anchors for some of the links');
  });

  it('anchors slugged on the ASCII path and numbered with a Map equal github-slugger (generated headings)', () => {
    const piece = fc.constantFrom(
      'a',
      'A',
      'Z',
      '0',
      ' ',
      '  ',
      '-',
      '_',
      '.',
      ',',
      '!',
      '?',
      '(',
      ')',
      "'",
      '"',
      '`',
      '~',
      '^',
      '/',
      '\\',
      '&',
      '<',
      '>',
      '\t',
      'é',
      'É',
      'ß',
      'İ',
      'ı',
      'Ω',
      '中',
      '😀',
      '\u00a0',
      '\u200b',
      '-1',
      '-2',
      'a-1',
      '__proto__',
      'constructor',
    );
    const headings = fc.array(
      fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(headings, (texts) => {
        const { fast, slow } = bothWays(slugFastPaths, () => headingAnchors(texts));
        assert.deepEqual(fast, slow, JSON.stringify(texts));
      }),
      { numRuns: RUNS * 5, seed: 2026120107 },
    );
  });

  it('the corpus: the same heading anchors and the same SH012 findings both ways', function () {
    const files = corpusFiles();
    if (!files) return this.skip();
    let anchors = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const doc = scanDocument(text);
      const texts = doc.headings.map((h) => h.multiLineText ?? h.text);
      const { fast, slow } = bothWays(slugFastPaths, () => headingAnchors(texts, linkDefinitionLines(doc)));
      assert.deepEqual(fast, slow, file);
      const definitions = bothWays(slugFastPaths, () => linkDefinitionLines(doc));
      assert.deepEqual(definitions.fast, definitions.slow, file);
      anchors += fast.length;
      const findings = bothWays(anchorFastPaths, () => brokenAnchors(text));
      assert.deepEqual(findings.fast, findings.slow, file);
    }
    assert.ok(anchors > 5000, `expected the corpus's headings, found ${anchors}`);
  });

  it('prose with each step taken only where a cheap test allows equals prose with every step (generated lines)', () => {
    const piece = fc.constantFrom(
      'a',
      'B',
      '7',
      '12',
      ' ',
      '   ',
      '\t',
      '\u00a0',
      '\u2003',
      '\ufeff',
      '-',
      '+',
      '*',
      '>',
      '>>',
      '|',
      ':',
      '.',
      ')',
      '1.',
      '2)',
      '- ',
      '* [x] ',
      '[ ] ',
      '[',
      ']',
      '](',
      '(',
      '[t](u)',
      '[ref]: u',
      '   [r]: <v> "t"',
      '<b>',
      '</i>',
      '<',
      '`',
      '``',
      '`c`',
      '`` a ` b ``',
      '|---|:--:|',
      ':-|',
      ':--: |',
      ' -: ',
      'é',
      '中',
    );
    const lines = fc.array(
      fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(lines, (ls) => {
        const doc = scanDocument(ls.join('\n'));
        const { fast, slow } = bothWays(proseFastPaths, () => proseOfLines(doc, 0, doc.lines.length));
        assert.equal(fast, slow, JSON.stringify(ls));
      }),
      { numRuns: RUNS * 5, seed: 2026120107 },
    );
  });

  it('the corpus: the same prose both ways, section by section', function () {
    const files = corpusFiles();
    if (!files) return this.skip();
    for (const file of files) {
      const doc = scanDocument(fs.readFileSync(file, 'utf8'));
      const starts = [0, ...doc.headings.map((h) => h.line + 1), doc.lines.length];
      for (let k = 0; k + 1 < starts.length; k++) {
        const { fast, slow } = bothWays(proseFastPaths, () => proseOfLines(doc, starts[k], starts[k + 1]));
        assert.equal(fast, slow, `${file}, lines ${starts[k]}-${starts[k + 1]}`);
      }
    }
  });

  it('link reference definitions found by a search of the text for "]:" equal those read line by line (generated documents)', () => {
    const line = fc.constantFrom(
      '[a]: /a',
      '[B]: <b> "t"',
      '   [c]: c',
      '    [code]: x',
      '[^1]: note',
      '[x\\]]: y',
      'text ]: more',
      'text',
      '',
      '# [h][a]',
      '```',
      '- [l]: /l',
      '> [q]: /q',
      '<!--',
      '-->',
    );
    const document = fc
      .tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([lines, eol]) => lines.join(eol));
    fc.assert(
      fc.property(document, (text) => {
        const doc = scanDocument(text);
        const { fast, slow } = bothWays(slugFastPaths, () => linkDefinitionLines(doc));
        assert.deepEqual(fast, slow, text);
      }),
      { numRuns: RUNS * 2, seed: 2026120107 },
    );
  });
});
