/**
 * fast-check generators for markdown that looks like real specs, handoffs and
 * RFCs — and for the ways real files go wrong: headings of every style and
 * level with titles taken from the schemas (and misspelt), front matter good
 * and broken, fences and comments left open, lists, checklists, quotes,
 * tables, links, placeholders, vague words, unicode, BOMs and every line
 * ending. Documents are composed from blocks; `corpusMutation` edits real
 * Rust RFCs from the shared corpus.
 *
 * Generated values are plain strings (or small descriptors for the corpus),
 * so fast-check's counterexamples can be pasted straight into a test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { DocumentKind, SectionSpec } from '../../server/src/service';
import { corpusDir } from './service';

/** Lines of one block, without line endings. */
export type Lines = string[];

// ---------------------------------------------------------------------------
// Vocabulary

export const PLACEHOLDERS = [
  'TODO',
  'TBD',
  '???',
  'FIXME',
  'XXX',
  '[NEEDS CLARIFICATION: who owns this?]',
  '[NEEDS CLARIFICATION]',
  'TODO:',
  '(TBD)',
];
export const VAGUE_WORDS = [
  'fast',
  'quick',
  'quickly',
  'easy',
  'easily',
  'as needed',
  'intuitive',
  'user-friendly',
  'simple',
  'robust',
  'etc',
  'appropriate',
  'as  needed',
  'Fast',
];
/** Unicode that tends to break column arithmetic and case folding. */
export const UNICODE_WORDS = [
  'café',
  'cafe\u0301',
  'naïve',
  'Ⅻ',
  'ﬁle',
  'İstanbul',
  'straße',
  'ǅ', // accents, combining marks, ligatures, case-folding surprises
  'שלום',
  'مرحبا',
  '\u202Ertl\u202C',
  '\u200Fאב', // right-to-left text and direction marks
  '😀',
  '👩‍💻',
  '🇩🇪',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '𠜎', // astral characters (surrogate pairs), ZWJ sequences
  '中文',
  '日本語',
  'zero\u200Bwidth',
  'tab\there',
  'nbsp\u00A0word',
];
const PLAIN_WORDS = [
  'the',
  'export',
  'invoice',
  'system',
  'shall',
  'user',
  'admin',
  'when',
  'then',
  'given',
  'because',
  'so',
  'that',
  'returns',
  'error',
  'CSV',
  'file',
  'service',
  'queue',
  'job',
  'rows',
  'API',
  'endpoint',
  'should',
  'must',
  'data',
  'page',
  'filter',
  'None.',
  'Yes',
  'no',
  'alternative',
  'option',
  'decision',
  'rationale',
  'drawback',
  'trait',
  'Iterator',
  'sum',
  'overflow',
  'question?',
  'fails',
  'retry',
];
const NUMBERS_WITH_UNITS = [
  '300 ms',
  '10k req/s',
  '2 MB',
  '99.9 %',
  '5 minutes',
  'p95 under 200 ms',
  '10 things',
  '42',
  '1,000 rows',
  '3.5s',
];
const LINKS = [
  '[the spec](./export.spec.md)',
  '[missing](./does-not-exist.md)',
  '[anchor](#summary)',
  '[up](../README.md)',
  '[abs](https://example.com/a?b=c)',
  '[mail](mailto:a@example.com)',
  '![image](./img.png)',
  '<https://example.com>',
  '[ref][1]',
  '[nested [brackets]](./x.md)',
  '[spaces](<./with space.md>)',
  '[title](./exists.md "Title")',
  '[q](./exists.md?x#y)',
  '[](./empty-text.md)',
  '[broken](./a.md',
];
const INLINE_MARKUP = [
  '`code TODO`',
  '**bold**',
  '_em_',
  '~~struck~~',
  '<b>html</b>',
  '<!-- inline comment -->',
  '\\*escaped\\*',
  '``double `tick` code``',
  '`unclosed code',
];
const CRITERION_IDS = ['AC-1:', 'AC-2:', 'AC-1:', 'FR-001:', '**AC-3**', 'NFR-7.', '[SC-2]', 'AC-x:', ''];

// ---------------------------------------------------------------------------
// Schema section names

