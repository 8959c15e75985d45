// Work done once per schema instead of once per call (issue 20) must find
// exactly what the straightforward per-call construction found.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Ajv from 'ajv';
import { loadSchemaText } from '../../server/src/service/schema/load';
import { SchemaRegistry } from '../../server/src/service/schema/registry';
import { squash, squashedEquals } from '../../server/src/service/rules/sh002-empty-section';
import { maskCodeSpans } from '../../server/src/service/parse/inline';
import { vagueWordsRegex } from '../../server/src/service/rules/sh014-vague-words';
import {
  FRONT_MATTER_AJV_OPTIONS,
  precompiledFrontMatterValidator,
  precompiledSchemaFormatValidator,
  SCHEMA_FORMAT_AJV_OPTIONS,
} from '../../server/src/service/schema/precompiled';
import { re2RegExpEngine } from '../../server/src/service/regex';
import { precompiledModuleAsBuilt } from '../support/precompiled-bundle';

/** The original construction: one pair of Unicode boundary lookarounds per word. */
function perWordRegex(words: readonly string[]): RegExp {
  const parts = [...words]
    .filter((w) => w.trim())
    .sort((a, b) => b.length - a.length)
    .map((w) => {
      const body = w
        .trim()
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\s+/g, '\\s+');
      return `${/^\w/.test(w.trim()) ? '(?<![\\p{L}\\p{N}_])' : ''}${body}${/\w$/.test(w.trim()) ? '(?![\\p{L}\\p{N}_])' : ''}`;
    });
  return new RegExp(parts.join('|') || '(?!)', 'giu');
}

