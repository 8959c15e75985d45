// What the build does for start-up (issue 20): ASCII bundles the loader can
// read as latin1, and validators made at build time that answer exactly as the
// ones compiled at run time from sources.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as esbuild from 'esbuild';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { configSchema, parseConfig } from '../../server/src/service/config';
import { CONFIG_AJV_OPTIONS, precompiledConfigValidator } from '../../server/src/service/schema/precompiled';
import { BUILT_IN_ID_PATTERNS, criterionIdRegex } from '../../server/src/service/analysis/criteria';
import { asciiClasses, compileUserPattern, OUTSIDE_ASCII_CLASSES } from '../../server/src/service/regex';
import { countWords, WORD } from '../../server/src/service/parse/content';
import { DEFAULT_CRITERIA_ID } from '../../server/src/service/schema/load';
import { SchemaRegistry } from '../../server/src/service/schema/registry';
import {
  asciiNumberWithUnitRegex,
  hasNumberWithUnit,
  numberWithUnitRegex,
} from '../../server/src/service/rules/sh009-number-with-unit';
import { vagueWordsRegex } from '../../server/src/service/rules/sh014-vague-words';
import type { DocumentKind } from '../../server/src/service/schema/types';
import { prng } from '../../scripts/prng.cjs';
import { precompiledModuleAsBuilt } from '../support/precompiled-bundle';

/** One generated text: 1 to `maxPieces` pieces drawn with `random` (the differential tests' input). */
function piecedText(pieces: readonly string[], maxPieces: number, random: (n: number) => number): string {
  let text = '';
  for (let j = random(maxPieces) + 1; j > 0; j--) text += pieces[random(pieces.length)];
  return text;
}

const root = path.resolve(__dirname, '..', '..');
type BuildModule = {
  asciiBundleText(text: string, name: string): Promise<string>;
  precompiledValidatorPlugin(): esbuild.Plugin;
};
const build = (): Promise<BuildModule> => import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);

/** Runs a CommonJS text and returns its module.exports. */
function evaluate(text: string): Record<string, unknown> {
  const mod = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', text)(mod, mod.exports, require);
  return mod.exports;
}

describe('ASCII bundles (scripts/build.mjs asciiBundleText)', () => {
  it('leaves an ASCII text as it is', async () => {
    const { asciiBundleText } = await build();
    const text = 'var a = /x/u.test("y"); // plain\n';
    assert.equal(await asciiBundleText(text, 'plain.js'), text);
  });

  it('makes comments and regular expression literals ASCII, and the code answers the same', async () => {
    const { asciiBundleText } = await build();
    const source = [
      '// it’s a comment 🪦 with “quotes”',
      '/** a block — comment',
      ' *  …with more */',
      'var x = 4 / 2 / 1; // a division, then “a comment”',
      'var dash = /^[:.)\\-–—]?\\s*/;',
      "var word = /[\\p{L}\\p{N}][\\p{L}\\p{N}'’_-]*/gu;",
      'var astral = /^🪦+$/u;',
      'var astralRange = /^[😀-😂]$/u;',
      'var classic = /^🪦$/;',
      'var escaped = /\\’/;',
      // esbuild escapes strings itself: only comments and regular expressions are left to do.
      'var inTemplate = `${/é/.test("\\u00e9")}`;',
      'function f(a) { return /→|—/.test(a) /* “no” */; }',
      'module.exports = { x, dash, word, astral, astralRange, classic, escaped, inTemplate, f };',
      '',
    ].join('\n');
    const ascii = await asciiBundleText(source, 'sample.js');
    assert.ok(!/[\u0080-\uffff]/.test(ascii), ascii);
    // Comments are changed one UTF-16 unit for one: the same length, the same line breaks (the source map holds).
    const firstLine = ascii.split('\n')[0];
    assert.equal(firstLine.length, source.split('\n')[0].length);
    assert.equal(ascii.split('\n').length, source.split('\n').length);
    const before = evaluate(source) as Record<string, RegExp> & {
      x: number;
      inTemplate: string;
      f(a: string): boolean;
    };
    const after = evaluate(ascii) as typeof before;
    assert.equal(after.x, 2);
    assert.equal(after.inTemplate, 'true');
    const samples = [
      '— x',
      '– y',
      ': z',
      'it’s',
      "it's fine",
      '🪦',
      '🪦🪦',
      '😁',
      '😃',
      '\ud83d',
      'é',
      '’',
      '→',
      'a — b',
    ];
    for (const name of ['dash', 'word', 'astral', 'astralRange', 'classic', 'escaped'] as const) {
      assert.equal(after[name].flags, before[name].flags, name);
      for (const s of samples) {
        assert.deepEqual(s.match(after[name]), s.match(before[name]), `${name} on ${JSON.stringify(s)}`);
      }
    }
    for (const s of samples) assert.equal(after.f(s), before.f(s), s);
    // Not vacuous: the patterns do match some samples.
    assert.ok(after.astral.test('🪦🪦') && !after.astral.test('\ud83d') && after.astralRange.test('😁'));
    assert.ok(after.escaped.test('’') && after.dash.exec('— x')?.[0] === '— ');
  });

  it('fails the build on a non-ASCII character it cannot escape (a raw template), naming the line', async () => {
    const { asciiBundleText } = await build();
    await assert.rejects(
      asciiBundleText('var a = 1;\nvar r = String.raw`[€]`;\n', 'raw.js'),
      /raw\.js must be ASCII[\s\S]*line 2: var r = String\.raw`\[€\]`;.*U\+20ac/,
    );
  });
});