/** Every section title and alias of the given kinds (deduplicated), plus their avoid words. */
export function schemaVocabulary(kinds: readonly DocumentKind[]): { titles: string[]; avoidWords: string[] } {
  const titles = new Set<string>();
  const avoid = new Set<string>();
  for (const kind of kinds) {
    for (const spec of kind.allSections) {
      titles.add(spec.title);
      for (const a of spec.aliases) titles.add(a);
      for (const w of spec.rules.avoidWords ?? []) avoid.add(w);
    }
  }
  return { titles: [...titles].sort(), avoidWords: [...avoid].sort() };
}

/** A title with one character inserted, deleted, replaced or two neighbours swapped (a typo). */
export function misspell(title: string, op: number, at: number, ch: string): string {
  if (!title) return ch;
  const i = at % title.length;
  switch (op % 4) {
    case 0:
      return title.slice(0, i) + ch + title.slice(i);
    case 1:
      return title.length > 1 ? title.slice(0, i) + title.slice(i + 1) : title + ch;
    case 2:
      return title.slice(0, i) + ch + title.slice(i + 1);
    default:
      return i + 1 < title.length
        ? title.slice(0, i) + title[i + 1] + title[i] + title.slice(i + 2)
        : title.slice(1) + title[0];
  }
}

/** Heading titles: schema titles and aliases, as written or decorated (numbered, cased, marked up), misspelt, or random words. */
export function titleArb(titles: readonly string[]): fc.Arbitrary<string> {
  const exact = fc.constantFrom(...titles);
  const decorated = fc
    .tuple(
      exact,
      fc.constantFrom('', '2. ', '3.1 ', 'A) ', '1 ', '**', '`'),
      fc.constantFrom('', ':', '?', ' (draft)', ' TODO', ' 😀'),
      fc.constantFrom<'keep' | 'upper' | 'lower'>('keep', 'upper', 'lower'),
    )
    .map(([t, pre, post, c]) => {
      const cased = c === 'upper' ? t.toUpperCase() : c === 'lower' ? t.toLowerCase() : t;
      return pre === '**' || pre === '`' ? `${pre}${cased}${pre}${post}` : `${pre}${cased}${post}`;
    });
  const typo = fc
    .tuple(exact, fc.nat(3), fc.nat(60), fc.constantFrom('e', 'a', 's', ' ', '-', 'é', 'x'))
    .map(([t, op, at, ch]) => misspell(t, op, at, ch));
  const words = fc
    .array(fc.constantFrom(...PLAIN_WORDS, ...UNICODE_WORDS), { minLength: 1, maxLength: 4 })
    .map((w) => w.join(' '));
  const odd = fc.constantFrom(
    '',
    ' ',
    '#',
    'Summary #',
    'Summary \\#',
    '[Summary](#summary)',
    '<em>Scope</em>',
    'Scope &amp; boundaries',
    'Summary\tSummary',
    'TL;DR',
    '???',
    'TODO',
  );
  return fc.oneof(
    { arbitrary: exact, weight: 6 },
    { arbitrary: decorated, weight: 3 },
    { arbitrary: typo, weight: 3 },
    { arbitrary: words, weight: 2 },
    { arbitrary: odd, weight: 1 },
  );
}

// ---------------------------------------------------------------------------
// Inline text

export function inlineTextArb(avoidWords: readonly string[] = []): fc.Arbitrary<string> {
  const token = fc.oneof(
    { arbitrary: fc.constantFrom(...PLAIN_WORDS), weight: 10 },
    { arbitrary: fc.constantFrom(...VAGUE_WORDS, ...avoidWords), weight: 2 },
    { arbitrary: fc.constantFrom(...PLACEHOLDERS), weight: 2 },
    { arbitrary: fc.constantFrom(...UNICODE_WORDS), weight: 2 },
    { arbitrary: fc.constantFrom(...LINKS), weight: 2 },
    { arbitrary: fc.constantFrom(...INLINE_MARKUP), weight: 1 },
    { arbitrary: fc.constantFrom(...NUMBERS_WITH_UNITS), weight: 1 },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  );
  return fc.array(token, { minLength: 1, maxLength: 14 }).map((t) => t.join(' '));
}

// ---------------------------------------------------------------------------
// Blocks

