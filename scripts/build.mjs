#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild.
// Type checking is separate (`tsc -b`), as in rust-analyzer: esbuild is fast
// and does not check types; tsc checks types and emits nothing we ship.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/**
 * `import * as fs from 'node:fs'` in our sources: esbuild gives each importing
 * file its own copy of the module's exports (`__toESM`, a getter per export:
 * some 60 files, 3 ms of every start, issue 20). Here these built-ins resolve to
 * one small ES module per built-in (`export * from 'node:fs'`) that every file
 * shares: one copy each. Only static imports from server/src and client/src;
 * `require()` (lazy loads) and packages' imports are left as they are.
 */
export function sharedBuiltinsPlugin() {
  const ours = [path.join(root, 'server', 'src') + path.sep, path.join(root, 'client', 'src') + path.sep];
  return {
    name: 'shared-node-builtins',
    setup(build) {
      build.onResolve({ filter: /^node:(fs|path|os|process)$/ }, (args) => {
        if (args.namespace === 'shared-builtin') return { path: args.path, external: true };
        if (args.kind !== 'import-statement' || !ours.some((dir) => args.importer.startsWith(dir))) return undefined;
        return { path: args.path, namespace: 'shared-builtin' };
      });
      build.onLoad({ filter: /.*/, namespace: 'shared-builtin' }, (args) => ({
        contents: `export * from ${JSON.stringify(args.path)};\n`,
        loader: 'js',
      }));
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // remark and friends are ESM-only; esbuild turns them into CommonJS inside the bundle.
  mainFields: ['module', 'main'],
  plugins: [precompiledValidatorPlugin(), sharedBuiltinsPlugin()],
};

/**
 * The schema-format validator as ajv standalone code (issue 20: no compiling
 * of schemas/schema-format.json at every start). Replaces the placeholder
 * module server/src/service/schema/precompiled.ts in every bundle, with the
 * options written there, so sources and bundles validate alike.
 */
const PRECOMPILED = path.join(root, 'server', 'src', 'service', 'schema', 'precompiled.ts');
/**
 * [text, { kind, extendsLine }] for each built-in schema (schemas/*.yaml) that
 * loads without problems, by the engine's own loadSchemaText (bundled here
 * from sources without this plugin). Kept only when the kind survives a JSON
 * round trip unchanged.
 */
async function builtinSchemaTexts() {
  const { isDeepStrictEqual } = await import('node:util');
  const mod = await exportsFromSources({
    entryPoints: [path.join(root, 'server', 'src', 'service', 'schema', 'load.ts')],
  });
  const dir = path.join(root, 'schemas');
  const texts = [];
  const all = [];
  for (const f of shippedSchemaFiles(dir)) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const loaded = mod.exports.loadSchemaText(text, path.join(dir, f));
    // The built-in kinds (schemas/*.yaml) are resolved together below; each preset is a kind of its own.
    if (!f.includes('/')) all.push(mod.exports.loadSchemaText(text, path.join(dir, f))); // a fresh copy: resolveKinds may change what it is given
    if (!loaded.kind || loaded.problems.length) continue;
    const kind = JSON.stringify(loaded.kind);
    if (!isDeepStrictEqual(JSON.parse(kind), loaded.kind)) continue;
    const { extendsLine, criteriaInLine, refLines } = loaded;
    texts.push([text, { kind, extendsLine, criteriaInLine, refLines }]);
  }
  // The resolved kinds' front matter schemas that pass draft-07 (what ajv checks before compiling).
  const { default: Ajv } = await import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validFrontMatter = [];
  for (const kind of mod.exports.resolveKinds(all).kinds) {
    if (!kind.frontMatter || kind.frontMatter.$schema !== undefined) continue;
    if (ajv.validateSchema(kind.frontMatter) === true) validFrontMatter.push(JSON.stringify(kind.frontMatter));
  }
  return { texts, validFrontMatter };
}

/**
 * The schema files shipped in schemas/ (the built-in kinds and, in subfolders, the presets), as paths relative
 * to it with `/`, sorted: what `--schema schemas/presets/...` or a preset name loads is answered from data too.
 */
export function shippedSchemaFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => String(f).split(path.sep).join('/'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** config.ts's `configSchema` (the schema of `.spec-handoff.yaml`), from the sources, as the engine has it. */
async function configSchemaFromSources() {
  const mod = await exportsFromSources({
    stdin: {
      contents: "export { configSchema } from './server/src/service/config';\n",
      resolveDir: root,
      sourcefile: 'config-schema-entry.ts',
      loader: 'ts',
    },
  });
  return mod.exports.configSchema;
}

/**
 * Bundles `entry` (esbuild entryPoints or stdin) from the sources, without this
 * file's plugins, and runs it here: `{ exports }` of the engine as it is.
 */
async function exportsFromSources(entry) {
  const out = await esbuild.build({
    ...entry,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    absWorkingDir: root,
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const mod = { exports: {} };
  Function(
    'module',
    'exports',
    'require',
    out.outputFiles[0].text,
  )(mod, mod.exports, createRequire(path.join(root, 'package.json')));
  return mod;
}

export function precompiledValidatorPlugin() {
  return {
    name: 'precompiled-schema-format-validator',
    setup(build) {
      build.onLoad({ filter: /[\\/]service[\\/]schema[\\/]precompiled\.ts$/ }, async (args) => {
        if (path.resolve(args.path) !== PRECOMPILED) return undefined;
        const optionsText = /SCHEMA_FORMAT_AJV_OPTIONS = (\{[^}]*\})/.exec(fs.readFileSync(PRECOMPILED, 'utf8'))?.[1];
        if (!optionsText) throw new Error('build: SCHEMA_FORMAT_AJV_OPTIONS not found in precompiled.ts');
        const options = Function(`return (${optionsText});`)();
        const { default: Ajv } = await import('ajv');
        const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
        const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'schema-format.json'), 'utf8'));
        const ajv = new Ajv({ ...options, code: { source: true } });
        ajv.addSchema(schema, 'schema-format');
        const code = standaloneCode(ajv, { precompiledSchemaFormatValidator: 'schema-format' });
        const { texts, validFrontMatter } = await builtinSchemaTexts();
        // SH010's validators of the built-in front matter schemas: standalone code with SH010's options.
        // Their `pattern`s are the built-in schemas' own (reviewed, like the engine's other patterns): JavaScript
        // RegExps, where a user's schema gets RE2 (compiling the first RE2 pattern took 2-3 ms, issue 20).
        const fmOptionsText = /FRONT_MATTER_AJV_OPTIONS = (\{[^}]*\})/.exec(fs.readFileSync(PRECOMPILED, 'utf8'))?.[1];
        if (!fmOptionsText) throw new Error('build: FRONT_MATTER_AJV_OPTIONS not found in precompiled.ts');
        const builtInRegExp = Object.assign((pattern, flags) => new RegExp(pattern, flags), { code: 'builtInRegExp' });
        const fmAjv = new Ajv({
          ...Function(`return (${fmOptionsText});`)(),
          validateSchema: false,
          code: { source: true, regExp: builtInRegExp },
        });
        for (const [i, json] of validFrontMatter.entries()) fmAjv.addSchema(JSON.parse(json), `fm${i}`);
        const fmCode = validFrontMatter.length
          ? standaloneCode(fmAjv, Object.fromEntries(validFrontMatter.map((_, i) => [`fm${i}`, `fm${i}`])))
          : '';
        const frontMatterValidators = `let frontMatterValidators;
exports.FRONT_MATTER_AJV_OPTIONS = ${fmOptionsText};
exports.precompiledFrontMatterValidator = (json) => {
  if (!frontMatterValidators) {
    const fm = {};
    (function (exports, builtInRegExp) {
${fmCode}
    })(fm, (pattern, flags) => new RegExp(pattern, flags));
    frontMatterValidators = new Map(${JSON.stringify(validFrontMatter)}.map((j, i) => [j, fm[\`fm\${i}\`]]));
  }
  return frontMatterValidators.get(json);
};
`;
        // `.spec-handoff.yaml`'s validator, in a scope of its own (standalone code names its functions alike).
        const configOptionsText = /CONFIG_AJV_OPTIONS = (\{[^}]*\})/.exec(fs.readFileSync(PRECOMPILED, 'utf8'))?.[1];
        if (!configOptionsText) throw new Error('build: CONFIG_AJV_OPTIONS not found in precompiled.ts');
        const configAjv = new Ajv({ ...Function(`return (${configOptionsText});`)(), code: { source: true } });
        configAjv.addSchema(await configSchemaFromSources(), 'config');
        const configCode = `exports.CONFIG_AJV_OPTIONS = ${configOptionsText};
(function (exports) {
${standaloneCode(configAjv, { precompiledConfigValidator: 'config' })}
})(exports);
`;
        return {
          contents: `${code}\n${configCode}exports.SCHEMA_FORMAT_AJV_OPTIONS = ${optionsText};\nexports.precompiledSchemaTexts = new Map(${JSON.stringify(texts)});\nexports.validFrontMatterSchemas = new Set(${JSON.stringify(validFrontMatter)});\n${frontMatterValidators}`,
          loader: 'js',
          resolveDir: path.dirname(PRECOMPILED),
        };
      });
    },
  };
}

