/**
 * Line-level reading of inline markdown: links and prose words. Cheap enough
 * to run on every line of every document (a regex pass per line), which is
 * why links and word counts do not wait for a full remark parse.
 */
import type { ScannedDocument } from './scanner';
import type { BodyLink } from './content';
import { ownCopy } from './own-copy';

const INLINE_LINK = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/dg;
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
 */
export function linksInLines(doc: ScannedDocument, start: number, end: number): BodyLink[] {
  const links: BodyLink[] = [];
  let line = start;
  while (line < end) {
    if (doc.lineKinds[line] !== 'text' || doc.lines[line].length > MAX_INLINE_LINE) {
      line++;
      continue;
    }
    // A run of text lines (at most MAX_JOINED_LINES), read as one string so link text may wrap.
    const first = line;
    const parts: string[] = [];
    const offsets: number[] = [];
    let offset = 0;
    // Most runs hold no link at all: skip them without copying a line.
    let last = line;
    let linkish = false;
    while (
      last < end &&
      last - first < MAX_JOINED_LINES &&
      doc.lineKinds[last] === 'text' &&
      doc.lines[last].length <= MAX_INLINE_LINE
    ) {
      const raw = doc.lines[last];
      if (!linkish && (raw.includes('](') || raw.includes(']:'))) linkish = true;
      last++;
    }
    if (!linkish) {
      line = last;
      continue;
    }
    while (line < last) {
      let text = maskCodeSpans(doc.lines[line]);
      const def = REFERENCE_DEFINITION.exec(text);
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
      line++;
    }
    const joined = parts.join('\n');
    if (!joined.includes('](')) continue;
    const position = (at: number): { line: number; column: number } => {
      let k = offsets.length - 1;
      while (k > 0 && offsets[k] > at) k--;
      return { line: first + k, column: at - offsets[k] };
    };
    INLINE_LINK.lastIndex = 0;
    for (let m = INLINE_LINK.exec(joined); m; m = INLINE_LINK.exec(joined)) {
      if (m[0].startsWith('!')) continue; // images are checked by other tools; a missing image is not a broken handoff
      if (m[0].startsWith('[^')) continue; // a footnote reference followed by "(…)" is not a link
      const from = position(m.index);
      const to = position(m.index + m[0].length);
      const at = position(m.indices?.[1]?.[0] ?? m.index);
      links.push({
        url: urlOf(doc, at.line, at.column, m[1]),
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
      });
    }
  }
  links.sort((a, b) => a.line - b.line || a.column - b.column);
  return links;
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
    text = maskCodeSpans(text)
      .replace(REFERENCE_DEFINITION, ' ')
      .replace(/\]\([^)]*\)/g, '] ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/^\s*(?:[-+*]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, ' ')
      .replace(/^\s*>+/, ' ')
      .replace(/^\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/, ' ');
    parts.push(text);
  }
  return parts.join(' ');
}
