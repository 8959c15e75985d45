import type { Rule, RuleFinding } from './rule';
import { RATIONALE_MARKERS } from './sh015-missing-rationale';

/** Labels whose comments must say why: the author has to act on them. */
const NEEDS_WHY = new Set(['blocking', 'suggestion', 'issue', 'question']);

/** SH021: a review comment without its label (`blocking:`, `suggestion:`, `nit:`), or a blocking/suggestion comment without a why. */
export const reviewLabel: Rule = {
  code: 'SH021',
  name: 'review-comment-label',
  description:
    'A review comment lacks its label (blocking:, suggestion:, nit: …) or, for blocking and suggestion comments, its reason.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      const labels = spec?.rules.labels?.map((l) => l.toLowerCase());
      if (!spec || !labels?.length) continue;
      for (const item of ctx.body(section).listItems) {
        if (item.depth !== 0) continue;
        const lineText = ctx.doc.lines[item.line];
        const range = {
          start: { line: item.line, character: item.column },
          end: { line: item.line, character: lineText.length },
        };
        const m = /^(?:\[[ xX]\]\s+)?(?:\*\*|__)?([A-Za-z-]+)(?:\s*\([^)]*\))?\s*:/.exec(
          lineText.slice(item.contentColumn),
        );
        const label = m?.[1].toLowerCase();
        if (!label || !labels.includes(label)) {
          out.push({
            message: `Review comment has no label: start it with ${labels.map((l) => `"${l}:"`).join(', ')} so the author knows whether it blocks the merge.`,
            range,
            sectionId: spec.id,
            sectionTitle: spec.title,
            fixes: [],
          });
          continue;
        }
        const full = ctx.doc.lines
          .slice(item.line, item.endLine + 1)
          .join(' ')
          .slice(0, 5000);
        if (NEEDS_WHY.has(label) && !RATIONALE_MARKERS.test(full)) {
          out.push({
            message: `"${label}:" comment says what but not why: add the reason (e.g. "because …") and the approach you prefer.`,
            range,
            sectionId: spec.id,
            sectionTitle: spec.title,
            fixes: [],
          });
        }
      }
    }
    return out;
  },
};