const NODE_SERVER_HOST = path.join(root, 'server', 'src', 'node', 'server-host.ts');
const WEB_SERVER_HOST = path.join(root, 'server', 'src', 'web', 'server-host.ts');
const NODE_CLIENT = path.join(root, 'client', 'src', 'client.ts');
const WEB_CLIENT = path.join(root, 'client', 'src', 'web', 'client.ts');
const WEB_BUILTIN_SCHEMAS = path.join(root, 'server', 'src', 'web', 'builtin-schemas.ts');

/**
 * The web bundles (the browser extension and the web worker server) are the
 * same code as the Node ones with the machine swapped (issue 24):
 * - node/server-host.ts → web/server-host.ts (files through the client), for
 *   every importer; client.ts → web/client.ts for extension.ts (a worker, not a
 *   process); vscode-languageclient/node → /browser;
 * - `node:path` → path-browserify (Node's own POSIX path code: URI paths are
 *   POSIX, so the web server resolves them exactly as the Node server does on
 *   Linux), `node:os` → client/src/web/os.ts;
 * - web/builtin-schemas.ts gets the built-in schema and preset texts (no folder to read).
 * Any other Node built-in fails the build (esbuild cannot resolve it for the
 * browser), and test/unit/web.test.ts checks the bundles' inputs.
 */