/** Every `.spec-handoff.yaml` the tests write (the literal texts in test/**\/*.ts), as the configurations to compare on. */
function configTextsOfTheTests(): string[] {
  const texts = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts'))
        for (const m of fs
          .readFileSync(file, 'utf8')
          .matchAll(/'\.spec-handoff\.yaml'\s*[:,]\s*'((?:[^'\\\n]|\\.)*)'/g))
          texts.add(JSON.parse(`"${m[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`));
    }
  };
  walk(path.join(root, 'test'));
  return [...texts];
}

describe('configuration validator: ajv standalone code from the build = compiled at run time', () => {
  it('gives the same answer and errors on every configuration the tests use and on broken ones', async function () {
    this.timeout(120_000);
    assert.equal(precompiledConfigValidator, undefined, 'from sources: compiled at run time');
    type Validate = ((data: unknown) => boolean) & { errors?: unknown };
    const built = await precompiledModuleAsBuilt();
    const standalone = built.precompiledConfigValidator as Validate;
    assert.equal(typeof standalone, 'function', 'the bundle replaces the placeholder with a validator');
    assert.deepEqual(built.CONFIG_AJV_OPTIONS, CONFIG_AJV_OPTIONS);
    const runtime = new Ajv(CONFIG_AJV_OPTIONS).compile(configSchema);
    const texts = configTextsOfTheTests();
    assert.ok(texts.length >= 20, `the tests' configurations are found (${texts.length})`);
    const values: unknown[] = texts.map((t) => parse(t) ?? {});
    values.push(
      { rules: { SH014: 'loud', 'vague-words': 'error' }, extra: 1 },
      { schemas: 'one.yaml', presets: [1], associations: { '*.md': 3 }, exclude: [null] },
      { overrides: [{ files: [], rules: {} }, { files: '*.md' }, { files: ['a'], rules: { SH001: 'off' }, x: 1 }] },
      { overrides: 'no' },
      [],
      'text',
      42,
      null,
    );
    let invalid = 0;
    for (const value of values) {
      const a = standalone(value);
      assert.equal(a, runtime(value), JSON.stringify(value));
      assert.deepEqual(standalone.errors ?? null, runtime.errors ?? null, JSON.stringify(value));
      if (!a) invalid++;
    }
    assert.ok(invalid >= 10, `broken configurations are rejected (${invalid}; the comparison is not vacuous)`);
    assert.ok(invalid < values.length - 15, "and most of the tests' ones are accepted");
    // The engine's parseConfig gives sentences from these errors: one per problem, on its line.
    const { problems } = parseConfig('rules:\n  SH014: loud\nnonsense: 1\n', '/w/.spec-handoff.yaml', (p) => p);
    assert.deepEqual(problems.map((p) => p.line).sort(), [1, 2]);
  });
});

