import type { Rule, RuleFinding } from './rule';
import { documentPlaceholders } from '../parse/placeholders';

/** SH007: TODO, TBD, ???, [NEEDS CLARIFICATION: …] and the kind's own placeholders left in the text. */
export const placeholder: Rule = {
  code: 'SH007',
  name: 'placeholder',
  description: 'A placeholder (TODO, TBD, FIXME, ???, [NEEDS CLARIFICATION: …]) is left in the document.',
  defaultSeverity: 'warning',
  check(ctx) {
    const { doc, kind } = ctx;
    const out: RuleFinding[] = [];
    let sectionIndex = -1;
    for (const { line, hits } of documentPlaceholders(doc, kind.placeholders)) {
      while (sectionIndex + 1 < doc.sections.length && doc.sections[sectionIndex + 1].heading.line <= line)
        sectionIndex++;
      for (const hit of hits) {
        const spec = sectionIndex >= 0 ? ctx.specFor(doc.sections[sectionIndex]) : undefined;
        out.push({
          sectionId: spec?.id,
          sectionTitle: spec?.title,
          message: `Placeholder "${hit.text}" left in; a reader cannot act on it. Resolve it or turn it into an explicit open question.`,
          range: { start: { line, character: hit.start }, end: { line, character: hit.end } },
          fixes: [],
        });
      }
    }
    return out;
  },
};
