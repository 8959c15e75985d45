/**
 * The web extension's build and its web host (issue 24). The web bundles
 * (dist/client-web.js, dist/server-web.js) are the Node ones with the machine
 * swapped at build time (scripts/build.mjs `webPlugin`); here: they pull in
 * no Node built-in and none of the Node-only code, web/server-host.ts offers
 * what node/server-host.ts offers, and it reads a workspace through the
 * client's two requests as the server needs. The bundles running in a real
 * web worker extension host: test/web (suite `web`).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import * as nodeHost from '../../server/src/node/server-host';
import * as webHost from '../../server/src/web/server-host';
import { builtinSchemaFiles, presetFiles } from '../../server/src/node/workspace';
import type { ReadFileResult, WorkspaceFilesResult } from '../../server/src/protocol';
import { MAX_FILE_BYTES } from '../../server/src/service';
import { corpusDir } from '../support/service';

const root = path.resolve(__dirname, '..', '..');

// Type-level: the web host can stand wherever the Node host is used (tsc -b checks this file).
const parity: typeof nodeHost = webHost;

/** Node's built-in modules, with and without `node:`. */
const BUILTINS = new Set(
  (require('node:module') as { builtinModules: string[] }).builtinModules.flatMap((m) => [m, `node:${m}`]),
);

async function buildWeb(entry: string, external: string[]): Promise<esbuild.Metafile> {
  const { webCommon } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
  const result = await esbuild.build({
    ...webCommon,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'cjs',
    external,
    absWorkingDir: root,
    logLevel: 'silent',
  });
  return result.metafile!;
}

describe('web extension: the bundles', function () {
  this.timeout(120_000);
  const rel = (f: string) => f.split(path.sep).join('/');

  for (const [name, entry, external] of [
    ['dist/client-web.js', 'client/src/extension.ts', ['vscode']],
    ['dist/server-web.js', 'server/src/server-web.ts', []],
  ] as const) {
    it(`${name} imports no Node built-in and no Node-only code (CLI, walker, disk host, transports)`, async () => {
      const meta = await buildWeb(entry, [...external]);
      const inputs = Object.keys(meta.inputs).map(rel);
      const nodeOnly = inputs.filter((f) =>
        /^server\/src\/(node|cli)\/|^server\/src\/(cli|cli-worker|server)\.ts$|^server\/src\/lsp\/transport\.ts$/.test(
          f,
        ),
      );
      assert.deepEqual(nodeOnly, [], 'Node-only modules in the web bundle');
      const imports = Object.values(meta.inputs).flatMap((i) => i.imports.map((x) => x.path));
      assert.deepEqual(
        imports.filter((p) => BUILTINS.has(p)),
        [],
        'Node built-ins imported by the web bundle',
      );
      const outputImports = Object.values(meta.outputs).flatMap((o) => o.imports.map((x) => x.path));
      assert.deepEqual(
        outputImports.filter((p) => p !== 'vscode'),
        [],
        'the bundle requires nothing at run time but vscode',
      );
      // The swap happened: the web host (or client) is in, and the shared lsp/ code too.
      assert.ok(
        entry.startsWith('server')
          ? inputs.includes('server/src/web/server-host.ts') && inputs.includes('server/src/lsp/start.ts')
          : inputs.includes('client/src/web/client.ts') && inputs.includes('client/src/commands.ts'),
        inputs.filter((f) => !f.includes('node_modules')).join('\n'),
      );
    });
  }

  it('a Node built-in in code reached by a web bundle fails its build (the check above is not vacuous)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-web-'));
    try {
      const entry = path.join(dir, 'entry.ts');
      fs.writeFileSync(entry, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
      await assert.rejects(buildWeb(entry, []), /node:fs/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dist/server-web.js carries the built-in schemas (the worker has no folder to read them from)', async () => {
    const { webCommon } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
    const out = await esbuild.build({
      ...webCommon,
      entryPoints: ['server/src/web/builtin-schemas.ts'],
      bundle: true,
      write: false,
      format: 'cjs',
      absWorkingDir: root,
      logLevel: 'silent',
    });
    const mod = { exports: {} as { BUILTIN_SCHEMA_TEXTS?: { name: string; text: string }[] } };
    new Function('module', 'exports', out.outputFiles![0].text)(mod, mod.exports);
    const schemasDir = path.join(root, 'schemas');
    const expected = [
      ...builtinSchemaFiles().map((f) => ({ name: path.basename(f.source), text: f.text })),
      ...presetFiles().map((f) => ({
        name: path.relative(schemasDir, f.source).split(path.sep).join('/'),
        text: fs.readFileSync(f.source, 'utf8'),
      })),
    ];
    assert.ok(expected.length >= 2);
    assert.ok(
      expected.some((e) => e.name === 'presets/kep/kep.yaml'),
      'the presets too',
    );
    assert.deepEqual(mod.exports.BUILTIN_SCHEMA_TEXTS, expected);
  });
});

