/**
 * GitHub's heading anchors. GitHub renders a heading, takes its text (link
 * text, emphasis and code spans read as their words; raw HTML tags dropped),
 * and slugs it the way `github-slugger` does: lower case, punctuation
 * removed, spaces to hyphens, and `-1`, `-2` … appended to a repeated anchor.
 *
 * Most headings are plain words: their text is the source text. A heading
 * with inline markup (`` ` * _ [ ] < > & ! ~ \ ``) is read by remark — the
 * same reading the differential tests compare against — so the fast path
 * never guesses at markup.
 */
import GithubSlugger, { slug } from 'github-slugger';
import type { ScannedDocument } from './scanner';
import { remark } from './remark';
import { lineAt } from './inline';

const MARKUP = /[`*_[\]<>&!~\\]/;
/** Outside code spans, what makes a heading's text differ from its source (else remark reads it). */
const MARKUP_OUTSIDE_CODE = /[*_[\]<\\~]|!\[|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/**
 * The text of a heading without remark when that is certain: no markup at
 * all, or code spans and plain words only (a code span's text is its content,
 * a space stripped from both ends when both have one, as CommonMark says).
 * Undefined when remark must decide.
 */
function simplePlainText(t: string, _definitions?: Definitions): string | undefined {
  if (!MARKUP.test(t)) return t;
  if (!t.includes('`')) return undefined;
  let out = '';
  let i = 0;
  while (i < t.length) {
    const tick = t.indexOf('`', i);
    const plain = tick < 0 ? t.slice(i) : t.slice(i, tick);
    if (MARKUP_OUTSIDE_CODE.test(plain)) return undefined;
    out += plain;
    if (tick < 0) break;
    const span = codeSpanAt(t, tick);
    if (!span) return undefined;
    out += span.code;
    i = span.end;
  }
  return out;
}

/**
 * The code span opening at `tick` (a run of backticks): its text and where it
 * ends, or undefined when no closing run of exactly as many backticks follows.
 */
function codeSpanAt(t: string, tick: number): { code: string; end: number } | undefined {
  let n = 1;
  while (t.charCodeAt(tick + n) === 96) n++;
  let close = t.indexOf('`'.repeat(n), tick + n);
  while (close >= 0 && (t.charCodeAt(close + n) === 96 || t.charCodeAt(close - 1) === 96)) {
    let end = close;
    while (t.charCodeAt(end) === 96) end++;
    close = t.indexOf('`'.repeat(n), end);
  }
  if (close < 0) return undefined;
  // A line break reads as one space (the continuation line's indentation is not text); one space is stripped from
  // both ends when both have one, as CommonMark says.
  let code = t.slice(tick + n, close).replace(/\r?\n[ \t]*/g, ' ');
  if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
  return { code, end: close + n };
}

/**
 * What remark must read even for an anchor: escapes, entities (they may
 * become letters), and `<` that may open HTML or an autolink (a letter, `/`,
 * `!` or `?` after it, or an `@` in the text).
 */
const ANCHOR_HARD = /\\|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);|<[A-Za-z/!?]/i;
/** GFM autolink literals (URLs, e-mail addresses) run on through brackets and backticks. */
const AUTOLINK_LIKE = /www\.|:\/\/|@|mailto:|xmpp:/i;
/** An inline link's destination (and closing parenthesis) with nothing that could be read another way. */
const PLAIN_DESTINATION = /^\(([^\s()<>\\\uE000]*)\)/;
const DESTINATIONS = /\]\([^\s()<>\\\uE000]*\)/g;
/** Stands for a code span while brackets and underscores are read (a private-use character: "_" next to it stays undecided). */
const CODE_SPAN = '\uE000';
const isAsciiAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * A text with the same GitHub anchor as the heading's rendered text, without
 * remark, for the markup headings usually hold; undefined when remark must
 * decide. Exact for the anchor, not for the text shown:
 * - `*` and `~` stay whether they are emphasis, strikethrough or literal: the
 *   slug drops them either way;
 * - `_` between ASCII letters or digits is literal (CommonMark's flanking
 *   rules let it neither open nor close emphasis); simple `_emphasis_` is
 *   read as such (see readUnderscores);
 * - code spans are read first (they bind tighter than links and emphasis);
 * - over several lines (setext headings) only `_` and code spans;
 * - `[text](destination)` with no brackets in the text and no white space,
 *   parentheses, `<`, `>`, backslash or code in the destination is a link:
 *   its text; `[text]` and `[text][]` read as `text` whether or not a
 *   definition makes them links (the slug drops the brackets); a full
 *   reference `[text][label]` is a link when a plain definition (see
 *   `Definitions`) defines its label, else literal text; an image reads as
 *   nothing (the same questions decide whether it is one); brackets in any
 *   other arrangement go to remark.
 * The differential tests compare these anchors with remark's on the corpus
 * and on generated headings (test/unit/fast-paths.test.ts).
 */
