/** The custom requests of protocol.ts (client → server), answered from the current service. */
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type {
  Checklist,
  InsertMissingSectionParams,
  KindForDocumentResult,
  KindInfo,
  NewDocumentParams,
  NewDocumentResult,
  DocumentParams,
  GenerateHandoffParams,
  GenerateHandoffResult,
  ServerInfoResult,
} from '../protocol';
import { SERVER_ENV } from '../protocol';
import { rescanCounts, type DecisionRecord } from '../service';
import { builtinSchemasDir, editorTextReencodes, isInside, realPathLoose } from '../node/server-host';
import type { ServerContext } from './context';
import { pathToUri, relativeTo, toWorkspaceEdit, uriToPath } from './convert';

export function checklist(ctx: ServerContext, params: DocumentParams): Checklist | null {
  const analysis = ctx.matchedAnalysis(params.uri);
  return analysis ? (ctx.load.service.checklist(analysis) ?? null) : null;
}

export function insertMissingSection(ctx: ServerContext, params: InsertMissingSectionParams): WorkspaceEdit | null {
  const analysis = ctx.matchedAnalysis(params.uri);
  const doc = ctx.documents.get(params.uri);
  const fix = analysis && ctx.load.service.insertSection(analysis, params.sectionId);
  return fix && doc ? toWorkspaceEdit(params.uri, doc.version, fix.edits, ctx.supportsDocumentChanges) : null;
}

export function insertAllMissingSections(ctx: ServerContext, params: DocumentParams): WorkspaceEdit | null {
  const analysis = ctx.matchedAnalysis(params.uri);
  const doc = ctx.documents.get(params.uri);
  if (!analysis || !doc || editorTextReencodes(uriToPath(params.uri), doc.getText())) return null; // see codeActions
  const fix = ctx.load.service.insertAllMissing(analysis);
  return fix ? toWorkspaceEdit(params.uri, doc.version, fix.edits, ctx.supportsDocumentChanges) : null;
}

export function newDocument(ctx: ServerContext, params: NewDocumentParams): NewDocumentResult | null {
  const service = ctx.load.service;
  const text = service.newDocument(params.kind, params.title, params.eol === '\r\n' ? '\r\n' : '\n');
  const fileName = service.newDocumentFileName(params.kind, params.title);
  return text !== undefined && fileName !== undefined ? { text, fileName } : null;
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
    generatedFrom: k.trace?.kind,
  }));
}

export function kindForDocument(ctx: ServerContext, params: DocumentParams): KindForDocumentResult | null {
  const kind = ctx.matchedAnalysis(params.uri)?.kind;
  if (!kind) return null;
  return {
    kindId: kind.id,
    kindTitle: kind.title,
    schemaSource: kind.source,
    schemaUri: path.isAbsolute(kind.source) ? pathToUri(kind.source) : kind.source,
  };
}

/** `specHandoff/serverInfo`: this process and its open documents. Needs no loaded configuration. */
export function serverInfo(ctx: ServerContext, startedAt: string): ServerInfoResult {
  return {
    pid: process.pid,
    startedAt,
    openDocuments: ctx.documents.all().length,
    execArgv: [...process.execArgv],
    env: Object.fromEntries(Object.keys(SERVER_ENV).map((k) => [k, process.env[k]])),
    rescans: { ...rescanCounts },
  };
}

/**
 * A handoff generated from a spec (open text first, disk second), with the
 * `spec:` link relative to the target's folder, and the indexed decisions
 * linking to the spec under Decisions. Writes nothing: the client
 * checks the target and creates the file.
 */
export function generateHandoff(
  ctx: ServerContext,
  params: GenerateHandoffParams,
  decisions: { path: string; record: DecisionRecord }[] = [],
): GenerateHandoffResult {
  const service = ctx.load.service;
  const specPath = uriToPath(params.specUri);
  if (!specPath) return { error: 'Save the spec first: a handoff links to its spec by a relative path.' };
  const shown = relativeTo(ctx.root, specPath) ?? path.basename(specPath);
  let targetPath: string | undefined;
  if (params.targetUri) {
    targetPath = uriToPath(params.targetUri);
    if (!targetPath) return { error: `The new document must be a file on disk (got ${params.targetUri}).` };
    // Lexically and through symlinks: a symlinked folder must not lead the new file out of the workspace.
    const folder = (params.folderUri && uriToPath(params.folderUri)) || ctx.root;
    if (folder && !insideThroughSymlinks(folder, targetPath))
      return {
        error: `${targetPath} is outside ${folder}; a handoff is created inside the spec's workspace folder.`,
        outside: true,
      };
  }
  // Nothing outside the workspace folders is read (through symlinks too): say so rather than "cannot read".
  if (!ctx.host.contains(specPath))
    return { error: `${shown} is outside the workspace folder; a handoff is generated from a spec inside it.` };
  const text = ctx.host.readFile(specPath);
  if (text === undefined) return { error: `Cannot read ${shown}.` };
  const spec = service.analyze(ctx.inputFor(ctx.host.openUri(specPath) ?? params.specUri, text));
  const plan = service.generate(spec, specPath, { kindId: params.kind, targetPath, shownPath: shown, decisions });
  if ('error' in plan) return { error: plan.hint ? `${plan.error} ${plan.hint}` : plan.error };
  return { text: plan.text, suggestedUri: params.targetUri ?? pathToUri(plan.targetPath), link: plan.link };
}

/** Inside `folder` lexically and through symlinks, and not the folder itself. */
function insideThroughSymlinks(folder: string, target: string): boolean {
  const [realFolder, realTarget] = [realPathLoose(folder), realPathLoose(target)];
  return isInside(folder, target) && realTarget !== realFolder && isInside(realFolder, realTarget);
}

function safeBuiltinDir(): string | undefined {
  try {
    return path.resolve(builtinSchemasDir());
  } catch {
    return undefined;
  }
}