function all(re: RegExp, text: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push([m.index, m[0]]);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

describe('vague words: one regex per word list, grouped boundaries', () => {
  const lists: string[][] = [
    ['fast', 'quick', 'quickly', 'as needed', 'and/or', 'etc', 'user-friendly'],
    // Mixed kinds: no boundary before ("-ish"), none after ("e.g."), none at all ("..."), in between.
    ['-ish', 'quickly', 'e.g.', 'quick', '...', 'fast', 'works  well', ' padded ', '', 'ASAP', 'ß-ok'],
    ['ab', 'a', 'abc', 'b-', '-b', 'c'],
  ];
  const texts = [
    'It is quick, quickly done, not quicklyish; fast-ish and faster. As   needed and/or etc.',
    'e.g. things... -ish stylish; works well, WORKS\nWELL, asap ASAP_x ßok ß-ok ß-okay padded',
    'abc ab a b- -b c abcd xab a_b b-- --b ç c1 éa aé ab-',
    'Ünïcödé fast快 快fast fast1 _fast fast_ FAST.',
  ];
  for (const [i, words] of lists.entries()) {
    it(`list ${i + 1}: the same matches as one lookaround pair per word`, () => {
      for (const text of texts)
        assert.deepEqual(
          all(vagueWordsRegex(words), text),
          all(perWordRegex(words), text),
          `${JSON.stringify(words)} on ${JSON.stringify(text)}`,
        );
    });
  }
  it('finds the words (the comparison is not vacuous)', () => {
    assert.deepEqual(
      all(vagueWordsRegex(lists[0]), texts[0]).map(([, w]) => w),
      ['quick', 'quickly', 'fast', 'As   needed', 'and/or', 'etc'],
    );
  });
});

describe('schema-format validator: ajv standalone code from the build = compiled at run time', () => {
  it('reports the same errors for valid and invalid kinds', async function () {
    this.timeout(120_000);
    assert.equal(precompiledSchemaFormatValidator, undefined, 'from sources: compiled at run time');
    const root = path.resolve(__dirname, '..', '..');
    type Validate = ((data: unknown) => boolean) & { errors?: unknown };
    const built = await precompiledModuleAsBuilt();
    const standalone = built.precompiledSchemaFormatValidator as Validate;
    assert.equal(typeof standalone, 'function', 'the bundle replaces the placeholder with a validator');
    const schemaFormat = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'schema-format.json'), 'utf8'));
    const runtime = new Ajv(SCHEMA_FORMAT_AJV_OPTIONS).compile(schemaFormat);
    const kinds: unknown[] = [
      { name: 'spec', sections: [{ id: 'goal', title: 'Goal' }] },
      { name: 'spec', sections: [{ id: 'Bad Id!', title: 3, level: 9, unknownKey: true }] },
      { name: 42, match: 'x', sections: 'no' },
      { sections: [{ id: 'a', title: 'A', rules: { avoidWords: 'fast', pattern: 1 } }] },
      'not an object',
    ];
    let invalid = 0;
    for (const kind of kinds) {
      const a = standalone(kind);
      const b = runtime(kind);
      assert.equal(a, b, JSON.stringify(kind));
      assert.deepEqual(standalone.errors ?? null, runtime.errors ?? null, JSON.stringify(kind));
      if (!a) invalid++;
    }
    assert.ok(invalid >= 3, 'the invalid kinds are rejected');

    // Every shipped schema (the built-in kinds and the presets in subfolders), loaded at build time: what
    // loading it at run time gives, field for field (the kind and the lines reported with it).
    type Known = {
      kind: string;
      extendsLine: number | undefined;
      criteriaInLine?: number;
      refLines?: Record<string, number>;
    };
    const texts = built.precompiledSchemaTexts as Map<string, Known>;
    const dir = path.join(root, 'schemas');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    const shipped = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml'));
    assert.ok(shipped.length >= files.length + 10, 'the presets are among the shipped schemas');
    assert.ok(shipped.includes(path.join('presets', 'rust-rfc', 'rust-rfc.yaml')));
    assert.equal(texts.size, shipped.length, 'every shipped schema is precompiled');
    for (const f of shipped) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const runtimeLoaded = loadSchemaText(text, path.join(dir, f));
      assert.deepEqual(runtimeLoaded.problems, [], f);
      const known = texts.get(text);
      assert.ok(known, f);
      assert.deepEqual(
        {
          kind: JSON.parse(known.kind),
          extendsLine: known.extendsLine,
          criteriaInLine: known.criteriaInLine,
          refLines: known.refLines,
        },
        {
          kind: runtimeLoaded.kind,
          extendsLine: runtimeLoaded.extendsLine,
          criteriaInLine: runtimeLoaded.criteriaInLine,
          refLines: runtimeLoaded.refLines,
        },
        f,
      );
    }

    // Front matter schemas SH010 compiles unchecked: each is valid draft-07, and each built-in kind's is there.
    const checked = built.validFrontMatterSchemas as Set<string>;
    const meta = new Ajv(SCHEMA_FORMAT_AJV_OPTIONS);
    for (const json of checked) assert.equal(meta.validateSchema(JSON.parse(json)), true, json.slice(0, 80));
    const registry = SchemaRegistry.fromTexts(
      files.map((f) => ({ source: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') })),
    );
    const withFrontMatter = registry.kinds.filter((k) => k.frontMatter);
    assert.ok(withFrontMatter.length >= 3, 'built-in kinds with front matter');
    for (const k of withFrontMatter) assert.ok(checked.has(JSON.stringify(k.frontMatter)), k.id);
    assert.ok(!checked.has(JSON.stringify({ type: 'object', properties: { a: { type: 'nonsense' } } })));

    // SH010's precompiled validators: the same answers and errors as compiling with SH010's options (RE2 patterns).
    const precompiledFor = built.precompiledFrontMatterValidator as (json: string) => Validate | undefined;
    assert.equal(precompiledFrontMatterValidator('{}'), undefined, 'from sources: compiled at run time');
    const sh010 = new Ajv({ ...FRONT_MATTER_AJV_OPTIONS, validateSchema: false, code: { regExp: re2RegExpEngine } });
    const samples: unknown[] = [
      {},
      { type: 'spec', status: 'draft', owner: 'ana', created: '2024-01-31' },
      { type: 'handoff', spec: 'x.spec.md', date: '2024-13-1' },
      { type: 'progress', date: '2024-01-01', extra: [1, 2] },
      { type: 'question', answerBy: 'tomorrow', status: 'answered' },
      { type: 'decision', status: 'accepted', date: '2024-01-01' },
      { type: 42, status: null, created: '２０２４-01-01', owner: ['a'] },
      'not an object',
      null,
    ];
    let failures = 0;
    for (const json of checked) {
      const standaloneFm = precompiledFor(json);
      assert.equal(typeof standaloneFm, 'function', json.slice(0, 80));
      const runtimeFm = sh010.compile(JSON.parse(json));
      for (const data of samples) {
        const a = standaloneFm!(data);
        assert.equal(a, runtimeFm(data), `${json.slice(0, 60)} on ${JSON.stringify(data)}`);
        assert.deepEqual(standaloneFm!.errors ?? null, runtimeFm.errors ?? null, JSON.stringify(data));
        if (!a) failures++;
      }
    }
    assert.ok(failures > checked.size, 'invalid front matter is rejected (the comparison is not vacuous)');
    assert.equal(precompiledFor('{"type":"object"}'), undefined, 'any other schema is compiled at run time');
  });
});

