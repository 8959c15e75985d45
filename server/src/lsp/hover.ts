/** Hover: the service's markdown about a heading's schema section, the title's kind or a front matter key. */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { toRange } from './convert';

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const analysis = ctx.matchedAnalysis(params.textDocument.uri);
  if (!analysis) return null;
  const result = ctx.load.service.hover(analysis, params.position);
  return result
    ? { contents: { kind: MarkupKind.Markdown, value: result.contents }, range: toRange(result.range) }
    : null;
}
