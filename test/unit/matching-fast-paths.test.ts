// Issue 20, round seven: the shortcuts in heading matching and the per-section rules must give exactly what
// the straightforward computation gives. Each test compares the two over generated input (and over the Rust
// RFC corpus where it is present) and checks that the shortcut was actually taken.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  charMask,
  editDistance,
  isNearMiss,
  nearMissBudget,
  nearMissDistance,
  normalizeTitle,
} from '../../server/src/service/parse/titles';
import { parseDocument } from '../../server/src/service/parse/document';
import { DEFAULT_HEADING_DECORATIONS, decorationFinder } from '../../server/src/service/parse/decorations';
import { namesOf } from '../../server/src/service/analysis/matching';
import { SchemaRegistry } from '../../server/src/service/schema/registry';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import { prng } from '../../scripts/prng.cjs';
import { corpusDir, makeService, repoRoot } from '../support/service';
import { sectionEmptiness, squash } from '../../server/src/service/rules/sh002-empty-section';
import { stripPlaceholders } from '../../server/src/service/parse/placeholders';
import { withoutBoilerplate } from '../../server/src/service/analysis/boilerplate';
import type { RuleContext } from '../../server/src/service/rules/rule';
import type { DocSection } from '../../server/src/service/parse/document';
import { guidanceSentence } from '../../server/src/service/rules/sh001-missing-section';
import { proseWordsUpTo } from '../../server/src/service/rules/sh013-too-short';
import type { LanguageService } from '../../server/src/service';
import { withTypos } from '../support/typos';

/** The answer before the shortcut: the near-miss test, then the distance with the title's budget. */
const slowNearMiss = (heading: string, title: string): number =>
  isNearMiss(heading, title) ? editDistance(heading, title, nearMissBudget(title.length)) : -1;

/** Whether the character sets alone turn the pair down (the shortcut `nearMissDistance` takes). */
function maskRejects(heading: string, title: string): boolean {
  const budget = nearMissBudget(Math.min(heading.length, title.length));
  if (heading === title || budget === 0 || Math.abs(heading.length - title.length) > budget) return false;
  const bits = (x: number): number => {
    let n = 0;
    for (; x; x &= x - 1) n++;
    return n;
  };
  const h = charMask(heading);
  const t = charMask(title);
  return bits(h & ~t) > budget || bits(t & ~h) > budget;
}

function corpusFiles(): string[] | undefined {
  if (!fs.existsSync(corpusDir)) {
    console.warn(`    (skipped: corpus not found at ${corpusDir}; it lives in ../shared beside the repo)`);
    return undefined;
  }
  return fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join(corpusDir, f));
}

