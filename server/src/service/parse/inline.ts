/**
 * Line-level reading of inline markdown: links and prose words. Cheap enough
 * to run on every line of every document (a regex pass per line), which is
 * why links and word counts do not wait for a full remark parse.
 */
import type { ScannedDocument } from './scanner';
import type { BodyLink } from './content';
import { ownCopy } from './own-copy';

/** An inline link: group 1 is what comes before the destination (its length is where the destination starts), group 2 the destination. */
const INLINE_LINK = /(!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?)([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/;
/** `[^label]: …` is a GFM footnote, not a link reference definition. */
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^/;
/** Link text may wrap over lines of a paragraph; runs longer than this are read in pieces (bounded regex work). */
const MAX_JOINED_LINES = 40;
/** Lines longer than this are not scanned for inline syntax: a 1 MB single line must not cost seconds. */
export const MAX_INLINE_LINE = 20_000;

/** Inline code spans are literal text: blank them out, keeping columns. Linear time. */
export function maskCodeSpans(line: string): string {
  if (!line.includes('`')) return line;
  let out = '';
  let i = 0;
  while (i < line.length) {
    // Text up to the next backtick is copied in one piece (this runs on every line of every document).
    const tick = line.indexOf('`', i);
    if (tick < 0) {
      out += line.slice(i);
      break;
    }
    out += line.slice(i, tick);
    i = tick;
    let run = 0;
    while (line[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    const close = line.indexOf(fence, i + run);
    if (close < 0) {
      out += fence;
      i += run;
      continue;
    }
    out += ' '.repeat(close + run - i);
    i = close + run;
  }
  return out;
}

/**
 * Links of a range of lines: inline links `[text](url)` (also when the text
 * wraps onto the next lines of its paragraph) and reference definitions
 * `[ref]: url`. Skipped: code (blocks and spans), HTML blocks, images,
 * autolinks, footnote definitions `[^1]: …` and footnote references.
 *
 * Text lines are read in runs of at most MAX_JOINED_LINES (a run starts at a text line after a non-text one,
 * or MAX_JOINED_LINES lines into a run); only runs with a `](` or `]:` are read at all. Those are found by
 * searching the document's text, not line by line (`linkFastPaths.textSearch`; most runs hold no link).
 *
 * `localOnly`: only the links a broken-link check can follow are wanted — to a relative path or an in-page
 * anchor, not a web address (`isWebAddress`). A `](` or `]:` followed by a web address then does not make its
 * run read: a run is read only for a marker followed by anything else. The result holds every link that is not
 * to a web address (exactly those a full reading finds: runs are cut into the same pieces either way), and the
 * web links of the runs read. Two thirds of the RFC corpus's markers are followed by a web address.
 */
export function linksInLines(doc: ScannedDocument, start: number, end: number, localOnly = false): BodyLink[] {
  const links: BodyLink[] = [];
  if (linkFastPaths.textSearch) {
    const { text, lineStarts, lines } = doc;
    end = Math.min(end, lines.length);
    /** Lines before `done` are read (or were passed by); a run that reaches back to `done` continues a run cut there. */
    let done = start;
    let paren = -2;
    let colon = -2;
    while (done < end) {
      const from = lineStarts[done];
      if (paren !== -1 && paren < from) paren = nextMarker(text, '](', from, localOnly);
      if (colon !== -1 && colon < from) colon = nextMarker(text, ']:', from, localOnly);
      const at = paren < 0 ? colon : colon < 0 ? paren : Math.min(paren, colon);
      if (at < 0) break;
      const line = lineAt(lineStarts, done, end, at);
      if (line >= end) break;
      if (!isInlineText(doc, line)) {
        done = line + 1;
        continue;
      }
      // The run holding `line`: back to the nearest line that is not text (or to `done`), then in steps of MAX_JOINED_LINES.
      let base = line;
      while (base > done && isInlineText(doc, base - 1)) base--;
      const first = base + Math.floor((line - base) / MAX_JOINED_LINES) * MAX_JOINED_LINES;
      let last = line + 1;
      while (last < end && last - first < MAX_JOINED_LINES && isInlineText(doc, last)) last++;
      readRun(doc, first, last, links);
      done = last;
    }
  } else {
    let line = start;
    while (line < end) {
      if (!isInlineText(doc, line)) {
        line++;
        continue;
      }
      const first = line;
      // Most runs hold no link at all: skip them without copying a line.
      let linkish = false;
      while (line < end && line - first < MAX_JOINED_LINES && isInlineText(doc, line)) {
        const raw = doc.lines[line];
        if (!linkish && (raw.includes('](') || raw.includes(']:'))) linkish = true;
        line++;
      }
      if (linkish) readRun(doc, first, line, links);
    }
  }
  links.sort((a, b) => a.line - b.line || a.column - b.column);
  return links;
}

/**
 * Switches for the fast paths of `linksInLines`, so that tests can compare them with the plain reading: runs
 * found by searching the text (else line by line), definitions looked for only on lines starting with `[`, runs
 * of one line read without joining.
 */
export const linkFastPaths = { textSearch: true, definitionStart: true, oneLine: true };

/**
 * The next `marker` (`](` or `]:`) in `text` from `from` on; with `localOnly`, the next one not followed by a web
 * address (after white space and a `<`, as a link's destination may be written): -1 when there is none.
 */
function nextMarker(text: string, marker: string, from: number, localOnly: boolean): number {
  let at = text.indexOf(marker, from);
  if (localOnly) while (at >= 0 && webAddressAt(text, at + 2)) at = text.indexOf(marker, at + 2);
  return at;
}

/** Whether a web address starts at `i`, after ASCII white space and a `<` (a link destination's own start). */
function webAddressAt(text: string, i: number): boolean {
  for (let c = text.charCodeAt(i); c === 32 || (c >= 9 && c <= 13); c = text.charCodeAt(++i));
  if (text.charCodeAt(i) === 60 /* < */) i++;
  WEB_ADDRESS_AT.lastIndex = i;
  return WEB_ADDRESS_AT.test(text);
}

/** A scheme (`https:`, `mailto:`) or `//`: what `isWebAddress` looks for at a link target's start. */
const WEB_ADDRESS = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const WEB_ADDRESS_AT = new RegExp(WEB_ADDRESS.source.slice(1), 'iy');

/**
 * Whether a link target is a web address (with a scheme such as `https:` or `mailto:`, or starting with `//`):
 * broken-link checks (SH012) leave it alone, and `linksInLines` with `localOnly` need not find it.
 */
export function isWebAddress(url: string): boolean {
  return WEB_ADDRESS.test(url);
}

/** Whether a line is read for inline syntax: text (not code, HTML, front matter…) and not longer than MAX_INLINE_LINE. */
function isInlineText(doc: ScannedDocument, line: number): boolean {
  return doc.lineKinds[line] === 'text' && doc.lines[line].length <= MAX_INLINE_LINE;
}

/** The line in [from, to) that holds the text offset `at` (`to` when it is past them). */
export function lineAt(lineStarts: readonly number[], from: number, to: number, at: number): number {
  if (to < lineStarts.length && lineStarts[to] <= at) return to;
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The links of the text lines [first, last), read as one string so that link text may wrap. */
function readRun(doc: ScannedDocument, first: number, last: number, links: BodyLink[]): void {
  if (last === first + 1 && linkFastPaths.oneLine) {
    readLine(doc, first, links);
    return;
  }
  const parts: string[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (let line = first; line < last; line++) {
    let text = maskCodeSpans(doc.lines[line]);
    const def = !linkFastPaths.definitionStart || opensBracket(text) ? REFERENCE_DEFINITION.exec(text) : null;
    if (def && !FOOTNOTE_DEFINITION.test(text)) {
      links.push({
        url: text === doc.lines[line] ? def[1] : ownCopy(def[1]),
        line,
        column: def.index,
        endLine: line,
        endColumn: text.length,
      });
      text = ' '.repeat(text.length);
    }
    offsets.push(offset);
    parts.push(text);
    offset += text.length + 1;
  }
  const joined = parts.length === 1 ? parts[0] : parts.join('\n');
  if (!joined.includes('](')) return;
  INLINE_LINK.lastIndex = 0;
  for (let m = INLINE_LINK.exec(joined); m; m = INLINE_LINK.exec(joined)) {
    const opening = joined.charCodeAt(m.index);
    if (opening === 33 /* ! */) continue; // images are checked by other tools; a missing image is not a broken handoff
    if (joined.charCodeAt(m.index + 1) === 94 /* ^ */) continue; // a footnote reference followed by "(…)" is not a link
    const from = partAt(offsets, m.index);
    const endAt = m.index + m[0].length;
    const to = partAt(offsets, endAt);
    const urlAt = m.index + m[1].length;
    const url = partAt(offsets, urlAt);
    links.push({
      url: urlOf(doc, first + url, urlAt - offsets[url], m[2]),
      line: first + from,
      column: m.index - offsets[from],
      endLine: first + to,
      endColumn: endAt - offsets[to],
    });
  }
}

/** `readRun` of a run of one line (two thirds of the corpus's runs): no parts to join, every position on that line. */
function readLine(doc: ScannedDocument, line: number, links: BodyLink[]): void {
  const own = doc.lines[line];
  const text = maskCodeSpans(own);
  const def = opensBracket(text) ? REFERENCE_DEFINITION.exec(text) : null;
  if (def && !FOOTNOTE_DEFINITION.test(text)) {
    links.push({
      url: text === own ? def[1] : ownCopy(def[1]),
      line,
      column: def.index,
      endLine: line,
      endColumn: text.length,
    });
    return; // the rest of the line is blanked: it holds no inline link
  }
  if (!text.includes('](')) return;
  INLINE_LINK.lastIndex = 0;
  for (let m = INLINE_LINK.exec(text); m; m = INLINE_LINK.exec(text)) {
    if (text.charCodeAt(m.index) === 33 /* ! */ || text.charCodeAt(m.index + 1) === 94 /* ^ */) continue;
    const urlAt = m.index + m[1].length;
    links.push({
      url: urlOf(doc, line, urlAt, m[2]),
      line,
      column: m.index,
      endLine: line,
      endColumn: m.index + m[0].length,
    });
  }
}

/** Whether the line's first character other than up to three spaces is `[` (else it defines no link reference). */
function opensBracket(text: string): boolean {
  for (let k = 0; k < 4; k++) {
    const c = text.charCodeAt(k);
    if (c === 91 /* [ */) return true;
    if (c !== 32) return false;
  }
  return false;
}

/** Which of the joined parts (by their start `offsets`) holds offset `at`. */
function partAt(offsets: readonly number[], at: number): number {
  let k = offsets.length - 1;
  while (k > 0 && offsets[k] > at) k--;
  return k;
}

/**
 * A link target as a slice of the document's own line, which the document keeps anyway; else (not
 * found there) a copy: a slice of the joined or masked text it was read from would keep that alive.
 */
function urlOf(doc: ScannedDocument, line: number, column: number, url: string): string {
  const own = doc.lines[line];
  return own?.startsWith(url, column) ? own.slice(column, column + url.length) : ownCopy(url);
}

/** The prose of a range of lines: inline code, link targets, HTML tags and markup removed. */
export function proseOfLines(doc: ScannedDocument, start: number, end: number): string {
  const parts: string[] = [];
  for (let line = start; line < end; line++) {
    if (doc.lineKinds[line] !== 'text') continue;
    let text = doc.lines[line];
    if (text.length > MAX_INLINE_LINE) text = text.slice(0, MAX_INLINE_LINE);
    parts.push(proseFastPaths.guarded ? proseOfLine(text) : proseOfLineUnguarded(text));
  }
  return parts.join(' ');
}

/** Inline code, link targets, HTML tags and list, quote and table markers of one line removed (blanked). */
function proseOfLineUnguarded(text: string): string {
  return maskCodeSpans(text)
    .replace(REFERENCE_DEFINITION, ' ')
    .replace(LINK_DESTINATION, '] ')
    .replace(TAG, ' ')
    .replace(LIST_MARKER, ' ')
    .replace(QUOTE_MARKER, ' ')
    .replace(TABLE_DELIMITER_ROW, ' ');
}

/** `proseOfLineUnguarded`, each step taken only when a cheap test says it may change the line (most do not). */
function proseOfLine(line: string): string {
  let text = maskCodeSpans(line);
  if (opensBracket(text)) text = text.replace(REFERENCE_DEFINITION, ' ');
  if (text.includes('](')) text = text.replace(LINK_DESTINATION, '] ');
  if (text.includes('<')) text = text.replace(TAG, ' ');
  if (mayOpenWithMarker(text.charCodeAt(0)))
    text = text.replace(LIST_MARKER, ' ').replace(QUOTE_MARKER, ' ').replace(TABLE_DELIMITER_ROW, ' ');
  return text;
}

const LINK_DESTINATION = /\]\([^)]*\)/g;
const TAG = /<[^>]*>/g;
const LIST_MARKER = /^\s*(?:[-+*]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/;
const QUOTE_MARKER = /^\s*>+/;
const TABLE_DELIMITER_ROW = /^\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/;

/**
 * Whether a line starting with character code `c` may start with a list, quote or table marker after white space:
 * any character that may be white space (`\s` has Unicode spaces: everything outside printable ASCII counts),
 * `-`, `+`, `*`, `>`, `|`, `:` or a digit.
 */
function mayOpenWithMarker(c: number): boolean {
  if (!(c > 32 && c < 127)) return true;
  return c === 45 || c === 43 || c === 42 || c === 62 || c === 124 || c === 58 || (c >= 48 && c <= 57);
}

/** Switch for the fast path of `proseOfLines` (for the differential tests): each step only where it may apply. */
export const proseFastPaths = { guarded: true };