describe('criterion IDs of the built-in kinds: a JavaScript RegExp that finds what RE2 finds', () => {
  /** The general construction: the whole pattern, the character after the ID included, on RE2. */
  function onRe2(idPattern: string): (text: string) => [string, string] | null {
    const re = compileUserPattern(`^(?:\\*\\*|__|\\[)?(${idPattern})(?:$|[^\\p{L}\\p{N}_])`);
    if (typeof re === 'string') throw new Error(re);
    return (text) => {
      const m = re.matcher(text);
      if (!m.find()) return null;
      const end = m.end(1);
      const after = /^(?:\*\*|__|\])?\s*[:.)\-\u2013\u2014]?\s*/.exec(text.slice(end, end + 40))![0];
      return [text.slice(0, end) + after, m.group(1) ?? ''];
    };
  }

  it('every built-in schema and preset uses one of those patterns (else its IDs go to RE2, slower)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith('.yaml')) files.push(path.join(dir, e.name));
    };
    walk(path.join(root, 'schemas'));
    assert.ok(files.length >= 10, 'the built-in schemas and presets are found');
    const registry = SchemaRegistry.fromTexts(files.map((f) => ({ source: f, text: fs.readFileSync(f, 'utf8') })));
    assert.ok(registry.kinds.length >= files.length - 1, 'the kinds load');
    const used = new Set<string>();
    for (const kind of registry.kinds) {
      used.add(kind.criteria.idPattern);
      assert.ok(BUILT_IN_ID_PATTERNS.has(kind.criteria.idPattern), `${kind.id}: ${kind.criteria.idPattern}`);
    }
    assert.ok(used.has(DEFAULT_CRITERIA_ID) && used.size >= 3, [...used].join(' '));
  });

  const texts = [
    'FR-001: the export',
    '**FR-002** — bold',
    '[AC-3] bracketed',
    '__NFR-10__: under',
    'FR-003a is not FR-003',
    'FR-003_b',
    'FR-004é accented',
    'FR-005\u{1D7D8} a maths digit after',
    'FR-006',
    'FR-006 \u2264 200 ms, with a symbol (the ASCII form)',
    'FR-006\u2013bounded',
    'FR-006\u00e9 and \u2264',
    'fr-006 lower case',
    'SC-7b: suffix',
    'SC-7bc: two letters',
    'SC-7b_',
    '1.2.3 nested',
    '1.2.3a',
    '1.2.x',
    '12a',
    '1. numbered',
    '  FR-1 indented',
    'no id here',
    '',
    '**',
  ];
  for (const p of BUILT_IN_ID_PATTERNS)
    it(`${p}: the same ID and match as on RE2`, () => {
      const ours = criterionIdRegex({ criteria: { idPattern: p } } as DocumentKind);
      const reference = onRe2(p);
      let found = 0;
      for (const t of texts) {
        const got = ours.exec(t);
        assert.deepEqual(got, reference(t), `${p} on ${JSON.stringify(t)}`);
        if (got) found++;
      }
      assert.ok(found >= 3, 'IDs are found (the comparison is not vacuous)');
    });
});

