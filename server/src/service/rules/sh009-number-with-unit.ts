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
      '%',
      '‰',
      '×',
      'x\\b',
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

/** A percentile or a bound: a number alone ("200 ms") does not say whether it is a ceiling, a floor or an average. */
export const PERCENTILE_OR_BOUND =
  /[≤≥<>]|\b(?:p\d{2,3}(?:\.\d+)?|\d{1,2}(?:\.\d+)?(?:th|st|nd|rd)? percentile|percentile|median|average|mean|max(?:imum)?|min(?:imum)?|at (?:most|least)|under|below|above|over|within|up to|no (?:more|less|fewer|slower|faster) than|(?:less|more|fewer) than|peak|sustained|per)\b/i;

/** SH009: a requirement in a section that asks for numbers (performance) has no number with a unit. */
export const numberWithUnit: Rule = {
  code: 'SH009',
  name: 'number-with-unit',
  description:
    'A requirement in a section that needs measurable targets (such as performance) has no number with a unit, or no percentile or bound for it.',
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
        if (!u.text.trim()) continue;
        const hasNumber = NUMBER_WITH_UNIT.test(u.text);
        if (hasNumber && PERCENTILE_OR_BOUND.test(u.text)) continue;
        out.push({
          message: hasNumber
            ? `"${spec.title}" gives a number but not what it bounds: say the percentile or the limit (for example "p95 ≤ 200 ms", "at most 256 MB").`
            : `"${spec.title}" needs measurable targets: give a number with a unit and a percentile or bound (for example "p95 ≤ 200 ms" or "at least 500 requests/s").`,
          range: {
            start: { line: u.line, character: u.column },
            end: { line: u.line, character: ctx.doc.lines[u.line].length },
          },
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: [],
        });
      }
    }
    return out;
  },
};
