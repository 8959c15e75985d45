#!/usr/bin/env node
// Benchmarks (npm run bench; not part of npm test). Prints a table and writes
// bench/results.json. Three parts, all timed in this one run:
//
//   a. the CLI (built as the npm package ships it) on the whole Rust RFC corpus (--schema schemas/presets/rust-rfc/rust-rfc.yaml
//      --format json) against markdownlint-cli2 with only MD043 (required
//      headings) configured for the same required sections: rounds in
//      alternating order (markdownlint-cli2 once a round, the fast runners three
//      times), medians, and the ratio ours/theirs; and against
//      rumdl (a native Rust linter; its MD043 with the same headings), which
//      the bench installs from npm into a cache folder outside the repository
//      (~/.cache/spec-handoff/rumdl-VERSION, or $SPEC_HANDOFF_RUMDL_CACHE) on
//      first use, skipped with the reason where that cannot be done. Ours runs
//      twice more: in one thread (--jobs 1; the default uses every core), and
//      with every rule but SH001 off (a configuration in the bench's temporary
//      folder), like for like with the peers, which run only their
//      required-headings rule; and, where the environment sets NODE_EXTRA_CA_CERTS (Node
//      then parses that certificate file at every start), once more without it, with one
//      small spec and `node -e ""` timed without it too: what the variable costs, apart; and
//      the same build run by other Node versions (--node-versions, default the newest 22.x
//      and 24.x LTS; bench/other-node.mjs installs Node's own binaries from npm into a cache
//      folder, skipped with the reason where that cannot be done): the corpus and one small
//      spec, figures for reference beside this machine's Node, on which the targets are judged;
//   b. edit latency through the real language server over stdio: 200
//      single-character incremental edits at seeded random places in the
//      largest RFC, each sent after the diagnostics of the previous version
//      arrived; didChange → publishDiagnostics of that version, raw and minus
//      the server's debounce, against one full remark parse of the same file;
//   c. the server's resident memory (VmRSS) after opening every corpus file;
//   d. extension activation time in a real VS Code (code-server + headless
//      Chromium, as the in-editor tests run it; see bench/activation.mjs):
//      activate() of our extension against the built-in Markdown extension,
//      each in a fresh VS Code, --rounds rounds in alternating order, medians
//      and the ratio ours/theirs. Skipped (with the reason) when code-server or
//      Chromium is missing. Needs no corpus.
//
// Usage: node bench/run.mjs [--corpus DIR] [--rounds N] [--edits N] [--only a,b,c,d]
// (`--only activation` is the same as `--only d`.)
// The corpus defaults to ../shared/corpus/rust-rfcs next to the repository.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { activationSkipReason, benchActivation } from './activation.mjs';
import { roundOrder } from './order.mjs';
import { envWithoutCaCerts } from './env.mjs';
import { DEFAULT_NODE_VERSIONS, installNode, parseNodeVersions } from './other-node.mjs';
import { binaryFromNpm } from './npm-cache.mjs';
import { prng } from '../scripts/prng.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const USAGE = `Usage: node bench/run.mjs [--corpus DIR] [--rounds N] [--edits N] [--only a,b,c,d] [--seed N] [--node-versions LIST]
  a: the CLI on the corpus against markdownlint-cli2 and rumdl, and one small spec (whole process);
     also run by the Node versions in LIST (default ${DEFAULT_NODE_VERSIONS.join(',')}; none: skip), installed from npm
  b: edit latency through the language server   c: the server's memory   d: first diagnostics in a real VS Code