describe('empty-section check: squashed comparison without building strings', () => {
  it('agrees with squash(lines.join("\\n")) === squash(example)', async () => {
    const ws = [' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u000b', '\u0085', '\u200b'];
    const alphabet = ['a', 'b', 'é', '😀', ...ws];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = () => Array.from({ length: rnd(6) }, () => alphabet[rnd(alphabet.length)]).join('');
    let equal = 0;
    for (let i = 0; i < 3000; i++) {
      const lines = Array.from({ length: rnd(4) }, word);
      const target =
        i % 3 === 0 ? squash(lines.join(rnd(2) ? ' ' : '\n')) : squash(Array.from({ length: rnd(4) }, word).join('\n'));
      const expected = squash(lines.join('\n')) === target;
      if (expected) equal++;
      assert.equal(squashedEquals(lines, target), expected, JSON.stringify({ lines, target }));
    }
    assert.ok(equal > 500, `enough equal cases (${equal})`);
  });
});

describe('code-span masking: copies text between backticks in one piece', () => {
  /** The character-by-character version it replaced. */
  function maskByChar(line: string): string {
    if (!line.includes('`')) return line;
    let out = '';
    let i = 0;
    while (i < line.length) {
      if (line[i] !== '`') {
        out += line[i++];
        continue;
      }
      let run = 0;
      while (line[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const close = line.indexOf(fence, i + run);
      if (close < 0) {
        out += fence;
        i += run;
        continue;
      }
      out += ' '.repeat(close + run - i);
      i = close + run;
    }
    return out;
  }
  it('gives what the character-by-character version gave', () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const alphabet = ['`', '`', '``', 'a', ' ', 'TODO', 'é', '\\'];
    let masked = 0;
    for (let i = 0; i < 5000; i++) {
      const line = Array.from({ length: rnd(12) }, () => alphabet[rnd(alphabet.length)]).join('');
      const expected = maskByChar(line);
      if (expected !== line) masked++;
      assert.equal(maskCodeSpans(line), expected, JSON.stringify(line));
    }
    assert.ok(masked > 1000, `enough lines with code spans (${masked})`);
  });
});

describe('start-up: the modules that import ajv do not load it until a schema is compiled', () => {
  it('SH010, the config loader and the schema loader load ajv on first compile only', function () {
    this.timeout(60_000);
    const root = path.resolve(__dirname, '..', '..');
    const script = `
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/ajv/dist/core.js'));
      const { validatorFor } = require('./server/src/service/rules/sh010-front-matter-invalid.ts');
      require('./server/src/service/config.ts');
      require('./server/src/service/schema/load.ts');
      const before = loaded();
      const v = validatorFor({ frontMatter: { type: 'object', required: ['a'] } });
      console.log(JSON.stringify([before, loaded(), v({}), v({ a: 1 })]));`;
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [false, true, false, true]);
  });
});