export function webPlugin() {
  return {
    name: 'spec-handoff-web',
    setup(build) {
      const redirect = (from, to) => (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        return target === from || `${target}.ts` === from ? { path: to } : undefined;
      };
      build.onResolve({ filter: /server-host$/ }, redirect(NODE_SERVER_HOST, WEB_SERVER_HOST));
      build.onResolve({ filter: /^\.\/client$/ }, (args) =>
        path.resolve(args.importer) === path.join(root, 'client', 'src', 'extension.ts')
          ? redirect(NODE_CLIENT, WEB_CLIENT)(args)
          : undefined,
      );
      build.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: require.resolve('path-browserify') }));
      build.onResolve({ filter: /^(node:)?os$/ }, () => ({ path: path.join(root, 'client', 'src', 'web', 'os.ts') }));
      build.onResolve({ filter: /^vscode-languageclient\/node$/ }, (args) =>
        build.resolve('vscode-languageclient/browser', { kind: args.kind, resolveDir: args.resolveDir }),
      );
      build.onLoad({ filter: /[\\/]web[\\/]builtin-schemas\.ts$/ }, (args) => {
        if (path.resolve(args.path) !== WEB_BUILTIN_SCHEMAS) return undefined;
        const dir = path.join(root, 'schemas');
        const yamlIn = (folder) =>
          fs
            .readdirSync(path.join(dir, folder))
            .filter((n) => n.endsWith('.yaml'))
            .sort()
            .map((n) => (folder ? `${folder}/${n}` : n));
        // The built-ins, then the presets as presets/<preset>/<kind id>.yaml (read only when selected).
        const presetsDir = path.join(dir, 'presets');
        const presetNames = fs.existsSync(presetsDir)
          ? fs
              .readdirSync(presetsDir, { withFileTypes: true })
              .filter((e) => e.isDirectory())
              .map((e) => e.name)
              .sort()
          : [];
        const names = [...yamlIn(''), ...presetNames.flatMap((p) => yamlIn(`presets/${p}`))];
        const texts = names.map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
        return { contents: `export const BUILTIN_SCHEMA_TEXTS = ${JSON.stringify(texts)};\n`, loader: 'js' };
      });
    },
  };
}

const require = createRequire(import.meta.url);

