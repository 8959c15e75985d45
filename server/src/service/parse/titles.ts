/**
 * Heading titles as the engine compares them: case- and punctuation-blind,
 * accents folded, leading section numbers ("2.", "3.1", "A)") dropped, and
 * inline markdown markers (`*`, `_`, backticks, links) reduced to their text.
 */
import { ownCopy } from './own-copy';

export const LEADING_NUMBER = /^(?:\d+(?:\.\d+)*\.?|[A-Za-z][.)])\s+/;

/**
 * Titles repeat (every schema title, every heading of every file): normalised once each.
 * Keys and values are copies: a heading's text is cut from its document's text, which the cache must not keep.
 */
const normalized = new Map<string, string>();
const MAX_NORMALIZED = 20_000;

export function normalizeTitle(title: string): string {
  // A title of words of ASCII letters and digits, one space apart, starting with a letter (no section number,
  // nothing to trim or collapse): its lower case is its normal form. With a capital in it, that is a new string
  // sharing no memory with the title, so it is returned as it is: no cache entry, no copies (most headings).
  if (SIMPLE_TITLE.test(title)) {
    const lower = title.toLowerCase();
    if (lower !== title) return lower;
  }
  let t = normalized.get(title);
  if (t !== undefined) return t;
  t = normalizeUncached(title);
  if (normalized.size >= MAX_NORMALIZED) normalized.clear();
  t = ownCopy(t);
  normalized.set(ownCopy(title), t);
  return t;
}

/** ASCII words one space apart, the first starting with a letter (see normalizeTitle). */
const SIMPLE_TITLE = /^[A-Za-z](?: ?[A-Za-z0-9])*$/;

/** A title of ASCII letters, digits and spaces only: no markup, accents or punctuation to take out. */
const PLAIN_TITLE = /^[A-Za-z0-9 ]*$/;

/** Printable ASCII but `&`, `<` and `[` (see normalizeUncached). */
const ASCII_TITLE = /^[\x20-\x25\x27-\x3b\x3d-\x5a\x5c-\x7e]*$/;

function normalizeUncached(title: string): string {
  // The same steps as below, without those that cannot change such a title (most headings are like this).
  if (PLAIN_TITLE.test(title)) return title.trim().replace(LEADING_NUMBER, '').toLowerCase().replace(/ +/g, ' ').trim();
  // Printable ASCII without a link, a tag or `&`: decomposing and dropping accents change nothing, and after
  // lower-casing the letters and digits are a-z and 0-9.
  if (ASCII_TITLE.test(title))
    return title
      .trim()
      .replace(LEADING_NUMBER, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  let t = title
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url) → text
    .replace(/<[^>]+>/g, ' ')
    .trim()
    .replace(LEADING_NUMBER, '');
  t = t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  t = t.toLowerCase().replace(/&/g, ' and ');
  // Letters and digits of any script survive; everything else separates words.
  t = t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return t;
}

/**
 * Damerau–Levenshtein (optimal string alignment) distance, stopping early
 * once it exceeds `max` — near-miss checks only care about small distances.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  // Three rows reused from call to call (this runs for every unmatched heading against every absent name).
  if (rows[0].length < m + 1) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let prevPrev = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      // Comparisons rather than Math.min (a call per cell until V8 optimises this, which a short run never sees).
      let v = prev[j - 1];
      if (ai !== b.charCodeAt(j - 1)) {
        v++;
        const del = prev[j] + 1;
        if (del < v) v = del;
        const ins = cur[j - 1] + 1;
        if (ins < v) v = ins;
        // A transposition (only when the characters differ: otherwise the diagonal is already as good).
        if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
          const swap = prevPrev[j - 2] + 1;
          if (swap < v) v = swap;
        }
      } else {
        // Equal characters: the diagonal, unless deleting or inserting is cheaper still.
        const del = prev[j] + 1;
        if (del < v) v = del;
        const ins = cur[j - 1] + 1;
        if (ins < v) v = ins;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const done = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = done;
  }
  return prev[m];
}

let rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** How many edits still count as a typo of a title of this length. */
export function nearMissBudget(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  if (length < 16) return 2;
  return 3;
}

/** Whether `heading` (normalised) looks like a misspelling of `title` (normalised). */
export function isNearMiss(heading: string, title: string): boolean {
  if (heading === title) return false;
  const budget = nearMissBudget(Math.min(heading.length, title.length));
  return budget > 0 && editDistance(heading, title, budget) <= budget;
}

/**
 * The characters of a normalised title as a 32-bit set (each UTF-16 code unit by its low five bits: `a`–`z` apart,
 * digits and others sharing bits with letters). Two titles' sets bound their edit distance from below, so
 * `nearMissDistance` can turn most pairs down without the distance table.
 */
export function charMask(title: string): number {
  let mask = 0;
  for (let i = 0; i < title.length; i++) mask |= 1 << (title.charCodeAt(i) & 31);
  return mask;
}

/** Whether `bits` has more than `count` bits set. */
function moreBitsThan(bits: number, count: number): boolean {
  for (let i = 0; i <= count; i++) {
    if (bits === 0) return false;
    bits &= bits - 1;
  }
  return true;
}

/**
 * `isNearMiss(heading, title) ? editDistance(heading, title, nearMissBudget(title.length)) : -1`, with the titles'
 * `charMask`s, answering most pairs without the distance table: every character of one title whose bit the other
 * title's set lacks can only be deleted or substituted (a transposition moves equal characters), one edit each,
 * so more such bits than the budget (or a larger difference of lengths) is no near miss. The distance table, when
 * it runs, runs once: a distance within the smaller budget is exact with the larger one too.
 */
export function nearMissDistance(heading: string, headingMask: number, title: string, titleMask: number): number {
  if (heading === title) return -1;
  const hl = heading.length;
  const tl = title.length;
  const budget = nearMissBudget(Math.min(hl, tl));
  if (budget === 0 || hl - tl > budget || tl - hl > budget) return -1;
  if (moreBitsThan(headingMask & ~titleMask, budget) || moreBitsThan(titleMask & ~headingMask, budget)) return -1;
  const distance = editDistance(heading, title, budget);
  return distance <= budget ? distance : -1;
}

/**
 * The candidate closest to `word` when it is a plausible typo of it (case-
 * blind edit distance within a third of the longer word, at least 1), for
 * "did you mean …?" in messages; undefined when nothing is close.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const budget = Math.max(1, Math.floor(Math.max(w.length, candidate.length) / 3));
    const distance = editDistance(w, candidate.toLowerCase(), budget);
    if (distance <= budget && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** ` Did you mean "x"?` (with its leading space), or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match && match !== word ? ` Did you mean "${match}"?` : '';
}
