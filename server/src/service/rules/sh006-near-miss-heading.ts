import type { Rule, RuleFinding } from './rule';
import { headingTextRange } from './ranges';
import { namesOf } from '../analysis/matching';
import { headingTitleWordsRange } from '../fixes/rename';

/** SH006: a heading that looks like a misspelt section title. */
export const nearMissHeading: Rule = {
  code: 'SH006',
  name: 'near-miss-heading',
  description: 'A heading looks like a misspelling of a section the schema expects.',
  defaultSeverity: 'warning',
  check({ matching }) {
    const out: RuleFinding[] = [];
    for (const [section, spec] of matching.nearMisses) {
      // The right name at the wrong place (a nested heading standing for an absent section): SH005 reports its level.
      if (namesOf(spec).includes(section.normalized)) continue;
      const range = headingTextRange(section);
      // Only the title's words are replaced: numbering, an emoji, a trailing comment or `\#` stay.
      const words = headingTitleWordsRange(section);
      out.push({
        message: `Heading "${section.heading.text}" looks like "${spec.title}"; rename it so the section is recognised.`,
        range,
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: words
          ? [
              {
                title: `Rename to "${spec.title}"`,
                kind: 'rename',
                isPreferred: true,
                edits: [{ range: words, newText: spec.title }],
              },
            ]
          : [],
      });
    }
    return out;
  },
};
