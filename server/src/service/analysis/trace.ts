/** Shared reading for the traceability rules (SH024–SH027) and the fixes that fill a traced document: the linked document and both criteria lists. */
import type { Analysis, LinkedDocument, RuleContext } from './context';
import { criteriaOf, type Criterion } from './criteria';

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
