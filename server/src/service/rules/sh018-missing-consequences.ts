import type { Rule, RuleFinding } from './rule';
import { sectionItems } from '../analysis/items';
import { quote } from './quote';

/** A line or sub-item that introduces consequences, or wording that states them. */
export const CONSEQUENCE_MARKERS =
  /(?:^|\n)\s*(?:[-+*]\s+|\d+[.)]\s+)?(?:\*\*|__)?(?:consequences?|pros?|cons|trade-?offs?|impact|risks?|costs?|benefits?|downsides?|upsides?)(?:\*\*|__)?\s*:|\b(?:consequences?|trade-?offs?|which means|this means|at the cost of|in exchange for)\b/i;

/** SH018: an option (or other item) in a section that asks for consequences does not state them. */
export const missingConsequences: Rule = {
  code: 'SH018',
  name: 'missing-consequences',
  description:
    'An item in a section that requires consequences (such as the options of a question) does not state them.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec?.rules.consequences) continue;
      for (const item of sectionItems(ctx, section)) {
        if (CONSEQUENCE_MARKERS.test(item.fullText)) continue;
        out.push({
          message: `"${quote(item.text, 50)}" gives no consequences: add "Consequences: …" (what it costs, what it enables) so the reader can choose without asking.`,
          range: {
            start: { line: item.line, character: item.column },
            end: { line: item.line, character: ctx.doc.lines[item.line].length },
          },
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: [],
        });
      }
    }
    return out;
  },
};