describe('web extension: the manifest', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  it('has a browser entry that the build makes and the .vsix ships, with its worker server', async () => {
    assert.equal(manifest.browser, './dist/client-web.js');
    const { buildBundles } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-web-'));
    try {
      const built: string[] = await buildBundles({ only: ['client-web.js', 'server-web.js'], outdir: dir });
      assert.deepEqual(built.map((f) => path.basename(f)).sort(), ['client-web.js', 'server-web.js']);
      // The client starts the worker from this name (client/src/web/client.ts).
      assert.match(fs.readFileSync(path.join(dir, 'client-web.js'), 'utf8'), /"server-web\.js"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const shipped = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const f of ['!dist/client-web.js', '!dist/server-web.js']) assert.ok(shipped.includes(f), f);
  });

  it('says what it supports in virtual and untrusted workspaces', () => {
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.virtualWorkspaces.description, /web worker/);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  });
});

describe('web extension: the web host (web/server-host.ts)', () => {
  it('exports every name node/server-host.ts exports', () => {
    assert.ok(parity);
    const missing = Object.keys(nodeHost).filter((k) => !(k in webHost));
    assert.deepEqual(missing, []);
    assert.deepEqual([...webHost.SKIPPED_FOLDERS], [...nodeHost.SKIPPED_FOLDERS]);
    for (const f of ['a.md', 'b.MARKDOWN', 'c.mdx', 'd.txt', 'e.md.bak'])
      assert.equal(webHost.isMarkdownPath(f), nodeHost.isMarkdownPath(f), f);
  });

  /** github.dev's scheme and authority; the path is the URI's path (/owner/repo/…). */
  const BASE = 'vscode-vfs://github';
  /** A workspace in memory behind the client's two requests, counting the reads. */
  function workspace(files: Record<string, string>) {
    const reads: string[] = [];
    const inFlight = { now: 0, max: 0 };
    const client = {
      async workspaceFiles(maxFiles: number): Promise<WorkspaceFilesResult> {
        const uris = Object.keys(files).map((p) => `${BASE}${p}`);
        return { uris: uris.slice(0, maxFiles), truncated: uris.length > maxFiles };
      },
      async readFile(uri: string, maxBytes: number): Promise<ReadFileResult> {
        const p = decodeURIComponent(uri.slice(BASE.length));
        reads.push(p);
        inFlight.max = Math.max(inFlight.max, ++inFlight.now);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight.now--;
        const text = files[p];
        if (text === undefined) return { error: 'no such file', missing: true };
        const size = new TextEncoder().encode(text).length;
        return size > maxBytes ? { error: 'too large', missing: false, size } : { text, size };
      },
    };
    webHost.useClientFiles(client, builtinSchemaFiles(), presetFiles());
    return { reads, files, inFlight };
  }

  it('maps the workspace URIs to paths and back; other schemes have none', () => {
    workspace({});
    assert.equal(webHost.hostUris.toPath(`${BASE}/octo/repo/specs/a%20b.spec.md`), '/octo/repo/specs/a b.spec.md');
    assert.equal(webHost.hostUris.toUri('/octo/repo/specs/a b.spec.md'), `${BASE}/octo/repo/specs/a%20b.spec.md`);
    assert.equal(webHost.hostUris.toPath('untitled:Untitled-1'), undefined);
    assert.equal(webHost.hostUris.toPath('vscode-remote://host/x.md'), undefined, 'another file system');
  });

  it('loads .spec-handoff.yaml and its custom schema through the client; a schema outside is refused', async () => {
    workspace({
      '/octo/.spec-handoff.yaml': 'schemas:\n  - kinds/note.schema.yaml\n  - ../elsewhere/x.yaml\n',
      '/octo/kinds/note.schema.yaml':
        'id: note\ntitle: Note\nmatch:\n  frontMatterType: [note]\nsections:\n  - id: outcome\n    title: Outcome\n    required: true\n    level: 2\n',
      '/elsewhere/x.yaml': 'id: x\n',
    });
    await webHost.prepareWorkspace('/octo', []);
    const load = webHost.loadWorkspace({
      configSearchFrom: '/octo',
      configSearchStop: '/octo',
      schemaRoots: ['/octo'],
    });
    assert.equal(load.configFile, '/octo/.spec-handoff.yaml');
    assert.ok(load.service.registry.kinds.some((k) => k.id === 'note'));
    assert.ok(
      load.service.registry.kinds.some((k) => k.id === 'spec'),
      'the built-ins too',
    );
    assert.deepEqual(
      load.problems.map((p) => [p.source, p.line, /outside the workspace/.test(p.message)]),
      [['/octo/.spec-handoff.yaml', 2, true]],
    );
    const analysis = load.service.analyze({ text: '---\ntype: note\n---\n\n# N\n', path: '/octo/n.md' });
    assert.deepEqual(
      analysis.findings.filter((f) => f.code === 'SH001').map((f) => f.message),
      ['Missing required section "Outcome".'],
    );
  });

  it('loads the configuration exactly as the Node host does: presets, custom schemas, refusals, problems', async () => {
    const config =
      'presets: [kep, spec-kitt]\nschemas:\n  - kinds/note.schema.yaml\n  - kinds/missing.yaml\n  - ../elsewhere/x.yaml\nassociations:\n  "rfcs/*.md": rust-rfc\n';
    const note =
      'id: note\ntitle: Note\nmatch:\n  frontMatterType: [note]\nsections:\n  - id: outcome\n    title: Outcome\n    required: true\n';
    workspace({
      '/octo/.spec-handoff.yaml': config,
      '/octo/kinds/note.schema.yaml': note,
      '/elsewhere/x.yaml': 'id: x\n',
    });
    await webHost.prepareWorkspace('/octo', []);
    const web = webHost.loadWorkspace({ configSearchFrom: '/octo', configSearchStop: '/octo', schemaRoots: ['/octo'] });

    const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-web-parity-'));
    try {
      const octo = path.join(disk, 'octo');
      fs.mkdirSync(path.join(octo, 'kinds'), { recursive: true });
      fs.mkdirSync(path.join(disk, 'elsewhere'));
      fs.writeFileSync(path.join(octo, '.spec-handoff.yaml'), config);
      fs.writeFileSync(path.join(octo, 'kinds', 'note.schema.yaml'), note);
      fs.writeFileSync(path.join(disk, 'elsewhere', 'x.yaml'), 'id: x\n');
      const node = nodeHost.loadWorkspace({ configSearchFrom: octo, configSearchStop: octo, schemaRoots: [octo] });
      const kinds = (load: typeof web) => load.service.registry.kinds.map((k) => k.id).sort();
      assert.deepEqual(kinds(web), kinds(node));
      for (const id of ['kep', 'rust-rfc', 'note', 'spec']) assert.ok(kinds(web).includes(id), id);
      // The same problems at the same places, paths aside.
      const problems = (load: typeof web, top: string) =>
        load.problems.map((p) => [path.basename(p.source), p.line, p.message.split(top).join('<root>')]);
      assert.deepEqual(
        problems(web, '/octo'),
        problems(node, octo).map(([s, l, m]) => [s, l, String(m).split(disk).join('')]),
      );
      assert.equal(web.problems.length, 3, web.problems.map((p) => p.message).join('\n'));
    } finally {
      fs.rmSync(disk, { recursive: true, force: true });
    }
  });

  it('a client that cannot list the workspace still gets its configuration loaded', async () => {
    webHost.useClientFiles(
      {
        workspaceFiles: () => Promise.reject(new Error('no search provider')),
        readFile: async (uri) =>
          uri === `${BASE}/w/.spec-handoff.yaml`
            ? { text: 'rules:\n  vague-words: off\n', size: 24 }
            : { error: 'no such file', missing: true },
      },
      builtinSchemaFiles(),
    );
    webHost.hostUris.toPath(`${BASE}/w`);
    await webHost.prepareWorkspace('/w', []);
    const load = webHost.loadWorkspace({ configSearchFrom: '/w', configSearchStop: '/w', schemaRoots: ['/w'] });
    assert.equal(load.configFile, '/w/.spec-handoff.yaml');
    assert.equal(load.config.rules['vague-words'], 'off');
    assert.equal(webHost.diskHost.exists('/w/a.md'), false);
  });

  it('a linked file is read when first asked for, then announced; an unlisted one is looked for once', async () => {
    const { reads, files } = workspace({ '/specs/a.spec.md': '# A\n' });
    await webHost.prepareWorkspace('/', []);
    const arrived: string[] = [];
    webHost.onFileArrived((f) => arrived.push(f));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(webHost.diskHost.exists('/specs/a.spec.md'), true);
    assert.equal(webHost.diskHost.exists('/specs'), true, 'folders of listed files exist');
    assert.equal(webHost.diskHost.readFile?.('/specs/a.spec.md'), undefined, 'not read yet');
    await settle();
    assert.deepEqual(arrived, ['/specs/a.spec.md']);
    assert.equal(webHost.diskHost.readFile?.('/specs/a.spec.md'), '# A\n');

    // Missing: "no" at once, looked for in the background once, then known.
    assert.equal(webHost.diskHost.exists('/specs/none.spec.md'), false);
    await settle();
    assert.equal(webHost.diskHost.exists('/specs/none.spec.md'), false);
    assert.equal(webHost.diskHost.readFile?.('/specs/none.spec.md'), undefined);
    await settle();
    assert.equal(reads.filter((r) => r === '/specs/none.spec.md').length, 1, 'asked for once');

    // Created after the listing and reported by no watcher: found by that look, and announced.
    files['/src/new.ts'] = 'export {};\n';
    assert.equal(webHost.diskHost.exists('/src/new.ts'), false, 'not listed');
    await settle();
    assert.ok(arrived.includes('/src/new.ts'));
    assert.equal(webHost.diskHost.exists('/src/new.ts'), true);

    webHost.forgetFile('/specs/a.spec.md');
    assert.equal(webHost.diskHost.readFile?.('/specs/a.spec.md'), undefined, 'dropped, read again');
  });

  it('walks the listed markdown files in path order, skipping node_modules, .git and excluded folders', async () => {
    workspace({
      '/w/b.md': '',
      '/w/a/x.md': '',
      '/w/a/y.txt': '',
      '/w/node_modules/p/readme.md': '',
      '/w/.git/x.md': '',
      '/w/drafts/d.md': '',
      '/other/z.md': '',
    });
    await webHost.prepareWorkspace('/w', []);
    const stats = webHost.newWalkStats();
    const seen: string[] = [];
    for await (const f of webHost.walkFiles('/w', { excluded: (p) => p === '/w/drafts' }, stats)) seen.push(f);
    assert.deepEqual(seen, ['/w/a/x.md', '/w/b.md']);
    assert.equal(stats.truncated, false);
  });

  it('the walk requests the next files while the caller reads one (several reads in flight)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`/w/${String(i).padStart(2, '0')}.md`] = `# ${i}\n`;
    const { inFlight } = workspace(files);
    await webHost.prepareWorkspace('/w', []);
    const texts: string[] = [];
    for await (const f of webHost.walkFiles('/w')) texts.push(await webHost.readTextFile(f));
    assert.deepEqual(texts, Object.values(files), 'every text, in path order');
    assert.ok(inFlight.max > 1, `at most ${inFlight.max} read(s) in flight`);
  });

  it('a file larger than the cap is not read, and says how large it is', async () => {
    const big = 'x'.repeat(MAX_FILE_BYTES + 1);
    workspace({ '/w/big.md': big, '/w/small.md': 'é\n' });
    await webHost.prepareWorkspace('/w', []);
    assert.deepEqual(await webHost.statFile('/w/big.md'), { isFile: true, size: MAX_FILE_BYTES + 1 });
    await assert.rejects(webHost.readTextFile('/w/big.md'), /Cannot read/);
    assert.deepEqual(await webHost.statFile('/w/small.md'), { isFile: true, size: 3 }, 'bytes, not characters');
    assert.equal(await webHost.readTextFile('/w/small.md'), 'é\n');
    await assert.rejects(webHost.statFile('/w/none.md'));
  });

  /**
   * A client over a real folder, answering as client/src/web/client.ts does
   * (every file but node_modules and .git; UTF-8 only): the web walk must
   * find what the Node walker finds.
   */
  function diskClient(top: string) {
    const uriOf = (p: string) => `${BASE}${p}`;
    webHost.useClientFiles(
      {
        async workspaceFiles(maxFiles: number): Promise<WorkspaceFilesResult> {
          const all = (fs.readdirSync(top, { recursive: true }) as string[])
            .filter((rel) => !rel.split(path.sep).some((p) => p === 'node_modules' || p === '.git'))
            .map((rel) => path.join(top, rel))
            .filter((f) => fs.statSync(f).isFile());
          return { uris: all.slice(0, maxFiles).map(uriOf), truncated: all.length > maxFiles };
        },
        async readFile(uri: string): Promise<ReadFileResult> {
          const bytes = fs.readFileSync(decodeURIComponent(uri.slice(BASE.length)));
          return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), size: bytes.length };
        },
      },
      builtinSchemaFiles(),
    );
  }

  for (const [name, top] of [
    ['examples/', path.join(root, 'examples')],
    ['the Rust RFC corpus', corpusDir],
  ] as const) {
    it(`on ${name}, the web walk yields the files the Node walker yields, with the same texts`, async function () {
      if (!fs.existsSync(top)) {
        console.warn(`    (skipped: ${top} not found; the corpus lives in ../shared beside the repo)`);
        this.skip();
      }
      diskClient(top);
      await webHost.prepareWorkspace(top, []);
      const web: string[] = [];
      for await (const f of webHost.walkFiles(top)) web.push(f);
      const node: string[] = [];
      for await (const f of nodeHost.walkFiles(top)) node.push(f);
      assert.ok(node.length >= 4, `${node.length} markdown files`);
      assert.deepEqual([...web].sort(), [...node].sort());
      for (const f of web.slice(0, 50)) assert.equal(await webHost.readTextFile(f), await nodeHost.readTextFile(f), f);
    });
  }
});
