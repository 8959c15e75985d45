// What the build does for start-up (issue 20): ASCII bundles the loader can
// read as latin1, and validators made at build time that answer exactly as the
// ones compiled at run time from sources.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { configSchema, parseConfig } from '../../server/src/service/config';
import { CONFIG_AJV_OPTIONS, precompiledConfigValidator } from '../../server/src/service/schema/precompiled';
import { BUILT_IN_ID_PATTERNS, criterionIdRegex } from '../../server/src/service/analysis/criteria';
import { compileUserPattern } from '../../server/src/service/regex';
import { DEFAULT_CRITERIA_ID } from '../../server/src/service/schema/load';
import { SchemaRegistry } from '../../server/src/service/schema/registry';
import type { DocumentKind } from '../../server/src/service/schema/types';

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
    const { precompiledValidatorPlugin } = await build();
    const out = await esbuild.build({
      entryPoints: [path.join(root, 'server', 'src', 'service', 'schema', 'precompiled.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      absWorkingDir: root,
      plugins: [precompiledValidatorPlugin()],
    });
    type Validate = ((data: unknown) => boolean) & { errors?: unknown };
    const built = evaluate(out.outputFiles[0].text);
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
