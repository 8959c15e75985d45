/**
 * The coding agents' tools as the editor asks for them (protocol.ts
 * `Agent*Request`): the same answers as `spec-handoff mcp`, computed by the
 * service on the open text of a document (else its text on disk). The
 * client checks paths, asks for confirmation and applies the edits.
 */
import * as path from 'node:path';
import type {
  AgentDocumentParams,
  AgentDocumentsParams,
  AgentInsertSectionsParams,
  AgentInsertSectionsResult,
  AgentTextResult,
} from '../protocol';
import { agentDocumentsText, type Analysis, type AgentDocumentRow } from '../service';
import { isInside, realPathLoose } from '../node/server-host';
import type { ServerContext } from './context';
import type { WorkspaceIndex } from './workspace-index';
import { toWorkspaceEdit, uriToPath } from './convert';

/** The analysis of a document for a tool: its open text, else the file; or why there is none. */
function analysisOf(ctx: ServerContext, params: AgentDocumentParams): Analysis | AgentTextResult {
  const folder = params.folderUri !== undefined ? uriToPath(params.folderUri) : undefined;
  const target = uriToPath(params.uri);
  if (folder !== undefined && (target === undefined || !isInside(realPathLoose(folder), realPathLoose(target)))) {
    return {
      text: `Refusing ${params.shownPath}: through a symbolic link it leads outside the workspace folder ${folder}.`,
      isError: true,
    };
  }
  if (ctx.documents.get(params.uri)) {
    const analysis = ctx.analysisFor(params.uri);
    return (
      analysis ?? {
        text: `${params.shownPath} is not checked: checking is turned off (specHandoff.enable) or the file is excluded by .spec-handoff.yaml.`,
        isError: true,
      }
    );
  }
  const file = uriToPath(params.uri);
  const text = file !== undefined ? ctx.host.readFile(file) : undefined;
  if (text === undefined) return { text: `Cannot read ${params.shownPath}.`, isError: true };
  return ctx.load.service.analyze(ctx.inputFor(params.uri, text));
}

export function agentCheck(ctx: ServerContext, params: AgentDocumentParams): AgentTextResult {
  const analysis = analysisOf(ctx, params);
  if ('isError' in analysis) return analysis;
  return { text: ctx.load.service.agentCheckText(analysis, params.shownPath), isError: false };
}

export function agentMissingSections(ctx: ServerContext, params: AgentDocumentParams): AgentTextResult {
  const analysis = analysisOf(ctx, params);
  if ('isError' in analysis) return analysis;
  return { text: ctx.load.service.agentMissingText(analysis, params.shownPath), isError: false };
}

export function agentInsertSections(ctx: ServerContext, params: AgentInsertSectionsParams): AgentInsertSectionsResult {
  const service = ctx.load.service;
  const analysis = analysisOf(ctx, params);
  if ('isError' in analysis) return { ...analysis, edit: null };
  const open = ctx.documents.get(params.uri);
  const input = ctx.inputFor(params.uri, analysis.doc.text);
  const result = analysis.kind ? service.insertSections(input, params.sections) : undefined;
  if (!result) return { text: service.agentCheckText(analysis, params.shownPath), isError: true, edit: null };
  const notes = result.notInserted.map((n) => `Not inserted: ${n}`);
  if (!result.edits.length) {
    if (notes.length)
      return {
        text: [`Nothing was inserted into ${params.shownPath}.`, ...notes].join('\n') + '\n',
        isError: true,
        edit: null,
      };
    return { text: `Nothing to insert: ${params.shownPath} has every required section.\n`, isError: false, edit: null };
  }
  const after = service.checklist(service.analyze({ ...input, text: result.text }));
  const lines = [
    `Inserted ${result.inserted.length} section${result.inserted.length === 1 ? '' : 's'} into ${params.shownPath}: ${result.inserted.join(', ')}. No existing text was changed; the user can undo it.`,
    ...notes,
  ];
  if (after) lines.push(`Now: ${after.summaryLine}`);
  lines.push(
    'Each inserted section holds its template: replace it with the real content (the missing-sections tool gives the guidance).',
  );
  return {
    text: `${lines.join('\n')}\n`,
    isError: false,
    edit: toWorkspaceEdit(params.uri, open ? open.version : null, result.edits, ctx.supportsDocumentChanges),
  };
}

export async function agentDocuments(index: WorkspaceIndex, params: AgentDocumentsParams): Promise<AgentTextResult> {
  await index.whenScanned();
  const folder = params.folderUri !== undefined ? uriToPath(params.folderUri) : undefined;
  if (params.folderUri !== undefined && folder === undefined)
    return { text: `${params.shownFolder ?? params.folderUri} is not a folder on disk.`, isError: true };
  const result = index.documents();
  const rows: AgentDocumentRow[] = [];
  for (const group of result.groups) {
    for (const info of [group.document, ...group.linked]) {
      const file = uriToPath(info.uri);
      if (folder !== undefined && (file === undefined || !isInside(path.resolve(folder), file))) continue;
      rows.push({
        path: info.path,
        kindTitle: info.kindTitle,
        ready: info.readiness.ready,
        summaryLine: info.summaryLine,
      });
    }
  }
  return { text: agentDocumentsText(rows, { truncated: result.truncated, scope: params.shownFolder }), isError: false };
}