The corpus defaults to ../shared/corpus/rust-rfcs next to the repository.`;
let parsed;
try {
  parsed = parseArgs({
    options: {
      corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'corpus', 'rust-rfcs') },
      rounds: { type: 'string', default: '5' },
      edits: { type: 'string', default: '200' },
      only: { type: 'string', default: 'a,b,c,d' },
      seed: { type: 'string', default: '20261125' },
      'node-versions': { type: 'string', default: DEFAULT_NODE_VERSIONS.join(',') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  // An unknown option or a missing value: the reason and the usage, not a stack trace.
  console.error(`bench: ${error.message}\n${USAGE}`);
  process.exit(2);
}
const args = parsed.values;
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const corpus = path.resolve(args.corpus);
let otherNodeVersions;
try {
  otherNodeVersions = parseNodeVersions(args['node-versions']);
} catch (error) {
  console.error(`bench: ${error.message}\n${USAGE}`);
  process.exit(2);
}
const rounds = Number(args.rounds);
const editCount = Number(args.edits);
const parts = new Set(args.only.split(',').map((p) => (p.trim() === 'activation' ? 'd' : p.trim())));
const needsCorpus = ['a', 'b', 'c'].some((p) => parts.has(p));
const SCHEMA = path.join(root, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml');
const LARGE_FILE = '3935-Project-Goals-2026.md';
/** Stage a: runs of ours and of rumdl per round (markdownlint-cli2 runs once a round). */
const FAST_REPEATS = 3;

if (needsCorpus && !fs.existsSync(corpus)) {
  console.error(`bench: no corpus at ${corpus} (pass --corpus DIR)`);
  process.exit(2);
}

// Always bench the current sources.
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) {
  console.error(`bench: build failed\n${build.stdout}${build.stderr}`);
  process.exit(2);
}
/**
 * Stage a times the command line as it is installed: the minified bundles the npm package ships
 * (scripts/pack-cli.mjs), built here beside the repository's schemas (the CLI finds them by walking up from
 * its folder). The dev bundles of dist/ hold whitespace, long names and comments: 1.3 MB to read and compile
 * against 0.76 MB, ~460 more first-touched pages per start (on the project's VMs ~11 µs each).
 */
const CLI = parts.has('a') ? await buildShippedCli() : path.join(root, 'dist', 'cli.js');

async function buildShippedCli() {
  const { buildBundles } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
  const outdir = path.join(root, 'out', 'bench-cli', 'dist');
  fs.rmSync(outdir, { recursive: true, force: true });
  await buildBundles({ only: ['cli.js', 'cli-worker.js'], outdir, production: true });
  return path.join(outdir, 'cli.js');
}
const SERVER = path.join(root, 'dist', 'server.js');
const SERVER_FLAGS = JSON.parse(fs.readFileSync(path.join(root, 'server', 'src', 'server-flags.json'), 'utf8'));
const SERVER_ENV = JSON.parse(fs.readFileSync(path.join(root, 'server', 'src', 'server-env.json'), 'utf8'));

const results = {
  date: new Date().toISOString(),
  machine: {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? '',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  },
  ...(needsCorpus ? { corpus: corpusInfo(corpus) } : {}),
  // Other work on the machine skews every figure: the 1-minute load average before and after.
  loadAverage: { before: os.loadavg()[0] },
};

// ---------------------------------------------------------------- helpers

function corpusInfo(dir) {
  const files = markdownUnder(dir);
  return { dir, files: files.length, bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0) };
}

function markdownUnder(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownUnder(full));
    else if (/\.(md|markdown)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

const median = (xs) => quantile(xs, 0.5);
/** Nearest-rank quantile. */
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const ms = (x) => `${x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;

// rumdl (https://rumdl.dev), the native peer: not a dependency of ours, installed on demand.
const RUMDL_VERSION = '0.2.77';
const RUMDL_PACKAGES = {
  'linux-x64': 'cli-linux-x64',
  'linux-arm64': 'cli-linux-arm64',
  'darwin-x64': 'cli-darwin-x64',
  'darwin-arm64': 'cli-darwin-arm64',
  'win32-x64': 'cli-win32-x64',
};

/**
 * The rumdl binary, installed with npm (--ignore-scripts: the package is the
 * binary itself) into a cache folder outside the repository, like code-server
 * (scripts/vscode/install-code-server.sh). Resolves to { bin, version } or
 * { skipped: reason }.
 */
function installRumdl() {
  const pkg = RUMDL_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg) return { skipped: `no rumdl npm package for ${process.platform}-${process.arch}` };
  const cache =
    process.env.SPEC_HANDOFF_RUMDL_CACHE ?? path.join(os.homedir(), '.cache', 'spec-handoff', `rumdl-${RUMDL_VERSION}`);
  const found = binaryFromNpm({
    label: `rumdl ${RUMDL_VERSION}`,
    cache,
    spec: `@rumdl/${pkg}@${RUMDL_VERSION}`,
    bin: path.join(cache, 'node_modules', '@rumdl', pkg, process.platform === 'win32' ? 'rumdl.exe' : 'rumdl'),
  });
  return 'skipped' in found ? found : { bin: found.bin, version: found.reported.replace(/^rumdl\s+/, '') };
}

/** Runs a command to completion with output discarded; resolves to [milliseconds, exit code]. */
function timed(cmd, argv, cwd, env = process.env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve([performance.now() - started, code]));
  });
}

// ---------------------------------------------------------------- a. CLI vs markdownlint-cli2

/**
 * What a pre-commit hook or an agent pays per call: `spec-handoff check` of
 * one small spec as a whole process (start-up included), median of 10, and
 * `node -e ""` as the floor any Node CLI pays, measured in the same run.
 * dist/cli.js runs its bundle through a V8 code cache (server/src/node/code-cache.ts)
 * written by the first run of a build: one untimed run writes it, as any earlier
 * use would have; the same check without the cache (SPEC_HANDOFF_CODE_CACHE=off,
 * what the very first run pays) is timed in the same loop. And the same check in
 * a project with a `.spec-handoff.yaml` (rule severities, an association, an
 * exclude), as a pre-commit hook in a real project runs it.
 * The CLI timed is the build the npm package ships (`CLI`, minified); against
 * the dev bundles of dist/ it measured 173 against 180 ms (21 alternating runs).
 */
