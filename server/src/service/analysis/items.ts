/**
 * The "items" of a section, for rules that count or inspect them: top-level
 * list items of its own body, or — when it has no list — its subsections
 * (e.g. "### Option A" under "Options").
 */
import type { DocSection } from '../parse/document';
import type { RuleContext } from './context';

export interface SectionItem {
  /** Line where the item starts (list item line or subsection heading). */
  line: number;
  column: number;
  /** The item's own first text (list item text, or the subsection title). */
  text: string;
  /** Everything the item contains: nested list lines, or the subsection's whole body. */
  fullText: string;
  source: 'list' | 'subsection';
}

export function sectionItems(ctx: RuleContext, section: DocSection): SectionItem[] {
  const listItems = ctx.body(section).listItems.filter((i) => i.depth === 0);
  if (listItems.length) {
    return listItems.map((item) => ({
      line: item.line,
      column: item.column,
      text: item.text,
      fullText: ctx.doc.lines.slice(item.line, item.endLine + 1).join('\n'),
      source: 'list' as const,
    }));
  }
  return section.children.map((child) => ({
    line: child.heading.line,
    column: child.heading.style === 'atx' ? child.heading.markerStart : child.heading.textStart,
    text: child.heading.text,
    fullText: [child.heading.text, ...ctx.doc.lines.slice(child.bodyStart, child.end)].join('\n'),
    source: 'subsection' as const,
  }));
}
