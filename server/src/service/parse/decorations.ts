/**
 * Heading decorations: notes that templates put on a heading to say how the
 * section is used — `## Requirements *(mandatory)*`, `### Key Entities
 * *(include if the feature involves data)*`, `### User Stories (Optional)`,
 * `## Appendix [optional]`. They are not part of the section's name, so
 * matching (exact, near miss, duplicates) ignores them, and a rename keeps
 * them (only the title's words are replaced).
 *
 * A kind's `headingDecorations` chooses the patterns: absent = the built-in
 * list below, `false` = none, a list = those patterns instead (RE2 syntax,
 * matched case-insensitively, anywhere in the heading's text). The built-in
 * patterns are fixed and reviewed, so they run as JavaScript RegExps; they
 * are written in the common subset of both syntaxes, and a test compiles
 * each on RE2 too, so copying one into a schema behaves the same.
 */
import { compileUserPattern } from '../regex';
import { ownCopy } from './own-copy';

/**
 * The built-in decorations (documented in docs/schemas.md, "How headings are
 * matched"): a parenthesised or bracketed note in emphasis at the end of the
 * heading, and a plain parenthesised or bracketed usage note at its end.
 */
export const DEFAULT_HEADING_DECORATIONS: readonly string[] = [
  // *(mandatory)*, _(optional)_, **[optional]**, *(include if the feature involves data)*
  '\\s*[*_]{1,2}\\s*[(\\[][^()\\[\\]]*[)\\]]\\s*[*_]{1,2}\\s*$',
  // (Optional), (mandatory), (required), (recommended), (if applicable), (if any), (include if …), (only if …)
  '\\s*\\((?:optional|mandatory|required|recommended|if applicable|when applicable|if any|if needed|(?:include|only|required|fill in) (?:if|when)[^()]*)\\)\\s*$',
  // [optional], [mandatory], [required], [recommended], [if applicable]
  '\\s*\\[(?:optional|mandatory|required|recommended|if applicable)\\]\\s*$',
];

/** The built-in list as JavaScript RegExps (global, case-insensitive). */
const DEFAULT_REGEXPS = DEFAULT_HEADING_DECORATIONS.map((p) => new RegExp(p, 'gi'));

/** Spans [start, end) of a heading text that are decorations; [] when none. */
export type DecorationFinder = (text: string) => { start: number; end: number }[];

const finders = new Map<string, DecorationFinder>();

/** The finder for a kind's decoration patterns (`isDefault`: the built-in list, run as JavaScript RegExps). */
export function decorationFinder(patterns: readonly string[], isDefault: boolean): DecorationFinder {
  if (!patterns.length) return () => [];
  const key = `${isDefault ? 'js' : 're2'}\u0000${patterns.join('\u0000')}`;
  let finder = finders.get(key);
  if (finder) return finder;
  const cache = new Map<string, { start: number; end: number }[]>();
  const find = isDefault ? findWithRegExps(DEFAULT_REGEXPS) : findWithRe2(patterns);
  finder = (text) => {
    // Every built-in decoration has a bracket, most headings none: answered before the cache (issue 20).
    if (isDefault && !text.includes('(') && !text.includes('[')) return [];
    let spans = cache.get(text);
    if (spans === undefined) {
      spans = find(text);
      if (cache.size >= 20_000) cache.clear();
      // A heading's text is cut from its document's text, which the cache must not keep.
      cache.set(ownCopy(text), spans);
    }
    return spans;
  };
  if (finders.size >= 100) finders.clear();
  finders.set(key, finder);
  return finder;
}

function findWithRegExps(regexps: RegExp[]): (text: string) => { start: number; end: number }[] {
  return (text) => {
    // Cheap test first: every built-in decoration has a bracket.
    if (!text.includes('(') && !text.includes('[')) return [];
    const spans: { start: number; end: number }[] = [];
    for (const re of regexps) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        spans.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    return merged(spans);
  };
}

function findWithRe2(patterns: readonly string[]): (text: string) => { start: number; end: number }[] {
  // Patterns are vetted when the schema loads (schema/load.ts); one RE2 cannot run is skipped here.
  const compiled = patterns.map((p) => compileUserPattern(`(?i)${p}`)).filter((c) => typeof c !== 'string');
  return (text) => {
    const spans: { start: number; end: number }[] = [];
    for (const re of compiled) {
      const m = re.matcher(text);
      while (m.find()) if (m.end() > m.start()) spans.push({ start: m.start(), end: m.end() });
    }
    return merged(spans);
  };
}

/** Overlapping spans joined, in order. */
function merged(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start);
  const out = [spans[0]];
  for (const s of spans.slice(1)) {
    const last = out[out.length - 1];
    if (s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push(s);
  }
  return out;
}

/** The text with its decorations cut out (a space in their place); the text itself when it has none. */
export function withoutDecorations(text: string, find: DecorationFinder): string {
  const spans = find(text);
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + ' ';
    at = s.end;
  }
  return out + text.slice(at);
}

/** The text with each decoration replaced by as many spaces (columns stay where they were). */
export function maskDecorations(text: string, find: DecorationFinder): string {
  const spans = find(text);
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + ' '.repeat(s.end - s.start);
    at = s.end;
  }
  return out + text.slice(at);
}
