import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';
import { sectionEmptiness } from './sh002-empty-section';

/** Words that introduce a reason. Matching any of them is enough: the rule catches decisions with no "why" at all. */
export const RATIONALE_MARKERS = /\b(because|since|so that|in order to|rationale|reasons?|why|due to|as a result|given that|trade-?offs?|otherwise|which means|this (?:lets|allows|avoids|keeps|means))\b/i;

/** SH015: a section that must explain why (decisions) states no rationale. */
export const missingRationale: Rule = {
  code: 'SH015',
  name: 'missing-rationale',
  description: 'A section that must explain its reasons (such as decisions) gives no rationale.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec?.rules.rationale) continue;
      if (sectionEmptiness(ctx, section, spec.template) !== 'filled') continue;
      const prose = ctx.prose(section).text;
      if (RATIONALE_MARKERS.test(prose)) continue;
      out.push({
        message: `"${spec.title}" states no rationale: say why (e.g. "because …", "so that …") so the next engineer can judge whether it still holds.`,
        range: headingRange(ctx.doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
      });
    }
    return out;
  },
};
