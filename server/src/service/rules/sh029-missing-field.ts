import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';
import { fieldValue, ownTextLines } from '../analysis/fields';

/** SH029: a section lacks a field its kind asks for (an answer without who answered or when). */
export const missingField: Rule = {
  code: 'SH029',
  name: 'missing-field',
  description:
    "A section lacks a field its kind requires, such as the answer, who answered and the date in a question's Answer.",
  defaultSeverity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.matching.specOf.get(section);
      const fields = spec?.rules.fields;
      if (!spec || !fields?.length) continue;
      const lines = ownTextLines(ctx.doc, section);
      const missing = fields.filter((f) => fieldValue(lines, f) === undefined);
      if (!missing.length) continue;
      out.push({
        message: `"${spec.title}" lacks ${missing.map((f) => `"${f}:"`).join(', ')}: write each as its own line, e.g. "- **${missing[0]}:** …".`,
        range: headingRange(ctx.doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
        data: { missingFields: missing },
      });
    }
    return out;
  },
};