function rfcService(): LanguageService {
  const text = fs.readFileSync(path.join(repoRoot, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml'), 'utf8');
  return makeService({ extraSchemas: [{ source: 'rust-rfc.yaml', text }] });
}

/** Section bodies made of pieces that change what prose and words are: markup, code, links, tables, other scripts. */
function generatedDocument(random: () => number): string {
  const pieces = [
    'word',
    'two words',
    ' ',
    '`code span`',
    '``',
    '[link](http://x.y/z w)',
    '](',
    '<b>',
    '<!-- c -->',
    "don't",
    'e-mail',
    '—',
    'naïve',
    'смысл',
    '数字',
    '42',
    '*',
    '_',
    '|',
    '---',
    '- ',
    '1. ',
    '> ',
    '[ ] ',
    '[x]: http://ref',
    'TODO',
  ];
  const lines: string[] = [];
  for (let s = 1 + Math.floor(random() * 4); s > 0; s--) {
    lines.push(`## Section ${s}`, '');
    for (let n = Math.floor(random() * 9); n > 0; n--) {
      const r = random();
      if (r < 0.1) lines.push('');
      else if (r < 0.15) lines.push('```', 'fenced words here', '```');
      else if (r < 0.2) lines.push('    indented code words');
      else {
        let line = '';
        for (let k = Math.floor(random() * 8); k > 0; k--) line += pieces[Math.floor(random() * pieces.length)];
        lines.push(line);
      }
    }
  }
  return lines.join(random() < 0.2 ? '\r\n' : '\n');
}

/** normalizeTitle's whole pipeline, for any title (as titles.ts spells it out). */
function fullNormalization(title: string): string {
  let t = title
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .trim()
    .replace(/^(?:\d+(?:\.\d+)*\.?|[A-Za-z][.)])\s+/, '');
  t = t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  t = t.toLowerCase().replace(/&/g, ' and ');
  return t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Titles normalizeTitle answers without its cache: ASCII words one space apart, a letter first, a capital in them. */
const uncachedPath = (title: string): boolean => /^[A-Za-z](?: ?[A-Za-z0-9])*$/.test(title) && /[A-Z]/.test(title);

describe('normalizeTitle: simple titles without the cache, ASCII titles without decomposition', () => {
  it('the same normal form as the whole pipeline on generated titles', () => {
    const random = prng(20261209);
    const pieces = ['A', 'b', 'Z', 'q', 'Summary', 'API', '1', '42', ' ', '  ', '2.', 'a)', 'B.', '-', 'É', '\t', '_'];
    // Printable ASCII punctuation (the path without decomposition), and the characters that leave it: & < [.
    const punctuation = ['`', ':', '?', '!', '/', '(', ')', ']', '#', '~', '&', '<b>', '[x](y)', '[', '<', '\x7f'];
    let fast = 0;
    let ascii = 0;
    for (let i = 0; i < 30_000; i++) {
      let title = '';
      for (let n = Math.floor(random() * 7); n > 0; n--) title += pieces[Math.floor(random() * pieces.length)];
      if (i % 2)
        for (let n = Math.floor(random() * 3); n > 0; n--)
          title += punctuation[Math.floor(random() * punctuation.length)];
      if (uncachedPath(title)) fast++;
      if (/^[\x20-\x7e]*$/.test(title) && !/[&<[]/.test(title) && /[^A-Za-z0-9 ]/.test(title)) ascii++;
      assert.equal(normalizeTitle(title), fullNormalization(title), JSON.stringify(title));
      // Asked again (a cached answer where there is one), the same.
      assert.equal(normalizeTitle(title), fullNormalization(title), JSON.stringify(title));
    }
    assert.ok(fast > 1000, `titles on the path without the cache: ${fast}`);
    assert.ok(ascii > 2000, `titles of ASCII punctuation without & < [: ${ascii}`);
  });

  it('the same normal form as the whole pipeline for every heading of the corpus', function () {
    this.timeout(120_000);
    const files = corpusFiles();
    if (!files) this.skip();
    let fast = 0;
    let headings = 0;
    for (const file of files!)
      for (const section of parseDocument(fs.readFileSync(file, 'utf8')).sections) {
        headings++;
        if (uncachedPath(section.heading.text)) fast++;
        assert.equal(section.normalized, fullNormalization(section.heading.text), `${file}: ${section.heading.text}`);
      }
    assert.ok(fast > headings / 3, `${fast} of ${headings} headings on the path without the cache`);
  });
});

describe('heading decorations: headings without a bracket answered before the cache', () => {
  /** Every built-in pattern run over the text, overlapping spans joined. */
  const reference = (text: string): { start: number; end: number }[] => {
    const spans: { start: number; end: number }[] = [];
    for (const p of DEFAULT_HEADING_DECORATIONS)
      for (const m of text.matchAll(new RegExp(p, 'gi')))
        if (m[0].length) spans.push({ start: m.index, end: m.index + m[0].length });
    spans.sort((a, b) => a.start - b.start);
    const out: { start: number; end: number }[] = [];
    for (const s of spans) {
      const last = out[out.length - 1];
      if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
      else out.push({ ...s });
    }
    return out;
  };

  it('the same spans as the built-in patterns on generated headings', () => {
    const find = decorationFinder(DEFAULT_HEADING_DECORATIONS, true);
    const random = prng(20261210);
    const pieces = ['Scope', ' ', '(', ')', '[', ']', '*', '_', 'optional', 'Required', 'if any', 'include if x', 'é'];
    const endings = [
      ' (optional)',
      ' *(mandatory)*',
      ' [Optional]',
      '(if any) ',
      ' _[x]_',
      ' (include when y)',
      ' (n)',
    ];
    let found = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(random() * 8); n > 0; n--) text += pieces[Math.floor(random() * pieces.length)];
      if (random() < 0.4) text += endings[Math.floor(random() * endings.length)];
      const expected = reference(text);
      assert.deepEqual(find(text), expected, JSON.stringify(text));
      assert.deepEqual(find(text), expected, `${JSON.stringify(text)}, asked again`);
      if (expected.length) found++;
    }
    assert.ok(found > 3000, `headings with a decoration: ${found}`);
  });
});

/** sectionEmptiness as it was before round seven: every own line kept, then compared as a whole. */
function slowEmptiness(
  ctx: RuleContext,
  section: DocSection,
  example: string,
  boilerplate: readonly string[],
): 'empty' | 'template' | 'filled' {
  const { doc } = ctx;
  const ownLines: string[] = [];
  let hasContent = false;
  for (let i = section.bodyStart; i < section.ownEnd; i++) {
    const kind = doc.lineKinds[i];
    if (kind === 'blank' || kind === 'comment') continue;
    if (kind === 'code' || kind === 'fence') {
      ownLines.push(doc.lines[i]);
      hasContent = true;
      continue;
    }
    const stripped = stripPlaceholders(doc.lines[i], ctx.kind.placeholders);
    const letters = /[\p{L}\p{N}]/u.test(stripped);
    if (letters) hasContent = true;
    if (letters || stripped === doc.lines[i]) ownLines.push(doc.lines[i]);
  }
  if (hasContent && boilerplate.length) {
    const own = withoutBoilerplate(ownLines, boilerplate);
    let code = false;
    for (let i = section.bodyStart; i < section.ownEnd; i++)
      if (doc.lineKinds[i] === 'code' || doc.lineKinds[i] === 'fence') code = true;
    if (!code && !/[\p{L}\p{N}]/u.test(stripPlaceholders(own, ctx.kind.placeholders))) hasContent = false;
    else if (example && own === withoutBoilerplate(example.split('\n'), boilerplate)) return 'template';
    else return 'filled';
  }
  if (hasContent) return example && squash(ownLines.join('\n')) === squash(example) ? 'template' : 'filled';
  return section.children.length > 0 ? 'filled' : 'empty';
}

describe('SH002: section emptiness decided as the lines come', () => {
  const examples = [
    '',
    '   ',
    'Describe the change in one paragraph.',
    'First line of the example.\n\n- a list item\n- [ ] TODO\n\n```\ncode()\n```',
    '| a | b |\n|---|---|\n| 1 | 2 |',
    'Ünïcode example — 数字 42',
  ];
  const boilerplates: string[][] = [[], ['Required line.'], ['Required line.', 'Second required\nparagraph.']];
  const fillers = [
    'TODO',
    '- [ ] TODO',
    '???',
    '[NEEDS CLARIFICATION: who?]',
    'Required line.',
    '<!-- a comment -->',
    '---',
    '|---|---|',
    '—',
    '数字',
    'Some words here.',
    '    indented code',
    '',
    '  ',
    'Second required',
    'paragraph.',
    'x',
  ];

  /** A document whose sections hold examples (whole, spaced out, cut short, with placeholders) and other lines. */
  function emptinessDocument(random: () => number): string {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const lines: string[] = ['# Title', ''];
    for (let s = 1 + Math.floor(random() * 5); s > 0; s--) {
      lines.push(`${random() < 0.3 ? '###' : '##'} Section ${s}`);
      const r = random();
      if (r < 0.35) {
        // An example, perhaps respaced, cut, extended or with a placeholder line.
        let body = pick(examples).split('\n');
        if (random() < 0.3) body = body.map((l) => (random() < 0.5 ? `  ${l.replace(/ /g, '   ')} ` : l));
        if (random() < 0.2) body = body.slice(0, Math.max(0, body.length - 1));
        if (random() < 0.3) body.splice(Math.floor(random() * (body.length + 1)), 0, pick(fillers));
        lines.push(...body);
      } else if (r < 0.45) {
        lines.push('```', pick(fillers), '```');
      } else {
        for (let n = Math.floor(random() * 5); n > 0; n--) lines.push(pick(fillers));
      }
      lines.push('');
    }
    return lines.join('\n');
  }

  it('the same state as the whole-section comparison on generated sections, examples and boilerplate', () => {
    const service = makeService();
    const kindId = service.registry.kinds[0].id;
    const random = prng(20261211);
    const seen = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const { doc, context } = service.analyze({ text: emptinessDocument(random), kindId });
      assert.ok(context);
      for (const section of doc.sections)
        for (const example of examples)
          for (const boilerplate of boilerplates) {
            const expected = slowEmptiness(context, section, example, boilerplate);
            const got = sectionEmptiness(context, section, example, boilerplate);
            assert.equal(
              got,
              expected,
              `document ${i}, line ${section.heading.line}: ${JSON.stringify([example, boilerplate])}`,
            );
            seen.set(expected, (seen.get(expected) ?? 0) + 1);
          }
    }
    for (const state of ['empty', 'template', 'filled'])
      assert.ok((seen.get(state) ?? 0) > 500, `${state}: ${seen.get(state)}`);
  });

  it('the same state for every section of the corpus against its RFC section and every example', function () {
    this.timeout(300_000);
    const files = corpusFiles();
    if (!files) this.skip();
    const service = rfcService();
    const kind = service.registry.get('rust-rfc');
    assert.ok(kind);
    const specs = kind.allSections;
    const seen = new Map<string, number>();
    for (const file of files!) {
      const { doc, context } = service.analyze({ text: fs.readFileSync(file, 'utf8'), kindId: 'rust-rfc' });
      assert.ok(context, file);
      for (const section of doc.sections) {
        const own = context.specFor(section);
        for (const spec of own ? [own] : specs.slice(0, 2)) {
          const expected = slowEmptiness(context, section, spec.example, spec.boilerplate);
          assert.equal(
            sectionEmptiness(context, section, spec.example, spec.boilerplate),
            expected,
            `${file}: ${section.heading.text}`,
          );
          seen.set(expected, (seen.get(expected) ?? 0) + 1);
        }
      }
    }
    assert.ok((seen.get('filled') ?? 0) > 1000 && (seen.get('empty') ?? 0) > 10, JSON.stringify([...seen]));
  });
});

