/** Shared reading for the traceability rules (SH024–SH027): the linked document and both criteria lists. */
import type { RuleContext, LinkedDocument } from './rule';
import type { Analysis } from '../analysis/analyze';
import { criteriaOf, type Criterion } from '../analysis/criteria';
import type { SectionBody } from '../fixes/insert-section';
import { copiedBodies, sourceCriteria, type SourceCriterion } from '../fixes/copied';

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
    ownCriteria: criteriaOf(ctx),
  };
}

/** A criterion's text compared across documents: markup, case and spacing ignored (criteria without IDs are matched by it). */
export function criterionKey(text: string): string {
  return text.normalize('NFC').replace(/[*_`~]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** This document's criterion that accounts for `source`: the same ID, or (for a source criterion without one) the same text. */
export function ownCriterionFor(data: TraceData, source: Criterion): Criterion | undefined {
  if (source.id) return data.ownCriteria.find((c) => c.id === source.id);
  const key = criterionKey(source.text);
  return data.ownCriteria.find((c) => criterionKey(c.text) === key);
}

/**
 * Bodies for sections inserted into a document that traces to a linked one
 * (a handoff's spec): the criteria section lists the spec's criteria and
 * `prefillFrom` sections its items, as a generated handoff would (copied,
 * unticked, with empty placeholders), so the trace rules (SH025, SH027) have
 * nothing left to add after the insertion.
 */
export function linkedSectionBodies(ctx: RuleContext): SectionBody | undefined {
  const data = traceData(ctx);
  return data ? copiedBodies(data.analysis, ctx.kind, data.linked.written) : undefined;
}
