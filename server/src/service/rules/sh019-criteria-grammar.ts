import type { Rule, RuleFinding } from './rule';
import type { Fix } from '../types';

/** EARS: ubiquitous ("The system shall"), event ("When"), state ("While"), unwanted ("If … then"), optional ("Where"). */
const EARS = /^(?:(?:when|while|if|where)\b[\s\S]*?,\s*)?(?:the\s+)?[\p{L}\p{N} _/-]{1,80}?\s+shall\b/iu;
const GIVEN_WHEN_THEN = /\bgiven\b[\s\S]*\bwhen\b[\s\S]*\bthen\b/i;
/** An explicit ID before the sentence ("AC-1:"), which the grammar check skips. */
const LEADING_ID = /^(?:\*\*)?[A-Z][A-Z0-9]*-\d+(?:\*\*)?[:.)]?\s+/;

const SKELETON: Record<'ears' | 'given-when-then', { name: string; text: string }> = {
  ears: { name: 'EARS ("When <trigger>, the system shall <response>")', text: 'When <trigger>, the system shall ' },
  'given-when-then': { name: 'Given/When/Then', text: 'Given <context>, when <action>, then ' },
};

/** SH019: a criterion that does not follow the schema's grammar (EARS or Given/When/Then). */
export const criteriaGrammar: Rule = {
  code: 'SH019',
  name: 'criteria-grammar',
  description: 'A criterion does not follow the sentence pattern the schema asks for (EARS or Given/When/Then).',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      const grammar = spec?.rules.grammar;
      if (!spec || !grammar || grammar === 'checklist') continue; // checklist form is SH008's job
      const pattern = grammar === 'ears' ? EARS : GIVEN_WHEN_THEN;
      for (const item of ctx.body(section).listItems) {
        if (item.depth !== 0) continue;
        // Capped: the patterns scan with backtracking, and a criterion is a sentence, not a chapter.
        const full = ctx.doc.lines
          .slice(item.line, item.endLine + 1)
          .join(' ')
          .slice(0, 5000);
        const sentence = item.text.replace(LEADING_ID, '').slice(0, 5000);
        if (pattern.test(grammar === 'ears' ? sentence : full)) continue;
        // Insert the skeleton after the marker, checkbox and ID, in front of the user's words.
        const lineText = ctx.doc.lines[item.line];
        const afterMarker = lineText.slice(item.contentColumn);
        const prefix = /^(?:\[[ xX]\]\s+)?(?:(?:\*\*)?[A-Z][A-Z0-9]*-\d+(?:\*\*)?[:.)]?\s+)?/.exec(afterMarker)![0];
        const at = { line: item.line, character: item.contentColumn + prefix.length };
        const fix: Fix = {
          title: `Rewrite as ${SKELETON[grammar].name}`,
          kind: 'insert',
          isPreferred: false,
          edits: [{ range: { start: at, end: at }, newText: SKELETON[grammar].text }],
        };
        out.push({
          message: `"${spec.title}" items follow ${SKELETON[grammar].name}; this one does not, so what triggers it or what must happen is left to judgment.`,
          range: {
            start: { line: item.line, character: item.column },
            end: { line: item.line, character: lineText.length },
          },
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: [fix],
        });
      }
    }
    return out;
  },
};
