/**
 * Plain section bodies are read without remark (parse/content.ts
 * `analyzePlain`, issue 20). Wherever the plain reader answers, its answer
 * must equal remark's: on every section body of the Rust RFC corpus (and on
 * each of their blank-line separated chunks, where plain text is common) and
 * on generated bodies made of plain and not-quite-plain lines.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePlain, analyzeWithRemark } from '../../server/src/service/parse/content';
import { parseDocument, sliceLines } from '../../server/src/service/parse/document';
import { corpusDir } from '../support/service';
import { prng } from '../../scripts/prng.cjs';

/** Compares one body; returns whether the plain reader answered. */
function same(body: string, where: string): boolean {
  const plain = analyzePlain(body);
  if (!plain) return false;
  assert.deepEqual(plain, analyzeWithRemark(body), `${where}:\n${body}`);
  return true;
}

describe('plain bodies: read without remark, as remark reads them', () => {
  it('checking the fixture spec (plain bodies and headings) never loads remark; a body with a link does', function () {
    this.timeout(60_000);
    // A fresh process: is micromark (remark's parser) among the loaded modules after each step?
    const script = `
      const { makeService, readFixture } = require(${JSON.stringify(path.join(__dirname, '..', 'support', 'service.ts'))});
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/micromark/'));
      const service = makeService();
      const spec = service.analyze({ text: readFixture('complete.spec.md'), relativePath: 'complete.spec.md' });
      const before = loaded();
      service.analyze({ text: readFixture('complete.spec.md').replace('## Acceptance criteria\\n', '## Acceptance criteria\\n\\nSee [the summary](#summary).\\n'), relativePath: 'complete.spec.md' });
      console.log(JSON.stringify([spec.kind && spec.kind.id, spec.findings.length, before, loaded()]));`;
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: path.join(__dirname, '..', '..'),
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), ['spec', 0, false, true]);
  });

  it('on every section body of the Rust RFC corpus and its chunks', function () {
    this.timeout(600_000);
    if (!fs.existsSync(corpusDir)) {
      console.warn(`    (skipped: corpus not found at ${corpusDir}; it lives in ../shared beside the repo)`);
      this.skip();
    }
    const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.md'));
    assert.ok(files.length > 100, `expected the whole corpus, found ${files.length} files`);
    let bodies = 0;
    let plain = 0;
    let withItems = 0;
    for (const file of files) {
      const doc = parseDocument(fs.readFileSync(path.join(corpusDir, file), 'utf8'));
      for (const section of doc.sections) {
        const body = sliceLines(doc, section.bodyStart, section.ownEnd);
        const chunks = [body, ...body.split(/\n[ \t]*\n/)];
        for (const [i, chunk] of chunks.entries()) {
          bodies++;
          if (same(chunk, `${file} line ${section.bodyStart + 1}${i ? ` chunk ${i}` : ''}`)) {
            plain++;
            if (/^(?:[-+*]|\d+[.)]) /m.test(chunk)) withItems++;
          }
        }
      }
    }
    // Not vacuous: many bodies and chunks, lists among them, take the plain path.
    assert.ok(plain > 5000, `only ${plain} of ${bodies} bodies and chunks were plain`);
    assert.ok(withItems > 500, `only ${withItems} plain bodies with list items`);
  });

  it('on generated bodies of plain and almost plain lines', () => {
    const lines = [
      '',
      '   ',
      'Plain words here.',
      'More words, with (parentheses), numbers 200 ms and p95 ≤ 1 s: fine!',
      'Ünïcödé text — dashes – and “quotes”.',
      'Issue #20 and a -> b, x > y, 50% + 3 = 4',
      '- [ ] AC-1: the thing works',
      '- [x] AC-2: done',
      '- [X] Done too',
      '- plain item',
      '* star item',
      '+ plus item',
      '1. first',
      '2. second',
      '3) paren',
      '1) one paren',
      '  wrapped continuation',
      '    deeper continuation',
      'lazy continuation',
      '**Bold** start and `code` here',
      '- [ ] AC-3: click **Export CSV**, then `a.csv` downloads',
      '- **accounts-service**: issues the `finance-admin` role.',
      '**In:** the filter, (**paren**) and **a**.',
      'code `a*b_c<d>&[x](y)` is literal',
      '- **S3 bucket `billing-exports`**: stores files;',
      '- **No `finance-admin` role:** `403`, problem type',
      '- Errors are listed under *Error handling*.',
      'Some *emphasis* and **strong**, (*paren*).',
      '  - nested item',
      '- - -',
      '---',
      '===',
      '- ',
      '-',
      '1.',
      '- [ ]',
      '- [ ] ',
      '-  two spaces',
      '- [ ]  two after box',
      '# heading',
      '> quote',
      '    indented code',
      'trailing two  ',
      'trailing one ',
      'a *b* c',
      'snake_case word',
      'see `code`',
      'a [link](http://x.y)',
      'mail a@b.co',
      'www.example.com',
      'https://example.com',
      'a | b',
      '|---|---|',
      'a &amp; b',
      'back\\slash',
      '~~gone~~',
      '<b>html</b>',
      '\tTabbed',
      '2024. A year',
      '1234567890. Not a list',
      '+1 agreed',
      '- 1. nested ordered',
      '- 200 ms at p95',
      'x **y**z',
      '** not strong**',
      '**not strong **',
      'a**b**',
      '**a**b',
      '**.**.',
      '**a**!',
      '`` double ``',
      '` spaced `',
      '`unclosed',
      '**`code`**',
      '***triple***',
      '*single*',
      '**two\nlines**',
      '`two\nlines`',
      '**a** **b** `c` `d`',
      '- **',
      '**',
      '**Ünï** ok',
      '**a `b`**c',
      '**a `**` b**',
      '**`a`** x',
      '**a** `b **c**`',
      '*a*b',
      'a*b*',
      '* spaced*',
      '*a `*` b*',
      '*a**b*',
      '*a* *b*',
      '**a*',
      '*a**',
      '*`a`*',
      '(*a*)x',
      '**1.** ok',
    ];
    const random = prng(20);
    const next = (n: number): number => Math.floor(random() * n);
    // The lines up to 'lazy continuation' are plain on their own; the rest are not, or not always.
    const plainLines = lines.slice(0, lines.indexOf('lazy continuation') + 1);
    let plain = 0;
    for (let run = 0; run < 6000; run++) {
      const from = run % 2 ? lines : plainLines;
      const body = Array.from({ length: 1 + next(8) }, () => from[next(from.length)]).join('\n');
      if (same(body, `generated body ${run}`)) plain++;
    }
    assert.ok(plain > 1000, `only ${plain} generated bodies were plain`);
  });

  it('reads a typical criteria section (items, boxes, wrapped lines, a paragraph) without remark', () => {
    const body = [
      '',
      'Each item is checkable:',
      '- [ ] AC-1: The export finishes',
      '  within 2 s for 10k rows.',
      '- [x] AC-2: Errors name the row.',
      '',
      'Done when all are ticked.',
    ].join('\n');
    const plain = analyzePlain(body);
    assert.ok(plain, 'plain');
    assert.deepEqual(
      plain.listItems.map((i) => [i.line, i.endLine, i.checked, i.text, i.contentColumn]),
      [
        [2, 3, false, 'AC-1: The export finishes within 2 s for 10k rows.', 2],
        [4, 4, true, 'AC-2: Errors name the row.', 2],
      ],
    );
    assert.deepEqual(
      plain.paragraphs.map((p) => [p.line, p.endLine, p.text]),
      [
        [1, 1, 'Each item is checkable:'],
        [6, 6, 'Done when all are ticked.'],
      ],
    );
    assert.deepEqual(plain, analyzeWithRemark(body));
    // Code spans and strong words: still no remark.
    const marked = '- **accounts-service**: issues the `finance-admin` role.\n- [ ] AC-1: click **Export CSV**.';
    const read = analyzePlain(marked);
    assert.ok(read, 'plain with code spans and strong');
    assert.deepEqual(
      read.listItems.map((i) => i.text),
      ['accounts-service: issues the finance-admin role.', 'AC-1: click Export CSV.'],
    );
    assert.equal(read.prose, 'accounts-service : issues the   role. AC-1: click  Export CSV .');
    assert.deepEqual(read, analyzeWithRemark(marked));
  });
});
