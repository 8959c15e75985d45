/**
 * Section bodies prefilled from the document this one traces to (a handoff's
 * spec): a fix builder, used wherever missing sections of a traced document
 * are inserted (quick fix, insert-all, the sidebar's Insert).
 */
import type { RuleContext } from '../analysis/context';
import { headingFor } from '../analysis/matching';
import { traceData } from '../analysis/trace';
import type { SectionBody } from './insert-section';

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
