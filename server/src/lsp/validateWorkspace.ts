/**
 * `specHandoff/validateWorkspace`: walks the workspace root for markdown
 * (skipping node_modules, .git and the config's `exclude` globs), analyses
 * each file (open documents: their editor text) and publishes diagnostics for
 * each file that matches a kind. Yields to the event loop between files so
 * the server keeps answering while it walks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateWorkspaceParams, ValidateWorkspaceResult } from '../protocol';
import type { ServerContext } from './context';
import type { DiagnosticsScheduler } from './diagnostics';
import { pathToUri, toDiagnostic, uriToPath } from './convert';
import { MAX_FILE_BYTES, tooLargeMessage } from '../service/limits';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const MARKDOWN = /\.(md|markdown)$/i;

export async function validateWorkspace(ctx: ServerContext, diagnostics: DiagnosticsScheduler, params: ValidateWorkspaceParams | null | undefined): Promise<ValidateWorkspaceResult> {
  const result: ValidateWorkspaceResult = { files: 0, errors: 0, warnings: 0, filesWithProblems: 0 };
  await ctx.ready;
  const start = (params?.folderUri && uriToPath(params.folderUri)) || ctx.root;
  if (!start || !ctx.enabled) return result;
  const files: string[] = [];
  await walk(ctx, start, files);
  files.sort();
  const openByPath = new Map<string, string>();
  for (const doc of ctx.documents.all()) {
    const p = uriToPath(doc.uri);
    if (p) openByPath.set(path.resolve(p), doc.uri);
  }
  for (const file of files) {
    await new Promise((resolve) => setImmediate(resolve));
    const openUri = openByPath.get(path.resolve(file));
    let findings;
    if (openUri) {
      const analysis = ctx.analysisFor(openUri);
      if (!analysis?.kind) continue;
      findings = analysis.findings;
      await diagnostics.validate(openUri);
    } else {
      let text: string;
      try {
        // The one size cap, before reading: a 600 MB file costs a stat, not the server.
        const stat = await fs.promises.stat(file);
        if (stat.size > MAX_FILE_BYTES) {
          ctx.logError(`checking ${file}`, new Error(tooLargeMessage(stat.size)));
          continue;
        }
        text = await fs.promises.readFile(file, 'utf8');
      } catch (error) {
        ctx.logError(`reading ${file}`, error);
        continue;
      }
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

async function walk(ctx: ServerContext, dir: string, out: string[]): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (error) {
    ctx.logError(`reading folder ${dir}`, error);
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (ctx.isExcluded(full)) continue;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) await walk(ctx, full, out);
    } else if (entry.isFile() && MARKDOWN.test(entry.name)) {
      out.push(full);
    }
  }
}