export interface BlockOptions {
  titles: readonly string[];
  avoidWords?: readonly string[];
  /** Leave out the thousands-deep nesting (beyond MAX_CONTAINER_DEPTH the scanner stops following remark on purpose). */
  noDeepNesting?: boolean;
}

export function atxHeadingArb(titles: readonly string[]): fc.Arbitrary<Lines> {
  return fc
    .record({
      indent: fc.constantFrom('', '', '', ' ', '   ', '    '),
      level: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 5 },
        { arbitrary: fc.integer({ min: 4, max: 7 }), weight: 1 },
      ),
      gap: fc.constantFrom(' ', ' ', '  ', '\t', ''),
      title: titleArb(titles),
      closing: fc.constantFrom('', '', '', ' #', ' ##', ' ######', '#', ' # '),
    })
    .map(({ indent, level, gap, title, closing }) => [`${indent}${'#'.repeat(level)}${gap}${title}${closing}`]);
}

export function setextHeadingArb(titles: readonly string[]): fc.Arbitrary<Lines> {
  return fc
    .record({
      title: titleArb(titles),
      extra: fc.option(fc.constantFrom('continued', 'second line'), { freq: 5 }),
      underline: fc.constantFrom('===', '---', '=', '-', '  ----  ', '=====', '--- -'),
    })
    .map(({ title, extra, underline }) => (extra ? [title, extra, underline] : [title, underline]));
}

export function paragraphArb(o: BlockOptions): fc.Arbitrary<Lines> {
  return fc.array(inlineTextArb(o.avoidWords), { minLength: 1, maxLength: 3 });
}

function listItemText(o: BlockOptions): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...CRITERION_IDS), inlineTextArb(o.avoidWords))
    .map(([id, t]) => (id ? `${id} ${t}` : t));
}

export function listArb(o: BlockOptions): fc.Arbitrary<Lines> {
  const item = fc.record({
    depth: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 1 }),
    marker: fc.constantFrom('-', '-', '*', '+', '1.', '2.', '10)', '1)'),
    box: fc.constantFrom('', '', '[ ] ', '[x] ', '[X] ', '[] ', '[ ]'),
    text: listItemText(o),
    continuation: fc.option(inlineTextArb(o.avoidWords), { freq: 6 }),
  });
  return fc.array(item, { minLength: 1, maxLength: 6 }).map((items) =>
    items.flatMap(({ depth, marker, box, text, continuation }) => {
      const indent = ' '.repeat(depth * (marker.length + 1));
      const line = `${indent}${marker} ${box}${text}`;
      return continuation ? [line, `${indent}${' '.repeat(marker.length + 1)}${continuation}`] : [line];
    }),
  );
}

export function checklistArb(): fc.Arbitrary<Lines> {
  const item = fc.tuple(
    fc.constantFrom('- [ ] ', '- [x] ', '* [ ] ', '1. [ ] ', '2. [x] ', '- '),
    fc.constantFrom('AC-1: ', 'AC-2: ', 'AC-2: ', 'FR-3: ', ''),
    fc.constantFrom(
      'Given an admin, when they export, then a CSV downloads.',
      'When the export fails, the system shall show an error.',
      'The page is fast and easy to use.',
      'Export works TODO',
      'The CSV has a header row.',
    ),
  );
  return fc.array(item, { minLength: 1, maxLength: 5 }).map((items) => items.map(([m, id, t]) => `${m}${id}${t}`));
}

export function fencedCodeArb(titles: readonly string[]): fc.Arbitrary<Lines> {
  return fc
    .record({
      ch: fc.constantFrom('`', '~'),
      len: fc.integer({ min: 3, max: 5 }),
      indent: fc.constantFrom('', '', ' ', '   '),
      info: fc.constantFrom('', 'rust', 'md', 'sh', 'yaml {.x}', 'with ` backtick'),
      body: fc.array(
        fc.oneof(
          atxHeadingArb(titles).map((l) => l[0]),
          fc.constantFrom(
            'let x = 1;',
            'TODO in code',
            '---',
            '',
            '<!--',
            '```',
            '~~~',
            '- [ ] not a criterion',
            '[link](./missing.md)',
          ),
        ),
        { maxLength: 5 },
      ),
      close: fc.constantFrom<'same' | 'longer' | 'shorter' | 'other' | 'none'>(
        'same',
        'same',
        'same',
        'longer',
        'shorter',
        'other',
        'none',
      ),
    })
    .map(({ ch, len, indent, info, body, close }) => {
      const open = `${indent}${ch.repeat(len)}${info}`;
      const other = ch === '`' ? '~' : '`';
      const closing =
        close === 'same'
          ? [ch.repeat(len)]
          : close === 'longer'
            ? [ch.repeat(len + 2)]
            : close === 'shorter'
              ? [ch.repeat(len - 1)]
              : close === 'other'
                ? [other.repeat(len)]
                : [];
      return [open, ...body, ...closing];
    });
}

