/**
 * The architecture as a test: the language service's imports have no cycle
 * and run in one direction (types → parse → schema → analysis → fixes → rules →
 * the orchestrator → features → the index); the front ends (lsp/, cli/,
 * node/, protocol) reach the service only through `service/index.ts`; the
 * client reaches the server only through `protocol.ts`; and the service
 * knows neither LSP, VS Code nor the file system. ARCHITECTURE.md shows the
 * same picture.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cycles, importsOf, sourceFiles, type ImportEdge } from '../support/import-graph';

const root = path.resolve(__dirname, '..', '..');
const serverSrc = path.join(root, 'server', 'src');
const service = path.join(serverSrc, 'service');
const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
const where = (e: ImportEdge) => `${rel(e.from)}:${e.line} imports ${rel(e.to)}`;

/**
 * The layers of the service, bottom first. A file may import its own layer
 * or any layer below it, never one above (cycles inside a layer are caught
 * by the cycle check).
 */
const LAYERS: { name: string; files: (relativeToService: string) => boolean }[] = [
  { name: 'types.ts, limits.ts, regex.ts', files: (f) => f === 'types.ts' || f === 'limits.ts' || f === 'regex.ts' },
  { name: 'parse/', files: (f) => f.startsWith('parse/') },
  { name: 'schema/', files: (f) => f.startsWith('schema/') },
  { name: 'analysis/', files: (f) => f.startsWith('analysis/') },
  { name: 'fixes/ and edits.ts', files: (f) => f.startsWith('fixes/') || f === 'edits.ts' },
  { name: 'rules/', files: (f) => f.startsWith('rules/') },
  {
    name: 'the orchestrator (analyze.ts, suppressions.ts), config.ts and workspace-config.ts',
    files: (f) => f === 'analyze.ts' || f === 'suppressions.ts' || f === 'config.ts' || f === 'workspace-config.ts',
  },
  { name: 'features/ and templates.ts', files: (f) => f.startsWith('features/') || f === 'templates.ts' },
  { name: 'the index', files: (f) => f === 'index.ts' },
];

function layerOf(file: string): number {
  const f = path.relative(service, file).split(path.sep).join('/');
  const i = LAYERS.findIndex((l) => l.files(f));
  if (i < 0)
    throw new Error(
      `${rel(file)} is in no layer of the service: add it to LAYERS in test/unit/architecture.test.ts (and ARCHITECTURE.md)`,
    );
  return i;
}

/** Every import specifier of a file, including packages (for the "knows no LSP" checks). */
function specifiersOf(file: string): { specifier: string; line: number }[] {
  const out: { specifier: string; line: number }[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/g))
        out.push({ specifier: m[1], line: i + 1 });
    });
  return out;
}

