/**
 * Line-level reading of inline markdown: links and prose words. Cheap enough
 * to run on every line of every document (a regex pass per line), which is
 * why links and word counts do not wait for a full remark parse.
 */
import type { ScannedDocument } from './scanner';
import type { BodyLink } from './content';

const INLINE_LINK = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/;
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
    if (tick < 0) { out += line.slice(i); break; }
    out += line.slice(i, tick);
    i = tick;
    let run = 0;
    while (line[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    const close = line.indexOf(fence, i + run);
    if (close < 0) { out += fence; i += run; continue; }
    out += ' '.repeat(close + run - i);
    i = close + run;
  }
  return out;
}

export function linksInLines(doc: ScannedDocument, start: number, end: number): BodyLink[] {
  const links: BodyLink[] = [];
  for (let line = start; line < end; line++) {
    if (doc.lineKinds[line] !== 'text') continue;
    const raw = doc.lines[line];
    if (raw.length > MAX_INLINE_LINE || !raw.includes('](') && !raw.includes(']:')) continue;
    const text = maskCodeSpans(raw);
    const def = REFERENCE_DEFINITION.exec(text);
    if (def) {
      links.push({ url: def[1], line, column: def.index, endLine: line, endColumn: text.length });
      continue;
    }
    INLINE_LINK.lastIndex = 0;
    for (let m = INLINE_LINK.exec(text); m; m = INLINE_LINK.exec(text)) {
      if (m[0].startsWith('!')) continue; // images are checked by other tools; a missing image is not a broken handoff
      links.push({ url: m[1], line, column: m.index, endLine: line, endColumn: m.index + m[0].length });
    }
  }
  return links;
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

