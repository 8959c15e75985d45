/** The custom requests of protocol.ts (client → server), answered from the current service. */
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { Checklist, InsertMissingSectionParams, KindForDocumentResult, KindInfo, NewDocumentParams, NewDocumentResult, DocumentParams, GenerateHandoffParams, GenerateHandoffResult, ServerInfoResult } from '../protocol';
import { rescanCounts, slugifyFileName } from '../service';
import { headingFor } from '../service/analysis/matching';
import { insertSectionFix } from '../service/fixes/insert-section';
import { builtinSchemasDir } from '../node/workspace';
import type { ServerContext } from './context';
import { pathToUri, relativeTo, toWorkspaceEdit, uriToPath } from './convert';
import { editorTextReencodes } from '../node/encoding';

export function checklist(ctx: ServerContext, params: DocumentParams): Checklist | null {
  const analysis = ctx.matchedAnalysis(params.uri);
  return analysis ? ctx.load.service.checklist(analysis) ?? null : null;
}

export function insertMissingSection(ctx: ServerContext, params: InsertMissingSectionParams): WorkspaceEdit | null {
  const analysis = ctx.matchedAnalysis(params.uri);
  const doc = ctx.documents.get(params.uri);
  if (!analysis?.kind || !analysis.matching || !doc) return null;
  const spec = analysis.kind.allSections.find((s) => s.id === params.sectionId);
  if (!spec || headingFor(analysis.matching, spec.id)) return null;
  const fix = insertSectionFix(analysis.doc, analysis.kind, analysis.matching, spec);
  return toWorkspaceEdit(params.uri, doc.version, fix.edits, ctx.supportsDocumentChanges);
}

export function insertAllMissingSections(ctx: ServerContext, params: DocumentParams): WorkspaceEdit | null {
  const analysis = ctx.matchedAnalysis(params.uri);
  const doc = ctx.documents.get(params.uri);
  if (!analysis || !doc || editorTextReencodes(uriToPath(params.uri), doc.getText())) return null; // see codeActions
  const fix = ctx.load.service.insertAllMissing(analysis);
  return fix ? toWorkspaceEdit(params.uri, doc.version, fix.edits, ctx.supportsDocumentChanges) : null;
}

export function newDocument(ctx: ServerContext, params: NewDocumentParams): NewDocumentResult | null {
  const kind = ctx.load.service.registry.get(params.kind);
  if (!kind) return null;
  const text = ctx.load.service.newDocument(params.kind, params.title, params.eol === '\r\n' ? '\r\n' : '\n');
  if (text === undefined) return null;
  // A kind matched by `**/*.spec.md` gets `title.spec.md`, so the file still matches without its front matter.
  const suffix = kind.match.globs.map((g) => /\*\.([\w-]+)\.md$/.exec(g)?.[1]).find((s) => s !== undefined);
  return { text, fileName: `${slugifyFileName(params.title)}${suffix ? `.${suffix}` : ''}.md` };
}

export function listKinds(ctx: ServerContext): KindInfo[] {
  const builtinDir = safeBuiltinDir();
  return ctx.load.service.registry.kinds.map((k) => ({
    id: k.id,
    title: k.title,
    description: k.description,
    source: k.source,
    sourceUri: path.isAbsolute(k.source) ? pathToUri(k.source) : k.source,
    builtin: builtinDir !== undefined && path.dirname(path.resolve(k.source)) === builtinDir,
  }));
}

export function kindForDocument(ctx: ServerContext, params: DocumentParams): KindForDocumentResult | null {
  const kind = ctx.matchedAnalysis(params.uri)?.kind;
  if (!kind) return null;
  return { kindId: kind.id, kindTitle: kind.title, schemaSource: kind.source, schemaUri: path.isAbsolute(kind.source) ? pathToUri(kind.source) : kind.source };
}

/** `specHandoff/serverInfo`: this process and its open documents. Needs no loaded configuration. */
export function serverInfo(ctx: ServerContext, startedAt: string): ServerInfoResult {
  return { pid: process.pid, startedAt, openDocuments: ctx.documents.all().length, execArgv: [...process.execArgv], rescans: { ...rescanCounts } };
}

/**
 * A handoff generated from a spec (open text first, disk second), with the
 * `spec:` link relative to the target's folder. Writes nothing: the client
 * checks the target and creates the file.
 */
export function generateHandoff(ctx: ServerContext, params: GenerateHandoffParams): GenerateHandoffResult {
  const service = ctx.load.service;
  const kindId = params.kind ?? 'handoff';
  const kind = service.registry.get(kindId);
  if (!kind?.trace) return { error: kind ? `The kind "${kindId}" does not link to another document (it has no trace block), so it cannot be generated from one.` : `There is no document kind "${kindId}".` };
  const specPath = uriToPath(params.specUri);
  if (!specPath) return { error: 'Save the spec first: a handoff links to its spec by a relative path.' };
  const shown = relativeTo(ctx.root, specPath) ?? path.basename(specPath);
  const text = ctx.host.readFile(specPath);
  if (text === undefined) return { error: `Cannot read ${shown}.` };
  const spec = service.analyze(ctx.inputFor(ctx.host.openUri(specPath) ?? params.specUri, text));
  if (spec.skipped) return { error: `${shown} was not checked: ${spec.skipped}` };
  if (spec.kind?.id !== kind.trace.kind) {
    const wanted = service.registry.get(kind.trace.kind)?.title.toLowerCase() ?? kind.trace.kind;
    return { error: `${shown} is ${spec.kind ? `a ${spec.kind.title.toLowerCase()}` : 'not a recognised document'}, not a ${wanted}: a ${kind.title.toLowerCase()} is generated from a ${wanted}.` };
  }
  let target: string;
  if (params.targetUri) {
    const t = uriToPath(params.targetUri);
    if (!t) return { error: `The new ${kind.title.toLowerCase()} must be a file on disk (got ${params.targetUri}).` };
    target = t;
  } else {
    target = path.join(path.dirname(specPath), linkedFileName(specPath, kind.trace.kind, kindId, kind.match.globs));
  }
  const link = path.relative(path.dirname(target), specPath).split(path.sep).join('/');
  const generated = service.generateFrom(spec, link, kindId);
  if (generated === undefined) return { error: `A ${kind.title.toLowerCase()} cannot be generated from ${shown}.` };
  return { text: generated, suggestedUri: params.targetUri ?? pathToUri(target), link };
}

/**
 * `export.spec.md` → `export.handoff.md`: the source's name without its
 * kind suffix, with the generated kind's (from a `**\/*.handoff.md` glob, else
 * the kind id).
 */
export function linkedFileName(sourcePath: string, sourceKindId: string, kindId: string, globs: readonly string[]): string {
  let stem = path.basename(sourcePath).replace(/\.(md|markdown)$/i, '');
  if (stem.toLowerCase().endsWith(`.${sourceKindId.toLowerCase()}`)) stem = stem.slice(0, -sourceKindId.length - 1);
  const suffix = globs.map((g) => /\*\.([\w-]+)\.md$/.exec(g)?.[1]).find((s) => s !== undefined) ?? kindId;
  return `${stem || 'untitled'}.${suffix}.md`;
}

function safeBuiltinDir(): string | undefined {
  try {
    return path.resolve(builtinSchemasDir());
  } catch {
    return undefined;
  }
}