export function htmlCommentArb(titles: readonly string[]): fc.Arbitrary<Lines> {
  return fc.oneof(
    fc.constant<Lines>(['<!-- a note for reviewers -->']),
    fc.constant<Lines>(['<!-- TODO: hidden placeholder -->']),
    atxHeadingArb(titles).map((h) => ['<!--', ...h, 'hidden text', '-->']),
    atxHeadingArb(titles).map((h) => ['<!-- starts here', ...h, 'ends -->  trailing text']),
    atxHeadingArb(titles).map((h) => ['<!-- never closed', ...h]),
    fc.constant<Lines>(['   <!-- indented -->']),
    fc.constant<Lines>(['text before <!-- not a block comment', '## Not hidden?', '-->']),
  );
}

export function tableArb(o: BlockOptions): fc.Arbitrary<Lines> {
  return fc
    .array(fc.tuple(inlineTextArb(o.avoidWords), inlineTextArb(o.avoidWords)), { minLength: 1, maxLength: 4 })
    .map((rows) => [
      '| Column | Notes |',
      '|--------|:-----:|',
      ...rows.map(([a, b]) => `| ${a.replace(/\|/g, '/')} | ${b.replace(/\|/g, '/')} |`),
    ]);
}

export function blockquoteArb(o: BlockOptions): fc.Arbitrary<Lines> {
  return fc
    .tuple(
      fc.constantFrom('> ', '>', '>> ', '> > ', '   > '),
      fc.oneof(paragraphArb(o), listArb(o), atxHeadingArb(o.titles), checklistArb()),
      fc.boolean(),
    )
    .map(([prefix, inner, lazy]) => {
      const quoted = inner.map((l) => prefix + l);
      return lazy ? [...quoted, 'lazy continuation line'] : quoted;
    });
}

export function miscBlockArb(): fc.Arbitrary<Lines> {
  return fc.constantFrom<Lines>(
    ['---'],
    ['***'],
    ['___'],
    ['- - -'], // thematic breaks (a `---` after a paragraph is a setext underline)
    ['    indented code', '    # not a heading'],
    ['<div>', '## Heading inside HTML', '</div>'],
    ['[1]: ./exists.md', '[2]: <./missing.md> "title"'],
    ['Term', ': definition'],
    ['\\# escaped heading'],
    ['#hashtag not heading'],
    ['####### seven hashes'],
    ['\t# tab-indented'],
    ['Line with trailing spaces   ', 'hard break'],
    [''.padEnd(300, 'x')],
  );
}

/**
 * What real documents nest (issue 14): fences inside list items with their
 * closing fence indented more or less than the item's content, headings and
 * fences in quotes, HTML blocks around headings (with and without blank
 * lines), footnotes, tables, and headings with inline markup and repeats.
 */
