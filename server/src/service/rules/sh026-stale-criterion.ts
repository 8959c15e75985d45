import type { Rule, RuleFinding } from './rule';
import { traceData } from '../analysis/trace';
import { schemaSectionOf } from '../analysis/criteria';

/** SH026: the handoff lists a criterion ID the linked spec does not have (renumbered or removed). */
export const staleCriterion: Rule = {
  code: 'SH026',
  name: 'stale-criterion',
  description: 'The handoff lists a criterion ID that the linked spec does not have.',
  defaultSeverity: 'warning',
  check(ctx) {
    const data = traceData(ctx);
    if (!data) return [];
    const known = new Set(data.sourceCriteria.filter((c) => c.id).map((c) => c.id));
    const out: RuleFinding[] = [];
    for (const c of data.ownCriteria) {
      if (!c.id || known.has(c.id)) continue;
      const spec = schemaSectionOf(ctx, c.section);
      out.push({
        message: `${c.id} is not a criterion of ${data.linked.written}; it was renumbered or removed there.`,
        range: { start: { line: c.line, character: c.idStart }, end: { line: c.line, character: c.idEnd } },
        sectionId: spec?.id,
        sectionTitle: spec?.title,
        fixes: [],
        data: { criterionId: c.id },
      });
    }
    return out;
  },
};
