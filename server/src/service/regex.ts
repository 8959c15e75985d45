/**
 * Every regular expression a user supplies (a schema's `criteria.idPattern`,
 * `pattern` and `patternProperties` in a kind's front matter JSON Schema)
 * runs on RE2 (`re2js`, a pure JavaScript port): matching takes time linear
 * in the input whatever the pattern, so no pattern can hang the checker.
 * Vetting patterns by their shape always misses a case (`(a|aa)+$`,
 * `a*a*a*a*$`); a linear-time engine does not need to. RE2 has no
 * look-around and no back-references: such patterns are refused with a
 * sentence when the schema loads. The engine's own patterns stay JavaScript
 * RegExps (they are fixed and reviewed).
 */
import type { RE2JS } from 're2js';
import type { RegExpEngine } from 'ajv/dist/types';

/** Longer patterns are refused (compiling is linear too, but an ID pattern is a few characters). */
export const MAX_USER_PATTERN_CHARS = 200;

const compiled = new Map<string, RE2JS | string>();

/**
 * re2js, loaded with the first user pattern: a check with built-in kinds only
 * compiles none (their patterns are the engine's own), and loading it cost about
 * a millisecond of every start (issue 20).
 */
function re2(): typeof RE2JS {
  return (require('re2js') as typeof import('re2js')).RE2JS;
}

/** The pattern compiled for RE2, or the sentence saying why it cannot be used. */
export function compileUserPattern(pattern: string): RE2JS | string {
  let c = compiled.get(pattern);
  if (c === undefined) {
    if (pattern.length > MAX_USER_PATTERN_CHARS) c = `longer than ${MAX_USER_PATTERN_CHARS} characters.`;
    else {
      try {
        c = re2().compile(pattern);
      } catch (error) {
        c = explainRejection(pattern, (error as Error).message.replace(/^error parsing regexp: /, ''));
      }
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, c);
  }
  return c;
}

/**
 * Why RE2 refused a pattern, in words a schema author can act on: which
 * construct, why it is not available, and what to write instead. RE2's own
 * reason follows in parentheses.
 */
function explainRejection(pattern: string, reason: string): string {
  const said = `(RE2 says: ${reason})`;
  const lookaround = /\(\?<?[=!]/.exec(pattern);
  if (lookaround)
    return `not supported: it uses look-around ("${lookaround[0]}…)"), which the linear-time (RE2) engine does not have, since it never looks ahead or behind the text it matches. Match the text itself instead (an ID's optional suffix, say, as "(?:-\\d{3})?[a-z]?"), or drop the condition. ${said}`;
  const backref = /\\(?:[1-9]|k<)/.exec(pattern);
  if (backref)
    return `not supported: it uses a back-reference ("${backref[0]}"), which the linear-time (RE2) engine does not have, since matching the same text again cannot be done in one pass. Repeat the group's pattern instead of referring back to it. ${said}`;
  if (/\(\?>/.test(pattern) || /[*+?}][+]/.test(pattern))
    return `not supported: it uses an atomic group or a possessive quantifier ("(?>…)", "a++"), which the linear-time (RE2) engine does not need (it never backtracks) and does not accept. Write the group or quantifier without it. ${said}`;
  return `not a pattern the linear-time (RE2) engine accepts: ${reason}. Look-around and back-references are not available; everything else of the usual syntax is.`;
}

/** Why a user pattern cannot be used, or undefined when it can. */
export function userPatternProblem(pattern: string): string | undefined {
  const c = compileUserPattern(pattern);
  return typeof c === 'string' ? c : undefined;
}

/** Thrown by the ajv engine below for a pattern RE2 cannot run. */
export class UnsupportedPatternError extends Error {}

/** ajv's `code.regExp`: JSON Schema `pattern` / `patternProperties` on RE2. */
export const re2RegExpEngine: RegExpEngine = Object.assign(
  (pattern: string): { test: (s: string) => boolean; toString: () => string } => {
    const re = compileUserPattern(pattern);
    if (typeof re === 'string') throw new UnsupportedPatternError(`pattern "${pattern}" is ${re}`);
    // ajv caches compiled patterns by `toString()`: it must differ per pattern (an object's default is "[object Object]").
    return { test: (s: string) => re.matcher(s).find(), toString: () => `re2:${pattern}` };
  },
  { code: 're2' },
);

/**
 * A character that may be a letter, a number or U+0345 outside ASCII: anything but ASCII and the common
 * symbols of prose (Latin-1 punctuation and signs, general punctuation: dashes, quotes, `‰`; currency
 * signs, arrows, mathematical operators: `≤`, `≥`, `→`; `×`, `÷`). A text without one reads the same
 * with `asciiClasses` patterns. A test checks that no character it lets through is in `\p{L}`, `\p{N}` or
 * U+0345.
 */
export const OUTSIDE_ASCII_CLASSES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, from U+0000 on purpose.
  /[^\x00-\x7f\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20cf\u2190-\u23ff]/;

/**
 * One of the engine's own Unicode patterns for texts without `OUTSIDE_ASCII_CLASSES` characters: `\p{L}`
 * becomes `A-Za-z`, `\p{N}` `0-9`, and U+0345 (not ASCII) is dropped. On such a text those classes can only
 * meet ASCII letters and digits, so the matches are the same, and V8 does not compile the large Unicode classes (about a
 * millisecond each on every start, issue 20). Only for patterns that use them inside `[…]` classes (SH009, SH014,
 * word counts: each such class keeps `_`, a digit class or a letter class, so none becomes empty).
 */
export function asciiClasses(source: string): string {
  // Escapes are read left to right, so an escaped backslash before `p{L}` (a user's word) stays as it is.
  return source.replace(/\\(?:p\{[LN]\}|u0345|[\s\S])/g, (token) =>
    token === '\\p{L}' ? 'A-Za-z' : token === '\\p{N}' ? '0-9' : token === '\\u0345' ? '' : token,
  );
}