export function containerBlockArb(titles: readonly string[]): fc.Arbitrary<Lines> {
  const title = titleArb(titles);
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom('* ', '- ', '1. ', '10) '),
        fc.constantFrom('  ', '    ', '', '   '),
        fc.constantFrom('  ', '    ', '', '      '),
        title,
      )
      .map(([m, open, close, t]) => [
        `${m}item`,
        `${' '.repeat(m.length)}${m}nested`,
        `${open}\`\`\``,
        `${open}  code`,
        `${close}\`\`\``,
        `${' '.repeat(m.length)}${m}more`,
        `## ${t}`,
      ]),
    fc
      .tuple(fc.constantFrom('- ', '1. '), fc.boolean(), title)
      .map(([m, blank, t]) => [
        `${m}item`,
        ...(blank ? [''] : []),
        `${' '.repeat(m.length)}~~~`,
        `${' '.repeat(m.length)}# ${t}`,
        '',
        `${' '.repeat(m.length)}text`,
        `# ${t}`,
      ]),
    fc
      .tuple(fc.constantFrom('> ', '>'), title)
      .map(([q, t]) => [`${q}## ${t}`, `${q}\`\`\``, `${q}# code`, 'lazy?', `${q}\`\`\``]),
    fc
      .tuple(
        fc.constantFrom('<details>', '<div class="x">', '<section>', '<custom-tag>', '<pre>', '<script>', '<!-- c'),
        fc.boolean(),
        title,
      )
      .map(([tag, blank, t]) => [
        tag,
        ...(blank ? [''] : []),
        `## ${t}`,
        ...(blank ? [''] : []),
        tag === '<!-- c' ? '-->' : `</${/<([a-z-]+)/.exec(tag)![1]}>`,
      ]),
    fc.constantFrom<Lines>(
      ['[^1]: See the design doc.', '    more of the note', '', '    # still the note?'],
      ['Text with a note[^n].', '', '[^n]: The note.'],
    ),
    fc
      .tuple(
        title,
        fc.constantFrom(
          '[the docs](https://e.x)',
          '_exec-style_',
          '`on:<mode>:`',
          '**bold**',
          '<span>x</span>',
          '[ref][r]',
          '![img](i.png)',
          '*not em*',
          '&amp; more',
          'C++ & C#',
        ),
      )
      .map(([t, m]) => [`### ${t} ${m}`, '', `## ${t}`]),
    fc.constantFrom<Lines>(
      ['a | b', '--|--', 'c | d', '===', ''],
      ['| a |', '| - |', '| c |', '---'],
      ['| x | y |', '|---|', 'not a table', '---'],
    ),
    fc.constantFrom<Lines>(
      ['- a', '', '      indented code in item', '', '  - b', '', '        # code, not heading'],
      ['1. one', '   ```', '   code', '', 'after', '```'],
    ),
  );
}

/** Pathological nesting on one line ("+ + + … item", "> > > …"): hundreds to thousands of levels. */
export function deepNestingArb(): fc.Arbitrary<Lines> {
  return fc
    .tuple(
      fc.constantFrom('- ', '+ ', '* ', '1. ', '1) ', '> ', '>', '- > ', '- [ ] '),
      fc.integer({ min: 50, max: 3_000 }),
    )
    .map(([marker, depth]) => [`${marker.repeat(depth)}deep item`]);
}

/** Front matter as lines: well-formed for a kind, malformed YAML, not a mapping, or never closed. */
export function frontMatterArb(): fc.Arbitrary<Lines> {
  const type = fc.constantFrom('spec', 'handoff', 'mini', 'rust-rfc', 'Spec', 'unknown-kind');
  const good = fc
    .record({
      type,
      title: fc.constantFrom('Export invoices', '"Quoted: title"', "'single'", 'Ünïcödé 😀', ''),
      status: fc.option(fc.constantFrom('draft', 'approved', 'review', 'bogus'), { freq: 2 }),
      spec: fc.option(
        fc.constantFrom('./export.spec.md', 'export.spec.md', 'missing.spec.md', 'https://example.com/spec.md', '""'),
        { freq: 3 },
      ),
      extra: fc.option(
        fc.constantFrom(
          'owner: Alice',
          'tickets: [BILL-1, BILL-2]',
          'created: 2024-01-31',
          'spec: ./export.spec.md',
          'created: not-a-date',
          'tags:\n  - a\n  - b',
        ),
        { freq: 2 },
      ),
      close: fc.constantFrom('---', '---', '---', '...', '---   '),
    })
    .map(({ type, title, status, spec, extra, close }) => [
      '---',
      `type: ${type}`,
      ...(title ? [`title: ${title}`] : []),
      ...(status ? [`status: ${status}`] : []),
      ...(spec ? [`spec: ${spec}`] : []),
      ...(extra ? extra.split('\n') : []),
      close,
    ]);
  const malformed = fc.constantFrom<Lines>(
    ['---', 'type: spec', 'title: "unclosed', '---'],
    ['---', 'type: [spec', '---'],
    ['---', 'type: mini', 'title: a: b: c', '---'],
    ['---', 'type: spec', '\ttitle: tab indented', '---'],
    ['---', 'type: handoff', 'type: handoff', '---'],
    ['---', '- just', '- a list', '---'],
    ['---', 'just a string', '---'],
    ['---', '---'],
    ['---', 'a: &x [1, 2]', 'b: [*x, *x, *x]', 'type: mini', '---'],
    ['---', 'type: spec', 'title: {', '---'],
    ['---', 'type: *undefined_alias', '---'],
  );
  const unclosed = fc.constantFrom<Lines>(
    ['---', 'type: spec', 'title: Never closed'],
    ['---', 'type: mini'],
    ['---', 'title: x', ''],
  );
  // TOML front matter (Hugo, Zola): recognised read-only, never a second block above it.
  const toml = fc.constantFrom<Lines>(
    ['+++', 'type = "spec"', 'title = "Export invoices"', '+++'],
    ['+++', "title = 'Only a title'", 'draft = true', '[extra]', 'type = "handoff"', '+++'],
    ['+++', 'type = "mini"', '+++'],
    ['+++', 'type = "spec"', 'title = "Never closed"'],
  );
  return fc.oneof(
    { arbitrary: good, weight: 5 },
    { arbitrary: malformed, weight: 2 },
    { arbitrary: unclosed, weight: 1 },
    { arbitrary: toml, weight: 1 },
  );
}

