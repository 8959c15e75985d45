import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';
import { sectionEmptiness } from './sh002-empty-section';
import { quote } from './quote';

/** Words that introduce a reason. Matching any of them is enough: the rule catches decisions with no "why" at all. */
export const RATIONALE_MARKERS =
  /\b(because|since|so that|in order to|rationale|reasons?|why|due to|as a result|given that|trade-?offs?|otherwise|which means|this (?:lets|allows|avoids|keeps|means))\b/i;

/**
 * SH015: a section that must explain why (decisions) states no rationale.
 * A section written as a list is a list of decisions: each item needs its own reason.
 */
export const missingRationale: Rule = {
  code: 'SH015',
  name: 'missing-rationale',
  description:
    'A section that must explain its reasons (such as decisions) gives no rationale — for a list, an item without its reason.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec?.rules.rationale) continue;
      if (sectionEmptiness(ctx, section, spec.example, spec.boilerplate) !== 'filled') continue;
      const items = ctx.body(section).listItems.filter((i) => i.depth === 0);
      if (items.length) {
        for (const item of items) {
          const full = ctx.doc.lines
            .slice(item.line, item.endLine + 1)
            .join(' ')
            .slice(0, 5000);
          if (RATIONALE_MARKERS.test(full)) continue;
          out.push({
            message: `Decision "${quote(item.text, 50)}" has no reason: add why ("because …") so the next engineer can judge whether it still holds.`,
            range: {
              start: { line: item.line, character: item.column },
              end: { line: item.line, character: ctx.doc.lines[item.line].length },
            },
            sectionId: spec.id,
            sectionTitle: spec.title,
            fixes: [],
          });
        }
        continue;
      }
      if (RATIONALE_MARKERS.test(ctx.prose(section).text)) continue;
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