/** What the web bundles share: browser platform, Node globals shimmed, the machine swapped (webPlugin). */
export const webCommon = {
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  // A web worker has no DOM: packages' worker builds over their browser ones (decode-named-character-reference).
  conditions: ['worker'],
  inject: [path.join(root, 'server', 'src', 'web', 'shims.ts')],
  plugins: [precompiledValidatorPlugin(), webPlugin()],
};

/**
 * Packages dist/cli-main.js needs only for some commands or inputs, each in a
 * bundle of its own beside it (issue 20): the language server (`lsp`), MCP
 * (`mcp`), ajv (a custom schema's JSON Schema), RE2 (a user's pattern) and
 * remark (list structure for some rules). A `check` of a spec with the
 * built-in kinds loads none of them, and every start read 3 MB and
 * deserialised the code cache of all of it (1.2 MB now; about 7 ms less per
 * start). dist/cli-main.js requires a chunk when first asked for one of its
 * packages; the loader runs chunks through the code cache as it does the
 * bundle (server/src/node/code-cache.ts). Only static imports and `require`s
 * of exactly these names go there (`ajv/dist/runtime/...`, used by the
 * validators made at build time, stays in the bundle).
 */
export const CLI_CHUNKS = [
  { file: 'cli-lsp.js', names: /^vscode-languageserver(?:-protocol)?(?:\/node)?$/ },
  { file: 'cli-mcp.js', names: /^@modelcontextprotocol\/sdk\// },
  { file: 'cli-ajv.js', names: /^ajv$/ },
  { file: 'cli-re2.js', names: /^re2js$/ },
  { file: 'cli-remark.js', names: /^(?:unified|remark-parse|remark-gfm)$/ },
];

/**
 * Sends CLI_CHUNKS' packages to their chunk files; `asked` collects, per
 * chunk file, the names asked for (the chunks are built from them).
 */
export function cliChunksPlugin(asked) {
  return {
    name: 'cli-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.namespace === 'cli-chunk') return { path: args.path, external: true };
        const chunk = CLI_CHUNKS.find((c) => c.names.test(args.path));
        if (!chunk || args.namespace !== 'file') return undefined;
        if (!asked.has(chunk.file)) asked.set(chunk.file, new Set());
        asked.get(chunk.file).add(args.path);
        return { path: `${chunk.file}#${args.path}`, namespace: 'cli-chunk' };
      });
      build.onLoad({ filter: /.*/, namespace: 'cli-chunk' }, (args) => {
        const [file, name] = args.path.split('#');
        // Through the loader's code cache when there is one (dist/cli.js), else a plain require (node dist/cli-main.js).
        return {
          contents: `const load = globalThis[Symbol.for('spec-handoff.loadChunk')];
module.exports = (load ? load(${JSON.stringify(file)}) : require(${JSON.stringify(`./${file}`)}))[${JSON.stringify(name)}];
`,
          loader: 'js',
        };
      });
    },
  };
}

/** The bundles whose CLI_CHUNKS packages go to the chunk files. */
const CHUNKED_BUNDLES = ['dist/cli-main.js', 'dist/cli-worker-main.js'];

/** A chunk's source: each name asked for, evaluated when first read. */
function chunkSource(names) {
  return [...names]
    .sort()
    .map(
      (n) =>
        `Object.defineProperty(exports, ${JSON.stringify(n)}, { get: () => require(${JSON.stringify(n)}), enumerable: true });\n`,
    )
    .join('');
}

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' },
  // The browser extension (package.json `browser`) and its web worker server.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client-web.js', external: ['vscode'], ...webCommon },
  { entryPoints: ['server/src/server-web.ts'], outfile: 'dist/server-web.js', format: 'iife', ...webCommon },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js' },
  { entryPoints: ['server/src/cli-worker.ts'], outfile: 'dist/cli-worker-main.js' },
].filter((e) => fs.existsSync(path.join(root, e.entryPoints[0])));

/**
 * The entry files dist/cli.js and dist/server.js are small loaders that run
 * dist/cli-main.js and dist/server-main.js through a V8 code cache
 * (server/src/node/code-cache.ts), keyed by the bundle's SHA-256 computed here.
 * `loaders[i].main` is the bundle a loader runs; building that bundle builds its loader.
 */
