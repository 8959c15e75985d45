import type { Rule } from './rule';
import { allMissingSectionsFix, missingSectionFix } from '../fixes/missing-sections';
import { headingFor } from '../analysis/matching';
import { headingRange } from './ranges';

/** SH001: a required section is not in the document. */
export const missingSection: Rule = {
  code: 'SH001',
  name: 'missing-section',
  description: 'A required section of the document kind is missing.',
  defaultSeverity: 'error',
  check(ctx) {
    const { doc, kind, matching } = ctx;
    const insertAll = matching.missing.length > 1 ? allMissingSectionsFix(ctx) : undefined;
    return matching.missing.map((spec) => {
      // Point at the parent section's heading (nested) or the title, so the squiggle is somewhere meaningful.
      const anchor = (spec.parentId ? headingFor(matching, spec.parentId) : undefined) ?? matching.title;
      const range = anchor
        ? headingRange(doc, anchor)
        : { start: { line: 0, character: 0 }, end: { line: 0, character: doc.lines[0]?.length ?? 0 } };
      const where = spec.parentId ? ` under "${kind.allSections.find((s) => s.id === spec.parentId)!.title}"` : '';
      return {
        message: `Missing required section "${spec.title}"${where}.${spec.guidance ? ` ${guidanceSentence(spec.guidance)}` : ''}`,
        range,
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: insertAll ? [missingSectionFix(ctx, spec), insertAll] : [missingSectionFix(ctx, spec)],
        data: { missingSectionId: spec.id },
      };
    });
  },
};

/** The first sentence of a section's guidance: a schema's guidances are few and fixed, each read once (bounded). */
export function guidanceSentence(guidance: string): string {
  let sentence = sentences.get(guidance);
  if (sentence === undefined) {
    if (sentences.size >= 1_000) sentences.clear();
    sentence = firstSentence(guidance);
    sentences.set(guidance, sentence);
  }
  return sentence;
}
const sentences = new Map<string, string>();

function firstSentence(markdown: string): string {
  const text = markdown.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return m ? m[1] : text;
}
