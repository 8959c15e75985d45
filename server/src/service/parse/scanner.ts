/**
 * A fast line scanner: finds front matter, headings (ATX and setext) and the
 * lines that are code or HTML comments, without building a full markdown
 * tree. Sections, rules and fixes are built on what it finds; remark-parse
 * only runs on a section's body when a rule needs its structure.
 *
 * Positions are zero-based lines and UTF-16 columns of the text as given. A
 * leading BOM stays part of line 0, so columns on line 0 count it, exactly as
 * the editor would if it kept it; front ends normally strip it first.
 */

export type LineKind = 'text' | 'blank' | 'fence' | 'code' | 'comment' | 'frontMatter' | 'heading';

export interface ScannedHeading {
  level: number;
  /** The heading's text, trimmed, without the ATX closing sequence. */
  text: string;
  /** First line of the heading (for setext: the text line). */
  line: number;
  /** Last line of the heading (for setext: the underline). */
  lastLine: number;
  style: 'atx' | 'setext';
  /** Columns of the text on `line` (ATX) — used by rename fixes. */
  textStart: number;
  textEnd: number;
  /** Columns of the `#` run (ATX only; -1 for setext). */
  markerStart: number;
  markerEnd: number;
}

export interface FrontMatterBlock {
  /** The YAML between the fences (for TOML: the TOML text). */
  yaml: string;
  /** `+++` fences: TOML front matter (Hugo, Zola). Read for its keys, never rewritten or validated. */
  toml?: boolean;
  /** Line of the opening `---`. */
  startLine: number;
  /** Line of the closing `---` or `...`. */
  endLine: number;
}

export interface ScannedDocument {
  text: string;
  lines: string[];
  /** Offset of the first character of each line in `text`. */
  lineStarts: number[];
  eol: '\n' | '\r\n';
  /** The counts `eol` was chosen from (kept so an incremental rescan can update them). */
  eolCounts: EolCounts;
  hasBom: boolean;
  frontMatter: FrontMatterBlock | undefined;
  /** Line of a `---` that opens front matter that is never closed. */
  unclosedFrontMatterLine: number | undefined;
  headings: ScannedHeading[];
  lineKinds: LineKind[];
  /**
   * What closes a fenced code block or HTML comment that is still open at the
   * end of the text (e.g. "```" or "-->"): text appended at the end would
   * land inside it, so fixes that append close it first.
   */
  openBlockCloser: string | undefined;
}