const loaders = [
  { outfile: 'dist/server.js', main: 'dist/server-main.js' },
  // `earlyWorkers`: a `check` of many files starts its worker threads before the bundle runs (cli/threads.ts).
  { outfile: 'dist/cli.js', main: 'dist/cli-main.js', banner: { js: '#!/usr/bin/env node' }, earlyWorkers: true },
  // A worker thread of `check` is a new V8 isolate that compiled its 1 MB bundle and every function it ran afresh
  // in every run (issue 20): its loader runs it through a cache of its own too.
  { outfile: 'dist/cli-worker.js', main: 'dist/cli-worker-main.js', gated: true },
];

/** The CLI's commands (server/src/cli/main.ts `COMMANDS`), each with a code cache of its own. */
/** The output formats other than text that name a code cache of their own (code-cache.ts `commandOf`). */
const CACHED_FORMATS = ['json', 'sarif', 'github', 'markdown'];

function cliCommands() {
  const main = fs.readFileSync(path.join(root, 'server', 'src', 'cli', 'main.ts'), 'utf8');
  const list = /const COMMANDS = (\[[^\]]*\])/.exec(main)?.[1];
  if (!list) throw new Error('build: COMMANDS not found in server/src/cli/main.ts');
  return JSON.parse(list.replace(/'/g, '"'));
}

/**
 * Builds the loader of `mainFile` (built already) into `outfile`; `hash` empty: no cache (watch builds);
 * `chunks`: the build hash of each chunk file beside it; `perCommand`: a cache per CLI command (code-cache.ts
 * `commandOf`); `gated`: a worker's loader, which waits for the main thread's go before it reads the cache
 * (code-cache.ts `waitForGate`); `early`: the CLI's loader, which starts the worker threads of a `check`
 * before the bundle runs (cli/threads.ts `startEarlyWorkers`).
 */
async function buildLoader(
  outfile,
  mainFile,
  hash,
  options,
  chunks = {},
  perCommand = false,
  gated = false,
  early = false,
) {
  await esbuild.build({
    ...common,
    ...options,
    plugins: [],
    stdin: {
      contents: `const cache = require('./server/src/node/code-cache');
${gated ? 'cache.waitForGate();\n' : ''}${early ? "require('./server/src/cli/threads').startEarlyWorkers(process.argv.slice(2), __dirname);\n" : ''}cache.runBundle(require('node:path').join(__dirname, ${JSON.stringify(path.basename(mainFile))}), ${JSON.stringify(hash)}, undefined, ${JSON.stringify(chunks)}, ${perCommand ? `cache.commandOf(process.argv.slice(2), ${JSON.stringify(cliCommands())}, ${JSON.stringify(CACHED_FORMATS)})` : "''"});\n`,
      resolveDir: root,
      sourcefile: `${path.basename(outfile, '.js')}-loader.js`,
      loader: 'js',
    },
    outfile,
  });
}

/**
 * The bundles the loaders run (dist/cli-main.js, dist/server-main.js) are kept
 * pure ASCII, so the loader reads them as latin1 (a plain byte copy, about a
 * third of the time of decoding 3 MB of UTF-8, issue 20) and gets the very
 * string V8's code cache was made from. esbuild already escapes strings and
 * identifiers; it leaves comments (kept from packages' sources), regular
 * expression literals and raw template strings as they are. Here:
 * - in a comment, each non-ASCII UTF-16 unit becomes "?" (one for one: the
 *   source map stays exact), and esbuild must print both texts, without
 *   comments, alike (nothing but comments changed);
 * - in a regular expression literal, each becomes `\uXXXX`, which matches the
 *   same in every mode (in `u` and `v` mode a surrogate pair of escapes is one
 *   code point, as the character was);
 * - anything else left (a raw template string: `String.raw`) fails the build
 *   with its line: escape it in the source.
 */
/** A regular expression literal with its non-ASCII characters as `\uXXXX` (an escaped one too: `\\’` is `’`). */
function escapeRegexLiteral(literal) {
  const hex = (code) => `\\u${code.toString(16).padStart(4, '0')}`;
  let out = '';
  for (let i = 0; i < literal.length; i++) {
    const code = literal.charCodeAt(i);
    if (code === 0x5c && i + 1 < literal.length) {
      const next = literal.charCodeAt(i + 1);
      out += next > 0x7f ? hex(next) : literal.slice(i, i + 2);
      i++;
    } else out += code > 0x7f ? hex(code) : literal[i];
  }
  return out;
}

export async function asciiBundleText(text, name) {
  if (!/[\u0080-\uffff]/.test(text)) return text;
  const ts = require('typescript');
  const K = ts.SyntaxKind;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  // After these a `/` divides; after anything else it starts a regular expression.
  const operandEnd = new Set([
    K.Identifier,
    K.PrivateIdentifier,
    K.NumericLiteral,
    K.BigIntLiteral,
    K.StringLiteral,
    K.RegularExpressionLiteral,
    K.NoSubstitutionTemplateLiteral,
    K.TemplateTail,
    K.CloseParenToken,
    K.CloseBracketToken,
    K.CloseBraceToken,
    K.PlusPlusToken,
    K.MinusMinusToken,
  ]);
  const regexAfterKeyword = new Set(
    [
      'return',
      'typeof',
      'instanceof',
      'in',
      'of',
      'new',
      'delete',
      'void',
      'throw',
      'case',
      'do',
      'else',
      'yield',
      'await',
    ].map((w) => ts.stringToToken(w)),
  );
  const divides = (kind) =>
    operandEnd.has(kind) || (kind >= K.FirstKeyword && kind <= K.LastKeyword && !regexAfterKeyword.has(kind));
  const units = text.split('');
  let previous = K.Unknown;
  let braces = 0;
  const templates = [];
  const regexes = [];
  for (let kind = scanner.scan(); kind !== K.EndOfFileToken; kind = scanner.scan()) {
    if (kind === K.SingleLineCommentTrivia || kind === K.MultiLineCommentTrivia) {
      for (let i = scanner.getTokenStart(); i < scanner.getTokenEnd(); i++)
        if (text.charCodeAt(i) > 0x7f) units[i] = '?';
      continue;
    }
    if (kind === K.WhitespaceTrivia || kind === K.NewLineTrivia || kind === K.ShebangTrivia) continue;
    if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && !divides(previous)) kind = scanner.reScanSlashToken();
    if (kind === K.RegularExpressionLiteral && /[\u0080-\uffff]/.test(scanner.getTokenText()))
      regexes.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
    if (kind === K.OpenBraceToken) braces++;
    else if (kind === K.CloseBraceToken) {
      if (templates.length && templates[templates.length - 1] === braces) {
        templates.pop();
        kind = scanner.reScanTemplateToken(false);
      } else braces--;
    }
    if (kind === K.TemplateHead || kind === K.TemplateMiddle) templates.push(braces);
    previous = kind;
  }
  const commentsDone = units.join('');
  const printed = async (t) =>
    (await esbuild.transform(t, { minifyWhitespace: true, legalComments: 'none', charset: 'utf8', format: 'cjs' }))
      .code;
  if ((await printed(commentsDone)) !== (await printed(text)))
    throw new Error(`build: making ${name} ASCII changed more than its comments (scripts/build.mjs asciiBundleText)`);
  let out = '';
  let copied = 0;
  for (const [start, end] of regexes) {
    out += commentsDone.slice(copied, start) + escapeRegexLiteral(commentsDone.slice(start, end));
    copied = end;
  }
  out += commentsDone.slice(copied);
  const left = [...out.matchAll(/[\u0080-\uffff]/g)].slice(0, 10);
  if (left.length)
    throw new Error(
      `build: ${name} must be ASCII (the loader reads it as latin1), but has non-ASCII characters outside comments:\n${left
        .map((m) => {
          const line = out.slice(0, m.index).split('\n').length;
          const from = out.lastIndexOf('\n', m.index) + 1;
          return `  line ${line}: ${out.slice(from, Math.min(out.indexOf('\n', m.index) >>> 0, from + 160)).trim()} (U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}: write it as \\u${m[0].charCodeAt(0).toString(16).padStart(4, '0')} in the source)`;
        })
        .join('\n')}`,
    );
  return out;
}

