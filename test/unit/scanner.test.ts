import * as assert from 'node:assert/strict';
import { MAX_CONTAINER_DEPTH, scanDocument, splitLines } from '../../server/src/service/parse/scanner';
import { parseDocument } from '../../server/src/service/parse/document';

const headingTexts = (text: string) => scanDocument(text).headings.map((h) => `${h.level}:${h.text}`);

describe('scanner', () => {
  it('finds ATX headings and strips closing hashes', () => {
    assert.deepEqual(headingTexts('# Title #\n\n## Scope ##\ntext\n###### Six\n####### not a heading\n#no-space\n'), [
      '1:Title',
      '2:Scope',
      '6:Six',
    ]);
  });

  it('finds setext headings but not thematic breaks or list continuations', () => {
    assert.deepEqual(headingTexts('Title\n=====\n\nScope\n---\n\n---\n\n- item\n---\n'), ['1:Title', '2:Scope']);
  });

  it('ignores headings inside fenced code, HTML comments and front matter', () => {
    const text = [
      '---',
      'title: x',
      '# not: heading',
      '---',
      '```md',
      '# in code',
      '```',
      '~~~~',
      '## tilde code',
      '~~~~~',
      '<!--',
      '## commented',
      '-->',
      '## Real',
    ].join('\n');
    assert.deepEqual(headingTexts(text), ['2:Real']);
  });

  it('does not close a fence with a shorter or different fence', () => {
    const text = ['````', '```', '# still code', '~~~', '````', '# Out'].join('\n');
    assert.deepEqual(headingTexts(text), ['1:Out']);
  });

  it('ignores indented code; a heading in a block quote has an anchor but starts no section', () => {
    const text = '    # indented code\n> # quoted\n   ### three spaces ok\n';
    assert.deepEqual(headingTexts(text), ['1:quoted', '3:three spaces ok']);
    assert.deepEqual(
      scanDocument(text).headings.map((h) => h.nested),
      [true, false],
    );
    assert.deepEqual(
      parseDocument(text).sections.map((s) => s.heading.text),
      ['three spaces ok'],
    );
  });

  it('handles CRLF and lone CR line endings and reports the dominant one', () => {
    const crlf = splitLines('a\r\nb\r\nc');
    assert.deepEqual(crlf.lines, ['a', 'b', 'c']);
    assert.equal(crlf.eol, '\r\n');
    assert.deepEqual(splitLines('a\rb\nc').lines, ['a', 'b', 'c']);
    assert.equal(splitLines('a\nb\r\nc\n').eol, '\n');
    assert.deepEqual(headingTexts('# A\r\n\r\n## B\r\n'), ['1:A', '2:B']);
  });

  it('splits every mix of LF, CRLF and lone CR as the reference reading does (lines, starts, counts)', () => {
    // The reference: a regex split (slow, obviously right); every text up to 7 characters over "a", LF and CR.
    const reference = (text: string) => {
      const lines: string[] = [];
      const lineStarts: number[] = [];
      let crlf = 0;
      let lf = 0;
      let start = 0;
      for (const m of text.matchAll(/\r\n|\r|\n/g)) {
        lineStarts.push(start);
        lines.push(text.slice(start, m.index));
        if (m[0] === '\r\n') crlf++;
        else lf++;
        start = m.index + m[0].length;
      }
      lineStarts.push(start);
      lines.push(text.slice(start));
      return { lines, lineStarts, eolCounts: { crlf, lf }, eol: crlf > lf ? '\r\n' : '\n' };
    };
    let texts = [''];
    for (let length = 1; length <= 7; length++) {
      texts = texts.flatMap((t) => [`${t}a`, `${t}\n`, `${t}\r`]);
      for (const text of texts) assert.deepEqual(splitLines(text), reference(text), JSON.stringify(text));
    }
  });

  it('keeps a BOM on line 0 but still sees front matter and headings', () => {
    const doc = scanDocument('\uFEFF---\ntype: spec\n---\n# T\n');
    assert.equal(doc.hasBom, true);
    assert.ok(doc.frontMatter);
    assert.deepEqual(
      doc.headings.map((h) => h.text),
      ['T'],
    );
    const bomHeading = scanDocument('\uFEFF# Title');
    assert.equal(bomHeading.headings[0].markerStart, 1);
    assert.equal(bomHeading.headings[0].textStart, 3);
  });

  it('reports unclosed front matter that looks like YAML', () => {
    assert.equal(scanDocument('---\ntype: spec\n# Title\n').unclosedFrontMatterLine, 0);
    assert.equal(scanDocument('---\n\nText\n').unclosedFrontMatterLine, undefined);
  });

  it('records heading text columns for renames', () => {
    const h = scanDocument('  ##   Acceptence  Criteria   ##').headings[0];
    assert.equal(h.text, 'Acceptence  Criteria');
    assert.equal('  ##   Acceptence  Criteria   ##'.slice(h.textStart, h.textEnd), 'Acceptence  Criteria');
    assert.equal('  ##   Acceptence  Criteria   ##'.slice(h.markerStart, h.markerEnd), '##');
  });

  it('builds a section tree with own and full extents', () => {
    const doc = parseDocument('# T\nintro\n## A\na\n### A1\nx\n## B\nb\n');
    const [t, a, a1, b] = doc.sections;
    assert.deepEqual(doc.roots, [t]);
    assert.deepEqual(t.children, [a, b]);
    assert.deepEqual(a.children, [a1]);
    assert.equal(a.ownEnd, 4);
    assert.equal(a.end, 6);
    assert.equal(b.end, doc.lines.length);
  });

  it('opens a list item or quote right after a list nested past the bound (it counts the containers a line keeps)', () => {
    // The line "- next" closes the too-deep list: it is a new top-level item, so what is indented under it is
    // inside it (a fast-check run found the scan counting the closed containers and reading "- next" as text).
    const tooDeep = `${Array(MAX_CONTAINER_DEPTH + 1)
      .fill('-')
      .join(' ')} deep`;
    for (const opener of ['- next', '1. next', '[^1]: next']) {
      const doc = scanDocument(`${tooDeep}\n\n${opener}\n\n    ## Inside\n`);
      const inside = doc.headings.find((h) => h.text === 'Inside');
      assert.equal(inside?.nested, true, opener);
      assert.equal(doc.topLevel[2], 1, opener);
      assert.equal(doc.topLevel[3], 0, opener);
    }
    const quoted = scanDocument(`${tooDeep}\n\n> ## Inside\n`);
    assert.equal(quoted.headings.find((h) => h.text === 'Inside')?.nested, true);
  });

  it('survives 10,000-deep nesting without recursion', () => {
    const deep =
      Array.from({ length: 10000 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n') +
      '\n' +
      '>'.repeat(10000) +
      ' quote\n# After';
    assert.deepEqual(headingTexts(deep), ['1:After']);
  });
});