export function blockArb(o: BlockOptions): fc.Arbitrary<Lines> {
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: atxHeadingArb(o.titles), weight: 8 },
    { arbitrary: setextHeadingArb(o.titles), weight: 2 },
    { arbitrary: paragraphArb(o), weight: 6 },
    { arbitrary: listArb(o), weight: 3 },
    { arbitrary: checklistArb(), weight: 3 },
    { arbitrary: fencedCodeArb(o.titles), weight: 2 },
    { arbitrary: htmlCommentArb(o.titles), weight: 1 },
    { arbitrary: tableArb(o), weight: 1 },
    { arbitrary: blockquoteArb(o), weight: 1 },
    { arbitrary: miscBlockArb(), weight: 1 },
    { arbitrary: containerBlockArb(o.titles), weight: 2 },
    { arbitrary: o.noDeepNesting ? miscBlockArb() : deepNestingArb(), weight: 1 },
  );
}

// ---------------------------------------------------------------------------
// Documents

export type EolStyle = 'lf' | 'crlf' | 'mixed' | 'cr';

/** Joins lines with a line-ending style; `mixed` draws each ending from `pattern` (0, 2: LF; 1: CRLF; 3: a lone CR). */
export function joinLines(
  lines: readonly string[],
  eol: EolStyle,
  trailing: boolean,
  pattern: readonly number[] = [0],
): string {
  const endings = ['\n', '\r\n', '\r'];
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    out += lines[i];
    if (i < lines.length - 1 || trailing) {
      out +=
        eol === 'lf'
          ? '\n'
          : eol === 'crlf'
            ? '\r\n'
            : eol === 'cr'
              ? '\r'
              : [endings[0], endings[1], endings[0], endings[2]][pattern[i % pattern.length] % 4];
    }
  }
  return out;
}

export interface DocumentShape {
  bom: boolean;
  frontMatter: Lines | null;
  blocks: Lines[];
  /** Blank lines after each block (0 glues two blocks together, which is where setext and lazy lines surprise). */
  gaps: number[];
  eol: EolStyle;
  mixed: number[];
  trailing: boolean;
}

export function renderDocument(d: DocumentShape): string {
  const lines: string[] = [...(d.frontMatter ?? [])];
  d.blocks.forEach((block, i) => {
    lines.push(...block);
    const gap = d.gaps[i % Math.max(1, d.gaps.length)] ?? 1;
    for (let g = 0; g < gap; g++) lines.push('');
  });
  const text = joinLines(lines, d.eol, d.trailing, d.mixed);
  return (d.bom ? '\uFEFF' : '') + text;
}

export function eolArb(): fc.Arbitrary<EolStyle> {
  return fc.oneof(
    { arbitrary: fc.constant<EolStyle>('lf'), weight: 5 },
    { arbitrary: fc.constant<EolStyle>('crlf'), weight: 3 },
    { arbitrary: fc.constant<EolStyle>('mixed'), weight: 1 },
    { arbitrary: fc.constant<EolStyle>('cr'), weight: 1 },
  );
}

