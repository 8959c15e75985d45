/**
 * The document outline, transport-free.
 *
 * - Only documents that match a kind get symbols (the editor's own markdown
 *   outline covers every other file; a README must not get a second one).
 * - Every heading becomes a symbol, nested as in the document. `detail`
 *   names the schema section it stands for ("Summary · required"), or says
 *   "not in the Spec schema" for extra headings.
 * - Every MISSING required section (`matching.missing`: its parent is
 *   present) becomes a symbol named "⚠ Missing: <title>" with a zero-length
 *   range at the line where the quick fix would insert it, nested under its
 *   parent section's symbol (top-level sections: under the H1 title when
 *   there is one). When that line lies past the parent's range (the parent
 *   ends there) the position is clamped to the end of the parent's last line,
 *   so children always lie inside their parent.
 */
import type { Analysis } from '../analysis/context';
import type { DocSection } from '../parse/document';
import type { Position, Range } from '../types';
import { headingFor } from '../analysis/matching';
import { insertionLine } from '../fixes/insert-section';

export type OutlineSymbolKind = 'title' | 'section' | 'missing';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: OutlineSymbolKind;
  /** Whole section (heading to the end of its subsections); zero-length for missing sections. */
  range: Range;
  /** The heading line; equal to `range` for missing sections. */
  selectionRange: Range;
  /** For missing sections: the schema section id. */
  sectionId?: string;
  children: OutlineSymbol[];
}

export const MISSING_SYMBOL_PREFIX = '⚠ Missing: ';

export function documentSymbols(analysis: Analysis): OutlineSymbol[] {
  const { doc, kind, matching } = analysis;
  if (!kind || !matching) return [];
  const lastLineEnd = (line: number): Position => ({ line, character: doc.lines[line]?.length ?? 0 });
  const rangeOf = (s: DocSection): Range => ({ start: { line: s.heading.line, character: 0 }, end: lastLineEnd(Math.max(s.heading.lastLine, s.end - 1)) });

  const bySection = new Map<DocSection, OutlineSymbol>();
  const build = (s: DocSection): OutlineSymbol => {
    const spec = matching.specOf.get(s);
    const near = matching.nearMisses.get(s);
    const detail = s === matching.title
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
    bySection.set(s, symbol);
    symbol.children = s.children.map(build);
    return symbol;
  };
  const roots = doc.roots.map(build);

  for (const spec of matching.missing) {
    const parentSection = spec.parentId ? headingFor(matching, spec.parentId) : matching.title;
    const container = parentSection ? bySection.get(parentSection) : undefined;
    const line = insertionLine(doc, kind, matching, spec);
    let position: Position = line >= doc.lines.length ? lastLineEnd(doc.lines.length - 1) : { line, character: 0 };
    if (container && comparePositions(position, container.range.end) > 0) position = container.range.end;
    const range: Range = { start: position, end: position };
    insertSorted(container ? container.children : roots, {
      name: MISSING_SYMBOL_PREFIX + spec.title,
      detail: `required section of ${kind.title}`,
      kind: 'missing',
      range,
      selectionRange: range,
      sectionId: spec.id,
      children: [],
    });
  }
  return roots;
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Inserts by start position; a missing section goes before a section starting at the same place (it is inserted before that line). */
function insertSorted(list: OutlineSymbol[], symbol: OutlineSymbol): void {
  let i = 0;
  while (i < list.length && comparePositions(list[i].range.start, symbol.range.start) < 0) i++;
  while (i < list.length && list[i].kind === 'missing' && comparePositions(list[i].range.start, symbol.range.start) === 0) i++;
  list.splice(i, 0, symbol);
}
