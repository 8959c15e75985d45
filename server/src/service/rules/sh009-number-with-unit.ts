import type { Rule, RuleFinding } from './rule';

/**
 * A number followed by a unit: durations, sizes, rates, percentages,
 * counts of things. Deliberately generous: the rule is about "fast" vs
 * "p95 under 200 ms", not about unit pedantry.
 */
export const NUMBER_WITH_UNIT = new RegExp(
  // An optional multiplier (10k, 2M) sits between the number and its unit.
  String.raw`(?<![\p{L}_])\d(?:[\d,.]*\d)?\s*(?:[kKM](?=\s*[^\s\d]))?\s*(?:` +
    [
      '%', '‰', '×', 'x\\b',
      '(?:ns|µs|us|ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?)\\b',
      '(?:[kKMGTP]i?B|bytes?|[kKMGT]?bit|b)(?:\\/s)?\\b',
      '(?:k|K|M|m)?(?:req|reqs|requests?|rps|qps|tps|ops|events?|messages?|msgs?|queries|calls?)(?:\\/(?:s|sec|second|min|minute|h|hour|day))?\\b',
      '(?:users?|sessions?|connections?|rows?|records?|items?|files?|pages?|lines?|documents?|entries|nodes?|cores?|threads?|instances?|replicas?|pods?|retries|attempts?|times)\\b',
      '(?:Hz|kHz|MHz|GHz|fps|dpi|px|em|rem)\\b',
      '(?:nines)\\b',
    ].join('|') +
    ')',
  'u',
);

/** SH009: a requirement in a section that asks for numbers (performance) has no number with a unit. */
export const numberWithUnit: Rule = {
  code: 'SH009',
  name: 'number-with-unit',
  description: 'A requirement in a section that needs measurable targets (such as performance) has no number with a unit.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec?.rules.numberWithUnit) continue;
      const body = ctx.body(section);
      const items = body.listItems.filter((i) => i.depth === 0);
      const units = items.length
        ? items.map((i) => ({ line: i.line, column: i.column, text: i.text }))
        : body.paragraphs.map((p) => ({ line: p.line, column: p.column, text: p.text }));
      for (const u of units) {
        if (!u.text.trim() || NUMBER_WITH_UNIT.test(u.text)) continue;
        out.push({
          message: `"${spec.title}" needs measurable targets: give a number with a unit (for example "p95 ≤ 200 ms" or "500 requests/s").`,
          range: { start: { line: u.line, character: u.column }, end: { line: u.line, character: ctx.doc.lines[u.line].length } },
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: [],
        });
      }
    }
    return out;
  },
};