/** A whole document from random blocks. */
export function documentArb(o: BlockOptions & { maxBlocks?: number }): fc.Arbitrary<string> {
  return fc
    .record({
      bom: fc.boolean(),
      frontMatter: fc.option(frontMatterArb(), { freq: 2 }),
      blocks: fc.array(blockArb(o), { maxLength: o.maxBlocks ?? 14 }),
      gaps: fc.array(
        fc.oneof(
          { arbitrary: fc.constant(1), weight: 4 },
          { arbitrary: fc.constant(0), weight: 2 },
          { arbitrary: fc.constant(2), weight: 1 },
        ),
        { minLength: 1, maxLength: 8 },
      ),
      eol: eolArb(),
      mixed: fc.array(fc.nat(3), { minLength: 1, maxLength: 7 }),
      trailing: fc.boolean(),
    })
    .map(renderDocument);
}

/** A document shaped by a kind: its sections mostly in order, at mostly the right level, with bodies of every sort. */
export function schemaDocumentArb(kind: DocumentKind, o: BlockOptions): fc.Arbitrary<string> {
  const specs = kind.allSections;
  const n = specs.length;
  const entry = fc.record({
    include: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
    name: fc.oneof(
      { arbitrary: fc.constant<'title' | 'alias' | 'typo' | 'upper'>('title'), weight: 6 },
      { arbitrary: fc.constantFrom<'title' | 'alias' | 'typo' | 'upper'>('alias', 'typo', 'upper'), weight: 2 },
    ),
    typo: fc.tuple(fc.nat(3), fc.nat(60), fc.constantFrom('e', 'a', ' ', 'x')),
    levelShift: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.constantFrom(-1, 1, 2), weight: 1 }),
    setext: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
    body: fc.oneof(
      { arbitrary: fc.constant<Lines[]>([]), weight: 1 },
      { arbitrary: fc.constant<'template'>('template'), weight: 1 },
      {
        arbitrary: fc.array(
          fc.oneof(
            paragraphArb(o),
            listArb(o),
            checklistArb(),
            fencedCodeArb(o.titles),
            tableArb(o),
            blockquoteArb(o),
            htmlCommentArb(o.titles),
          ),
          { maxLength: 3 },
        ),
        weight: 5,
      },
    ),
  });
  return fc
    .record({
      bom: fc.boolean(),
      frontMatter: fc.option(frontMatterArb(), { freq: 4, nil: null }),
      title: fc.option(fc.constantFrom('# Export invoices as CSV', 'Export invoices', '# ', '# Summary'), {
        freq: 3,
        nil: null,
      }),
      entries: fc.array(entry, { minLength: n, maxLength: n }),
      swaps: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 }),
      extra: fc.array(fc.tuple(fc.nat(n), blockArb(o)), { maxLength: 3 }),
      eol: eolArb(),
      mixed: fc.array(fc.nat(3), { minLength: 1, maxLength: 7 }),
      trailing: fc.boolean(),
    })
    .map(({ bom, frontMatter, title, entries, swaps, extra, eol, mixed, trailing }) => {
      const order = specs.map((_, i) => i);
      for (const [a, b] of swaps) [order[a], order[b]] = [order[b], order[a]];
      const blocks: Lines[] = [];
      if (title) blocks.push(title === 'Export invoices' ? [title, '==='] : [title]);
      order.forEach((i, position) => {
        const e = entries[i];
        for (const [at, block] of extra) if (at === position) blocks.push(block);
        if (!e.include) return;
        blocks.push(sectionHeading(specs[i], e));
        if (e.body === 'template') {
          if (specs[i].example) blocks.push(specs[i].example.split('\n'));
        } else {
          blocks.push(...e.body);
        }
      });
      return renderDocument({ bom, frontMatter, blocks, gaps: [1], eol, mixed, trailing });
    });
}

function sectionHeading(
  spec: SectionSpec,
  e: { name: string; typo: [number, number, string]; levelShift: number; setext: boolean },
): Lines {
  let text = spec.title;
  if (e.name === 'alias' && spec.aliases.length) text = spec.aliases[e.typo[1] % spec.aliases.length];
  if (e.name === 'typo') text = misspell(text, e.typo[0], e.typo[1], e.typo[2]);
  if (e.name === 'upper') text = text.toUpperCase();
  const level = Math.min(6, Math.max(1, spec.level + e.levelShift));
  if (e.setext && level <= 2) return [text, level === 1 ? '===' : '---'];
  return [`${'#'.repeat(level)} ${text}`];
}

