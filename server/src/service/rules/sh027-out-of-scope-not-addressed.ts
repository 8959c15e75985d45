import type { Rule, RuleFinding } from './rule';
import { traceData } from '../analysis/trace';
import { headingFor } from '../analysis/matching';
import { appendLinesEdits } from '../fixes/append';
import { headingRange } from './ranges';
import { normalizeTitle } from '../parse/titles';
import { quote } from './quote';

/** Words that carry meaning (longer than three letters), for a forgiving "is this item mentioned" test. */
function keyWords(text: string): string[] {
  return normalizeTitle(text)
    .split(' ')
    .filter((w) => w.length > 3);
}

/** SH027: an out-of-scope item of the linked spec does not appear in the handoff's "not addressed" section. */
export const outOfScopeNotAddressed: Rule = {
  code: 'SH027',
  name: 'out-of-scope-not-addressed',
  description:
    "An item from the linked spec's out-of-scope list is not repeated in the handoff's not-addressed section.",
  defaultSeverity: 'information',
  check(ctx) {
    const data = traceData(ctx);
    const trace = ctx.kind.trace;
    if (!data || !trace?.itemsFrom || !trace.itemsTo) return [];
    const target = headingFor(ctx.matching, trace.itemsTo);
    const sourceSection = data.analysis.matching && headingFor(data.analysis.matching, trace.itemsFrom);
    if (!target || !sourceSection || !data.analysis.context) return [];
    const targetSpec = ctx.kind.allSections.find((s) => s.id === trace.itemsTo)!;
    // Line by line: title normalisation drops "[text](…)" link targets, and an unclosed "(" on one
    // line must not swallow the words of the lines after it.
    const here = new Set(ctx.doc.lines.slice(target.bodyStart, target.end).flatMap(keyWords));
    const items = data.analysis.context.body(sourceSection).listItems.filter((i) => i.depth === 0);
    const out: RuleFinding[] = [];
    for (const item of items) {
      const words = keyWords(item.text);
      if (!words.length) continue;
      const found = words.filter((w) => here.has(w)).length;
      if (found / words.length >= 0.6) continue;
      out.push({
        message: `Out of scope in the ${trace.kind}: "${quote(item.text, 60)}" — say here that it was not addressed, so nobody assumes it was.`,
        range: headingRange(ctx.doc, target),
        sectionId: targetSpec.id,
        sectionTitle: targetSpec.title,
        fixes: [
          {
            title: 'Add it to this section',
            kind: 'insert',
            isPreferred: true,
            edits: appendLinesEdits(ctx.doc, target, [`- ${item.text} (out of scope in the ${trace.kind})`]),
          },
        ],
      });
    }
    return out;
  },
};