const ATX = /^( {0,3})(#{1,6})(?=[ \t]|$)[ \t]*(.*?)$/;
const ATX_CLOSING = /(?:^|[ \t]+)#+[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that cannot be the text of a setext heading: list items, quotes, tables' delimiter rows, other block starts. */
const NOT_PARAGRAPH = /^ {0,3}(?:[-+*][ \t]|\d{1,9}[.)][ \t]|>|#{1,6}(?:[ \t]|$)|<|\||[-*_][ \t]*[-*_][ \t]*[-*_])|^(?: {4}|\t)/;

/** Splits text into lines, remembering where each starts and which line ending the file uses. */
export function splitLines(text: string): { lines: string[]; lineStarts: number[]; eol: '\n' | '\r\n'; eolCounts: EolCounts } {
  const lines: string[] = [];
  const lineStarts: number[] = [];
  let start = 0;
  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */) {
      const crBefore = i > start && text.charCodeAt(i - 1) === 13;
      if (crBefore) crlf++; else lf++;
      lineStarts.push(start);
      lines.push(text.slice(start, crBefore ? i - 1 : i));
      start = i + 1;
    } else if (ch === 13 && text.charCodeAt(i + 1) !== 10) {
      // A lone CR is a line ending too (old Mac files); count it as LF style.
      lf++;
      lineStarts.push(start);
      lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  lineStarts.push(start);
  lines.push(text.slice(start));
  return { lines, lineStarts, eol: eolOf({ crlf, lf }), eolCounts: { crlf, lf } };
}

/** How many CRLF and LF (or lone CR) line endings a text has: the majority is the file's style. */
export interface EolCounts {
  crlf: number;
  lf: number;
}

export function eolOf(counts: EolCounts): '\n' | '\r\n' {
  return counts.crlf > counts.lf ? '\r\n' : '\n';
}

export function scanDocument(text: string): ScannedDocument {
  const { lines, lineStarts, eol, eolCounts } = splitLines(text);
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const lineKinds: LineKind[] = new Array(lines.length).fill('text');
  const headings: ScannedHeading[] = [];
  const lineAt = (i: number): string => (i === 0 && hasBom ? lines[0].slice(1) : lines[i]);

  let frontMatter: FrontMatterBlock | undefined;
  let unclosedFrontMatterLine: number | undefined;
  let i = 0;
  if (lines.length > 1 && lineAt(0).trimEnd() === '---') {
    let end = -1;
    for (let j = 1; j < lines.length; j++) {
      const l = lines[j].trimEnd();
      if (l === '---' || l === '...') { end = j; break; }
    }
    if (end > 0) {
      frontMatter = { yaml: lines.slice(1, end).join('\n'), startLine: 0, endLine: end };
      for (let j = 0; j <= end; j++) lineKinds[j] = 'frontMatter';
      i = end + 1;
    } else if (/^[A-Za-z_][\w-]*\s*:/.test(lines[1] ?? '')) {
      // Looks like YAML that was never closed: say so instead of silently treating it as a rule.
      unclosedFrontMatterLine = 0;
    }
  } else if (lines.length > 1 && lineAt(0).trimEnd() === '+++') {
    // TOML front matter: recognised so that it is not read as body text and no YAML block is put above it.
    let end = -1;
    for (let j = 1; j < lines.length; j++) {
      if (lines[j].trimEnd() === '+++') { end = j; break; }
    }
    if (end > 0) {
      frontMatter = { yaml: lines.slice(1, end).join('\n'), startLine: 0, endLine: end, toml: true };
      for (let j = 0; j <= end; j++) lineKinds[j] = 'frontMatter';
      i = end + 1;
    }
  }

  const { openBlockCloser } = scanBlocks({ lines, hasBom, lineKinds, headings }, i);
  return { text, lines, lineStarts, eol, eolCounts, hasBom, frontMatter, unclosedFrontMatterLine, headings, lineKinds, openBlockCloser };
}

/** What `scanBlocks` reads and fills in: `lineKinds` and `headings` are written from the first line scanned on. */
export interface BlockScan {
  lines: string[];
  hasBom: boolean;
  lineKinds: LineKind[];
  headings: ScannedHeading[];
}

/**
 * The block pass after front matter: fences, comments, ATX and setext
 * headings, from line `from` on, starting outside any fence or comment.
 * `stopBefore(i)` is asked at each line where the scan is outside any block
 * and the line above is blank, the states in which what follows cannot
 * depend on what came before: an incremental rescan stops there once it is
 * past the edited lines (see parse/incremental.ts). Returns the line it
 * stopped at (`lines.length` when it ran to the end) and, at the end, what
 * would close a block left open.
 */
export function scanBlocks(scan: BlockScan, from: number, stopBefore?: (line: number) => boolean): { stoppedAt: number; openBlockCloser: string | undefined } {
  const { lines, hasBom, lineKinds, headings } = scan;
  const bomOffset = hasBom ? 1 : 0;
  const lineAt = (i: number): string => (i === 0 && hasBom ? lines[0].slice(1) : lines[i]);
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  let i = from;
  for (; i < lines.length; i++) {
    if (stopBefore && !fence && !inComment && i > 0 && lineKinds[i - 1] === 'blank' && stopBefore(i)) {
      return { stoppedAt: i, openBlockCloser: undefined };
    }
    const line = lineAt(i);
    const col = i === 0 ? bomOffset : 0;
    if (fence) {
      const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length) {
        lineKinds[i] = 'fence';
        fence = undefined;
      } else {
        lineKinds[i] = 'code';
      }
      continue;
    }
    if (inComment) {
      lineKinds[i] = 'comment';
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (line.trim() === '') { lineKinds[i] = 'blank'; continue; }
    const fenceOpen = FENCE_OPEN.exec(line);
    if (fenceOpen && !(fenceOpen[1][0] === '`' && fenceOpen[2].includes('`'))) {
      fence = { char: fenceOpen[1][0], length: fenceOpen[1].length };
      lineKinds[i] = 'fence';
      continue;
    }
    if (/^ {0,3}<!--/.test(line)) {
      lineKinds[i] = 'comment';
      const after = line.slice(line.indexOf('<!--') + 4);
      if (!after.includes('-->')) inComment = true;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      const indent = atx[1].length;
      const markerStart = col + indent;
      const markerEnd = markerStart + atx[2].length;
      let content = atx[3];
      const closing = ATX_CLOSING.exec(content);
      if (closing) content = content.slice(0, closing.index);
      content = content.trimEnd();
      const textStart = content.length ? col + line.indexOf(content, markerEnd - col) : markerEnd;
      headings.push({
        level: atx[2].length,
        text: content,
        line: i,
        lastLine: i,
        style: 'atx',
        textStart,
        textEnd: textStart + content.length,
        markerStart,
        markerEnd,
      });
      lineKinds[i] = 'heading';
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && i > 0 && lineKinds[i - 1] === 'text' && !NOT_PARAGRAPH.test(lineAt(i - 1))) {
      // The heading text is the whole paragraph above (setext headings may span lines).
      let first = i - 1;
      while (first - 1 >= 0 && lineKinds[first - 1] === 'text' && !NOT_PARAGRAPH.test(lineAt(first - 1))) first--;
      // A paragraph that continues a list item or quote belongs to it: then the underline is a rule, not a heading.
      const containerAbove = first - 1 >= 0 && lineKinds[first - 1] === 'text';
      if (containerAbove) { lineKinds[i] = 'text'; continue; }
      const textLines: string[] = [];
      for (let j = first; j < i; j++) { textLines.push(lineAt(j).trim()); lineKinds[j] = 'heading'; }
      const firstLine = lineAt(first);
      const firstCol = (first === 0 ? bomOffset : 0) + (firstLine.length - firstLine.trimStart().length);
      headings.push({
        level: underline[1][0] === '=' ? 1 : 2,
        text: textLines.join(' '),
        line: first,
        lastLine: i,
        style: 'setext',
        textStart: firstCol,
        textEnd: firstCol + firstLine.trim().length,
        markerStart: -1,
        markerEnd: -1,
      });
      lineKinds[i] = 'heading';
      continue;
    }
    lineKinds[i] = 'text';
  }
  return { stoppedAt: i, openBlockCloser: fence ? fence.char.repeat(fence.length) : inComment ? '-->' : undefined };
}
