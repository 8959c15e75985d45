/** The summary code lens on the title; clicking it runs the client's "Show Checklist" command. */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { ClientCommands } from '../protocol';
import type { ServerContext } from './context';
import { toRange } from './convert';

export function codeLens(ctx: ServerContext, params: CodeLensParams): CodeLens[] {
  const uri = params.textDocument.uri;
  if (ctx.settings.codeLens?.enabled === false) return []; // specHandoff.codeLens.enabled; a settings change refreshes the lenses
  const analysis = ctx.matchedAnalysis(uri);
  if (!analysis) return [];
  return ctx.load.service.codeLenses(analysis).map((lens) => ({
    range: toRange(lens.range),
    command: { title: lens.title, command: ClientCommands.focusChecklist, arguments: [uri] },
  }));
}
