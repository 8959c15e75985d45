import type { Rule, RuleFinding } from './rule';
import { asciiClasses, OUTSIDE_ASCII_CLASSES } from '../regex';

/**
 * Words that follow a number without being its unit ("2 of the", "3 and 4",
 * "step 1 is"): function words, never things counted or measured.
 */
const NOT_A_UNIT = (
  'a an the and or nor but of to in on at by for from with into onto than then as is are was were be been if ' +
  'that this these those it its which who where when vs via so do does not st nd rd th'
).split(' ');

/**
 * A number with a unit: a number (`200`, `10,000`, `99.9`, with a multiplier
 * `10k`, `2M`) followed by a unit symbol (`%`, `‰`, `×`), after a currency
 * sign (`$5`), or followed by a word, which is its unit: `200 ms`, `3
 * retries`, `90% of users`, `1000 concurrent users`, `10,000 invoices`. The
 * rule is about "fast" vs "p95 under 200 ms", not about unit pedantry, so any
 * counted noun is a unit; function words after the number ("2 of", "3 and")
 * are not. A number inside an identifier, version or date (`k8s`, `v2`,
 * `FR-001`, `2024-05-14`, `10:30`) does not count. The signs € £ ¥ ‰ × are
 * written as `\u` escapes: a raw string keeps them as written, and the bundles
 * must be ASCII (scripts/build.mjs asciiBundleText).
 *
 * Case-insensitive by hand, without the `i` flag: with `iu`, V8 spent about
 * 1.5 ms of every `check` (issue 20) closing the large `\p{L}` classes under
 * case folding. What `iu` matched is kept exactly: each letter of the
 * function words in both cases (and `ſ` for s, the Kelvin sign for k, which
 * fold to them), `[kKmM\u212A]` for the multipliers, and U+0345 (a combining
 * mark that folds to a Greek letter) in the letter classes. A test compares
 * both forms.
 *
 * Compiled when first used; a text whose only characters outside ASCII are
 * common symbols (`≤`, `–`, `’`: nearly every requirement, see
 * `OUTSIDE_ASCII_CLASSES`) is matched by the same pattern with its classes
 * cut to ASCII (`asciiClasses`, regex.ts): the same matches on such a text,
 * without V8 compiling the large `\p{L}` classes on every start (issue 20).
 */
const NUMBER_WITH_UNIT_SOURCE =
  String.raw`(?:[$\u20AC\u00A3\u00A5]\s?\d|(?<![\p{L}\p{N}_\u0345])(?<![\p{L}\p{N}_\u0345][-./:])\d(?:[\d,.]*\d)?\s*(?:[kKmM\u212A](?=\s*[^\s\d]))?\s*(?:[%\u2030\u00D7]|(?!(?:` +
  NOT_A_UNIT.map(anyCase).join('|') +
  String.raw`)(?![\p{L}\p{N}\u0345]))[\p{L}\u0345]))`;

let fullPattern: RegExp | undefined;
let asciiPattern: RegExp | undefined;

/** The pattern for any text (with the Unicode classes). */
export function numberWithUnitRegex(): RegExp {
  fullPattern ??= new RegExp(NUMBER_WITH_UNIT_SOURCE, 'u');
  return fullPattern;
}

/** The pattern with its classes cut to ASCII: the same matches as `numberWithUnitRegex` where `OUTSIDE_ASCII_CLASSES` finds nothing. */
export function asciiNumberWithUnitRegex(): RegExp {
  asciiPattern ??= new RegExp(asciiClasses(NUMBER_WITH_UNIT_SOURCE), 'u');
  return asciiPattern;
}

/** Whether a text has a number with a unit. */
export function hasNumberWithUnit(text: string): boolean {
  return (OUTSIDE_ASCII_CLASSES.test(text) ? numberWithUnitRegex() : asciiNumberWithUnitRegex()).test(text);
}

/** A lower-case ASCII word as a pattern that matches it in any case, as the `iu` flags would. */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c}${c.toUpperCase()}${c === 's' ? '\\u017F' : c === 'k' ? '\\u212A' : ''}]`).join('');
}

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
      // `numberWithUnit: { bound: true }` (the built-in spec's performance requirements) also wants a percentile or bound.
      const bound = typeof spec.rules.numberWithUnit === 'object' && spec.rules.numberWithUnit.bound === true;
      const body = ctx.body(section);
      const items = body.listItems.filter((i) => i.depth === 0);
      const units = items.length
        ? items.map((i) => ({ line: i.line, column: i.column, text: i.text }))
        : body.paragraphs.map((p) => ({ line: p.line, column: p.column, text: p.text }));
      for (const u of units) {
        if (!u.text.trim()) continue;
        const hasNumber = hasNumberWithUnit(u.text);
        if (hasNumber && (!bound || PERCENTILE_OR_BOUND.test(u.text))) continue;
        out.push({
          message: hasNumber
            ? `"${spec.title}" gives a number but not what it bounds: say the percentile or the limit (for example "p95 ≤ 200 ms", "at most 256 MB").`
            : bound
              ? `"${spec.title}" needs measurable targets: give a number with a unit and a percentile or bound (for example "p95 ≤ 200 ms" or "at least 500 requests/s").`
              : `"${spec.title}" needs measurable targets: give a number with a unit (for example "200 ms", "99.9 %" or "90% of users").`,
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