describe('SH009 number with unit: case-insensitive by hand = the `iu` flags', () => {
  /** The rule's pattern as it was, with the `i` flag. */
  const NOT_A_UNIT = (
    'a an the and or nor but of to in on at by for from with into onto than then as is are was were be been if ' +
    'that this these those it its which who where when vs via so do does not st nd rd th'
  ).split(' ');
  const withFlagI = new RegExp(
    String.raw`(?:[$\u20AC\u00A3\u00A5]\s?\d|(?<![\p{L}\p{N}_])(?<![\p{L}\p{N}_][-./:])\d(?:[\d,.]*\d)?\s*(?:[kKM](?=\s*[^\s\d]))?\s*(?:[%\u2030\u00D7]|(?!(?:` +
      NOT_A_UNIT.join('|') +
      String.raw`)(?![\p{L}\p{N}]))\p{L}))`,
    'giu',
  );
  const NUMBER_WITH_UNIT = numberWithUnitRegex();
  const byHand = new RegExp(NUMBER_WITH_UNIT.source, `g${NUMBER_WITH_UNIT.flags}`);
  const matches = (re: RegExp, text: string): string[] => [...text.matchAll(re)].map((m) => `${m.index}:${m[0]}`);

  it('finds the same numbers with units on written examples and on 30,000 generated texts', () => {
    assert.ok(!NUMBER_WITH_UNIT.flags.includes('i'), 'the rule does without the i flag');
    const written = [
      'p95 under 200 ms for 3 retries',
      '2 of the 3 AND 4 The 5 THE 6 tHe',
      '10k users, 2M rows, 3m 5K 7\u212A 8\u212Aelvin, 4 Kelvin',
      '5 \u017Fo 5 so 5 SO 5 \u017Fecond 5 i\u017F 5 IS',
      '1\u0345x 2 \u0345 3\u0345 a\u03453 \u03b9 4',
      '$5 \u20AC 6 \u00A37 8% 9\u2030 10\u00D7 v2 k8s FR-001 2024-05-14 10:30 x/3 users',
      'Ⅻ 12 Ⅻ12 12Ⅻ ß 5ß 5 ẞ 5 ǅ',
      '',
    ];
    for (const t of written) assert.deepEqual(matches(byHand, t), matches(withFlagI, t), JSON.stringify(t));
    // Generated: pieces that exercise every part of the pattern, in random case, joined at random.
    const pieces = [
      ...NOT_A_UNIT,
      ...NOT_A_UNIT.map((w) => w.toUpperCase()),
      'ms',
      'MS',
      'users',
      'Users',
      'k',
      'K',
      'm',
      'M',
      '\u212A',
      '\u017F',
      's',
      'S',
      'ſo',
      'i\u017F',
      '\u0345',
      '\u03b9',
      '\u0399',
      'Ⅻ',
      'ß',
      'é',
      'É',
      '_',
      '-',
      '.',
      '/',
      ':',
      ',',
      '%',
      '\u2030',
      '\u00D7',
      '$',
      '\u20AC',
      '\u00A3',
      '\u00A5',
      '0',
      '1',
      '10',
      '9.5',
      '1,000',
      ' ',
      '  ',
      '\t',
      '\n',
      '(',
      ')',
      '😀',
    ];
    const next = prng(20);
    const random = (n: number): number => Math.floor(next() * n);
    let found = 0;
    for (let i = 0; i < 30_000; i++) {
      const text = piecedText(pieces, 12, random);
      const got = matches(byHand, text);
      assert.deepEqual(got, matches(withFlagI, text), JSON.stringify(text));
      found += got.length;
    }
    assert.ok(found > 1000, `numbers with units are found (${found}; the comparison is not vacuous)`);
  });
});

describe('SH014 vague words: an ASCII list case-insensitive by hand = the `iu` flags', () => {
  /** The construction with the `i` flag (grouped boundaries, as the rule builds them for any list). */
  function withFlagI(words: readonly string[]): RegExp {
    const groups: { lead: boolean; trail: boolean; bodies: string[] }[] = [];
    for (const w of [...words].filter((x) => x.trim()).sort((a, b) => b.length - a.length)) {
      const t = w.trim();
      const body = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      const lead = /^\w/.test(t);
      const trail = /\w$/.test(t);
      const last = groups[groups.length - 1];
      if (last && last.lead === lead && last.trail === trail) last.bodies.push(body);
      else groups.push({ lead, trail, bodies: [body] });
    }
    const parts = groups.map(
      (g) => `${g.lead ? '(?<![\\p{L}\\p{N}_])' : ''}(?:${g.bodies.join('|')})${g.trail ? '(?![\\p{L}\\p{N}_])' : ''}`,
    );
    return new RegExp(parts.join('|') || '(?!)', 'giu');
  }
  const all = (re: RegExp, text: string): string[] => {
    const out: string[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push(`${m.index}:${m[0]}`);
      if (m[0].length === 0) re.lastIndex++;
    }
    return out;
  };

  it('finds the same words on 20,000 generated texts, for the built-in list and lists with marks and phrases', () => {
    const spec = SchemaRegistry.fromTexts([
      { source: 'spec.yaml', text: fs.readFileSync(path.join(root, 'schemas', 'spec.yaml'), 'utf8') },
    ]).kinds.find((k) => k.id === 'spec');
    const builtIn = spec?.allSections.flatMap((s) => s.rules.avoidWords ?? []) ?? [];
    assert.ok(builtIn.length >= 20, 'the built-in list is read');
    const lists = [
      builtIn,
      ['-ish', 'e.g.', 'ASAP', 'works  well', 'Kelvin', 'sos', '...', 'c++', '(tbd)', 'a/b', 'x'],
    ];
    for (const words of lists) assert.ok(!vagueWordsRegex(words).flags.includes('i'), 'ASCII lists do without i');
    assert.ok(vagueWordsRegex(['größer']).flags.includes('i'), 'any other list keeps the i flag');
    const pieces = [
      ...lists.flat(),
      ...lists.flat().map((w) => w.toUpperCase()),
      'fa\u017Ft',
      '\u212Aelvin',
      'KELVIN',
      '\u017Fo\u017F',
      'E.G.',
      'e.G.',
      '\u0345',
      '\u03b9',
      'é',
      '_',
      '-',
      '.',
      ' ',
      '  ',
      '\n',
      '\t',
      '1',
      '快',
      'Ⅻ',
      'ß',
      '(',
      ')',
      '/',
    ];
    const next = prng(14);
    const random = (n: number): number => Math.floor(next() * n);
    let found = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = piecedText(pieces, 8, random);
      for (const words of lists) {
        const got = all(vagueWordsRegex(words), text);
        assert.deepEqual(
          got,
          all(withFlagI(words), text),
          `${JSON.stringify(words.slice(0, 3))}… on ${JSON.stringify(text)}`,
        );
        found += got.length;
      }
    }
    assert.ok(found > 5000, `vague words are found (${found}; the comparison is not vacuous)`);
  });
});

