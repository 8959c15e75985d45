/**
 * Section bodies copied from the document this one traces to (a handoff's
 * spec): a fix builder, used wherever missing sections of a traced document
 * are inserted (quick fix, insert-all, the sidebar's Insert). The criteria
 * section lists the spec's criteria and `prefillFrom` sections its items, as
 * a generated handoff would (copied, unticked, with empty placeholders), so
 * the trace rules (SH025, SH027) have nothing left to add after the insertion.
 */
import type { RuleContext } from '../analysis/context';
import { traceData } from '../analysis/trace';
import { copiedBodies } from './copied';
import type { SectionBody } from './insert-section';

export function linkedSectionBodies(ctx: RuleContext): SectionBody | undefined {
  const data = traceData(ctx);
  return data ? copiedBodies(data.analysis, ctx.kind, data.linked.written) : undefined;
}
