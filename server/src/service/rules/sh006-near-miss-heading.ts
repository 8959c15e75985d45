import type { Rule, RuleFinding } from './rule';
import { headingTextRange } from './ranges';
import { decorationsOf, headingName, namesOf } from '../analysis/matching';
import { headingTitleWordsRange } from '../fixes/rename';

/** SH006: a heading that looks like a misspelt section title. */
export const nearMissHeading: Rule = {
  code: 'SH006',
  name: 'near-miss-heading',
  description: 'A heading looks like a misspelling of a section the schema expects.',
  defaultSeverity: 'warning',
  check({ kind, matching }) {
    const out: RuleFinding[] = [];
    for (const [section, spec] of matching.nearMisses) {
      // The right name at the wrong place (a nested heading standing for an absent section): SH005 reports its level.
      if (namesOf(spec, kind).includes(headingName(section, kind))) continue;
      const range = headingTextRange(section);
      // Only the title's words are replaced: numbering, an emoji, a decoration such as `*(mandatory)*`, a trailing comment or `\#` stay.
      const words = headingTitleWordsRange(section, decorationsOf(kind));
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
