/** Finding placeholder tokens (TODO, TBD, ???, [NEEDS CLARIFICATION: …]) in a line of prose. */
import { maskCodeSpans, MAX_INLINE_LINE } from './inline';
import type { ScannedDocument } from './scanner';

export interface PlaceholderHit {
  start: number;
  end: number;
  text: string;
}

const regexCache = new Map<string, RegExp>();
/** The same regexes by list identity: a kind's list is one array, so most calls skip building the key. */
const byList = new WeakMap<readonly string[], RegExp>();
/** Lists whose tokens hold no whitespace (see findPlaceholders). */
const noSpaceLists = new WeakMap<readonly string[], boolean>();

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regex for a placeholder list: word-like tokens need word boundaries, symbol tokens (???) do not. */
function placeholderRegex(tokens: readonly string[]): RegExp {
  let re = byList.get(tokens);
  if (re) {
    re.lastIndex = 0;
    return re;
  }
  const key = tokens.join('\u0000');
  re = regexCache.get(key);
  if (!re) {
    const parts = [...tokens]
      .sort((a, b) => b.length - a.length)
      .map((t) => {
        const body = escapeRegex(t);
        const startB = /^\w/.test(t) ? '\\b' : '';
        const endB = /\w$/.test(t) ? '\\b' : '';
        return `${startB}${body}${endB}`;
      });
    re = new RegExp(`\\[NEEDS CLARIFICATION(?::[^\\]]*)?\\]${parts.length ? '|' + parts.join('|') : ''}`, 'g');
    regexCache.set(key, re);
  }
  byList.set(tokens, re);
  re.lastIndex = 0;
  return re;
}

export function findPlaceholders(line: string, tokens: readonly string[]): PlaceholderHit[] {
  // Most lines hold no placeholder: a line with none before its code spans are
  // masked has none after (masking only turns spans, backticks included, into
  // spaces, and a token without whitespace cannot be made of spaces; its word
  // boundaries see a space where they saw a backtick). So skip the masking.
  let noSpace = noSpaceLists.get(tokens);
  if (noSpace === undefined) {
    noSpace = tokens.every((t) => !/\s/.test(t));
    noSpaceLists.set(tokens, noSpace);
  }
  if (noSpace) {
    const probe = placeholderRegex(tokens);
    const found = probe.test(line.length > 20_000 ? line.slice(0, 20_000) : line);
    probe.lastIndex = 0;
    if (!found) return [];
  }
  const masked = maskCodeSpans(line.length > 20_000 ? line.slice(0, 20_000) : line);
  const re = placeholderRegex(tokens);
  const hits: PlaceholderHit[] = [];
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    hits.push({ start: m.index, end: m.index + m[0].length, text: line.slice(m.index, m.index + m[0].length) });
    if (m[0].length === 0) re.lastIndex++;
  }
  return hits;
}

export function stripPlaceholders(line: string, tokens: readonly string[]): string {
  return line.replace(placeholderRegex(tokens), ' ');
}

/** The placeholders of one line. */
export interface LinePlaceholders {
  line: number;
  hits: PlaceholderHit[];
}

const documentHits = new WeakMap<ScannedDocument, { tokens: readonly string[]; lines: LinePlaceholders[] }>();

/**
 * The placeholders of every text and heading line of a document, in line
 * order (lines without any are left out): one pass per analysis, shared by
 * SH007 and the checklist. Most documents hold none: when the tokens hold no
 * white space and no line is cut at MAX_INLINE_LINE, one search over the
 * whole text decides that (a match in a line is a match at the same place in
 * the text: line breaks, like a line's ends, are not word characters).
 */
export function documentPlaceholders(doc: ScannedDocument, tokens: readonly string[]): readonly LinePlaceholders[] {
  const cached = documentHits.get(doc);
  if (cached && cached.tokens === tokens) return cached.lines;
  const lines: LinePlaceholders[] = [];
  let noSpace = noSpaceLists.get(tokens);
  if (noSpace === undefined) {
    noSpace = tokens.every((t) => !/\s/.test(t));
    noSpaceLists.set(tokens, noSpace);
  }
  let none = false;
  if (noSpace && doc.lines.every((l) => l.length <= MAX_INLINE_LINE)) {
    const probe = placeholderRegex(tokens);
    none = !probe.test(doc.text);
    probe.lastIndex = 0;
  }
  if (!none)
    for (let line = 0; line < doc.lines.length; line++) {
      const lk = doc.lineKinds[line];
      if (lk !== 'text' && lk !== 'heading') continue;
      const hits = findPlaceholders(doc.lines[line], tokens);
      if (hits.length) lines.push({ line, hits });
    }
  documentHits.set(doc, { tokens, lines });
  return lines;
}
