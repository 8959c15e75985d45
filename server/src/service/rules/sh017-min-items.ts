import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';
import { sectionItems } from '../analysis/items';

/** SH017: a section lists fewer items than the schema's `minItems` (e.g. a question with one option). */
export const minItems: Rule = {
  code: 'SH017',
  name: 'min-items',
  description: "A section lists fewer items (list items or subsections) than the schema's minItems.",
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      const min = spec?.rules.minItems;
      if (!spec || !min) continue;
      const count = sectionItems(ctx, section).length;
      if (count >= min) continue;
      out.push({
        message: `"${spec.title}" lists ${count} item${count === 1 ? '' : 's'}; it needs at least ${min}${min >= 2 ? ' so the reader can compare real alternatives' : ''}.`,
        range: headingRange(ctx.doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
      });
    }
    return out;
  },
};
