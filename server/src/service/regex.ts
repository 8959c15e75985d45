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
import { RE2JS } from 're2js';
import type { RegExpEngine } from 'ajv/dist/types';

/** Longer patterns are refused (compiling is linear too, but an ID pattern is a few characters). */
export const MAX_USER_PATTERN_CHARS = 200;

const compiled = new Map<string, RE2JS | string>();

/** The pattern compiled for RE2, or the sentence saying why it cannot be used. */
export function compileUserPattern(pattern: string): RE2JS | string {
  let c = compiled.get(pattern);
  if (c === undefined) {
    if (pattern.length > MAX_USER_PATTERN_CHARS) c = `longer than ${MAX_USER_PATTERN_CHARS} characters.`;
    else {
      try {
        c = RE2JS.compile(pattern);
      } catch (error) {
        c = `not supported by the linear-time (RE2) engine: ${(error as Error).message.replace(/^error parsing regexp: /, '')} (look-around and back-references are not available).`;
      }
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, c);
  }
  return c;
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
