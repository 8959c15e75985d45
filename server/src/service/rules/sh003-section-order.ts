import type { Rule, RuleFinding } from './rule';
import type { SectionSpec } from '../schema/types';
import { headingFor } from '../analysis/matching';
import { headingRange } from './ranges';

/** SH003: sections out of schema order (among siblings). No fix: moving text would mean deleting it somewhere. */
export const sectionOrder: Rule = {
  code: 'SH003',
  name: 'section-order',
  description: 'A section appears before a section the schema puts ahead of it.',
  defaultSeverity: 'warning',
  check({ doc, kind, matching }) {
    const out: RuleFinding[] = [];
    const checkGroup = (siblings: SectionSpec[]): void => {
      const placed = siblings
        .map((spec, schemaIndex) => ({ spec, schemaIndex, heading: headingFor(matching, spec.id) }))
        .filter((p) => p.heading && p.spec.ordered)
        .sort((a, b) => a.heading!.heading.line - b.heading!.heading.line);
      const keep = longestIncreasing(placed.map((p) => p.schemaIndex));
      const inOrder = placed.filter((_, i) => keep.has(i));
      placed.forEach((p, i) => {
        if (keep.has(i)) return;
        const after = [...inOrder].reverse().find((q) => q.schemaIndex < p.schemaIndex);
        const before = inOrder.find((q) => q.schemaIndex > p.schemaIndex);
        const hint = after ? `after "${after.spec.title}"` : before ? `before "${before.spec.title}"` : 'elsewhere';
        out.push({
          message: `Section "${p.spec.title}" is out of order: the ${kind.title} schema puts it ${hint}.`,
          range: headingRange(doc, p.heading!),
          sectionId: p.spec.id,
          sectionTitle: p.spec.title,
          fixes: [],
        });
      });
      for (const spec of siblings) if (spec.children.length) checkGroup(spec.children);
    };
    if (kind.ordered || kind.allSections.some((s) => s.ordered)) checkGroup(kind.sections);
    return out;
  },
};

/** Indices of one longest strictly increasing subsequence: the sections that are in order; the rest get reported. */
export function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}
