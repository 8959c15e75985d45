import type { Rule, RuleFinding } from './rule';
import { headingRange } from './ranges';
import { sectionEmptiness } from './sh002-empty-section';
import type { DocSection, ParsedDocument } from '../parse/document';
import { proseOfLines } from '../parse/inline';
import { countWords } from '../parse/content';

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
      // Counting stops at the minimum: most sections reach it in their first lines.
      const words = proseWordsUpTo(ctx.doc, section, spec.minWords);
      if (words >= spec.minWords) continue;
      if (sectionEmptiness(ctx, section, spec.example, spec.boilerplate) !== 'filled') continue; // SH002 already says it
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

/**
 * The words of a section's own prose (`ctx.prose(section).words`), counted line by line and no further than
 * `enough`: the exact count when it is below `enough`, else some count of at least `enough`. The prose joins
 * its lines with a space and a word holds no space, so the words of the whole are those of its lines.
 */
export function proseWordsUpTo(doc: ParsedDocument, section: DocSection, enough: number): number {
  let words = 0;
  for (let line = section.bodyStart; line < section.ownEnd && words < enough; line++)
    if (doc.lineKinds[line] === 'text') words += countWords(proseOfLines(doc, line, line + 1));
  return words;
}
