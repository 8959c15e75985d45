/**
 * Reading Markdown as GitHub does (issue 14) and never inserting sections
 * inside an HTML element (issue 23, item 16): the cases that are not rule
 * fixtures (those are test/fixtures/rules/sh001-fence-in-list-item,
 * sh001-heading-in-html-block, sh004-subsection-under-parent and
 * sh012-github-anchors).
 */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/service';
import { scanDocument } from '../../server/src/service/parse/scanner';
import { parseDocument } from '../../server/src/service/parse/document';
import { documentAnchors } from '../../server/src/service/parse/slug';
import { makeService } from '../support/service';
import { readingDifferences, referenceReading } from '../support/reference';

const service = makeService();
const head = '---\ntype: spec\ntitle: Details\n---\n\n# Details\n\n';

describe('GitHub fidelity', () => {
  it('a fence in a nested list item with an indented closing fence closes, and the heading after it is a heading', () => {
    const text = '* item\n  * nested\n  ```\n    code\n    ```\n  * more\n## Proposal\n';
    const doc = parseDocument(text);
    assert.deepEqual(
      doc.sections.map((s) => [s.heading.text, s.heading.line]),
      [['Proposal', 6]],
    );
    assert.deepEqual(doc.blocks, [{ type: 'code', start: 2, end: 4 }]);
  });

  it("a closing fence indented less than its item's content ends the item, and opens a new fence as on GitHub", () => {
    const text = '1. step\n   ```\n   code\n```\n## Still code\n';
    assert.deepEqual(scanDocument(text).headings, []);
    assert.deepEqual(referenceReading(text).headings, []);
  });

  it('anchors: repeats get -1, -2; links, emphasis and code spans read as their words; a quoted heading has one', () => {
    const text =
      '## Beta\n\n## Beta\n\n### See [the docs](https://e.x)\n\n### An _exec-style_ plugin\n\n## The `on:<mode>:` prefix\n\n> ## Quoted\n';
    assert.deepEqual(documentAnchors(scanDocument(text)), [
      'beta',
      'beta-1',
      'see-the-docs',
      'an-exec-style-plugin',
      'the-onmode-prefix',
      'quoted',
    ]);
  });

  it('a setext heading whose first line looks like an ordered list marker (no list there) keeps all its words in its anchor', () => {
    // After indented code, remark reads "2. …" as paragraph text, not a list; the heading spans the lazy lines.
    const text = '    - code\n2. AC-1: café\n   [the spec](./e.md) the\neAPI\n===\n';
    const reference = referenceReading(text).headings.map((h) => h.anchor);
    assert.deepEqual(reference, ['2-ac-1-café-the-spec-the-eapi']);
    assert.deepEqual(documentAnchors(scanDocument(text)), reference);
  });

  it('indented code starting on the line that closes a container ends after that line, as remark reads it', () => {
    const cases = [
      '> ```\n    a\n    b\n',
      '>     code\n    a\n    b\n',
      '-\n\n    a\n    b\n    c\n\n    d\n',
      '- x\n-\n\n    - a\n      b\n',
      '> ```\n\n    a\n    b\n',
    ];
    for (const text of cases) assert.deepEqual(readingDifferences(text), [], JSON.stringify(text));
    assert.deepEqual(
      scanDocument('-\n\n    a\n    b\n').blocks.map((b) => [b.start, b.end]),
      [
        [2, 2],
        [3, 3],
      ],
    );
  });

  it('a lazy line that opens a tag in a list item or quote is an HTML block there, as remark reads it', () => {
    const cases = [
      '- a\n<custom-tag>\n## API\n',
      '> a\n<custom-tag>\nfoo\n',
      '- a\n<custom-tag>\n  foo\n  ## x\n',
      'a\n<custom-tag>\nfoo\n',
    ];
    for (const text of cases) assert.deepEqual(readingDifferences(text), [], JSON.stringify(text));
    assert.deepEqual(scanDocument('- a\n<custom-tag>\n## API\n').blocks, [{ type: 'html', start: 1, end: 1 }]);
  });

  it('a setext heading with a hard line break (two trailing spaces) has no space there in its anchor, as on GitHub', () => {
    for (const text of ['Trailing spaces  \nhard break\n===\n', 'a   \r\n*b*\r\n===\r\n', 'a \nb\n===\n']) {
      assert.deepEqual(readingDifferences(text), [], JSON.stringify(text));
    }
    assert.deepEqual(documentAnchors(scanDocument('Trailing spaces  \nhard break\n===\n')), [
      'trailing-spaceshard-break',
    ]);
  });

  it('an unclosed fence in a list item keeps the blank lines before a new container, not before other text, as remark reads it', () => {
    for (const text of [
      '- x\n\n  ```\n\n- y\n',
      '- x\n  ```\n\n\n- y\n',
      '- x\n  ```\n\n> q\n',
      '- x\n  ```\n\n\nafter\n',
      '1. one\n   ```\n   code\n\nafter\n```\n',
      '```\na\n\n',
      '> ```\n> a\n\nb',
    ]) {
      assert.deepEqual(readingDifferences(text), [], JSON.stringify(text));
    }
    assert.deepEqual(scanDocument('- x\n\n  ```\n\n- y\n').blocks, [{ type: 'code', start: 2, end: 3 }]);
  });

  it('after an empty list item closed by a blank line, indented code after a paragraph is one block; </pre> alone is an HTML block (as remark reads them)', () => {
    for (const text of [
      '-\n\nTODO\n\n    code\n      the',
      '- a\nAPI\n-\n\nTODO\n\n    code\n      the',
      'para\n\n</pre>\nx\n',
      'para\n\n<pre/>\n',
    ]) {
      assert.deepEqual(readingDifferences(text), [], JSON.stringify(text));
    }
  });

  it('heading text: a code span over lines, and a "definition" that continues a paragraph (so no definition), read as remark does', () => {
    for (const text of ['```with ` backtick\n``\n`API`\n===', '[ref][1] the\nAPI\n===\n#API\n[1]: ./exists.md\n']) {
      assert.deepEqual(readingDifferences(text), [], JSON.stringify(text));
    }
  });

  it('a heading between <details> and </details> without blank lines is HTML; with blank lines it is a heading (as remark and GitHub read it)', () => {
    const tight = '<details>\n## Scope\n</details>\n';
    const loose = '<details>\n\n## Scope\n\n</details>\n';
    assert.deepEqual(parseDocument(tight).sections, []);
    assert.deepEqual(referenceReading(tight).headings, []);
    assert.deepEqual(
      parseDocument(loose).sections.map((s) => s.heading.text),
      ['Scope'],
    );
    assert.deepEqual(
      referenceReading(loose).headings.map((h) => h.text),
      ['Scope'],
    );
  });

  it('fix-all never inserts a section inside a <details> element (before the opening tag, or after the closing one)', () => {
    // Summary is missing and goes before Scope, which is inside <details>: the insert goes above <details>.
    const before = `${head}<details>\n<summary>More</summary>\n\n## Scope\n\nThe export button only.\n\n</details>\n`;
    const a = service.analyze({ text: before, kindId: 'spec' });
    const fixed = applyEdits(before, service.fixAllEdits(a));
    const lines = fixed.split('\n');
    const open = lines.indexOf('<details>');
    const close = lines.indexOf('</details>');
    const inserted = lines.map((l, i) => [l, i] as const).filter(([l]) => /^#{2,3} /.test(l) && l !== '## Scope');
    assert.ok(inserted.length > 0, 'fix-all inserted sections');
    for (const [l, i] of inserted)
      assert.ok(
        i < open || i > close,
        `"${l}" (line ${i + 1}) was inserted inside <details> (lines ${open + 1}–${close + 1})`,
      );
    // And after a section that ends inside the element: after the closing tag.
    const after = `${head}## Summary\n\nAdmins export invoices.\n\n<details>\n\n## Scope\n\nThe export button only.\n\n</details>\n`;
    const b = service.analyze({ text: after, kindId: 'spec' });
    const fixedB = applyEdits(after, service.fixAllEdits(b)).split('\n');
    const closeB = fixedB.indexOf('</details>');
    const openB = fixedB.indexOf('<details>');
    fixedB.forEach((l, i) => {
      if (/^#{2,3} /.test(l) && !['## Summary', '## Scope'].includes(l))
        assert.ok(i < openB || i > closeB, `"${l}" inserted inside <details>`);
    });
  });
});
