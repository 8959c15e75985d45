import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';
import { missingBoilerplate } from '../analysis/boilerplate';
import { insertBlockEdits } from '../fixes/insert-section';

/**
 * SH032: a section lost text its schema requires it to keep (`boilerplate`),
 * such as a checklist line every document of the kind carries. Whitespace,
 * list bullets and a ticked box do not matter. The fix puts the text back
 * right under the heading (an insert: nothing of the section is touched).
 */
export const missingBoilerplateRule: Rule = {
  code: 'SH032',
  name: 'missing-boilerplate',
  description: 'A section no longer holds the required text (boilerplate) its schema says must stay in it.',
  defaultSeverity: 'warning',
  check({ doc, matching }) {
    const out: RuleFinding[] = [];
    // forEach rather than for…of over the entries: no entry array per section and document (issue 20).
    matching.specOf.forEach((spec, section) => {
      if (!spec.boilerplate.length) return;
      const missing = missingBoilerplate(doc, section.bodyStart, section.end, spec.boilerplate);
      for (const text of missing) {
        const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
        const shown = first.trim().length > 80 ? `${first.trim().slice(0, 77)}…` : first.trim();
        out.push({
          message: `Section "${spec.title}" must keep the text "${shown}"${text.includes('\n') ? ' (and the lines after it)' : ''}: the schema requires it in every document of this kind.`,
          range: headingRange(doc, section),
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: [
            {
              title: `Put back the required text of "${spec.title}"`,
              kind: 'insert',
              isPreferred: true,
              edits: insertBlockEdits(doc, section.bodyStart, text.replace(/\n/g, doc.eol) + doc.eol),
            },
          ],
        });
      }
    });
    return out;
  },
};