describe('architecture: imports', () => {
  const serviceFiles = sourceFiles(service);
  const serviceEdges = serviceFiles.flatMap(importsOf);

  it('the import graph finds every relative import (sanity: the service has files and edges)', () => {
    assert.ok(serviceFiles.length > 50, `only ${serviceFiles.length} service files found`);
    assert.ok(serviceEdges.length > 100, `only ${serviceEdges.length} imports found`);
    assert.ok(
      serviceEdges.some(
        (e) => rel(e.from) === 'server/src/service/index.ts' && rel(e.to) === 'server/src/service/analyze.ts',
      ),
    );
  });

  it('the cycle finder reports a cycle and its members (so a clean result means something)', () => {
    const [a, b, c, d] = ['/a.ts', '/b.ts', '/c.ts', '/d.ts'];
    const edge = (from: string, to: string): ImportEdge => ({ from, to, line: 1 });
    assert.deepEqual(cycles([a, b, c, d], [edge(a, b), edge(b, c), edge(c, a), edge(c, d)]), [[a, b, c]]);
    assert.deepEqual(cycles([a, b], [edge(a, b)]), []);
    assert.deepEqual(cycles([a], [edge(a, a)]), [[a]]);
  });

  it('there is no import cycle inside server/src/service (type-only imports count too)', () => {
    const found = cycles(serviceFiles, serviceEdges);
    assert.deepEqual(
      found.map((c) => c.map(rel)),
      [],
      `import cycles:\n${found.map((c) => c.map(rel).join(' → ')).join('\n')}`,
    );
  });

  it('service layers import only downwards', () => {
    const upward = serviceEdges.filter((e) => e.to.startsWith(service + path.sep) && layerOf(e.to) > layerOf(e.from));
    assert.deepEqual(
      upward.map(where),
      [],
      `imports against the layer order (${LAYERS.map((l) => l.name).join(' → ')})`,
    );
  });

  it('the service imports no LSP, VS Code, file system or front-end code', () => {
    const banned =
      /^(?:vscode|vscode-languageserver.*|vscode-languageclient.*|node:fs.*|fs|fs\/promises|node:child_process|node:worker_threads)$/;
    const bad = serviceFiles.flatMap((file) =>
      specifiersOf(file)
        .filter((s) => banned.test(s.specifier))
        .map((s) => `${rel(file)}:${s.line} imports ${s.specifier}`),
    );
    const outside = serviceEdges
      .filter((e) => !e.to.startsWith(service + path.sep) && !e.to.endsWith('.json'))
      .map(where);
    assert.deepEqual([...bad, ...outside], []);
  });

  it('lsp/, cli/, node/, the entry points and protocol.ts reach the service only through service/index.ts', () => {
    const frontEnds = sourceFiles(serverSrc).filter((f) => !f.startsWith(service + path.sep));
    assert.ok(
      frontEnds.some((f) => rel(f) === 'server/src/lsp/requests.ts') &&
        frontEnds.some((f) => rel(f) === 'server/src/cli/commands/check.ts'),
    );
    const reachingIn = frontEnds
      .flatMap(importsOf)
      .filter((e) => e.to.startsWith(service + path.sep) && e.to !== path.join(service, 'index.ts'));
    assert.deepEqual(reachingIn.map(where), [], 'import from "../service" (LanguageService and its exports) instead');
  });

  it('the client imports nothing of the server but protocol.ts', () => {
    const clientFiles = sourceFiles(path.join(root, 'client', 'src'));
    assert.ok(clientFiles.length > 5);
    const reaching = clientFiles
      .flatMap(importsOf)
      .filter(
        (e) => !e.to.startsWith(path.join(root, 'client') + path.sep) && e.to !== path.join(serverSrc, 'protocol.ts'),
      );
    assert.deepEqual(reaching.map(where), []);
  });

  it('no dead exports: every export of server/src and client/src is used by another file of the project (VS Code entry points aside)', () => {
    const ENTRY_POINTS = new Set(['client/src/extension.ts#deactivate']);
    const project = [
      serverSrc,
      path.join(root, 'client', 'src'),
      path.join(root, 'test'),
      path.join(root, 'bench'),
    ].flatMap((d) => sourceFiles(d));
    const scripts = fs
      .readdirSync(path.join(root, 'scripts'))
      .filter((f) => /\.(mjs|cjs)$/.test(f))
      .map((f) => path.join(root, 'scripts', f));
    const texts = new Map([...project, ...scripts].map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const dead: string[] = [];
    for (const file of [...sourceFiles(serverSrc), ...sourceFiles(path.join(root, 'client', 'src'))]) {
      const text = texts.get(file)!;
      for (const m of text.matchAll(
        /^export (?:async )?(?:function\*?|const|let|class|interface|type|enum|namespace) (\w+)/gm,
      )) {
        const name = m[1];
        if (ENTRY_POINTS.has(`${rel(file)}#${name}`)) continue;
        const word = new RegExp(`\\b${name}\\b`);
        const usedInFile = (text.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length > 1;
        if (!usedInFile && ![...texts].some(([other, t]) => other !== file && word.test(t)))
          dead.push(`${rel(file)}: ${name}`);
      }
    }
    assert.deepEqual(dead, [], 'remove these exports (or use them)');
  });
});
