/** The summary code lens on the title; clicking it runs the client's "Show Checklist" command. */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { codeLenses } from '../service/features/codelens';
import { ClientCommands } from '../protocol';
import type { ServerContext } from './context';
import { toRange } from './convert';

export function codeLens(ctx: ServerContext, params: CodeLensParams): CodeLens[] {
  const uri = params.textDocument.uri;
  const analysis = ctx.matchedAnalysis(uri);
  if (!analysis) return [];
  return codeLenses(analysis, ctx.load.service.checklist(analysis)).map((lens) => ({
    range: toRange(lens.range),
    command: { title: lens.title, command: ClientCommands.focusChecklist, arguments: [uri] },
  }));
}
