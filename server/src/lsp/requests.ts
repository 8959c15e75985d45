/** The custom requests of protocol.ts (client → server), answered from the current service. */
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { Checklist, InsertMissingSectionParams, KindForDocumentResult, KindInfo, NewDocumentParams, NewDocumentResult, DocumentParams } from '../protocol';
import { slugifyFileName } from '../service';
import { headingFor } from '../service/analysis/matching';
import { insertSectionFix } from '../service/fixes/insert-section';
import { builtinSchemasDir } from '../node/workspace';
import type { ServerContext } from './context';
import { pathToUri, toWorkspaceEdit } from './convert';

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
  if (!analysis || !doc) return null;
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

function safeBuiltinDir(): string | undefined {
  try {
    return path.resolve(builtinSchemasDir());
  } catch {
    return undefined;
  }
}