function anchorPlainText(t: string, definitions: Definitions): string | undefined {
  const exact = simplePlainText(t);
  if (exact !== undefined) return exact;
  if (t.includes(CODE_SPAN)) return undefined;
  // Code spans become one placeholder each; their text is put back at the end.
  const codes: string[] = [];
  let masked = '';
  let i = 0;
  while (i < t.length) {
    const tick = t.indexOf('`', i);
    if (tick < 0) {
      masked += t.slice(i);
      break;
    }
    masked += t.slice(i, tick);
    const span = codeSpanAt(t, tick);
    if (!span) return undefined;
    codes.push(span.code);
    masked += CODE_SPAN;
    i = span.end;
  }
  if (ANCHOR_HARD.test(masked)) return undefined;
  // A URL or e-mail address outside code and link destinations may be an autolink literal running on through markup.
  if (AUTOLINK_LIKE.test(masked.replace(DESTINATIONS, ']'))) return undefined;
  // Over several lines (a setext heading), markup next to a line break changes which spaces the break swallows.
  if (masked.includes('\n') && /[*~[\]]/.test(masked)) return undefined;
  if (masked.includes('_')) {
    const read = readUnderscores(masked);
    if (read === undefined) return undefined;
    masked = read;
  }
  const read = masked.includes('[') || masked.includes(']') ? readBrackets(masked, definitions) : masked;
  if (read === undefined) return undefined;
  if (!codes.length) return read;
  let c = 0;
  return read.replace(/\uE000/g, () => codes[c++]);
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || Number.isNaN(c);

/**
 * Underscores as `anchorPlainText` reads them: a run between ASCII letters or
 * digits is literal (it can neither open nor close emphasis). On one line
 * with no other emphasis, strikethrough or brackets, a single `_` between a
 * space (or the start) and a letter or digit can only open emphasis, and one
 * between a letter or digit and a space (or the end) can only close it; each
 * closer takes the nearest open one, as CommonMark's delimiter stack does,
 * and a matched pair is dropped. Undefined for anything else.
 */
function readUnderscores(masked: string): string | undefined {
  const simple = !masked.includes('\n') && !/[*~[\]]/.test(masked);
  const openers: number[] = [];
  const dropped: number[] = [];
  for (let k = masked.indexOf('_'); k >= 0; k = masked.indexOf('_', k + 1)) {
    let end = k;
    while (masked.charCodeAt(end + 1) === 95) end++;
    const before = masked.charCodeAt(k - 1);
    const after = masked.charCodeAt(end + 1);
    if (isAsciiAlnum(before) && isAsciiAlnum(after)) {
      k = end;
      continue;
    }
    if (!simple || end > k) return undefined;
    if (isSpace(before) && isAsciiAlnum(after)) openers.push(k);
    else if (isAsciiAlnum(before) && isSpace(after)) {
      const opener = openers.pop();
      if (opener !== undefined) dropped.push(opener, k);
    } else if (!(isSpace(before) && isSpace(after))) return undefined;
  }
  if (!dropped.length) return masked;
  dropped.sort((a, b) => a - b);
  let out = '';
  let from = 0;
  for (const at of dropped) {
    out += masked.slice(from, at);
    from = at + 1;
  }
  return out + masked.slice(from);
}

/** A definition line remark can only read one way: a label, a destination without parentheses, an optional title. */
const PLAIN_DEFINITION =
  /^\[([^[\]\\]*[^\s[\]\\][^[\]\\]*)\]:[ \t]*(?:<[^<>\\]*>|[^\s<()\\][^\s()\\]*)(?:[ \t]+(?:"[^"\\]*"|'[^'\\]*'|\([^()\\]*\)))?[ \t]*$/;
/** Control characters other than a tab (not allowed in destinations): such a line goes to remark. */
const hasControl = (line: string): boolean => {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return true;
  }
  return false;
};
/** Labels as remark (micromark) matches them: line endings and spaces collapsed, case folded by lower then upper case. */
const remarkLabel = (label: string): string =>
  label
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase();

/**
 * Which labels the document's link reference definitions (`linkDefinitionLines`)
 * define, for `[text][label]` in headings. Known only when every line is a
 * plain definition (a line remark would not read as one turns the lines after
 * it into paragraph text); labels match as remark matches them.
 */
class Definitions {
  /** The `remarkLabel` of each label; null: not known without remark. */
  private labels: Set<string> | null | undefined;
  constructor(private readonly lines: readonly string[]) {}
  /** Whether `label` is defined; undefined when that cannot be known without remark. */
  has(label: string): boolean | undefined {
    if (this.labels === undefined) {
      const labels = new Set<string>();
      this.labels = labels;
      for (const line of this.lines) {
        const m = PLAIN_DEFINITION.exec(line);
        if (!m || m[1].length > 999 || hasControl(line)) {
          this.labels = null;
          break;
        }
        labels.add(remarkLabel(m[1]));
      }
    }
    // The label in the heading: printable ASCII without backslashes (escapes), at most remark's 999 characters.
    if (this.labels === null || !/^[\x20-\x5a\x5e-\x7e]{0,999}$/.test(label)) return undefined;
    const key = remarkLabel(label);
    return key === '' ? undefined : this.labels.has(key);
  }
}

/** Links and bracketed text as `anchorPlainText` reads them (see there); undefined for anything else. */
function readBrackets(masked: string, definitions: Definitions): string | undefined {
  let out = '';
  let k = 0;
  while (k < masked.length) {
    const open = masked.indexOf('[', k);
    const stray = masked.indexOf(']', k);
    if (open < 0) {
      if (stray >= 0) return undefined;
      return out + masked.slice(k);
    }
    if (stray >= 0 && stray < open) return undefined;
    out += masked.slice(k, open);
    const close = masked.indexOf(']', open + 1);
    if (close < 0) return undefined;
    const text = masked.slice(open + 1, close);
    if (text.includes('[') || text.startsWith('^')) return undefined;
    // An image reads as nothing (GitHub's anchor has no alt text); as literal text, its "!" is dropped by the slug.
    const image = masked.charCodeAt(open - 1) === 33; /* ! */
    let next = close + 1;
    let inline = false;
    let read = text;
    /** Whether the brackets make a link or image (else they are literal text). */
    let linked: boolean | undefined = true;
    if (masked.charCodeAt(next) === 40 /* ( */) {
      const destination = PLAIN_DESTINATION.exec(masked.slice(next));
      if (!destination) return undefined;
      next += destination[0].length;
      inline = true;
    } else if (masked.charCodeAt(next) === 91 /* [ */ && masked.charCodeAt(next + 1) !== 93 /* ] */) {
      // A full reference: a link (read as its text) when the label is defined, else literal text.
      const end = masked.indexOf(']', next + 1);
      if (end < 0) return undefined;
      const label = masked.slice(next + 1, end);
      linked = definitions.has(label);
      if (linked === false) read = `${text}${label}`;
      next = end + 1;
    } else {
      // "[text]" or "[text][]": a link or literal text, read alike, unless it is an image.
      if (masked.startsWith('[]', next)) next += 2;
      if (image) linked = definitions.has(text);
    }
    if (linked === undefined) return undefined;
    if (image && linked) {
      out = out.slice(0, -1);
      read = '';
    }
    // Nothing that would make it part of something longer: "[a][b]" is a full reference, "[a][](b)" holds a link.
    const after = masked.charCodeAt(next);
    if (after === 91 /* [ */ || (after === 40 /* ( */ && !inline)) return undefined;
    out += read;
    k = next;
  }
  return out;
}

/** A line break inside a heading (a setext heading's lines) reads as one space. */
const LINE_BREAK = /[ \t]*[\r\n]+[ \t]*/g;
/** Two or more spaces before a line break make a hard break (`<br>`), which has no text; else the break reads as a space. */
const lineBreakText = (lineBreak: string): string => (/ {2}[\r\n]/.test(lineBreak) ? '' : ' ');

/** The words of a heading as GitHub shows them (see above); `definitions`: the document's link reference definitions. */
export function headingPlainText(text: string, definitions: readonly string[] = []): string {
  return plainTexts([text], definitions)[0];
}

/**
 * Plain texts of many headings with one remark parse for all those with
 * markup: `# text` blocks, then the document's reference definitions (so
 * `[text][ref]` reads as a link, as it does in the document).
 */
function plainTexts(
  texts: readonly string[],
  definitions: readonly string[],
  fast: (t: string, definitions: Definitions) => string | undefined = simplePlainText,
): string[] {
  const out = texts.slice();
  const hard: number[] = [];
  const known = new Definitions(definitions);
  texts.forEach((t, i) => {
    const simple = fast(t, known);
    if (simple === undefined) hard.push(i);
    else out[i] = simple.includes('\n') ? simple.replace(LINE_BREAK, lineBreakText) : simple;
  });
  if (!hard.length) return out;
  // Only the definitions these headings may refer to (a document can have hundreds).
  if (definitions.length) {
    const labels = new Set<string>();
    for (const i of hard) for (const m of texts[i].matchAll(BRACKETED)) labels.add(remarkLabel(m[1]));
    definitions = definitions.filter((d) => labels.has(remarkLabel(DEFINITION.exec(d)?.[1] ?? '')));
  }
  // Texts read before (with the same definitions) are not parsed again: an edit re-reads only changed headings.
  const defsKey = definitions.join('\n');
  const keyOf = (i: number): string => `${texts[i]}\u0000${defsKey}`;
  const misses: number[] = [];
  for (const i of hard) {
    const cached = plainTextCache.get(keyOf(i));
    if (cached !== undefined) out[i] = cached;
    else misses.push(i);
  }
  if (!misses.length) return out;
  parseHeadings(texts, misses, definitions, out);
  for (const i of misses) {
    plainTextCache.set(keyOf(i), out[i]);
    if (plainTextCache.size > PLAIN_TEXT_CACHE_LIMIT)
      plainTextCache.delete(plainTextCache.keys().next().value as string);
  }
  return out;
}

const plainTextCache = new Map<string, string>();
const PLAIN_TEXT_CACHE_LIMIT = 5000;

/** Reads the headings `hard` (indexes into `texts`) with remark, in one parse, into `out`. */
function parseHeadings(texts: readonly string[], hard: number[], definitions: readonly string[], out: string[]): void {
  // One line: an ATX heading; several (a setext heading's): a setext heading, so line breaks read as they do in the document.
  const source =
    hard.map((i) => (texts[i].includes('\n') ? `${setextFirstLine(texts[i])}\n===` : `# ${texts[i]}`)).join('\n\n') +
    (definitions.length ? `\n\n${definitions.join('\n')}\n` : '');
  const headings = (remark().parse(source).children as MdastLike[]).filter((n) => n.type === 'heading');
  if (headings.length === hard.length) {
    hard.forEach((i, k) => {
      out[i] = mdastText(headings[k]).replace(LINE_BREAK, ' ');
    });
  } else {
    // A heading text that is more than one block on its own (should not happen): read each alone.
    for (const i of hard) {
      const node = (remark().parse(`# ${texts[i]}\n\n${definitions.join('\n')}`).children as MdastLike[])[0];
      if (node?.type === 'heading') out[i] = mdastText(node).replace(LINE_BREAK, ' ');
    }
  }
}

/**
 * A setext heading's text as the first line of a block of its own. In the document its first line
 * started no list (an ordered marker other than 1 cannot interrupt what came before it), but read
 * alone `2. Text` would open a list: the marker's punctuation is escaped, which reads as the same words.
 */
function setextFirstLine(text: string): string {
  return text.replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

interface MdastLike {
  type: string;
  value?: string;
  children?: MdastLike[];
}

/** Text content of an mdast node: text and code values; HTML and images contribute nothing (GitHub anchors are the rendered text). */
export function mdastText(node: MdastLike): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  if (node.type === 'html' || node.type === 'image' || node.type === 'imageReference') return '';
  let out = '';
  for (const child of node.children ?? []) out += mdastText(child);
  return out;
}

/** The anchor of one heading text, as if it were the first with that anchor. */
export function headingSlug(text: string): string {
  return githubSlug(anchorPlainText(text, new Definitions([])) ?? headingPlainText(text));
}

/** The anchors of headings in document order, with GitHub's `-1`, `-2` suffixes for repeats. */
export function headingAnchors(texts: readonly string[], definitions: readonly string[] = []): string[] {
  const plain = plainTexts(texts, definitions, anchorPlainText);
  if (!slugFastPaths.ascii) {
    const slugger = new GithubSlugger();
    return plain.map((t) => slugger.slug(t));
  }
  // GithubSlugger's numbering of repeats ("a", "a-1", "a-2"; a text whose own anchor is "a-1" then makes "a-1-1"),
  // with a Map instead of its dictionary object.
  const seen = new Map<string, number>();
  return plain.map((t) => {
    const base = githubSlug(t);
    let anchor = base;
    while (seen.has(anchor)) {
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      anchor = `${base}-${n}`;
    }
    seen.set(anchor, 0);
    return anchor;
  });
}

/**
 * Switches for the fast paths of anchors (for the differential tests): ASCII text slugged without github-slugger's
 * Unicode character class (a costly regular expression at V8's baseline tier), repeats numbered with a Map; the
 * lines that may define link references found by a search of the text (`linkDefinitionLines`).
 */
export const slugFastPaths = { ascii: true, definitionSearch: true };
const NON_ASCII = /[\u0080-\uffff]/;
/** Of ASCII text in lower case, github-slugger keeps letters, digits, "_", "-" and spaces (which become "-"). */
const ASCII_DROPPED = /[^ \-0-9_a-z]/g;

/** github-slugger's `slug` (lower case, punctuation dropped, spaces to hyphens). */
function githubSlug(text: string): string {
  if (!slugFastPaths.ascii || NON_ASCII.test(text)) return slug(text);
  return text.toLowerCase().replace(ASCII_DROPPED, '').replace(/ /g, '-');
}

const DEFINITION = /^ {0,3}\[(?!\^)((?:[^\]\\]|\\.)+)\]:/;
const BRACKETED = /\[((?:[^[\]\\]|\\.)*)\]/g;
const anchorCache = new WeakMap<ScannedDocument, string[]>();