async function benchOneFile(otherNodes = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-one-'));
  const file = path.join(dir, 'one.spec.md');
  fs.copyFileSync(path.join(root, 'test', 'fixtures', 'complete.spec.md'), file);
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-project-'));
  fs.mkdirSync(path.join(project, 'docs', 'specs'), { recursive: true });
  const projectFile = path.join(project, 'docs', 'specs', 'one.md');
  fs.copyFileSync(path.join(root, 'test', 'fixtures', 'complete.spec.md'), projectFile);
  fs.writeFileSync(
    path.join(project, '.spec-handoff.yaml'),
    'rules:\n  SH014: error\n  SH009: warning\n  SH020: off\nassociations:\n  "docs/specs/**/*.md": spec\nexclude:\n  - "drafts/**"\n',
  );
  const ours = [];
  const node = [];
  const noCache = [];
  const withConfig = [];
  const withoutCaCerts = envWithoutCaCerts();
  const oursWithoutCaCerts = [];
  const nodeWithoutCaCerts = [];
  const off = { ...process.env, SPEC_HANDOFF_CODE_CACHE: 'off' };
  await timed(process.execPath, [CLI, 'check', file], dir); // writes the code cache of this build (if none yet)
  for (const other of otherNodes) await timed(other.bin, [CLI, 'check', file], dir); // and each Node's own
  const others = otherNodes.map(() => []);
  for (let i = 0; i < 10; i++) {
    for (const [k, other] of otherNodes.entries())
      others[k].push((await timed(other.bin, [CLI, 'check', file], dir))[0]);
    ours.push((await timed(process.execPath, [CLI, 'check', file], dir))[0]);
    node.push((await timed(process.execPath, ['-e', ''], dir))[0]);
    noCache.push((await timed(process.execPath, [CLI, 'check', file], dir, off))[0]);
    withConfig.push((await timed(process.execPath, [CLI, 'check', projectFile], project))[0]);
    if (withoutCaCerts) {
      oursWithoutCaCerts.push((await timed(process.execPath, [CLI, 'check', file], dir, withoutCaCerts))[0]);
      nodeWithoutCaCerts.push((await timed(process.execPath, ['-e', ''], dir, withoutCaCerts))[0]);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(project, { recursive: true, force: true });
  return {
    runs: 10,
    oursMedian: median(ours),
    nodeMedian: median(node),
    noCacheMedian: median(noCache),
    withConfigMedian: median(withConfig),
    otherNodes: otherNodes.map((other, k) => ({ version: other.version, median: median(others[k]), runs: others[k] })),
    withoutCaCerts: withoutCaCerts
      ? {
          oursMedian: median(oursWithoutCaCerts),
          nodeMedian: median(nodeWithoutCaCerts),
          ours: oursWithoutCaCerts,
          node: nodeWithoutCaCerts,
        }
      : null,
    ours,
    node,
    noCache,
    withConfig,
  };
}

async function benchCli() {
  const yaml = require('yaml');
  const schema = yaml.parse(fs.readFileSync(SCHEMA, 'utf8'));
  const required = [];
  const walk = (sections) => {
    for (const s of sections ?? []) {
      // `level` may list the accepted levels (`[2, 1]`): MD043 takes one, the first (the level fixes insert).
      const level = Array.isArray(s.level) ? s.level[0] : (s.level ?? 2);
      if (s.required !== false) required.push(`${'#'.repeat(level)} ${s.title}`);
      walk(s.sections);
    }
  };
  walk(schema.sections);
  // MD043 takes one exact list of headings; "*" between the required ones allows anything in between.
  const headings = ['*', ...required.flatMap((h) => [h, '*'])];
  const mdlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-bench-'));
  const mdlConfig = path.join(mdlDir, '.markdownlint-cli2.jsonc');
  fs.writeFileSync(mdlConfig, JSON.stringify({ config: { default: false, MD043: { headings } } }, null, 2));
  // rumdl: the same MD043 headings list, only that rule enabled (TOML strings are JSON strings here).
  const rumdlConfig = path.join(mdlDir, 'rumdl.toml');
  fs.writeFileSync(
    rumdlConfig,
    `[global]\nenable = ["MD043"]\n\n[MD043]\nheadings = [${headings.map((h) => JSON.stringify(h)).join(', ')}]\n`,
  );
  const rumdl = installRumdl();
  // Like for like: the peers run only their required-headings rule, so one row of ours runs only SH001
  // (every other rule off in a configuration written here; the forced --schema kind stays the same).
  const sh001Config = path.join(mdlDir, 'sh001-only.spec-handoff.yaml');
  const otherRules = fs
    .readdirSync(path.join(root, 'docs', 'rules'))
    .map((n) => /^(SH\d{3})\.md$/.exec(n)?.[1])
    .filter((code) => code && code !== 'SH000' && code !== 'SH001' && code !== 'SH099')
    .sort();
  fs.writeFileSync(sh001Config, `rules:\n${otherRules.map((code) => `  ${code}: off\n`).join('')}`);

  // Its package.json is not exported: find the package folder on the resolution paths.
  let mdlBin;
  let mdlVersion;
  for (const dir of require.resolve.paths('markdownlint-cli2') ?? []) {
    const pkgFile = path.join(dir, 'markdownlint-cli2', 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    mdlBin = path.join(path.dirname(pkgFile), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['markdownlint-cli2']);
    mdlVersion = pkg.version;
    break;
  }

  // NODE_EXTRA_CA_CERTS: Node 20 reads and parses that certificate file at every start, before any script runs
  // (~45 ms on this project's VMs, whose environment sets it; most machines do not). Where it is set, ours runs
  // once more without it, so the table shows what the variable costs and what the tool costs.
  const withoutCaCerts = envWithoutCaCerts();
  const rel = path.relative(root, corpus);
  const ours = (jobs, config) => [
    CLI,
    'check',
    ...(config ? ['--config', config] : []),
    '--schema',
    'schemas/presets/rust-rfc/rust-rfc.yaml',
    '--format',
    'json',
    ...(jobs ? ['--jobs', String(jobs)] : []),
    rel,
  ];
  const theirs = () => [mdlBin, '--config', mdlConfig, '**/*.md'];
  const runners = [
    { name: 'spec-handoff check (default)', argv: ours(undefined), cwd: root },
    { name: 'spec-handoff check --jobs 1 (one thread)', argv: ours(1), cwd: root },
    {
      name: "spec-handoff check, SH001 only (like the peers' MD043 only)",
      argv: ours(undefined, sh001Config),
      cwd: root,
      sh001Only: true,
    },
  ];
  if (withoutCaCerts)
    runners.push({
      name: 'spec-handoff check (default) without NODE_EXTRA_CA_CERTS',
      argv: ours(undefined),
      cwd: root,
      env: withoutCaCerts,
      withoutCaCerts: true,
    });
  // No cache (ours has none either), every file under the corpus folder.
  const rumdlArgv = () => [
    'check',
    '--config',
    rumdlConfig,
    '--no-cache',
    '--output-format',
    'concise',
    '--color',
    'never',
    '.',
  ];
  if (mdlBin)
    runners.push({ name: `markdownlint-cli2 ${mdlVersion} (MD043 only)`, argv: theirs(), cwd: corpus, theirs: true });
  else console.log('bench: markdownlint-cli2 is not installed (npm install): part a runs without it');
  if (rumdl.bin)
    runners.push({
      name: `rumdl ${rumdl.version} (MD043 only)`,
      cmd: rumdl.bin,
      argv: rumdlArgv(),
      cwd: corpus,
      rumdl: true,
    });
  else console.log(`bench: rumdl SKIPPED: ${rumdl.skipped}`);
  // The same build run by other Node versions (other-node.mjs): what the Node version costs, apart.
  const otherNodes = otherNodeVersions.map((version) => ({ wanted: version, ...installNode(version) }));
  for (const other of otherNodes) {
    if (!other.bin) {
      console.log(`bench: Node ${other.wanted} SKIPPED: ${other.skipped}`);
      continue;
    }
    // Its code caches (keyed on V8's version) are written by this untimed run, as any earlier use would have.
    spawnSync(other.bin, ours(undefined), { cwd: root, stdio: 'ignore' });
    runners.push({
      name: `spec-handoff check (default) on Node ${other.version}`,
      cmd: other.bin,
      argv: ours(undefined),
      cwd: root,
      otherNode: other.version,
    });
  }

  // One untimed run each: page cache, and the findings each tool reports.
  const oursOut = spawnSync(process.execPath, ours(undefined), { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const report = JSON.parse(oursOut.stdout);
  const oursMissing = report.files.filter((f) => f.diagnostics.some((d) => d.code === 'SH001')).length;
  // The SH001-only configuration must load (exit 2 otherwise) and leave SH001's findings as they were.
  const sh001Out = spawnSync(process.execPath, ours(undefined, sh001Config), {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (sh001Out.status !== 0 && sh001Out.status !== 1)
    throw new Error(`the SH001-only run exited ${sh001Out.status}: ${sh001Out.stderr}`);
  const sh001Files = JSON.parse(sh001Out.stdout).files;
  if (sh001Files.some((f) => f.diagnostics.some((d) => d.code !== 'SH001')))
    throw new Error('the SH001-only run reported other rules: its configuration was not applied');
  if (sh001Files.filter((f) => f.diagnostics.length).length !== oursMissing)
    throw new Error('the SH001-only run found missing sections in other files than the full run');
  let theirsMissing;
  if (mdlBin) {
    const out = spawnSync(process.execPath, theirs(), { cwd: corpus, encoding: 'utf8', maxBuffer: 1 << 30 });
    theirsMissing = new Set(
      `${out.stdout}${out.stderr}`
        .split('\n')
        .filter((l) => l.includes('MD043'))
        .map((l) => l.split(':')[0]),
    ).size;
  }
  let rumdlMissing;
  if (rumdl.bin) {
    const out = spawnSync(rumdl.bin, rumdlArgv(), { cwd: corpus, encoding: 'utf8', maxBuffer: 1 << 30 });
    rumdlMissing = new Set(
      `${out.stdout}`
        .split('\n')
        .filter((l) => l.includes('[MD043]'))
        .map((l) => l.split(':')[0]),
    ).size;
  }

  // Each round runs markdownlint-cli2 once (10-15 s a run) and the fast runners (ours, rumdl: under a second)
  // FAST_REPEATS times, interleaved: on a shared machine one run of rumdl moved by 45 % between bench runs,
  // and five samples of each left the ratio to chance (CONTRIBUTING, round eight).
  const times = new Map(runners.map((r) => [r.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = roundOrder(
      runners.map((r) => ({ ...r, slow: r.theirs === true })),
      round,
      FAST_REPEATS,
    );
    for (const r of order) {
      const [t, code] = await timed(r.cmd ?? process.execPath, r.argv, r.cwd, r.env);
      if (code !== 0 && code !== 1) throw new Error(`${r.name} exited ${code}`);
      times.get(r.name).push(t);
    }
  }
  fs.rmSync(mdlDir, { recursive: true, force: true });
  const oneFile = await benchOneFile(otherNodes.filter((o) => o.bin));
  const rows = runners.map((r) => ({
    name: r.name,
    median: median(times.get(r.name)),
    min: Math.min(...times.get(r.name)),
    runs: times.get(r.name),
  }));
  const oursMedian = rows[0].median;
  const theirsRow = rows.find((_, i) => runners[i].theirs);
  const rumdlRow = rows.find((_, i) => runners[i].rumdl);
  const sh001Row = rows.find((_, i) => runners[i].sh001Only);
  const withoutCaCertsRow = rows.find((_, i) => runners[i].withoutCaCerts);
  return {
    rounds,
    oneFile,
    requiredHeadings: required,
    md043Headings: headings,
    runs: rows,
    ratio: theirsRow ? oursMedian / theirsRow.median : null,
    ratioJobs1: theirsRow ? rows[1].median / theirsRow.median : null,
    ratioRumdl: rumdlRow ? oursMedian / rumdlRow.median : null,
    ratioRumdlJobs1: rumdlRow ? rows[1].median / rumdlRow.median : null,
    ratioRumdlSh001Only: rumdlRow ? sh001Row.median / rumdlRow.median : null,
    ratioRumdlWithoutCaCerts: rumdlRow && withoutCaCertsRow ? withoutCaCertsRow.median / rumdlRow.median : null,
    otherNodes: rows
      .filter((_, i) => runners[i].otherNode)
      .map((r) => ({
        version: runners[rows.indexOf(r)].otherNode,
        median: r.median,
        ratioRumdl: rumdlRow ? r.median / rumdlRow.median : null,
      })),
    otherNodesSkipped: otherNodes.filter((o) => !o.bin).map((o) => ({ version: o.wanted, skipped: o.skipped })),
    nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS ?? null,
    rumdl: rumdl.bin ? { version: rumdl.version, bin: rumdl.bin } : { skipped: rumdl.skipped },
    filesMissingARequiredSection: {
      ours: oursMissing,
      markdownlintMd043: theirsMissing ?? null,
      rumdlMd043: rumdlMissing ?? null,
    },
  };
}

// ---------------------------------------------------------------- LSP client

class LspClient {
  constructor(cwd) {
    // The same Node flags and environment the extension starts the server with (server/src/server-flags.json, server-env.json).
    this.child = spawn(process.execPath, [...SERVER_FLAGS, SERVER, '--stdio'], {
      cwd,
      env: { ...process.env, ...SERVER_ENV },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    this.stderr = '';
    this.child.stderr.on('data', (c) => (this.stderr += c));
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
  }

  get pid() {
    return this.child.pid;
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.onMessage(message, performance.now());
    }
  }

  onMessage(message, at) {
    if (message.id !== undefined && message.method) {
      this.send({ jsonrpc: '2.0', id: message.id, result: null }); // any request from the server: a neutral answer
      return;
    }
    if (message.id !== undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    for (const w of [...this.waiters]) {
      if (w.match(message)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve({ message, at });
      }
    }
    this.onNotification?.(message, at);
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return this.bounded(
      new Promise((resolve) => {
        this.pending.set(id, resolve);
        this.send({ jsonrpc: '2.0', id, method, params });
      }),
      `${method} response`,
    );
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification that matches (registered before the trigger is sent). */
  waitFor(match, what) {
    return this.bounded(new Promise((resolve) => this.waiters.push({ match, resolve })), what);
  }

  bounded(promise, what, limit = 60_000) {
    let timer;
    return Promise.race([
      promise.finally(() => clearTimeout(timer)),
      new Promise(
        (_, reject) =>
          (timer = setTimeout(
            () =>
              reject(
                new Error(`bench: no ${what} within ${limit / 1000} s; server stderr:\n${this.stderr.slice(-2000)}`),
              ),
            limit,
          )),
      ),
    ]);
  }

  async start(rootDir, settings) {
    const init = await this.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootDir).href,
      workspaceFolders: [{ uri: pathToFileURL(rootDir).href, name: path.basename(rootDir) }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { settings },
    });
    if (!init.result?.capabilities) throw new Error(`bench: initialize failed: ${JSON.stringify(init)}`);
    this.notify('initialized', {});
    return init.result.capabilities;
  }

  async stop() {
    try {
      await this.request('shutdown', null);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

const SETTINGS = { schemas: [SCHEMA], associations: { '**/*.md': 'rust-rfc' } };

function debounceMs() {
  const text = fs.readFileSync(path.join(root, 'server', 'src', 'lsp', 'diagnostics.ts'), 'utf8');
  return Number(/DEBOUNCE_MS\s*=\s*(\d+)/.exec(text)?.[1] ?? NaN);
}

// ---------------------------------------------------------------- b. edit latency

async function benchEdits() {
  const file = path.join(corpus, LARGE_FILE);
  if (!fs.existsSync(file)) throw new Error(`bench: ${LARGE_FILE} is not in the corpus`);
  const original = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const debounce = debounceMs();

  // One full remark parse of the same text (unified + remark-parse + remark-gfm), in this process.
  const { unified } = await import(pathToFileURL(require.resolve('unified')).href);
  const remarkParse = (await import(pathToFileURL(require.resolve('remark-parse')).href)).default;
  const remarkGfm = (await import(pathToFileURL(require.resolve('remark-gfm')).href)).default;
  const processor = unified().use(remarkParse).use(remarkGfm);
  processor.parse(original); // warm-up
  const parses = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    processor.parse(original);
    parses.push(performance.now() - t);
  }
  const parse = median(parses);

  const client = new LspClient(corpus);
  try {
    await client.start(corpus, SETTINGS);
    const published = (version) => (m) =>
      m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version;
    const first = client.waitFor(published(1), 'diagnostics after didOpen');
    const openedAt = performance.now();
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text: original },
    });
    const opened = await first;
    const openMs = opened.at - openedAt;
    const findingsOnOpen = opened.message.params.diagnostics.length;
    if (!findingsOnOpen)
      throw new Error('bench: the RFC got no diagnostics; is it associated with the rust-rfc schema?');

    const random = prng(Number(args.seed));
    const lines = original.split('\n');
    const latencies = [];
    for (let i = 0; i < editCount; i++) {
      const version = i + 2;
      const line = Math.floor(random() * lines.length);
      const character = Math.floor(random() * (lines[line].length + 1));
      const ch = String.fromCharCode(97 + Math.floor(random() * 26));
      lines[line] = lines[line].slice(0, character) + ch + lines[line].slice(character);
      const arrived = client.waitFor(published(version), `diagnostics for version ${version}`);
      const sentAt = performance.now();
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
      });
      const { at } = await arrived;
      latencies.push(at - sentAt);
    }
    const processing = latencies.map((l) => l - debounce);
    return {
      file: LARGE_FILE,
      bytes: Buffer.byteLength(original),
      edits: editCount,
      seed: Number(args.seed),
      debounceMs: debounce,
      openMs,
      findingsOnOpen,
      raw: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) },
      minusDebounce: { p50: quantile(processing, 0.5), p95: quantile(processing, 0.95), max: Math.max(...processing) },
      remarkParse: { median: parse, runs: parses },
      ratioP95MinusDebounceToParse: quantile(processing, 0.95) / parse,
      ratioP95RawToParse: quantile(latencies, 0.95) / parse,
    };
  } finally {
    await client.stop();
  }
}

/** The scanner alone, in a child process through tsx (it is TypeScript): see bench/scan.ts. */
function benchScan() {
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      path.join(root, 'bench', 'scan.ts'),
      path.join(corpus, LARGE_FILE),
      String(editCount),
      String(args.seed),
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`bench: bench/scan.ts failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------- c. server memory

function vmRss(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssKb: kb('VmRSS'), peakKb: kb('VmHWM') };
}

async function benchMemory() {
  if (!fs.existsSync('/proc/self/status')) return { skipped: 'no /proc on this system' };
  const files = markdownUnder(corpus);
  const client = new LspClient(corpus);
  try {
    await client.start(corpus, SETTINGS);
    const waiting = new Set(files.map((f) => pathToFileURL(f).href));
    let withFindings = 0;
    const all = new Promise((resolve) => {
      client.onNotification = (m) => {
        if (m.method !== 'textDocument/publishDiagnostics' || !waiting.has(m.params.uri)) return;
        waiting.delete(m.params.uri);
        if (m.params.diagnostics.length) withFindings++;
        if (!waiting.size) resolve();
      };
    });
    const before = vmRss(client.pid);
    const started = performance.now();
    for (const f of files)
      client.notify('textDocument/didOpen', {
        textDocument: {
          uri: pathToFileURL(f).href,
          languageId: 'markdown',
          version: 1,
          text: fs.readFileSync(f, 'utf8'),
        },
      });
    await client.bounded(all, `diagnostics for all ${files.length} files`, 300_000);
    const allMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 1000)); // let the server settle (garbage collection, nothing pending)
    const after = vmRss(client.pid);
    return {
      files: files.length,
      withFindings,
      idleRssKb: before.rssKb,
      rssKb: after.rssKb,
      peakRssKb: after.peakKb,
      openAllMs: allMs,
    };
  } finally {
    await client.stop();
  }
}

// ---------------------------------------------------------------- run and print

const table = [];
const row = (what, figure, target = '', verdict = '') => table.push([what, figure, target, verdict]);
const check = (ok) => (ok ? 'met' : 'not met');

if (results.corpus)
  console.log(`corpus: ${results.corpus.files} files, ${(results.corpus.bytes / 1e6).toFixed(1)} MB (${corpus})`);
console.log(
  `machine: ${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${process.version}, load average ${results.loadAverage.before.toFixed(2)}\n`,
);

if (parts.has('a')) {
  const a = await benchCli();
  results.cli = a;
  for (const r of a.runs)
    row(
      `a. ${r.name}, whole corpus`,
      `${ms(r.median)} median (min ${ms(r.min)}, ${r.runs.length} run${r.runs.length === 1 ? '' : 's'})`,
    );
  row(
    'a. check one small spec, whole process (median of 10)',
    `${ms(a.oneFile.oursMedian)} (node -e "" ${ms(a.oneFile.nodeMedian)}; without the code cache ${ms(a.oneFile.noCacheMedian)})`,
    '≤ 100 ms',
    check(a.oneFile.oursMedian <= 100),
  );
  const clean = a.oneFile.withoutCaCerts;
  if (clean)
    row(
      'a. the same without NODE_EXTRA_CA_CERTS (set here, see the note)',
      `${ms(clean.oursMedian)} (node -e "" ${ms(clean.nodeMedian)})`,
      '≤ 100 ms',
      check(clean.oursMedian <= 100),
    );
  row(
    'a. the same in a project with a .spec-handoff.yaml (median of 10)',
    ms(a.oneFile.withConfigMedian),
    '≤ 100 ms',
    check(a.oneFile.withConfigMedian <= 100),
  );
  if (a.ratio !== null) {
    row('a. ratio ours / markdownlint-cli2 (medians)', `${a.ratio.toFixed(3)}×`, '≤ 0.25×', check(a.ratio <= 0.25));
    row('a. ratio with --jobs 1', `${a.ratioJobs1.toFixed(3)}×`);
  }
  if (a.ratioRumdl !== null) {
    row('a. ratio ours / rumdl (medians)', `${a.ratioRumdl.toFixed(2)}×`, '≤ 1.0×', check(a.ratioRumdl <= 1));
    row('a. ratio ours / rumdl with --jobs 1', `${a.ratioRumdlJobs1.toFixed(2)}×`);
    if (a.ratioRumdlWithoutCaCerts !== null)
      row('a. ratio ours / rumdl, ours without NODE_EXTRA_CA_CERTS', `${a.ratioRumdlWithoutCaCerts.toFixed(2)}×`);
    row(
      'a. ratio ours, SH001 only / rumdl (like for like)',
      `${a.ratioRumdlSh001Only.toFixed(2)}×`,
      '≤ 1.0×',
      check(a.ratioRumdlSh001Only <= 1),
    );
  } else row('a. ratio ours / rumdl', `skipped: ${a.rumdl.skipped}`);
  // Other Node versions: figures for reference (the targets are judged on this machine's Node, above).
  for (const other of a.otherNodes)
    row(
      `a. ratio ours on Node ${other.version} / rumdl`,
      other.ratioRumdl === null ? 'rumdl skipped' : `${other.ratioRumdl.toFixed(2)}×`,
    );
  for (const other of a.oneFile.otherNodes)
    row(`a. check one small spec on Node ${other.version} (median of 10)`, ms(other.median));
  for (const other of a.otherNodesSkipped) row(`a. Node ${other.version}`, `skipped: ${other.skipped}`);
  const m = a.filesMissingARequiredSection;
  row(
    'a. files missing a required section',
    [
      `ours ${m.ours}`,
      ...(m.markdownlintMd043 !== null ? [`markdownlint MD043 ${m.markdownlintMd043}`] : []),
      ...(m.rumdlMd043 !== null ? [`rumdl MD043 ${m.rumdlMd043}`] : []),
    ].join(', '),
  );
}
if (parts.has('b')) {
  const b = await benchEdits();
  results.edits = b;
  row(`b. didOpen → diagnostics (${LARGE_FILE}, ${(b.bytes / 1024).toFixed(0)} KB)`, ms(b.openMs));
  row(`b. edit → diagnostics, raw (${b.edits} edits)`, `p50 ${ms(b.raw.p50)}, p95 ${ms(b.raw.p95)}`);
  row(
    `b. edit → diagnostics minus ${b.debounceMs} ms debounce`,
    `p50 ${ms(b.minusDebounce.p50)}, p95 ${ms(b.minusDebounce.p95)}`,
  );
  row(
    'b. one full remark parse (unified+remark-parse+remark-gfm)',
    `${ms(b.remarkParse.median)} median of ${b.remarkParse.runs.length}`,
  );
  row(
    'b. p95 minus debounce / full parse',
    `${b.ratioP95MinusDebounceToParse.toFixed(3)}×`,
    '≤ 0.1×',
    check(b.ratioP95MinusDebounceToParse <= 0.1),
  );
  row('b. p95 raw / full parse', `${b.ratioP95RawToParse.toFixed(2)}×`);
  const s = benchScan();
  results.scan = s;
  row(
    `b. scanner: incremental rescan vs full scan (same ${s.edits} edits)`,
    `p50 ${ms(s.rescan.p50)} vs ${ms(s.full.p50)}, p95 ${ms(s.rescan.p95)} vs ${ms(s.full.p95)}`,
  );
  row(
    'b. ratio rescan / full scan (p50)',
    `${s.ratioP50.toFixed(2)}× (stopped early in ${s.stoppedEarly} of ${s.edits})`,
  );
}
if (parts.has('c')) {
  const c = await benchMemory();
  results.memory = c;
  if (c.skipped) row('c. server memory', c.skipped);
  else {
    row(`c. server RSS after opening all ${c.files} files`, mb(c.rssKb), '≤ 150 MB', check(c.rssKb / 1024 <= 150));
    row('c. server RSS idle / peak', `${mb(c.idleRssKb)} / ${mb(c.peakRssKb)}`);
    row(`c. all ${c.files} didOpens → diagnostics`, ms(c.openAllMs));
  }
}
if (parts.has('d')) {
  const skipped = activationSkipReason();
  if (skipped) console.log(`d. SKIPPED: extension activation time ${skipped.replace(/; /g, '\n   ')}\n`);
  else console.log(`d. extension activation: ${rounds} rounds, each a fresh VS Code per extension (about 30 s each)`);
  const d = skipped ? { skipped } : await benchActivation({ rounds, log: (line) => console.log(`   ${line}`) });
  results.activation = d;
  if (d.skipped) row('d. extension activation time', 'skipped: code-server or Chromium missing (see above)');
  else {
    const med = (s) => (s ? ms(s.median) : 'n/a');
    const ratio = (r) => (r === null ? 'n/a' : `${r.toFixed(2)}×`);
    row(
      'd. activate() → resolved, spec-handoff',
      `${ms(d.ours.activate.median)} median (min ${ms(d.ours.activate.min)}, ${d.ours.activate.n} rounds)`,
    );
    row(
      'd. activate() → resolved, built-in Markdown',
      `${ms(d.markdown.activate.median)} median (min ${ms(d.markdown.activate.min)}, ${d.markdown.activate.n} rounds)`,
    );
    row('d. ratio ours / Markdown, activate() (medians)', ratio(d.ratioActivate));
    row(
      'd. activate() → language server ready',
      `ours ${med(d.ours.serverReady)}, Markdown ${med(d.markdown.serverReady)}`,
    );
    row('d. ratio ours / Markdown, to server ready', ratio(d.ratioServerReady));
    row(
      `d. spec opened → first diagnostics (${path.basename(d.fixture)})`,
      `ours ${med(d.ours.openToDiagnostics)}, Markdown ${med(d.markdown.openToDiagnostics)}`,
    );
    row(
      'd. activate() → first diagnostics (opened once ready)',
      `ours ${med(d.ours.toDiagnostics)}, Markdown ${med(d.markdown.toDiagnostics)}`,
    );
    row('d. ratio ours / Markdown, to first diagnostics', ratio(d.ratioToDiagnostics));
    row('d. ours: didOpen sent → diagnostics back in the client', med(d.ours.didOpenToPublish));
  }
}

const widths = [0, 1, 2].map((i) =>
  Math.max(...table.map((r) => r[i].length), ['measure', 'result', 'target'][i].length),
);
const line = (r) =>
  `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`.trimEnd();
console.log(line(['measure', 'result', 'target', '']));
console.log(line(['-'.repeat(widths[0]), '-'.repeat(widths[1]), '-'.repeat(widths[2]), '']));
for (const r of table) console.log(line(r));
if (results.activation && !results.activation.skipped)
  console.log(`\nnote (d): VS Code ${results.activation.vscode}.
activate() is timed inside the extension host, from the call to its resolved promise (what VS Code counts as activation).
Ours returns before its language server is up (the API's \`ready\` says when); Markdown's awaits its language client's
start(), so both "server ready" figures include a started and initialized LSP server. Diagnostics: the first
onDidChangeDiagnostics for the spec (VS Code debounces that event by 50 ms); Markdown answers with an empty
pull-diagnostics report (its link validation is off by default), ours analyses the spec.`);
if (results.cli)
  console.log(
    `\nnote (a): MD043 (markdownlint and rumdl alike) checks one exact heading sequence ("*" for anything between), case-insensitively; spec-handoff matches\nsections by name at any place in the section tree, with aliases (e.g. "Detailed design"), numbering and near misses,\nand reports each missing section, order, duplicates, empty or short sections and more. The same question, asked two ways.`,
  );

if (results.cli?.nodeExtraCaCerts) {
  const clean = results.cli.oneFile.withoutCaCerts;
  console.log(
    `\nnote (a): this environment sets NODE_EXTRA_CA_CERTS (${results.cli.nodeExtraCaCerts}). Node 20 reads and parses that\ncertificate file at every start, before any script runs: node -e "" took ${ms(results.cli.oneFile.nodeMedian)} with it, ${ms(clean.nodeMedian)} without.\nEvery Node program here pays it, ours included; rumdl does not. The rows "without NODE_EXTRA_CA_CERTS" run ours with the\nvariable removed; the targets are judged on the environment as it is.`,
  );
}
results.loadAverage.after = os.loadavg()[0];
if (results.loadAverage.before > 0.5 || results.loadAverage.after > 2.5)
  console.log(
    `\nnote: the machine was busy (load average ${results.loadAverage.before.toFixed(2)} before, ${results.loadAverage.after.toFixed(2)} after); figures are noisier than usual.`,
  );
fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten: bench/results.json');
