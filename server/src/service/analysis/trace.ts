/**
 * Shared reading for the traceability rules (SH024–SH027) and for what is
 * copied from a linked document: the linked document, both criteria lists,
 * each criterion's Markdown source and how criteria are matched across
 * documents (by ID, else by text).
 */
import type { Analysis, LinkedDocument, RuleContext } from './context';
import { criteriaOf, criterionIdRegex, type Criterion } from './criteria';

export interface TraceData {
  linked: LinkedDocument;
  analysis: Analysis;
  /** The linked document's criteria (with and without IDs), with their Markdown source. */
  sourceCriteria: SourceCriterion[];
  /** This document's criteria. */
  ownCriteria: Criterion[];
}

/** Only when the link resolves to a document of the expected kind; SH024 reports every other case. */
export function traceData(ctx: RuleContext): TraceData | undefined {
  const trace = ctx.kind.trace;
  const linked = ctx.linked();
  if (!trace || !linked?.analysis?.context || linked.analysis.kind?.id !== trace.kind) return undefined;
  return {
    linked,
    analysis: linked.analysis,
    sourceCriteria: sourceCriteria(linked.analysis.context),
    // The IDs listed here are the linked document's: read them with its pattern (FR-002a is one ID there).
    ownCriteria: criteriaOf(ctx, linked.analysis.kind.criteria.idPattern),
  };
}

/** A criterion's text compared across documents: markup, case and spacing ignored (criteria without IDs are matched by it). */
export function criterionKey(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** This document's criterion that accounts for `source`: the same ID, or (for a source criterion without one) the same text. */
export function ownCriterionFor(data: TraceData, source: Criterion): Criterion | undefined {
  if (source.id) return data.ownCriteria.find((c) => c.id === source.id);
  const key = criterionKey(source.text);
  return data.ownCriteria.find((c) => criterionKey(c.text) === key);
}

/**
 * The Markdown source of a list item's first paragraph on one line, without
 * the list marker and checkbox (and without `idRe`'s match at the start).
 * Lines of nested lists and later paragraphs are not part of it.
 */
export function itemSource(
  lines: readonly string[],
  item: { line: number; contentColumn: number; endLine: number },
  idRe?: ReturnType<typeof criterionIdRegex>,
): string {
  const parts: string[] = [lines[item.line].slice(item.contentColumn)];
  for (let i = item.line + 1; i <= item.endLine && i < lines.length; i++) {
    const text = lines[i];
    if (text.trim() === '' || /^\s*(?:[-+*]|\d{1,9}[.)])(?:\s|$)/.test(text)) break;
    parts.push(text.trim());
  }
  let source = parts
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\[[ xX]\]\s*/, '');
  if (idRe) {
    const m = idRe.exec(source);
    if (m) source = source.slice(m[0].length);
  }
  return source.trim();
}

/** A criterion with the Markdown source of its text (see `itemSource`). */
export interface SourceCriterion extends Criterion {
  source: string;
}

/** Every criterion of a document with its Markdown source text (for a heading criterion: the heading's text after the ID). */
export function sourceCriteria(ctx: RuleContext): SourceCriterion[] {
  const idRe = criterionIdRegex(ctx.kind);
  return criteriaOf(ctx).map((c) => ({
    ...c,
    source: (c.item ? itemSource(ctx.doc.lines, c.item, idRe) : c.text) || c.text,
  }));
}