/**
 * A bundle run by a loader, wrapped as a module function already (server/src/node/code-cache.ts
 * `PRE_WRAPPED_HEAD`, `moduleSource`): the loader compiles the text it read instead of a wrapped copy of it. The
 * head goes on the bundle's first line, so line numbers (and the source map's lines) stay as they were.
 */
const PRE_WRAPPED_HEAD =
  "(typeof module === 'object' && typeof require === 'function' ? (f) => f.call(exports, exports, require, module, __filename, __dirname) : (f) => f)(function (exports, require, module, __filename, __dirname) {";

function preWrapped(text) {
  // The source map comment stays the file's last line, after the wrapper.
  const map = /\n(\/\/# sourceMappingURL=[^\n]*)\n?$/.exec(text);
  const body = map ? text.slice(0, map.index + 1) : text.endsWith('\n') ? text : `${text}\n`;
  return `${PRE_WRAPPED_HEAD}${body}});\n${map ? `${map[1]}\n` : ''}`;
}

function sha256(file) {
  return createHash('sha256')
    .update(fs.readFileSync(path.resolve(root, file)))
    .digest('hex');
}

/**
 * Builds bundles: all of them into dist/ by default; `only` picks some by
 * their dist/ name, `outdir` puts them elsewhere (scripts/pack-cli.mjs builds
 * the CLI package this way), `production` minifies without source maps.
 */
export async function buildBundles({ only, outdir, production: prod = production } = {}) {
  const place = (outfile) => (outdir ? path.join(outdir, path.basename(outfile)) : outfile);
  const wanted = (outfile) => !only || only.includes(path.basename(outfile));
  const chosenLoaders = loaders.filter((l) => wanted(l.outfile) || wanted(l.main));
  const chosen = entries.filter((e) => wanted(e.outfile) || chosenLoaders.some((l) => l.main === e.outfile));
  const asked = new Map();
  const options = chosen.map((e) => ({
    ...common,
    sourcemap: prod ? false : 'linked',
    minify: prod,
    ...e,
    // The worker bundle shares dist/cli-main.js's chunks (through the worker's own loader and its code cache), so a
    // worker compiles about half the code before its first file (issue 20: its start was on the corpus run's critical path).
    ...(CHUNKED_BUNDLES.includes(e.outfile) ? { plugins: [...common.plugins, cliChunksPlugin(asked)] } : {}),
    outfile: place(e.outfile),
  }));
  await Promise.all(options.map((o) => esbuild.build(o)));
  // The chunks of dist/cli-main.js (and the worker's), from the names they asked for.
  const chunkFiles = [...asked].map(([file]) => place(path.join('dist', file)));
  await Promise.all(
    [...asked].map(([file, names]) =>
      esbuild.build({
        ...common,
        sourcemap: prod ? false : 'linked',
        minify: prod,
        stdin: { contents: chunkSource(names), resolveDir: root, sourcefile: `${file}-entry.js`, loader: 'js' },
        outfile: place(path.join('dist', file)),
      }),
    ),
  );
  for (const bundle of [...chosenLoaders.map((l) => place(l.main)), ...chunkFiles]) {
    const file = path.resolve(root, bundle);
    const text = fs.readFileSync(file, 'utf8');
    const ascii = preWrapped(await asciiBundleText(text, bundle));
    if (ascii !== text) fs.writeFileSync(file, ascii, 'latin1');
  }
  await Promise.all(
    chosenLoaders.map((l) =>
      buildLoader(
        place(l.outfile),
        place(l.main),
        sha256(place(l.main)),
        { sourcemap: false, minify: prod, banner: l.banner },
        CHUNKED_BUNDLES.includes(l.main)
          ? Object.fromEntries(chunkFiles.map((f) => [path.basename(f), sha256(f)]))
          : {},
        l.main === 'dist/cli-main.js',
        l.gated === true,
        l.earlyWorkers === true,
      ),
    ),
  );
  for (const l of chosenLoaders)
    if (path.basename(l.outfile) === 'cli.js') fs.chmodSync(path.resolve(root, place(l.outfile)), 0o755);
  return [...options.map((o) => o.outfile), ...chunkFiles, ...chosenLoaders.map((l) => place(l.outfile))];
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const started = Date.now();
  if (watch) {
    for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
    // Bundles rebuilt under a running loader: no code cache in watch builds.
    for (const l of loaders) await buildLoader(l.outfile, l.main, '', { banner: l.banner });
    console.log('esbuild: watching', entries.map((e) => e.outfile).join(', '));
  } else {
    const built = await buildBundles();
    console.log(`esbuild: built ${built.join(', ')} in ${Date.now() - started} ms`);
  }
}
