/**
 * Navigation between specs and handoffs:
 *
 * - definition on a criterion ID in a handoff (`AC-3`) → that criterion's
 *   line in the linked spec; on the `spec:` front matter line → the spec file;
 *   on an ID in a spec → its own criterion;
 * - references of a criterion ID (in the spec or a handoff) → every line
 *   mentioning it in the spec and in each document linking to the spec, plus
 *   the criterion itself when the declaration is asked for;
 * - workspace symbols → specs, handoffs and the specs' criteria by ID, from
 *   the workspace index.
 *
 * Linked and linking documents are read through the context's host: open
 * editor text first, disk second.
 */
import {
  SymbolKind,
  type DefinitionParams,
  type Location,
  type Range,
  type ReferenceParams,
  type SymbolInformation,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import { compileUserPattern, type Analysis, type Criterion } from '../service';
import type { ServerContext } from './context';
import { pathKey, pathToUri, uriToPath } from './convert';
import { linkedPathOf } from './host';
import type { WorkspaceIndex } from './workspace-index';

/** At most this many workspace symbols per query. */
const MAX_SYMBOLS = 1000;
/** Linking documents larger than this are not searched for references. */
const MAX_SEARCH_CHARS = 5_000_000;

const ID_BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}_-])';
const ID_BOUNDARY_AFTER = '(?![\\p{L}\\p{N}_])';
const WORD_BEFORE = /[\p{L}\p{N}_-]/u;
const WORD_AFTER = /[\p{L}\p{N}_]/u;

/**
 * Every criterion ID on a line, per a kind's `criteria.idPattern`: the user's
 * pattern runs on RE2 (linear time, see service/regex.ts), which has no
 * look-behind, so the boundaries around an ID are checked here.
 */
function* idMatches(line: string, pattern: string): Generator<{ id: string; start: number; end: number }> {
  const re = compileUserPattern(pattern);
  if (typeof re === 'string') return;
  const m = re.matcher(line);
  for (let from = 0; from <= line.length && m.find(from); ) {
    const start = m.start();
    const end = m.end();
    const before = start > 0 ? String.fromCodePoint(line.codePointAt(start - 1) ?? 0) : '';
    const after = end < line.length ? String.fromCodePoint(line.codePointAt(end) ?? 0) : '';
    if (end > start && !WORD_BEFORE.test(before) && !WORD_AFTER.test(after))
      yield { id: line.slice(start, end), start, end };
    from = end > start ? end : start + 1;
  }
}

