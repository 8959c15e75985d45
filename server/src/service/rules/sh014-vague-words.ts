import type { Rule, RuleFinding } from './rule';
import { maskCodeSpans, MAX_INLINE_LINE } from '../parse/inline';
import { asciiClasses, OUTSIDE_ASCII_CLASSES } from '../regex';

const cache = new Map<string, RegExp>();

/**
 * One case-insensitive regex for a word list; phrases match across any whitespace. `asciiText`: the same
 * pattern with its classes cut to ASCII (`asciiClasses`), for lines where `OUTSIDE_ASCII_CLASSES` finds nothing (ASCII and common symbols), where it finds
 * the same words: V8 then does not compile the large Unicode classes of the word boundaries (issue 20).
 */
export function vagueWordsRegex(words: readonly string[], asciiText = false): RegExp {
  const key = `${asciiText ? 'a' : 'u'}${words.join('\u0000')}`;
  let re = cache.get(key);
  if (!re) {
    // The Unicode word-boundary lookarounds are costly for V8 to compile, once per
    // occurrence: consecutive words of the same kind (boundary before / after or
    // not) share one pair around a group, which keeps the alternatives in the
    // same order and so matches exactly what one pair per word would.
    // ASCII word lists (the built-in ones) are made case-insensitive by hand (`byHand`): with the `i` flag, V8
    // spent about a millisecond of every check closing the `\p{L}` classes under case folding (issue 20).
    const byHand = words.every((w) => /^[\x20-\x7e\s]*$/.test(w));
    const boundary = byHand ? '[\\p{L}\\p{N}_\\u0345]' : '[\\p{L}\\p{N}_]';
    const groups: { lead: boolean; trail: boolean; bodies: string[] }[] = [];
    for (const w of [...words].filter((x) => x.trim()).sort((a, b) => b.length - a.length)) {
      const t = w.trim();
      const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const body = (byHand ? anyCase(escaped) : escaped).replace(/\s+/g, '\\s+');
      const lead = /^\w/.test(t);
      const trail = /\w$/.test(t);
      const last = groups[groups.length - 1];
      if (last && last.lead === lead && last.trail === trail) last.bodies.push(body);
      else groups.push({ lead, trail, bodies: [body] });
    }
    const parts = groups.map(
      (g) => `${g.lead ? `(?<!${boundary})` : ''}(?:${g.bodies.join('|')})${g.trail ? `(?!${boundary})` : ''}`,
    );
    const source = parts.join('|') || '(?!)';
    re = new RegExp(asciiText ? asciiClasses(source) : source, byHand ? 'gu' : 'giu');
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * An escaped ASCII word matching in any case exactly as with the `iu` flags: each letter in both cases (and `ſ`
 * for s, the Kelvin sign for k, which fold to them); the boundary classes add U+0345, which folds to a letter.
 * Escapes (`\\.`) are kept as they are.
 */
function anyCase(escaped: string): string {
  return escaped.replace(/\\.|[a-z]/gi, (c) => {
    if (c.length > 1) return c;
    const lower = c.toLowerCase();
    return `[${lower}${lower.toUpperCase()}${lower === 's' ? '\\u017F' : lower === 'k' ? '\\u212A' : ''}]`;
  });
}

/** SH014: words too vague to verify ("fast", "intuitive", "as needed") in a section that lists them in `avoidWords`. */
export const vagueWords: Rule = {
  code: 'SH014',
  name: 'vague-words',
  description: "A word or phrase from the section's avoid list (vague, unverifiable wording) is used.",
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      const words = spec?.rules.avoidWords;
      if (!spec || !words?.length) continue;
      let full: RegExp | undefined;
      let ascii: RegExp | undefined;
      for (let line = section.bodyStart; line < section.ownEnd; line++) {
        if (ctx.doc.lineKinds[line] !== 'text') continue;
        // Like placeholders and links, only the first MAX_INLINE_LINE characters of a huge line are read.
        const text = ctx.doc.lines[line];
        const masked = maskCodeSpans(text.length > MAX_INLINE_LINE ? text.slice(0, MAX_INLINE_LINE) : text);
        let re: RegExp;
        if (OUTSIDE_ASCII_CLASSES.test(masked)) {
          if (!full) full = vagueWordsRegex(words);
          re = full;
        } else {
          if (!ascii) ascii = vagueWordsRegex(words, true);
          re = ascii;
        }
        re.lastIndex = 0;
        for (let m = re.exec(masked); m; m = re.exec(masked)) {
          out.push({
            message: `"${m[0]}" is vague in "${spec.title}": say what can be measured or observed instead, so no judgment call is needed.`,
            range: { start: { line, character: m.index }, end: { line, character: m.index + m[0].length } },
            sectionId: spec.id,
            sectionTitle: spec.title,
            fixes: [],
          });
          if (m[0].length === 0) re.lastIndex++;
        }
      }
    }
    return out;
  },
};
