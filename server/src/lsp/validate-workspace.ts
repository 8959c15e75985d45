/**
 * `specHandoff/validateWorkspace`: analyses every document of the workspace
 * (open documents: their editor text) and publishes diagnostics for each
 * file that matches a kind. The list comes from the workspace index, walked
 * afresh (the same walker, exclusions and size limit as everywhere); a folder
 * outside the indexed root is walked with the same walker and limits. Yields to the event loop
 * between files so the server keeps answering while it works.
 */
import * as path from 'node:path';
import type { ValidateWorkspaceParams, ValidateWorkspaceResult } from '../protocol';
import { tooLargeMessage, type Finding } from '../service';
import { readTextFile, statFile, walkFiles } from '../node/server-host';
import type { ServerContext } from './context';
import type { DiagnosticsScheduler } from './diagnostics';
import { INDEX_LIMITS, type WorkspaceIndex } from './workspace-index';
import { pathToUri, relativeTo, toDiagnostic, uriToPath } from './convert';

export async function validateWorkspace(
  ctx: ServerContext,
  index: WorkspaceIndex,
  diagnostics: DiagnosticsScheduler,
  params: ValidateWorkspaceParams | null | undefined,
): Promise<ValidateWorkspaceResult> {
  const result: ValidateWorkspaceResult = { files: 0, errors: 0, warnings: 0, filesWithProblems: 0 };
  await ctx.ready;
  const start = (params?.folderUri && uriToPath(params.folderUri)) || ctx.root;
  if (!start || !ctx.enabled) return result;
  const files = await filesUnder(ctx, index, start);
  const openByPath = new Map<string, string>();
  for (const doc of ctx.documents.all()) {
    const p = uriToPath(doc.uri);
    if (p) openByPath.set(path.resolve(p), doc.uri);
  }
  for (const file of files) {
    await new Promise((resolve) => setImmediate(resolve));
    const openUri = openByPath.get(path.resolve(file));
    let findings: Finding[];
    if (openUri) {
      const analysis = ctx.analysisFor(openUri);
      if (!analysis?.kind) continue;
      findings = analysis.findings;
      await diagnostics.validate(openUri);
    } else {
      const text = await readBounded(ctx, file);
      if (text === undefined) continue;
      const uri = pathToUri(file);
      const analysis = ctx.load.service.analyze(ctx.inputFor(uri, text));
      if (!analysis.kind) continue;
      findings = analysis.findings;
      await ctx.connection.sendDiagnostics({ uri, diagnostics: findings.map(toDiagnostic) });
    }
    result.files++;
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    result.errors += errors;
    result.warnings += warnings;
    if (errors + warnings) result.filesWithProblems++;
  }
  return result;
}

/**
 * The documents under `start`: the workspace index walks the disk afresh (a
 * file its watchers missed is found too, and the Documents view is brought up
 * to date), then its list is used; outside the indexed root, a walk with the
 * index's limits.
 */
async function filesUnder(ctx: ServerContext, index: WorkspaceIndex, start: string): Promise<string[]> {
  if (relativeTo(ctx.root, start) !== undefined) {
    await index.rescan();
    while (!index.isComplete) await index.whenScanned();
    const prefix = path.resolve(start);
    return [...index.all()]
      .map((e) => e.path)
      .filter((p) => p === prefix || p.startsWith(prefix + path.sep))
      .sort();
  }
  const files: string[] = [];
  for await (const file of walkFiles(start, {
    excluded: (p) => ctx.isExcluded(p),
    maxEntries: INDEX_LIMITS.maxEntries,
    onError: (folder, error) => ctx.logError(`reading folder ${folder}`, error),
  })) {
    if (files.length >= INDEX_LIMITS.maxFiles) break;
    files.push(file);
  }
  return files;
}

/** The file's text, unless it is larger than the index's limit or unreadable (logged). */
async function readBounded(ctx: ServerContext, file: string): Promise<string | undefined> {
  try {
    // The one size cap, before reading: a 600 MB file costs a stat, not the server.
    const stat = await statFile(file);
    if (!stat.isFile) return undefined;
    if (stat.size > INDEX_LIMITS.maxFileBytes) {
      ctx.logError(`checking ${file}`, new Error(tooLargeMessage(stat.size)));
      return undefined;
    }
    return await readTextFile(file);
  } catch (error) {
    ctx.logError(`reading ${file}`, error);
    return undefined;
  }
}