describe('SH009 and SH014 on ASCII texts (and common symbols): the patterns with their classes cut to ASCII find the same', () => {
  /** Every match of a pattern (made global) in a text, as `index:text`. */
  const all = (re: RegExp, text: string): string[] => {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `g${re.flags}`);
    const out: string[] = [];
    for (let m = g.exec(text); m; m = g.exec(text)) {
      out.push(`${m.index}:${m[0]}`);
      if (m[0].length === 0) g.lastIndex++;
    }
    return out;
  };
  const next = prng(9);
  const random = (n: number): number => Math.floor(next() * n);
  /** Texts of 1–12 random pieces: words, function words, numbers, units, punctuation and ASCII whitespace. */
  const texts = (pieces: readonly string[], count: number): string[] =>
    Array.from({ length: count }, () => {
      const text = piecedText(pieces, 12, random);
      assert.ok(!OUTSIDE_ASCII_CLASSES.test(text), 'the generated texts take the ASCII patterns');
      return text;
    });
  const ASCII_PIECES = [
    'of',
    'the',
    'OF',
    'The',
    'ms',
    'users',
    'k',
    'K',
    'M',
    's',
    'so',
    'v',
    'FR',
    '_',
    '-',
    '.',
    '/',
    ':',
    ',',
    '%',
    '$',
    '0',
    '1',
    '10',
    '9.5',
    '1,000',
    ' ',
    '\t',
    '(',
    ')',
    'fast',
    'Fast',
    'as needed',
    'e.g.',
    'x',
    'ish',
    'intuitive',
    '\u2264',
    '\u2265',
    '\u2013',
    '\u2014',
    '\u2019',
    '\u201c',
    '\u2192',
    '\u00d7',
    '\u2030',
    '\u20ac',
    '\u00a3',
    '\u00a0',
    '\u2028',
    '\u00b0',
  ];

  it('asciiClasses cuts \\p{L}, \\p{N} and \\u0345 in classes, and leaves escaped backslashes alone', () => {
    assert.equal(asciiClasses(String.raw`(?<![\p{L}\p{N}_\u0345])a[\p{L}\u0345]`), '(?<![A-Za-z0-9_])a[A-Za-z]');
    // A user's word "\p{L}" or "\u0345", escaped as the rule escapes it: a literal backslash, kept.
    assert.equal(asciiClasses(String.raw`\\p\{L\}|\\u0345|\\\p{N}`), String.raw`\\p\{L\}|\\u0345|\\0-9`);
    assert.ok(
      OUTSIDE_ASCII_CLASSES.test('caf\u00e9') && !OUTSIDE_ASCII_CLASSES.test('p95 \u2264 200 ms\t~ \u2013 it\u2019s'),
      'OUTSIDE_ASCII_CLASSES finds letters, not symbols',
    );
    // No character it lets through (every code point, astral ones included) is in the classes the ASCII forms cut.
    // biome-ignore lint/suspicious/noMisleadingCharacterClass: U+0345 alone, on purpose (the classes the ASCII forms cut).
    const cut = /[\p{L}\p{N}\u0345]/u;
    const through: string[] = [];
    for (let c = 0x80; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (!OUTSIDE_ASCII_CLASSES.test(ch) && cut.test(ch)) through.push(c.toString(16));
    }
    assert.deepEqual(through, [], 'letters or numbers outside ASCII that would take the ASCII patterns');
  });

  it('SH009: the same numbers with units on 30,000 generated ASCII texts; other texts take the full pattern', () => {
    const full = numberWithUnitRegex();
    const ascii = asciiNumberWithUnitRegex();
    assert.ok(!ascii.source.includes('\\p{'), 'the ASCII pattern has no Unicode property classes');
    let found = 0;
    for (const text of texts(ASCII_PIECES, 30_000)) {
      const got = all(ascii, text);
      assert.deepEqual(got, all(full, text), JSON.stringify(text));
      assert.equal(hasNumberWithUnit(text), got.length > 0, JSON.stringify(text));
      found += got.length;
    }
    assert.ok(found > 5000, `numbers with units are found (${found}; the comparison is not vacuous)`);
    // A text with one non-ASCII character is read with the Unicode classes: "5 é" has a unit, "é5 ms" does not.
    for (const [text, expected] of [
      ['5 \u00e9t\u00e9s', true],
      ['\u00e95 ms', false],
      ['x\u2167 5 ms', true],
      ['\u21675 ms', false],
    ] as const)
      assert.equal(hasNumberWithUnit(text), expected, JSON.stringify(text));
    // The ASCII pattern alone would read them otherwise: the choice of pattern matters.
    assert.ok(asciiNumberWithUnitRegex().test('\u00e95 ms'), 'the ASCII pattern misses the letter before the number');
  });

  it('word counts (SH013, SH002): the same on 20,000 generated texts with the ASCII form', () => {
    const full = (text: string): number => text.match(WORD)?.length ?? 0;
    let words = 0;
    for (const text of texts([...ASCII_PIECES, "'", "it's", 'x-y'], 20_000)) {
      assert.equal(countWords(text), full(text), JSON.stringify(text));
      words += countWords(text);
    }
    assert.ok(words > 20_000, `words are counted (${words}; the comparison is not vacuous)`);
    for (const text of ['caf\u00e9 au lait', '\u00e9t\u00e9', 'x\u2167y', '5\u00b2 m'])
      assert.equal(countWords(text), full(text), JSON.stringify(text));
    assert.equal(countWords('caf\u00e9 \u2264 it\u2019s'), 2);
  });

  it('SH014: the same words on 20,000 generated ASCII texts, for the built-in list and a list with a non-ASCII word', () => {
    const spec = SchemaRegistry.fromTexts([
      { source: 'spec.yaml', text: fs.readFileSync(path.join(root, 'schemas', 'spec.yaml'), 'utf8') },
    ]).kinds.find((k) => k.id === 'spec');
    const builtIn = spec?.allSections.flatMap((s) => s.rules.avoidWords ?? []) ?? [];
    assert.ok(builtIn.length >= 20, 'the built-in list is read');
    const lists = [builtIn, ['gr\u00f6\u00dfer', 'fast', 'e.g.', 'as  needed', '-ish', 'K']];
    const pieces = [...ASCII_PIECES, ...builtIn, ...builtIn.map((w) => w.toUpperCase())];
    let found = 0;
    for (const text of texts(pieces, 20_000))
      for (const words of lists) {
        const got = all(vagueWordsRegex(words, true), text);
        assert.deepEqual(
          got,
          all(vagueWordsRegex(words), text),
          `${JSON.stringify(words.slice(0, 2))}… on ${JSON.stringify(text)}`,
        );
        found += got.length;
      }
    assert.ok(found > 2000, `vague words are found (${found}; the comparison is not vacuous)`);
    assert.ok(
      !vagueWordsRegex(builtIn, true).source.includes('\\p{'),
      'the ASCII pattern has no Unicode property classes',
    );
  });
});
