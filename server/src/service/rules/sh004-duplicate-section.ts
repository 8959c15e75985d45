import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';

/** SH004: the same schema section appears more than once. */
export const duplicateSection: Rule = {
  code: 'SH004',
  name: 'duplicate-section',
  description: 'A schema section appears more than once in the document.',
  defaultSeverity: 'warning',
  check({ doc, kind, matching }) {
    const out: RuleFinding[] = [];
    // forEach rather than for…of over the entries: no entry array per section and document (issue 20).
    matching.bySpec.forEach((headings, specId) => {
      if (headings.length < 2) return;
      const spec = kind.allSections.find((s) => s.id === specId)!;
      for (const extra of headings.slice(1)) {
        out.push({
          message: `Section "${spec.title}" appears more than once (first at line ${headings[0].heading.line + 1}); merge the two so readers find everything in one place.`,
          range: headingRange(doc, extra),
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: [],
        });
      }
    });
    return out;
  },
};
