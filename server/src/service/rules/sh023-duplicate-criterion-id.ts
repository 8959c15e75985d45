import type { Rule, RuleFinding } from './rule';
import { criteriaOf, schemaSectionOf } from '../analysis/criteria';

/** SH023: two criteria share an ID, so a reference to it is ambiguous. */
export const duplicateCriterionId: Rule = {
  code: 'SH023',
  name: 'duplicate-criterion-id',
  description: 'Two acceptance criteria use the same ID.',
  defaultSeverity: 'error',
  check(ctx) {
    const seen = new Map<string, number>();
    const out: RuleFinding[] = [];
    for (const c of criteriaOf(ctx)) {
      if (!c.id) continue;
      const first = seen.get(c.id);
      if (first === undefined) {
        seen.set(c.id, c.line);
        continue;
      }
      const spec = schemaSectionOf(ctx, c.section)!;
      out.push({
        message: `Criterion ID ${c.id} is already used at line ${first + 1}; references to it would be ambiguous.`,
        range: { start: { line: c.line, character: c.idStart }, end: { line: c.line, character: c.idEnd } },
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
      });
    }
    return out;
  },
};
