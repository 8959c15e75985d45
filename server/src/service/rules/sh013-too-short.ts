import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';
import { sectionEmptiness } from './sh002-empty-section';

/** SH013: a section with fewer words than the schema's `minWords`. */
export const tooShort: Rule = {
  code: 'SH013',
  name: 'too-short',
  description: "A section has fewer words than the schema's minimum for it.",
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec || spec.minWords <= 0) continue;
      if (sectionEmptiness(ctx, section, spec.example, spec.boilerplate) !== 'filled') continue; // SH002 already says it
      const words = ctx.prose(section).words;
      if (words >= spec.minWords) continue;
      out.push({
        message: `Section "${spec.title}" has ${words} word${words === 1 ? '' : 's'}; a stranger needs at least ${spec.minWords} to pick this up.`,
        range: headingRange(ctx.doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
      });
    }
    return out;
  },
};
