/**
 * Document symbols: headings nested as in the document, plus each missing
 * required section as "⚠ Missing: <title>" (SymbolKind.Null, zero-length
 * range at its insertion point). Unmatched documents: none (the editor's
 * markdown outline covers them).
 */
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { OutlineSymbol, OutlineSymbolKind } from '../service';
import type { ServerContext } from './context';
import { toRange } from './convert';

const KINDS: Record<OutlineSymbolKind, SymbolKind> = {
  title: SymbolKind.File,
  section: SymbolKind.String,
  missing: SymbolKind.Null,
};

function toSymbol(s: OutlineSymbol): DocumentSymbol {
  return { name: s.name, detail: s.detail, kind: KINDS[s.kind], range: toRange(s.range), selectionRange: toRange(s.selectionRange), children: s.children.map(toSymbol) };
}

export function symbols(ctx: ServerContext, params: DocumentSymbolParams): DocumentSymbol[] {
  const analysis = ctx.matchedAnalysis(params.textDocument.uri);
  return analysis ? ctx.load.service.documentSymbols(analysis).map(toSymbol) : [];
}