/** The criterion ID under (or just before) the cursor. */
export function idAt(
  line: string,
  character: number,
  pattern: string,
): { id: string; start: number; end: number } | undefined {
  for (const { id, start, end } of idMatches(line, pattern)) {
    if (character >= start && character <= end) return { id, start, end };
    if (start > character) break;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const range = (line: number, start: number, end: number): Range => ({
  start: { line, character: start },
  end: { line, character: end },
});

/** An open document's URI for a path, else its file URI. */
function uriFor(ctx: ServerContext, file: string): string {
  return ctx.host.openUri(file) ?? pathToUri(file);
}

function inFrontMatter(analysis: Analysis, line: number): boolean {
  const fm = analysis.doc.frontMatter;
  return fm !== undefined && line > 0 && line < fm.endLine;
}

/** Where a document's criteria are defined: its linked spec for a kind that traces (a handoff), else the document itself. */
interface CriteriaSource {
  uri: string;
  /** Undefined for an unsaved document. */
  path: string | undefined;
  criteria: Criterion[];
}

function criteriaSource(ctx: ServerContext, analysis: Analysis, uri: string): CriteriaSource | undefined {
  const trace = analysis.kind?.trace;
  if (!trace)
    return analysis.context ? { uri, path: uriToPath(uri), criteria: ctx.load.service.criteria(analysis) } : undefined;
  const linked = analysis.context?.linked();
  const spec = linked?.analysis;
  if (!linked || !spec?.context || spec.kind?.id !== trace.kind) return undefined;
  return {
    uri: uriFor(ctx, linked.absolutePath),
    path: linked.absolutePath,
    criteria: ctx.load.service.criteria(spec),
  };
}

export function definition(ctx: ServerContext, params: DefinitionParams): Location[] | null {
  const uri = params.textDocument.uri;
  const analysis = ctx.matchedAnalysis(uri);
  if (!analysis?.kind) return null;
  const { line, character } = params.position;
  const lineText = analysis.doc.lines[line] ?? '';
  const trace = analysis.kind.trace;

  if (
    trace &&
    inFrontMatter(analysis, line) &&
    new RegExp(`^${escapeRegExp(trace.frontMatterKey)}\\s*:`).test(lineText)
  ) {
    const linked = linkedPathOf(analysis, uriToPath(uri));
    if (!linked || !ctx.host.exists(linked)) return null;
    return [{ uri: uriFor(ctx, linked), range: range(0, 0, 0) }];
  }

  const token = idAt(lineText, character, analysis.kind.criteria.idPattern);
  if (!token) return null;
  const source = criteriaSource(ctx, analysis, uri);
  const criterion = source?.criteria.find((c) => c.id === token.id);
  if (!source || !criterion) return null;
  return [{ uri: source.uri, range: range(criterion.line, criterion.idStart, criterion.idEnd) }];
}

export function references(ctx: ServerContext, index: WorkspaceIndex, params: ReferenceParams): Location[] {
  const uri = params.textDocument.uri;
  const analysis = ctx.matchedAnalysis(uri);
  if (!analysis?.kind) return [];
  const token = idAt(
    analysis.doc.lines[params.position.line] ?? '',
    params.position.character,
    analysis.kind.criteria.idPattern,
  );
  if (!token) return [];
  const source = criteriaSource(ctx, analysis, uri);
  if (!source) return [];
  const declaration = source.criteria.find((c) => c.id === token.id);

  const out: Location[] = [];
  if (declaration && params.context.includeDeclaration)
    out.push({ uri: source.uri, range: range(declaration.line, declaration.idStart, declaration.idEnd) });

  // The spec and every document linking to it: indexed ones, and open ones (which may lie outside the workspace).
  const files = new Map<string, { uri: string; text: () => string | undefined }>();
  if (source.path) {
    const specPath = source.path;
    files.set(pathKey(specPath), { uri: source.uri, text: () => ctx.host.readFile(specPath) });
    for (const e of index.linkingTo(specPath))
      files.set(pathKey(e.path), { uri: uriFor(ctx, e.path), text: () => ctx.host.readFile(e.path) });
    for (const dependent of ctx.dependentsOf(specPath)) {
      const file = uriToPath(dependent);
      if (file) files.set(pathKey(file), { uri: dependent, text: () => ctx.documents.get(dependent)?.getText() });
    }
  } else {
    files.set(uri, { uri, text: () => ctx.documents.get(uri)?.getText() });
  }

  const re = new RegExp(`${ID_BOUNDARY_BEFORE}${escapeRegExp(token.id)}${ID_BOUNDARY_AFTER}`, 'gu');
  const isDeclaration = (u: string, line: number): boolean =>
    declaration !== undefined && u === source.uri && line === declaration.line;
  const mentions: Location[] = [];
  for (const { uri: fileUri, text } of files.values()) {
    const content = text();
    if (content === undefined || content.length > MAX_SEARCH_CHARS || !content.includes(token.id)) continue;
    const lines = content.split(/\r\n|\r|\n/);
    // Front matter is metadata, not a mention.
    let first = 0;
    if (lines[0] === '---') {
      const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
      if (close > 0) first = close + 1;
    }
    for (let line = first; line < lines.length; line++) {
      if (!lines[line].includes(token.id)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(lines[line]); m; m = re.exec(lines[line])) {
        if (isDeclaration(fileUri, line) && m.index === declaration!.idStart) continue;
        mentions.push({ uri: fileUri, range: range(line, m.index, m.index + m[0].length) });
      }
    }
  }
  mentions.sort(
    (a, b) =>
      (a.uri === source.uri ? -1 : 0) - (b.uri === source.uri ? -1 : 0) ||
      (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
  return [...out, ...mentions];
}

/**
 * How well `text` matches a query: 3 prefix, 2 substring, 1 the query's
 * characters in order (as VS Code's own filter), 0 no match.
 */
function score(text: string, query: string): number {
  if (!query) return 1;
  const t = text.toLowerCase();
  if (t.startsWith(query)) return 3;
  if (t.includes(query)) return 2;
  let i = 0;
  for (let j = 0; j < t.length && i < query.length; j++) if (t[j] === query[i]) i++;
  return i === query.length ? 1 : 0;
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Every indexed document (specs, handoffs, decision records, answered questions …) by title or path, the specs' criteria by ID (and text). */
export function workspaceSymbols(index: WorkspaceIndex, params: WorkspaceSymbolParams): SymbolInformation[] {
  const query = params.query.trim().toLowerCase();
  const scored: { score: number; symbol: SymbolInformation }[] = [];
  for (const e of index.all()) {
    const docScore = Math.max(score(e.title, query), score(e.relativePath, query));
    if (docScore) {
      // Decision records and answered questions say what was decided, and when, beside the title.
      const d = e.decision;
      const container = d
        ? [
            d.type === 'answer' ? 'Answered question' : 'Decision',
            d.status && d.type !== 'answer' ? d.status : '',
            d.date,
            e.relativePath,
          ]
            .filter(Boolean)
            .join(' · ')
        : `${e.kindTitle} · ${e.relativePath}`;
      scored.push({
        score: docScore,
        symbol: {
          name: e.title,
          kind: SymbolKind.File,
          containerName: container,
          location: { uri: e.uri, range: range(e.titleLine, 0, 0) },
        },
      });
    }
    // A handoff's criteria are references to its spec's; only the defining document lists them.
    if (!e.definesCriteria) continue;
    for (const c of e.criteria) {
      const name = `${c.id}: ${short(c.text)}`;
      const byId = score(c.id, query);
      const s = Math.max(byId ? byId + 1 : 0, score(name, query)); // an ID match ranks above a text match
      if (s) {
        scored.push({
          score: s,
          symbol: {
            name,
            kind: SymbolKind.Key,
            containerName: `${e.title} · ${e.relativePath}`,
            location: { uri: e.uri, range: range(c.line, c.start, c.end) },
          },
        });
      }
    }
  }
  scored.sort(
    (a, b) => b.score - a.score || (a.symbol.name < b.symbol.name ? -1 : a.symbol.name > b.symbol.name ? 1 : 0),
  );
  return scored.slice(0, MAX_SYMBOLS).map((s) => s.symbol);
}
