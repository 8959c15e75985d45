/** Shared reading for the traceability rules (SH024–SH027): the linked document and both criteria lists. */
import type { RuleContext, LinkedDocument } from './rule';
import type { Analysis } from '../analysis/analyze';
import { criteriaOf, type Criterion } from '../analysis/criteria';
import { headingFor } from '../analysis/matching';
import type { SectionBody } from '../fixes/insert-section';

export interface TraceData {
  linked: LinkedDocument;
  analysis: Analysis;
  /** The linked document's criteria with IDs. */
  sourceCriteria: Criterion[];
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
    sourceCriteria: criteriaOf(linked.analysis.context).filter((c) => c.id),
    ownCriteria: criteriaOf(ctx),
  };
}

/**
 * Bodies for sections inserted into a document that traces to a linked one
 * (a handoff's spec): the criteria section lists the spec's criteria and
 * `prefillFrom` sections its items, as a generated handoff would, so the
 * trace rules (SH025, SH027) have nothing left to add after the insertion.
 */
export function linkedSectionBodies(ctx: RuleContext): SectionBody | undefined {
  const data = traceData(ctx);
  const trace = ctx.kind.trace;
  const source = data?.analysis;
  if (!data || !trace || !source?.matching || !source.context) return undefined;
  const sourceContext = source.context;
  const sourceMatching = source.matching;
  const itemsOf = (sectionId: string): string[] => {
    const heading = headingFor(sourceMatching, sectionId);
    return heading ? sourceContext.body(heading).listItems.filter((i) => i.depth === 0).map((i) => i.text.replace(/^\[[ xX]\]\s*/, '')) : [];
  };
  return (spec) => {
    if (spec.id === trace.criteriaSection) return data.sourceCriteria.length ? data.sourceCriteria.map((c) => `- [ ] ${c.id}: ${c.text}`) : undefined;
    const from = [...new Set([...spec.prefillFrom, ...(spec.id === trace.itemsTo && trace.itemsFrom ? [trace.itemsFrom] : [])])];
    const items = from.flatMap(itemsOf);
    return items.length ? items.map((t) => `- ${t}`) : undefined;
  };
}
