/** Finding placeholder tokens (TODO, TBD, ???, [NEEDS CLARIFICATION: …]) in a line of prose. */
import { lineAt, maskCodeSpans, MAX_INLINE_LINE } from './inline';
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
 * SH007 and the checklist. When the tokens hold no white space and no line is
 * cut at MAX_INLINE_LINE, a search of the whole text finds the few lines that
 * can hold one (`placeholderFastPaths.textSearch`), rather than a search of
 * each line (a call per line at V8's baseline tier, cli/tiering.ts).
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
  const { text, lineStarts, lineKinds } = doc;
  const count = doc.lines.length;
  const read = (line: number): void => {
    const lk = lineKinds[line];
    if (lk !== 'text' && lk !== 'heading') return;
    const hits = findPlaceholders(doc.lines[line], tokens);
    if (hits.length) lines.push({ line, hits });
  };
  // A line cut at MAX_INLINE_LINE can hold a placeholder the text does not ("TODOS" cut after "TODO"): then every
  // line is read. A text no longer than that has no such line, without a look at each.
  if (
    placeholderFastPaths.textSearch &&
    noSpace &&
    (text.length <= MAX_INLINE_LINE || doc.lines.every((l) => l.length <= MAX_INLINE_LINE))
  ) {
    // Only lines where a search of the whole text finds a match starting can hold one: a line's first placeholder
    // is a match of the text at the same place (its ends, like line breaks, are not word characters), and the
    // search, resumed at each next line's start, finds a match there or earlier on that line.
    const search = placeholderRegex(tokens);
    for (let m = search.exec(text); m; m = search.exec(text)) {
      const line = lineAt(lineStarts, 0, count, m.index);
      read(line);
      if (line + 1 >= count) break;
      search.lastIndex = lineStarts[line + 1];
    }
    search.lastIndex = 0;
  } else for (let line = 0; line < count; line++) read(line);
  documentHits.set(doc, { tokens, lines });
  return lines;
}

/** Switch for the fast path of `documentPlaceholders` (for the differential tests): candidate lines found by a search of the text. */
export const placeholderFastPaths = { textSearch: true };