/** GitHub's anchor of each of the document's headings (`doc.headings`, nested ones included), computed once per scan. */
export function documentAnchors(doc: ScannedDocument): string[] {
  let anchors = anchorCache.get(doc);
  if (!anchors) {
    const texts = doc.headings.map((h) => h.multiLineText ?? h.text);
    const definitions = texts.some((t) => t.includes('[')) ? linkDefinitionLines(doc) : [];
    anchors = headingAnchors(texts, definitions);
    anchorCache.set(doc, anchors);
  }
  return anchors;
}

/** Lines that define link references (not footnotes), for reading `[text][ref]` in headings. */
export function linkDefinitionLines(doc: ScannedDocument): string[] {
  const out: string[] = [];
  if (slugFastPaths.definitionSearch) {
    // A definition has "]:": only lines with one are tested, found by searching the text. As below, a definition
    // starts a text block or follows another definition (which has "]:" too, so it was tested just before).
    const { text, lineStarts, lines, lineKinds } = doc;
    let lastDefinition = -1;
    for (let at = text.indexOf(']:'); at >= 0; ) {
      const i = lineAt(lineStarts, 0, lines.length, at);
      const canDefine = i === 0 || lineKinds[i - 1] !== 'text' || lastDefinition === i - 1;
      if (lineKinds[i] === 'text' && canDefine && DEFINITION.test(lines[i])) {
        out.push(lines[i].trim());
        lastDefinition = i;
      }
      if (i + 1 >= lines.length) break;
      at = text.indexOf(']:', lineStarts[i + 1]);
    }
    return out;
  }
  // A definition cannot interrupt a paragraph: it starts a text block or follows another definition.
  let canDefine = true;
  for (let i = 0; i < doc.lines.length; i++) {
    const isText = doc.lineKinds[i] === 'text';
    const isDefinition: boolean = isText && canDefine && DEFINITION.test(doc.lines[i]);
    if (isDefinition) out.push(doc.lines[i].trim());
    canDefine = !isText || isDefinition;
  }
  return out;
}
