/**
 * Document symbols: the real headings, nested as in the document (missing
 * sections are the Checklist's business). Unmatched documents: none (the
 * editor's markdown outline covers them). Not declared at all for clients
 * that say they have an outline already (`documentSymbols: false`: VS Code).
 */
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { OutlineSymbol, OutlineSymbolKind } from '../service';
import type { ServerContext } from './context';
import { toRange } from './convert';

const KINDS: Record<OutlineSymbolKind, SymbolKind> = {
  title: SymbolKind.File,
  section: SymbolKind.String,
};

function toSymbol(s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: KINDS[s.kind],
    range: toRange(s.range),
    selectionRange: toRange(s.selectionRange),
    children: s.children.map(toSymbol),
  };
}

export function symbols(ctx: ServerContext, params: DocumentSymbolParams): DocumentSymbol[] {
  const analysis = ctx.matchedAnalysis(params.textDocument.uri);
  return analysis ? ctx.load.service.documentSymbols(analysis).map(toSymbol) : [];
}
