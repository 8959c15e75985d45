// What the build does for start-up (issue 20): ASCII bundles the loader can
// read as latin1, and validators made at build time that answer exactly as the
// ones compiled at run time from sources.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(__dirname, '..', '..');
type BuildModule = { asciiBundleText(text: string, name: string): Promise<string> };
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
