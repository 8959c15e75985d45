import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';

/** A field line: optional list marker, optional bold, the name, a colon, then some text. */
function hasField(lines: string[], name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const field = new RegExp(`^\\s*(?:[-*+]\\s+|\\d+[.)]\\s+)?(?:\\*\\*|__)?${escaped}(?:\\*\\*|__)?\\s*:(?:\\*\\*|__)?\\s*(.*)$`, 'i');
  return lines.some((line) => {
    const m = field.exec(line);
    return m !== null && m[1].replace(/[*_`\s]/g, '') !== '';
  });
}

/** SH029: a section lacks a field its kind asks for (an answer without who answered or when). */
export const missingField: Rule = {
  code: 'SH029',
  name: 'missing-field',
  description: 'A section lacks a field its kind requires, such as the answer, who answered and the date in a question\'s Answer.',
  defaultSeverity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.matching.specOf.get(section);
      const fields = spec?.rules.fields;
      if (!spec || !fields?.length) continue;
      const lines: string[] = [];
      for (let i = section.bodyStart; i < section.ownEnd; i++) {
        const kind = ctx.doc.lineKinds[i];
        if (kind !== 'code' && kind !== 'fence' && kind !== 'comment') lines.push(ctx.doc.lines[i]);
      }
      const missing = fields.filter((f) => !hasField(lines, f));
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