describe('SH013: words counted line by line, up to the minimum', () => {
  /** proseWordsUpTo against the context's prose for one analysis; returns how many counts stopped early. */
  function compare(service: LanguageService, text: string, kindId: string, where: string): number {
    const { doc, context } = service.analyze({ text, kindId });
    assert.ok(context, where);
    let stopped = 0;
    for (const section of doc.sections) {
      const all: number = context.prose(section).words;
      for (const enough of [1, 2, 5, 10, 20, 100, Number.POSITIVE_INFINITY]) {
        const got = proseWordsUpTo(doc, section, enough);
        if (all < enough) assert.equal(got, all, `${where}, line ${section.heading.line}, up to ${enough}`);
        else assert.ok(got >= enough, `${where}, line ${section.heading.line}: ${got} < ${enough} (all: ${all})`);
        if (got < all) stopped++;
      }
    }
    return stopped;
  }

  it('the same answer as the section prose on generated documents', () => {
    const service = makeService();
    const kindId = service.registry.kinds[0].id;
    const random = prng(20261208);
    let stopped = 0;
    for (let i = 0; i < 1500; i++) stopped += compare(service, generatedDocument(random), kindId, `document ${i}`);
    assert.ok(stopped > 1000, `counts that stopped early: ${stopped}`);
  });

  it('the same answer as the section prose on every section of the corpus', function () {
    this.timeout(300_000);
    const files = corpusFiles();
    if (!files) this.skip();
    const service = rfcService();
    let stopped = 0;
    for (const file of files!) stopped += compare(service, fs.readFileSync(file, 'utf8'), 'rust-rfc', file);
    assert.ok(stopped > 10_000, `counts that stopped early: ${stopped}`);
  });
});

