/**
 * The document outline, transport-free.
 *
 * - Only documents that match a kind get symbols (the editor's own markdown
 *   outline covers every other file; a README must not get a second one).
 * - Every heading becomes a symbol, nested as in the document. `detail`
 *   names the schema section it stands for ("Summary · required"), or says
 *   "not in the Spec schema" for extra headings.
 * - Only real headings: a missing section is not a symbol (no "⚠ Missing"
 *   entries in the Outline or the breadcrumbs). Missing sections are shown
 *   by the Checklist view, the SH001 diagnostics and the code lens.
 * - VS Code gets no symbols at all from us: its built-in Markdown extension
 *   already provides the outline, and a second provider doubles the Outline
 *   and the breadcrumbs. The client says so (`documentSymbols: false` in the
 *   initialization options) and the server then declares no
 *   documentSymbolProvider; other editors get these heading symbols.
 */
import type { Analysis } from '../analysis/context';
import type { DocSection } from '../parse/document';
import type { Position, Range } from '../types';

export type OutlineSymbolKind = 'title' | 'section';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: OutlineSymbolKind;
  /** Whole section (heading to the end of its subsections). */
  range: Range;
  /** The heading line. */
  selectionRange: Range;
  children: OutlineSymbol[];
}

export function documentSymbols(analysis: Analysis): OutlineSymbol[] {
  const { doc, kind, matching } = analysis;
  if (!kind || !matching) return [];
  const lastLineEnd = (line: number): Position => ({ line, character: doc.lines[line]?.length ?? 0 });
  const rangeOf = (s: DocSection): Range => ({
    start: { line: s.heading.line, character: 0 },
    end: lastLineEnd(Math.max(s.heading.lastLine, s.end - 1)),
  });

  const build = (s: DocSection): OutlineSymbol => {
    const spec = matching.specOf.get(s);
    const near = matching.nearMisses.get(s);
    const detail =
      s === matching.title
        ? kind.title
        : spec
          ? `${spec.title === s.heading.text ? '' : `${spec.title} · `}${spec.required ? 'required' : 'optional'}`
          : near
            ? `probably "${near.title}"`
            : `not in the ${kind.title} schema`;
    const symbol: OutlineSymbol = {
      name: s.heading.text || '(empty heading)',
      detail,
      kind: s === matching.title ? 'title' : 'section',
      range: rangeOf(s),
      selectionRange: { start: { line: s.heading.line, character: 0 }, end: lastLineEnd(s.heading.lastLine) },
      children: [],
    };
    symbol.children = s.children.map(build);
    return symbol;
  };
  return doc.roots.map(build);
}
