/**
 * Start-up of `spec-handoff check one.md` (issue 20), tested by what it does,
 * not by wall-clock time. dist/cli.js is a loader that runs dist/cli-main.js
 * through a V8 code cache (server/src/node/code-cache.ts): the CLI must answer
 * byte for byte the same with no cache, with a cache written by the first
 * run, and when reading it. And a plain check must not load what it does not
 * need (node:crypto is for --fix and SARIF) nor compile a JSON Schema for a
 * built-in kind (its front matter validator is made at build time).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, cli, ensureBuilt, tempDir, writeFiles } from './helpers';
import { moduleSource, PRE_WRAPPED_HEAD } from '../../server/src/node/code-cache';

describe('CLI start-up', () => {
  before(ensureBuilt);

  it('the first run writes the cache, the next run reads it (not rewritten), and every output is identical', () => {
    const cacheDir = path.join(tempDir(), 'cache');
    const fixtures = path.join(ROOT, 'test', 'fixtures');
    const runs = [
      ['check', path.join(fixtures, 'complete.spec.md')],
      ['check', '--format', 'json', path.join(fixtures, 'rules')],
      ['schemas'],
    ];
    for (const args of runs) {
      const off = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: 'off' } });
      fs.rmSync(cacheDir, { recursive: true, force: true });
      const first = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: cacheDir } });
      // The main thread's cache, and each worker thread's (one file: they read and write the same) when workers ran.
      const files = fs.readdirSync(cacheDir).sort();
      const workers = args.includes(path.join(fixtures, 'rules'));
      assert.equal(files.length, workers ? 2 : 1, `cache files: ${files.join(', ')}`);
      assert.match(files[0], /^cli-main-.*\.bin$/);
      if (workers) assert.match(files[1], /^cli-worker-main-.*\.bin$/);
      const written = files.map((f) => fs.statSync(path.join(cacheDir, f)));
      const second = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: cacheDir } });
      files.forEach((f, i) => {
        const after = fs.statSync(path.join(cacheDir, f));
        assert.equal(after.mtimeMs, written[i].mtimeMs, `a used cache is not written again: ${f}`);
        assert.equal(after.ino, written[i].ino, `a used cache is not replaced: ${f}`);
      });
      for (const r of [first, second]) {
        assert.equal(r.code, off.code, args.join(' '));
        assert.equal(r.stdout, off.stdout, args.join(' '));
        assert.equal(r.stderr, off.stderr, args.join(' '));
      }
      assert.ok(off.stdout.length > 0);
    }
  });

  it('the bundles the loaders run are pure ASCII (read as latin1; any other byte would mean decoding UTF-8)', () => {
    for (const name of ['cli-main.js', 'cli-worker-main.js', 'server-main.js']) {
      const bytes = fs.readFileSync(path.join(ROOT, 'dist', name));
      assert.ok(bytes.length > 100_000, `${name} is the real bundle`);
      const at = bytes.findIndex((b) => b > 0x7f);
      const line = at < 0 ? 0 : bytes.subarray(0, at).toString('latin1').split('\n').length;
      assert.equal(at, -1, `${name} has a non-ASCII byte on line ${line} (scripts/build.mjs asciiBundleText)`);
    }
    // The loader (server/src/node/code-cache.ts readSource) chooses latin1 only after checking the bytes.
    const loader = fs.readFileSync(CLI, 'utf8');
    assert.match(loader, /isAscii/, 'the loader checks the bytes before reading them as latin1');
  });

  it('the bundles the loaders run come wrapped as module functions (compiled as read, no wrapped copy), and still run on their own', () => {
    const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((n) => /^cli-(?!main|worker)[a-z0-9]+\.js$/.test(n));
    assert.ok(chunks.length >= 4, `chunks: ${chunks.join(' ')}`);
    for (const name of ['cli-main.js', 'cli-worker-main.js', 'server-main.js', ...chunks]) {
      const text = fs.readFileSync(path.join(ROOT, 'dist', name), 'latin1');
      // The loader's own text (server/src/node/code-cache.ts): the build must write exactly it.
      assert.ok(
        text.startsWith(PRE_WRAPPED_HEAD),
        `${name} starts with the loader's wrapper (scripts/build.mjs preWrapped)`,
      );
      assert.equal(moduleSource(text), text, `${name} is compiled as it was read`);
      assert.match(
        text,
        /\n\}\);\n(?:\/\/# sourceMappingURL=[^\n]+\n)?$/,
        `${name} ends the wrapper (then its source map)`,
      );
    }
    // Run directly (not through the loader), the bundle still runs as a CommonJS module, and so do its chunks.
    const direct = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli-main.js'), '--version'], {
      encoding: 'utf8',
    });
    assert.equal(direct.status, 0, direct.stderr);
    assert.equal(direct.stdout, cli(['--version'], { cwd: ROOT }).stdout);
    const chunk = spawnSync(
      process.execPath,
      ['-p', `Object.keys(require(${JSON.stringify(path.join(ROOT, 'dist', 'cli-ajv.js'))}))`],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(chunk.stdout.trim(), "[ 'ajv' ]", chunk.stderr);
  });

  it("the bundles copy node:fs, node:path and node:os's exports once, not once per importing file", () => {
    for (const name of ['cli-main.js', 'server-main.js']) {
      const text = fs.readFileSync(path.join(ROOT, 'dist', name), 'utf8');
      for (const builtin of ['node:fs', 'node:path']) {
        const perFile = text.split(`__toESM(require("${builtin}"))`).length - 1;
        const shared = text.split(`require("${builtin}"))`).length - 1;
        assert.equal(perFile, 0, `${name}: ${builtin} copied per file (scripts/build.mjs sharedBuiltinsPlugin)`);
        assert.equal(shared, 1, `${name}: ${builtin} copied once`);
      }
    }
  });

  it('the packages of other commands and inputs are chunks beside dist/cli-main.js, loaded (through the cache) only when needed', () => {
    const main = fs.readFileSync(path.join(ROOT, 'dist', 'cli-main.js'), 'utf8');
    // The worker bundle shares the chunks (a worker compiled 1.9 MB before its first file, issue 20).
    const worker = fs.readFileSync(path.join(ROOT, 'dist', 'cli-worker-main.js'), 'utf8');
    for (const [chunk, marker] of [
      ['cli-lsp.js', 'node_modules/vscode-languageserver/'],
      ['cli-mcp.js', 'node_modules/@modelcontextprotocol/sdk/'],
      ['cli-ajv.js', 'node_modules/ajv/dist/compile/'],
      ['cli-re2.js', 'node_modules/re2js/'],
      ['cli-remark.js', 'node_modules/micromark/'],
    ]) {
      assert.ok(!main.includes(`// ${marker}`), `dist/cli-main.js does not hold ${marker}`);
      assert.ok(!worker.includes(`// ${marker}`), `dist/cli-worker-main.js does not hold ${marker}`);
      assert.ok(
        fs.readFileSync(path.join(ROOT, 'dist', chunk), 'utf8').includes(`// ${marker}`),
        `${chunk} holds ${marker}`,
      );
    }
    // A custom schema with front matter and an ID pattern: the ajv and RE2 chunks, cached as the bundle is.
    const dir = tempDir();
    writeFiles(dir, {
      'schemas/note.yaml':
        'id: note\ntitle: Note\nmatch:\n  globs: ["**/*.note.md"]\nfrontMatter:\n  type: object\n  required: [owner]\n' +
        '  properties:\n    owner: { type: string, pattern: "^[a-z]+$" }\ncriteria:\n  idPattern: "REQ-\\\\d+"\n' +
        'sections:\n  - id: goal\n    title: Goal\n    rules:\n      checklist: true\n',
      '.spec-handoff.yaml': 'schemas: [schemas/note.yaml]\n',
      'a.note.md': '---\nowner: Ana\n---\n# A\n\n## Goal\n\n- [ ] REQ-1: it works\n- [ ] REQ-2a: not an ID\n',
    });
    const cacheDir = path.join(dir, 'cache');
    const env = { SPEC_HANDOFF_CODE_CACHE: cacheDir };
    const off = cli(['check', '--format', 'json', 'a.note.md'], { cwd: dir, env: { SPEC_HANDOFF_CODE_CACHE: 'off' } });
    const first = cli(['check', '--format', 'json', 'a.note.md'], { cwd: dir, env });
    const second = cli(['check', '--format', 'json', 'a.note.md'], { cwd: dir, env });
    for (const r of [first, second]) assert.deepEqual([r.code, r.stdout, r.stderr], [off.code, off.stdout, off.stderr]);
    assert.match(
      off.stdout,
      /owner must match pattern \\"\^\[a-z\]\+\$\\"/,
      'the front matter is validated (ajv) with the pattern (RE2)',
    );
    assert.deepEqual(
      fs
        .readdirSync(cacheDir)
        .map((f) => f.replace(/-.*/, ''))
        .sort(),
      ['cli', 'cli', 'cli'],
    );
    assert.deepEqual(
      fs
        .readdirSync(cacheDir)
        .map((f) => /^cli-(ajv|main|re2)-/.exec(f)?.[1])
        .sort(),
      ['ajv', 'main', 're2'],
      'the bundle and the two chunks it needed',
    );
  });

  it('output written directly is complete in a file and through a pipe, and a reader that stops early ends it quietly', function () {
    if (process.platform === 'win32') this.skip();
    const dir = tempDir();
    const fixtures = path.join(ROOT, 'test', 'fixtures');
    const args = [CLI, 'check', '--format', 'json', '--jobs', '1', fixtures];
    // Through a pipe (spawnSync's), about 200 KB of JSON: every byte arrives, as from the stream before.
    const piped = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.ok(piped.stdout.length > 50_000, `a large output (${piped.stdout.length} characters)`);
    const report = JSON.parse(piped.stdout) as { summary: { files: number } };
    assert.ok(report.summary.files > 40, 'the whole report arrived');
    // Into a file: the same bytes.
    const out = path.join(dir, 'out.json');
    const fd = fs.openSync(out, 'w');
    try {
      const toFile = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', fd, 'pipe'] });
      assert.equal(toFile.status, piped.status);
    } finally {
      fs.closeSync(fd);
    }
    assert.equal(fs.readFileSync(out, 'utf8'), piped.stdout);
    // A reader that closes the pipe after a few bytes: no stack trace, the exit code the check had.
    const head = spawnSync('sh', ['-c', `"${process.execPath}" ${args.map((a) => `"${a}"`).join(' ')} | head -c 10`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(head.stdout.length, 10);
    assert.doesNotMatch(head.stderr, /internal error|EPIPE|at /, head.stderr);
  });

  it('an unwritable cache folder changes nothing', () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const args = ['check', path.join(ROOT, 'test', 'fixtures', 'complete.spec.md')];
    const off = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: 'off' } });
    const r = cli(args, { cwd: ROOT, env: { SPEC_HANDOFF_CODE_CACHE: file } });
    assert.deepEqual([r.code, r.stdout, r.stderr], [off.code, off.stdout, off.stderr]);
    assert.equal(fs.readFileSync(file, 'utf8'), 'x');
  });

  it('a plain check loads no node:crypto and compiles no validator; --format sarif still hashes', () => {
    const dir = tempDir();
    // Counts functions made from source text (how ajv compiles a schema) and lists Node's loaded modules at exit.
    const preload = path.join(dir, 'preload.cjs');
    const out = path.join(dir, 'out.json');
    fs.writeFileSync(
      preload,
      `const made = [];
const Original = globalThis.Function;
const note = (args) => made.push(String(args[args.length - 1]).slice(0, 80));
globalThis.Function = new Proxy(Original, {
  construct: (target, args) => (note(args), Reflect.construct(target, args)),
  apply: (target, self, args) => (note(args), Reflect.apply(target, self, args)),
});
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ modules: process.moduleLoadList, made })));
`,
    );
    const spec = path.join(ROOT, 'test', 'fixtures', 'complete.spec.md');
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--require', preload, CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      return JSON.parse(fs.readFileSync(out, 'utf8')) as { modules: string[]; made: string[] };
    };
    const plain = run(['check', spec]);
    assert.ok(plain.modules.includes('NativeModule fs'), 'the module list is read (the check is not vacuous)');
    assert.deepEqual(
      plain.modules.filter((m) => /^NativeModule (crypto|child_process)$/.test(m)),
      [],
      'check loads neither node:crypto nor child_process',
    );
    assert.deepEqual(plain.made, [], 'no validator compiled for the built-in spec kind');
    // Output to a pipe is written with fs.writeSync (cli/io.ts), and node:v8 waits for a TurboFan hold:
    // neither process.stdout nor node:v8 loads node:stream and its kin.
    assert.deepEqual(
      plain.modules.filter((m) => /^NativeModule (stream|net|tty|v8)$/.test(m)),
      [],
      'a one-file check loads neither node:stream, node:net, node:tty nor node:v8',
    );
    // A folder is walked with fs's callback API: fs.promises would load eleven more of Node's modules (walk.ts).
    const folder = run(['check', '--jobs', '1', path.join(ROOT, 'test', 'fixtures', 'rules')]);
    assert.ok(folder.modules.includes('NativeModule fs'));
    assert.deepEqual(
      folder.modules.filter((m) => /^NativeModule internal\/fs\/promises$/.test(m)),
      [],
      'walking a folder does not load fs/promises',
    );
    // A project's .spec-handoff.yaml is validated by the validator made at build time: nothing compiled either.
    const project = tempDir();
    writeFiles(project, {
      '.spec-handoff.yaml':
        'rules:\n  SH014: error\n  number-with-unit: off\nassociations:\n  "docs/**/*.md": spec\nexclude:\n  - "drafts/**"\n',
      'docs/one.md': fs.readFileSync(spec, 'utf8'),
    });
    const configured = spawnSync(process.execPath, ['--require', preload, CLI, 'check', 'docs/one.md'], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.equal(configured.status, 0, configured.stdout + configured.stderr);
    assert.match(configured.stdout, /one\.md \(spec\)/, 'the association applies (the config was read)');
    assert.deepEqual(
      (JSON.parse(fs.readFileSync(out, 'utf8')) as { made: string[] }).made,
      [],
      'no validator compiled for .spec-handoff.yaml',
    );
    writeFiles(project, { '.spec-handoff.yaml': 'rules:\n  SH014: loud\n' });
    const broken = spawnSync(process.execPath, [CLI, 'check', 'docs/one.md'], { cwd: project, encoding: 'utf8' });
    assert.equal(broken.status, 2, broken.stdout + broken.stderr);
    assert.match(
      broken.stdout + broken.stderr,
      /\.spec-handoff\.yaml:2/,
      'a bad severity is still reported on its line',
    );
    // With a front matter schema of its own, the kind's validator is compiled at run time (the hook sees it).
    writeFiles(dir, {
      'schemas/note.yaml':
        'id: note\ntitle: Note\nmatch:\n  globs: ["**/*.note.md"]\nfrontMatter:\n  type: object\n  required: [owner]\nsections:\n  - id: goal\n    title: Goal\n',
      '.spec-handoff.yaml': 'schemas: [schemas/note.yaml]\n',
      'a.note.md': '---\nowner: ana\n---\n# A\n\n## Goal\n\nSomething worth doing, said in enough words.\n',
    });
    const custom = spawnSync(process.execPath, ['--require', preload, CLI, 'check', 'a.note.md'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(custom.status, 0, custom.stdout + custom.stderr);
    const customRun = JSON.parse(fs.readFileSync(out, 'utf8')) as { made: string[] };
    assert.ok(customRun.made.length > 0, 'a custom front matter schema is compiled');
    const sarif = run([
      'check',
      '--format',
      'sarif',
      '--schema',
      path.join(ROOT, 'test', 'fixtures', 'schemas', 'mini.yaml'),
      path.join(ROOT, 'test', 'fixtures', 'rules', 'sh001-missing-section.mini.md'),
    ]);
    assert.ok(sarif.modules.includes('NativeModule crypto'), 'SARIF fingerprints still use node:crypto');
  });
});