describe('near misses: character sets before the distance table', () => {
  it('the same answer as isNearMiss + editDistance on generated pairs', () => {
    const random = prng(20261207);
    // Letters, digits (which share bits with letters), spaces, accents and a character past 0xffff.
    const alphabet = ['a', 'b', 'c', 'e', 'p', 'q', 'z', '0', '1', '9', ' ', 'é', 'ß', '😀', 'ж'];
    const pick = (): string => alphabet[Math.floor(random() * alphabet.length)];
    const word = (): string => {
      let w = '';
      for (let n = 1 + Math.floor(random() * 22); n > 0; n--) w += pick();
      return w;
    };
    const edited = (w: string): string => withTypos(w, Math.floor(random() * 6), random, pick);
    let near = 0;
    let rejected = 0;
    for (let i = 0; i < 40_000; i++) {
      const title = word();
      const heading = i % 4 === 0 ? word() : edited(title);
      const expected = slowNearMiss(heading, title);
      assert.equal(
        nearMissDistance(heading, charMask(heading), title, charMask(title)),
        expected,
        `${JSON.stringify(heading)} vs ${JSON.stringify(title)}`,
      );
      if (expected >= 0) near++;
      if (maskRejects(heading, title)) rejected++;
    }
    assert.ok(near > 2000, `near misses among the pairs: ${near}`);
    assert.ok(rejected > 1000, `pairs turned down by their character sets: ${rejected}`);
  });

  it('the same answer for every heading of the corpus against every built-in and RFC section name', function () {
    this.timeout(120_000);
    const files = corpusFiles();
    if (!files) this.skip();
    const rfc = fs.readFileSync(path.join(repoRoot, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml'), 'utf8');
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), { source: 'rust-rfc.yaml', text: rfc }]);
    const names = new Set<string>();
    for (const kind of registry.kinds)
      for (const spec of kind.allSections) for (const n of namesOf(spec, kind)) names.add(n);
    const headings = new Set<string>();
    for (const file of files!)
      for (const section of parseDocument(fs.readFileSync(file, 'utf8')).sections) headings.add(section.normalized);
    assert.ok(headings.size > 1000 && names.size > 50, `${headings.size} headings, ${names.size} names`);
    let near = 0;
    let rejected = 0;
    for (const heading of headings) {
      const mask = charMask(heading);
      for (const name of names) {
        const expected = slowNearMiss(heading, name);
        assert.equal(nearMissDistance(heading, mask, name, charMask(name)), expected, `${heading} vs ${name}`);
        if (expected >= 0) near++;
        if (maskRejects(heading, name)) rejected++;
      }
    }
    assert.ok(near > 0 && rejected > 10_000, `near misses ${near}, turned down by character sets ${rejected}`);
  });
});

describe('SH001: the first sentence of each guidance read once', () => {
  it('the same sentence as reading it afresh, for generated guidances asked in any order and again', () => {
    const fresh = (markdown: string): string => {
      const text = markdown.replace(/\s+/g, ' ').trim();
      const m = /^(.+?[.!?])(\s|$)/.exec(text);
      return m ? m[1] : text;
    };
    const random = prng(20261212);
    const pieces = ['Say', ' what', '\n', '.', '!', '?', ' e.g.', 'x', '  ', 'v1.2', ' Then more.', '\t'];
    const guidances: string[] = [];
    for (let i = 0; i < 1500; i++) {
      let g = '';
      for (let n = 1 + Math.floor(random() * 10); n > 0; n--) g += pieces[Math.floor(random() * pieces.length)];
      guidances.push(g);
    }
    // 1,500 distinct-ish guidances, each asked three times in random order: past the bound of 1,000 too.
    for (let k = 0; k < 4500; k++) {
      const g = guidances[Math.floor(random() * guidances.length)];
      assert.equal(guidanceSentence(g), fresh(g), JSON.stringify(g));
    }
  });
});
