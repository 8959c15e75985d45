#!/usr/bin/env node
// Bundles the extension client, the language server and the CLI with esbuild.
// Type checking is separate (`tsc -b`), as in rust-analyzer: esbuild is fast
// and does not check types; tsc checks types and emits nothing we ship.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

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
  plugins: [precompiledValidatorPlugin()],
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
  const out = await esbuild.build({
    entryPoints: [path.join(root, 'server', 'src', 'service', 'schema', 'load.ts')],
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
  const dir = path.join(root, 'schemas');
  const texts = [];
  const all = [];
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const loaded = mod.exports.loadSchemaText(text, path.join(dir, f));
    all.push(mod.exports.loadSchemaText(text, path.join(dir, f))); // a fresh copy: resolveKinds may change what it is given
    if (!loaded.kind || loaded.problems.length) continue;
    const kind = JSON.stringify(loaded.kind);
    if (!isDeepStrictEqual(JSON.parse(kind), loaded.kind)) continue;
    texts.push([text, { kind, extendsLine: loaded.extendsLine }]);
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
        return {
          contents: `${code}\nexports.SCHEMA_FORMAT_AJV_OPTIONS = ${optionsText};\nexports.precompiledSchemaTexts = new Map(${JSON.stringify(texts)});\nexports.validFrontMatterSchemas = new Set(${JSON.stringify(validFrontMatter)});\n`,
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
 * - web/builtin-schemas.ts gets the built-in schema texts (no folder to read).
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
        const texts = fs
          .readdirSync(dir)
          .filter((n) => n.endsWith('.yaml'))
          .sort()
          .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
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

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The browser extension (package.json `browser`) and its web worker server.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client-web.js', external: ['vscode'], ...webCommon },
  { entryPoints: ['server/src/server-web.ts'], outfile: 'dist/server-web.js', format: 'iife', ...webCommon },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli-worker.ts'], outfile: 'dist/cli-worker.js' },
].filter((e) => fs.existsSync(path.join(root, e.entryPoints[0])));

/**
 * Builds bundles: all of them into dist/ by default; `only` picks some by
 * their dist/ name, `outdir` puts them elsewhere (scripts/pack-cli.mjs builds
 * the CLI package this way), `production` minifies without source maps.
 */
export async function buildBundles({ only, outdir, production: prod = production } = {}) {
  const chosen = entries.filter((e) => !only || only.includes(path.basename(e.outfile)));
  const options = chosen.map((e) => ({
    ...common,
    sourcemap: prod ? false : 'linked',
    minify: prod,
    ...e,
    outfile: outdir ? path.join(outdir, path.basename(e.outfile)) : e.outfile,
  }));
  await Promise.all(options.map((o) => esbuild.build(o)));
  for (const o of options)
    if (path.basename(o.outfile) === 'cli.js') fs.chmodSync(path.resolve(root, o.outfile), 0o755);
  return options.map((o) => o.outfile);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const started = Date.now();
  if (watch) {
    for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
    console.log('esbuild: watching', entries.map((e) => e.outfile).join(', '));
  } else {
    const built = await buildBundles();
    console.log(`esbuild: built ${built.join(', ')} in ${Date.now() - started} ms`);
  }
}