// ---------------------------------------------------------------------------
// Edits (for mutation and incremental-analysis properties)

export type LineEdit =
  | { op: 'insert'; at: number; line: string }
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'heading'; at: number; line: string }
  | { op: 'fence'; at: number; line: string }
  | { op: 'replace'; at: number; line: string }
  | { op: 'type'; at: number; column: number; text: string };

export function lineEditArb(o: BlockOptions): fc.Arbitrary<LineEdit> {
  const at = fc.nat(100_000);
  const anyLine = fc.oneof(
    inlineTextArb(o.avoidWords),
    fc.constantFrom('', '---', '- [ ] AC-9: new criterion', '> quote', '<!--', '-->', '| a | b |', '===', '   '),
  );
  return fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at, line: anyLine }),
    fc.record({ op: fc.constant('delete' as const), at }),
    fc.record({ op: fc.constant('duplicate' as const), at }),
    fc.record({ op: fc.constant('swap' as const), at, with: at }),
    fc.record({ op: fc.constant('heading' as const), at, line: atxHeadingArb(o.titles).map((l) => l[0]) }),
    fc.record({ op: fc.constant('fence' as const), at, line: fc.constantFrom('```', '~~~', '```rust', '````') }),
    fc.record({ op: fc.constant('replace' as const), at, line: anyLine }),
    fc.record({
      op: fc.constant('type' as const),
      at,
      column: fc.nat(200),
      text: fc.constantFrom('x', ' ', 'TODO', '#', '\r', '\n', '\r\n', '`', '[', '😀', '- '),
    }),
  );
}

/** Applies line edits to a text, keeping its line-ending style (mixed texts get LF for new lines). */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r\n|\n|\r/);
  for (const e of edits) {
    const i = lines.length ? e.at % lines.length : 0;
    switch (e.op) {
      case 'insert':
      case 'heading':
      case 'fence':
        lines.splice(i, 0, e.line);
        break;
      case 'delete':
        if (lines.length > 1) lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 'swap': {
        const j = lines.length ? e.with % lines.length : 0;
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      }
      case 'replace':
        lines[i] = e.line;
        break;
      case 'type': {
        const l = lines[i] ?? '';
        const c = e.column % (l.length + 1);
        lines[i] = l.slice(0, c) + e.text + l.slice(c);
        break;
      }
    }
  }
  return lines.join(eol);
}

// ---------------------------------------------------------------------------
// Corpus (Rust RFCs)

let corpusFiles: string[] | undefined;

/** The corpus's markdown files (sorted, relative), or [] when the corpus folder is missing. */
export function corpusFileList(): string[] {
  if (!corpusFiles) {
    corpusFiles = fs.existsSync(corpusDir)
      ? fs
          .readdirSync(corpusDir, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.md'))
          .sort()
      : [];
  }
  return corpusFiles;
}

export const corpusMissingMessage = `corpus not found at ${corpusDir} (it lives in ../shared beside the repo); corpus properties skipped`;

const corpusCache = new Map<string, string>();
export function corpusText(file: string): string {
  let t = corpusCache.get(file);
  if (t === undefined) {
    t = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    corpusCache.set(file, t);
  }
  return t;
}

/** A mutation of one corpus file: which file (by index into the sorted list) and the edits. Small, so counterexamples stay readable. */
export interface CorpusMutation {
  file: string;
  edits: LineEdit[];
}

/** Needs a non-empty corpus (check `corpusFileList().length` first). */
export function corpusMutationArb(o: BlockOptions, maxEdits = 6): fc.Arbitrary<CorpusMutation> {
  const files = corpusFileList();
  return fc.record({
    file: fc.nat(Math.max(0, files.length - 1)).map(
      (i) => files[i],
      (f) => files.indexOf(f as string),
    ),
    edits: fc.array(lineEditArb(o), { maxLength: maxEdits }),
  });
}

export function mutatedCorpusText(m: CorpusMutation): string {
  return applyLineEdits(corpusText(m.file), m.edits);
}
