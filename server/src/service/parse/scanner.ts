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

/**
 * What a line is. `fence`: an opening or closing code fence; `code`: inside
 * fenced or indented code; `comment`: an HTML comment block; `html`: any other
 * HTML block. Lines of list items, quotes and tables are `text`.
 */
export type LineKind = 'text' | 'blank' | 'fence' | 'code' | 'comment' | 'html' | 'frontMatter' | 'heading';

/** A code block (fenced or indented) or an HTML block, by its first and last line (inclusive). */
export interface ScannedBlock {
  type: 'code' | 'html';
  start: number;
  end: number;
}

export interface ScannedHeading {
  level: number;
  /** The heading's text, trimmed, without the ATX closing sequence (a setext heading's lines joined with spaces). */
  text: string;
  /** A setext heading over several lines: its lines joined with line breaks, later lines that could open a block indented by four (for its anchor). */
  multiLineText?: string;
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
  /**
   * Inside a block quote, list item or footnote: GitHub gives it an anchor,
   * but it does not start a section of the document.
   */
  nested: boolean;
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
  /** Every heading, in document order, nested ones included (see `nested`). */
  headings: ScannedHeading[];
  lineKinds: LineKind[];
  /** Code and HTML blocks in document order of their first line... */
  blocks: ScannedBlock[];
  /**
   * Lines where nothing above is still open (the line above is blank and no
   * container or block continues here): a scan started at such a line reads
   * the rest exactly as a scan of the whole text does. One byte per line
   * (1: top level), as every open document keeps it.
   */
  topLevel: Uint8Array;
  /**
   * What closes a fenced code block or HTML comment that is still open at the
   * end of the text (e.g. "```" or "-->"): text appended at the end would
   * land inside it, so fixes that append close it first.
   */
  openBlockCloser: string | undefined;
}

/**
 * Splits text into lines, remembering where each starts and which line ending the file uses.
 * Line endings are found with `indexOf` (a native search) rather than a loop over every character:
 * on the RFC corpus this took the split from about a tenth of the whole check to a fiftieth.
 */
export function splitLines(text: string): {
  lines: string[];
  lineStarts: number[];
  eol: '\n' | '\r\n';
  eolCounts: EolCounts;
} {
  if (text.indexOf('\r') < 0) {
    // Only LF endings (most files): one native split, then the starts from the lengths. A third faster than the
    // loop below at V8's baseline tier (the tier a corpus run keeps, cli/tiering.ts): 20 ms against 30 ms for the
    // RFC corpus in one thread.
    const lines = text.split('\n');
    const lineStarts = new Array<number>(lines.length);
    let start = 0;
    for (let k = 0; k < lines.length; k++) {
      lineStarts[k] = start;
      start += lines[k].length + 1;
    }
    const lf = lines.length - 1;
    return { lines, lineStarts, eol: '\n', eolCounts: { crlf: 0, lf } };
  }
  const lines: string[] = [];
  const lineStarts: number[] = [];
  let start = 0;
  let crlf = 0;
  let lf = 0;
  let nl = text.indexOf('\n');
  let cr = text.indexOf('\r');
  for (;;) {
    if (cr >= 0 && (nl < 0 || cr < nl)) {
      lineStarts.push(start);
      lines.push(text.slice(start, cr));
      if (cr + 1 === nl) {
        crlf++;
        start = nl + 1;
        nl = text.indexOf('\n', start);
      } else {
        // A lone CR is a line ending too (old Mac files); count it as LF style.
        lf++;
        start = cr + 1;
      }
      cr = text.indexOf('\r', start);
    } else if (nl >= 0) {
      lf++;
      lineStarts.push(start);
      lines.push(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    } else break;
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
      if (l === '---' || l === '...') {
        end = j;
        break;
      }
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
      if (lines[j].trimEnd() === '+++') {
        end = j;
        break;
      }
    }
    if (end > 0) {
      frontMatter = { yaml: lines.slice(1, end).join('\n'), startLine: 0, endLine: end, toml: true };
      for (let j = 0; j <= end; j++) lineKinds[j] = 'frontMatter';
      i = end + 1;
    }
  }

  const blocks: ScannedBlock[] = [];
  const topLevel = new Uint8Array(lines.length);
  const { openBlockCloser } = scanBlocks({ lines, hasBom, lineKinds, headings, blocks, topLevel }, i);
  return {
    text,
    lines,
    lineStarts,
    eol,
    eolCounts,
    hasBom,
    frontMatter,
    unclosedFrontMatterLine,
    headings,
    lineKinds,
    blocks,
    topLevel,
    openBlockCloser,
  };
}

/**
 * What `scanBlocks` reads and fills in: `lineKinds`, `headings`, `blocks` and `topLevel` are written from the first
 * line scanned on. From that line on, `lineKinds` must hold 'text' and `topLevel` 0 (a fresh scan's and an
 * incremental rescan's arrays do): the scan writes only where a line is something else.
 */
export interface BlockScan {
  lines: string[];
  hasBom: boolean;
  lineKinds: LineKind[];
  headings: ScannedHeading[];
  blocks: ScannedBlock[];
  topLevel: Uint8Array;
}

/**
 * An open container. One shape for every kind (V8 keeps property access
 * monomorphic): `indent` is the columns of an item's content relative to
 * where its container's content starts (4 for a footnote, 0 for a quote).
 */
interface Container {
  kind: 'quote' | 'item' | 'footnote';
  indent: number;
  /** An item opened with nothing after its marker and no content since. */
  empty: boolean;
}

/** The open leaf block, one shape for every kind (see Container). */
interface Leaf {
  kind: 'paragraph' | 'fence' | 'indented' | 'html' | 'table';
  start: number;
  /** How many containers enclose it. */
  depth: number;
  /**
   * Paragraph: how many lines it has so far. Its lines are consecutive from `start`; where each one's text starts
   * (after container markers) is kept in the scan's `textStarts`, read only when needed — one typed array per scan
   * rather than an array per paragraph (allocating and growing those was a tenth of the scan at V8's baseline tier).
   */
  count: number;
  firstPos: number;
  /** Fence: its character code and length. */
  char: number;
  length: number;
  /** Indented code: its last non-blank line. */
  last: number;
  /** HTML block: its CommonMark kind (1-7). */
  type: number;
}

function newLeaf(kind: Leaf['kind'], start: number, depth: number): Leaf {
  return { kind, start, depth, count: 0, firstPos: 0, char: 0, length: 0, last: start, type: 0 };
}

const ATX_REST = /^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const FENCE_REST = /^(`{3,}|~{3,})(.*)$/;
/** A line that may close a fence: a run of backticks or tildes and white space only. */
const FENCE_CLOSE = /^(`{3,}|~{3,})[ \t]*$/;
const SETEXT_REST = /^(=+|-+)[ \t]*$/;
const THEMATIC_REST = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const BULLET_REST = /^([*+-])(?=[ \t]|$)/;
const ORDERED_REST = /^(\d{1,9})([.)])(?=[ \t]|$)/;
const FOOTNOTE_REST = /^\[\^[^\]\s]+\]:/;
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const HTML_RAW = /^<(?:script|pre|style|textarea)(?:[ \t>]|$)/i;
const HTML_BLOCK_NAME =
  /^<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t]|\/?>|$)/i;
const HTML_COMPLETE_TAG =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^"'=<>`\s]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$/;
const HTML_END: Record<number, RegExp> = {
  1: /<\/(?:script|pre|style|textarea)>/i,
  2: /-->/,
  3: /\?>/,
  4: />/,
  5: /\]\]>/,
};
const HTML_CLOSER: Record<number, string> = { 1: '', 2: '-->', 3: '?>', 4: '>', 5: ']]>' };
/**
 * Containers (quotes, list items, footnotes) nested deeper than this are read
 * as text: every line is matched against every open container, so without a
 * bound a 10,000-deep list would cost quadratic time. Real documents stay
 * far below it; remark has no such bound, so beyond it the readings differ.
 * The bound counts the containers a line keeps (`depth`), not those open
 * above it: a list item after a too-deep list closes that list and opens.
 */
export const MAX_CONTAINER_DEPTH = 64;
/**
 * Shortcuts of `scanBlocks` that can be turned off, so that a test can compare each with the general path it
 * stands for (test/unit/fast-paths.test.ts). Always on otherwise. `blockStarts`: an ATX heading, a code fence
 * opened or closed outside containers, a list item whose text can only start a paragraph, and a blank line inside
 * list items, read without the general path.
 */
export const fastPaths = { inContainers: true, firstCharacters: true, blockStarts: true };
const LINK_DEFINITION_LINE =
  /^\[(?!\^)(?:[^\]\\]|\\.)+\]:[ \t]*(?:<[^>]*>|\S+)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$/;
/**
 * First characters after which a line may start something other than a paragraph (or continue one), by character
 * code below 128: # ` ~ * + _ = < > 0-9 | : [ -. A table rather than a chain of comparisons: it is read for nearly
 * every line, and at V8's baseline tier one indexed read is cheaper than up to fourteen comparisons and a call.
 */
const MAYBE_SPECIAL = (() => {
  const table = new Uint8Array(128);
  for (const c of '#`~*+_=<>|:[-0123456789') table[c.charCodeAt(0)] = 1;
  return table;
})();
/**
 * Whether the line's first character after white space (`c`, at `k`, neither a space nor a tab) can only begin paragraph
 * text: it is not in `MAYBE_SPECIAL`, or what follows rules out everything it could start. A backtick or tilde not
 * followed by two more opens no fence; a `[` not followed by `^` opens no footnote; a `*` or `_` followed by
 * something other than itself, a space, a tab or the end is no bullet or break; digits not followed by `.` or `)`
 * are no ordered item; a run of `#` not followed by a space, a tab or the end (or longer than six) is no heading.
 */
function plainStart(line: string, k: number, c: number): boolean {
  if (c >= 128 || MAYBE_SPECIAL[c] === 0) return true;
  if (!fastPaths.firstCharacters) return false;
  // Reads stay inside the line: a read past its end makes V8 drop the scanner's optimised code.
  const n = line.length;
  const d = k + 1 < n ? line.charCodeAt(k + 1) : -1;
  if (c === 96 || c === 126) return d !== c || k + 2 >= n || line.charCodeAt(k + 2) !== c;
  if (c === 91) return d !== 94; /* ^ */
  if (c === 42 || c === 95) return d !== -1 && d !== c && d !== 32 && d !== 9;
  if (c >= 48 && c <= 57) {
    let j = k + 1;
    while (j < n && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
    const e = j < n ? line.charCodeAt(j) : -1;
    return e !== 46 && e !== 41; /* . ) */
  }
  if (c === 35) {
    let j = k + 1;
    while (j < n && line.charCodeAt(j) === 35) j++;
    const e = j < n ? line.charCodeAt(j) : -1;
    return j - k > 6 || (e !== -1 && e !== 32 && e !== 9);
  }
  return false;
}

/** Where paragraph lines' text starts: `at[line - from]`, for the lines a scan starting at `from` read. */
interface TextStarts {
  at: Int32Array;
  from: number;
}

/** The text of each line of a paragraph (a line's text after its container markers, trimmed). */
function paragraphTexts(p: Leaf, lines: string[], starts: TextStarts): string[] {
  const texts: string[] = [];
  for (let k = 0; k < p.count; k++) texts.push(lines[p.start + k].slice(starts.at[p.start + k - starts.from]).trim());
  return texts;
}

const CAN_OPEN_BLOCK = /^(?:[-+*#>|<=_~[]|\d|```)/;

/** A setext heading's lines from `from` on, joined by line breaks, keeping trailing spaces (hard breaks). */
function multiLineHeadingText(p: Leaf, lines: string[], starts: TextStarts, from: number): string {
  let out = '';
  for (let k = from; k < p.count; k++) {
    const part = lines[p.start + k].slice(starts.at[p.start + k - starts.from]).trimStart();
    // Read alone, a line that could open a block is indented by four so it cannot; other lines stay as they are
    // (indentation inside a code span that spans lines would count as its text).
    out += k === from ? part : CAN_OPEN_BLOCK.test(part) ? `\n    ${part}` : `\n${part}`;
  }
  return out.trim();
}

/** Which HTML block (CommonMark types 1-7) the text starts, or 0. */
function htmlStart(rest: string, canBeType7: boolean): number {
  if (rest.charCodeAt(0) !== 60 /* < */) return 0;
  if (HTML_RAW.test(rest)) return 1;
  if (rest.startsWith('<!--')) return 2;
  if (rest.startsWith('<?')) return 3;
  if (rest.startsWith('<![CDATA[')) return 5;
  if (/^<![A-Za-z]/.test(rest)) return 4;
  if (HTML_BLOCK_NAME.test(rest)) return 6;
  // remark (micromark) also takes closing and self-closing tags of the raw names here (`</pre>`, `<pre/>`).
  if (canBeType7 && HTML_COMPLETE_TAG.test(rest)) return 7;
  return 0;
}

/** Cells of a table row: pipes split cells, except escaped ones; a leading and a trailing pipe do not count. */
function cellCount(row: string): number {
  let s = row.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  let n = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 124 /* | */) n++;
  }
  return n;
}

/**
 * The block pass after front matter, following CommonMark and GFM for what
 * the engine reads: block quotes, list items and footnote definitions as
 * containers (with their indentation), fenced and indented code, HTML blocks
 * (all seven kinds; comments are kind 2), ATX and setext headings, tables and
 * paragraphs with lazy continuation lines. From line `from` on, starting
 * outside any block.
 *
 * `stopBefore(i)` is asked at each line that is "top level" (`topLevel[i]`):
 * the line above is blank and no container or block is still open at it, so
 * what follows cannot depend on what came before. An incremental rescan stops
 * there once it is past the edited lines (see parse/incremental.ts). Returns
 * the line it stopped at (`lines.length` when it ran to the end) and, at the
 * end, what would close a block left open.
 */
export function scanBlocks(
  scan: BlockScan,
  from: number,
  stopBefore?: (line: number) => boolean,
): { stoppedAt: number; openBlockCloser: string | undefined } {
  const { lines, hasBom, lineKinds, headings, blocks, topLevel } = scan;
  /** Where each paragraph line's text starts, by line from `from` (see Leaf.count). */
  const textAt = new Int32Array(Math.max(0, lines.length - from));
  const textStarts: TextStarts = { at: textAt, from };
  const stack: Container[] = [];
  /** Items opened with nothing after their marker and no content since (only those can be "empty"). */
  let emptyItems: { empty: boolean }[] = [];
  /** A blank line closed an empty list item and no text line has come since. */
  let emptyItemClosedAbove = false;
  const clearEmptyItems = (): void => {
    if (!emptyItems.length) return;
    for (const item of emptyItems) item.empty = false;
    emptyItems = [];
  };
  let leaf: Leaf | undefined;

  // The cursor on the current line (as in the CommonMark reference parsers): index, column (tabs to multiples of 4), and a tab partly consumed.
  let line = '';
  let pos = 0;
  let col = 0;
  let partialTab = false;
  let next = 0;
  let nextCol = 0;
  let indent = 0;
  let blank = false;
  // Where the last white-space run was measured from: inside the same run, the next non-space is still `next` (deep nesting stays linear).
  let measuredFrom = -1;
  let runHasTab = false;
  const findNext = (): void => {
    if (measuredFrom >= 0 && pos >= measuredFrom && pos <= next) {
      indent = nextCol - col;
      return;
    }
    measuredFrom = pos;
    let i = pos;
    let c = col;
    runHasTab = partialTab;
    // Here and below, no `charCodeAt` past a line's end: V8's optimised scanBlocks is dropped at the first such read
    // (reason "out of bounds") and compiled again, ~0.1 s of a core each time (six times in a `--jobs 1` corpus run).
    while (i < line.length) {
      const ch = line.charCodeAt(i);
      if (ch === 32) {
        i++;
        c++;
      } else if (ch === 9) {
        i++;
        c += 4 - (c % 4);
        runHasTab = true;
      } else break;
    }
    next = i;
    nextCol = c;
    indent = c - col;
    blank = i >= line.length;
  };
  const advanceColumns = (count: number): void => {
    while (count > 0 && pos < line.length) {
      if (line.charCodeAt(pos) === 9) {
        const toTab = 4 - (col % 4);
        partialTab = toTab > count;
        const step = Math.min(count, toTab);
        col += step;
        if (!partialTab) pos++;
        count -= step;
      } else {
        partialTab = false;
        pos++;
        col++;
        count--;
      }
    }
  };
  const advanceToNext = (): void => {
    pos = next;
    col = nextCol;
    partialTab = false;
  };

  const endBlock = (type: 'code' | 'html', start: number, end: number): void => {
    blocks.push({ type, start, end });
  };
  const closeLeaf = (end: number, keepEmptyLine = false): void => {
    if (!leaf) return;
    // An empty line that ends a block left open (by the text's end or its container's) is not part of it, as remark
    // counts it — unless a new container (list item, quote, footnote) closes the block: then it runs to that line.
    if (end > leaf.start && lines[end] === '' && !keepEmptyLine) end--;
    if (leaf.kind === 'fence') endBlock('code', leaf.start, end);
    else if (leaf.kind === 'indented') endBlock('code', leaf.start, leaf.last);
    else if (leaf.kind === 'html') endBlock('html', leaf.start, end);
    leaf = undefined;
  };
  /** Closes the containers from depth `depth` on (and a leaf inside them); `end` is the last line they held. */
  const closeFrom = (to: number, end: number): void => {
    if (leaf && leaf.depth > to) closeLeaf(end);
    while (stack.length > to) stack.pop();
  };
  const pushHeading = (
    i: number,
    level: number,
    text: string,
    lastLine: number,
    style: 'atx' | 'setext',
    textStart: number,
    textEnd: number,
    markerStart: number,
    markerEnd: number,
  ): void => {
    headings.push({
      level,
      text,
      line: i,
      lastLine,
      style,
      textStart,
      textEnd,
      markerStart,
      markerEnd,
      nested: stack.length > 0,
    });
  };

  /** Stops before line `at`, which is top level: what is still open ends on the line above. */
  const stop = (at: number): { stoppedAt: number; openBlockCloser: undefined } => {
    closeLeaf(at - 1);
    return { stoppedAt: at, openBlockCloser: undefined };
  };

  /** Depth (open containers) at which the current line's new blocks start. */
  let depth = 0;
  let i = from;
  /** Closes what a new block at `depth` ends: deeper containers, and a leaf at this depth or deeper. */
  const startAt = (byContainer = false): void => {
    if (leaf && leaf.depth >= depth) closeLeaf(i - 1, byContainer);
    while (stack.length > depth) stack.pop();
  };
  /** The ATX heading `atx` (ATX_REST's match of the current line from `markerStart` on): its text and columns. */
  const atxHeading = (atx: RegExpExecArray, markerStart: number): void => {
    let content = atx[2] ?? '';
    const closing = /(?:^|[ \t]+)#+[ \t]*$/.exec(content);
    if (closing) content = content.slice(0, closing.index);
    content = content.trimEnd();
    const markerEnd = markerStart + atx[1].length;
    const textStart = content.length ? line.indexOf(content, markerEnd) : markerEnd;
    pushHeading(i, atx[1].length, content, i, 'atx', textStart, textStart + content.length, markerStart, markerEnd);
    lineKinds[i] = 'heading';
  };
  /** Columns the containers `itemsContinued` counted take (their `indent`s summed). */
  let continuedColumns = 0;
  /**
   * How many open containers, outermost first, a line indented by `spaces` spaces (and no tab) continues as the
   * fast paths read it: items and footnotes while the spaces reach their content column, never a quote (its line
   * starts with `>`). Sets `continuedColumns`.
   */
  const itemsContinued = (spaces: number): number => {
    let matched = 0;
    let need = 0;
    for (; matched < stack.length; matched++) {
      const c = stack[matched];
      if (c.kind === 'quote' || need + c.indent > spaces) break;
      need += c.indent;
    }
    continuedColumns = need;
    return matched;
  };
  /** Whether every open container continues at a blank line: items that are not empty, and footnotes (not quotes). */
  const everyContainerTakesBlankLines = (): boolean => {
    for (let c = 0; c < stack.length; c++) {
      const container = stack[c];
      if (container.kind === 'quote' || container.empty) return false;
    }
    return true;
  };
  /** The fenced code block `fence` (FENCE_REST's match of the current line) opens here, `at` containers deep. */
  const openFence = (fence: RegExpExecArray, at: number): void => {
    leaf = newLeaf('fence', i, at);
    leaf.char = fence[1].charCodeAt(0);
    leaf.length = fence[1].length;
    lineKinds[i] = 'fence';
  };
  /** The current line, a run of the open fence's character at `at` (indented by three or less), closes it if long enough. */
  const closesFence = (at: number): void => {
    const m = FENCE_CLOSE.exec(line.slice(at));
    if (m && m[1].charCodeAt(0) === leaf!.char && m[1].length >= leaf!.length) {
      lineKinds[i] = 'fence';
      closeLeaf(i);
    } else lineKinds[i] = 'code';
  };
  /**
   * Where the text of a list item starts when the current line is one the general path reads as a new item whose
   * text starts a paragraph: its marker at `k` (`-`, `*`, `+`, or one to nine digits and `.` or `)`; only `1.` or
   * `1)` when `interrupts`, a paragraph being open in the same container), then one to four spaces and a character
   * after which only paragraph text can start (`plainStart`: no thematic break, no empty item, no indented code).
   * -1 for any other line. Reads only.
   */
  const itemText = (k: number, interrupts: boolean): number => {
    const n = line.length;
    let j = k;
    const c = line.charCodeAt(k);
    if (c === 45 || c === 42 || c === 43) j = k + 1;
    else {
      while (j < n && j - k < 10 && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
      const delimiter = j < n ? line.charCodeAt(j) : -1;
      if (j === k || j - k > 9 || (delimiter !== 46 && delimiter !== 41)) return -1;
      if (interrupts && (j - k !== 1 || c !== 49)) return -1; // only a list starting at 1 interrupts a paragraph
      j++;
    }
    const markerEnd = j;
    while (j < n && line.charCodeAt(j) === 32) j++;
    if (j - markerEnd < 1 || j - markerEnd > 4 || j >= n) return -1;
    const t = line.charCodeAt(j);
    return t !== 9 && ((t < 128 && MAYBE_SPECIAL[t] === 0) || plainStart(line, j, t)) ? j : -1;
  };
  /**
   * Opens the list item of the current line as the general path does: after the `matched` containers it continues
   * (the deeper ones close, and the open paragraph), its marker at `k`, `markerOffset` columns into the innermost of
   * them, its text at `text` (`itemText`), which starts the item's paragraph. The caller has dealt with the line
   * being top level, and an open leaf is at least `matched` containers deep (so `startAt` closes it).
   */
  const openItem = (matched: number, k: number, markerOffset: number, text: number): void => {
    emptyItemClosedAbove = false;
    depth = matched;
    startAt(true);
    stack.push({ kind: 'item', indent: markerOffset + (text - k), empty: false });
    depth = stack.length;
    clearEmptyItems();
    leaf = newLeaf('paragraph', i, depth);
    leaf.count = 1;
    leaf.firstPos = text;
    textAt[i - from] = text;
  };

  // The loop below runs for every line of every document at V8's baseline tier (cli/tiering.ts), where each
  // property read, comparison and call is a call into V8: its fast paths read what they need once, into locals,
  // and store nothing that `scan` already holds (a line is 'text' and not top level until the scan says otherwise).
  const lineCount = lines.length;
  /** Whether line `at` starts the scan or follows a blank line (asked only where a line may be top level). */
  const followsBlank = (at: number): boolean => at === from || lineKinds[at - 1] === 'blank';
  /**
   * For a fast path's line that no container continues: marks it top level when it follows a blank line (or
   * starts the scan) and no empty item closed above it, as the general path does; true when the scan is to stop
   * before it (`stopBefore`).
   */
  const topLevelStops = (): boolean => {
    if (!followsBlank(i) || emptyItemClosedAbove) return false;
    topLevel[i] = 1;
    return stopBefore !== undefined && i > from && stopBefore(i);
  };
  for (; i < lineCount; i++) {
    line = lines[i];
    pos = i === 0 && hasBom ? 1 : 0;

    if (stack.length === 0) {
      // Fast paths (most lines): no container open, and the line's first characters decide.
      let k = pos;
      const n = line.length;
      // One read per character (the line's first is usually not a space).
      let ch = k < n ? line.charCodeAt(k) : -1;
      while (ch === 32) ch = ++k < n ? line.charCodeAt(k) : -1;
      const open = leaf === undefined ? '' : leaf.kind;
      if (open === 'fence') {
        // Inside top-level fenced code: code unless it may be the closing fence.
        if (!(k - pos <= 3 && ch === leaf!.char)) {
          lineKinds[i] = 'code';
          continue;
        }
        if (fastPaths.blockStarts) {
          if (topLevelStops()) return stop(i);
          emptyItemClosedAbove = false;
          closesFence(k);
          continue;
        }
      } else if (
        k >= n &&
        (open === '' || open === 'paragraph' || open === 'table' || (open === 'html' && leaf!.type >= 6))
      ) {
        // A blank line (spaces only): it ends paragraphs, tables and HTML blocks of kinds 6 and 7.
        if (topLevelStops()) return stop(i);
        if (open !== '') closeLeaf(i - 1);
        lineKinds[i] = 'blank';
        continue;
      } else if (
        (open === '' || open === 'paragraph') &&
        k - pos < 4 &&
        k < n &&
        ch !== 9 &&
        // The first test of plainStart, without the call for the many lines it settles.
        ((ch < 128 && MAYBE_SPECIAL[ch] === 0) || plainStart(line, k, ch))
      ) {
        // Text that can only be a paragraph's.
        if (open === '') {
          if (topLevelStops()) return stop(i);
          leaf = newLeaf('paragraph', i, 0);
          leaf.count = 1;
          leaf.firstPos = k;
        } else leaf!.count++;
        emptyItemClosedAbove = false;
        textAt[i - from] = k;
        continue;
      } else if (
        fastPaths.blockStarts &&
        (open === '' || open === 'paragraph') &&
        k - pos < 4 &&
        (ch === 35 || ch === 96 || ch === 126 || ch === 45 || ch === 42 || ch === 43 || (ch >= 48 && ch <= 57))
      ) {
        // An ATX heading, a code fence, or a list item whose text starts a paragraph (a seventh of the corpus's
        // lines between them, each several times a text line's cost on the general path): read as the general path
        // reads them.
        const atx = ch === 35 ? ATX_REST.exec(line.slice(k)) : null;
        let fence = ch === 96 || ch === 126 ? FENCE_REST.exec(line.slice(k)) : null;
        if (fence && ch === 96 && fence[2].includes('`')) fence = null; // a backtick in the info string: no fence
        const text = atx || fence || ch === 96 || ch === 126 ? -1 : itemText(k, open === 'paragraph');
        if (atx || fence || text >= 0) {
          if (topLevelStops()) return stop(i);
          if (text >= 0) openItem(0, k, k - pos, text);
          else {
            emptyItemClosedAbove = false;
            depth = 0;
            startAt();
            if (atx) atxHeading(atx, k);
            else openFence(fence!, 0);
            clearEmptyItems();
          }
          continue;
        }
      }
    } else if (fastPaths.inContainers && (!leaf || leaf.kind === 'paragraph')) {
      // Fast paths inside list items and footnotes (a third of the RFC corpus's lines): a line indented with spaces
      // only whose first other character cannot start a block ends as the general path below ends it. An item or a
      // footnote takes it while the spaces reach its content column (its `indent`, summed outwards in); a quote
      // never does (its line starts with `>`). Then: text of the paragraph open in the innermost container, a new
      // paragraph there, or a lazy continuation line of the open paragraph; anything else takes the general path.
      let k = pos;
      const n = line.length;
      // One read per character (the line's first is usually not a space).
      let ch = k < n ? line.charCodeAt(k) : -1;
      while (ch === 32) ch = ++k < n ? line.charCodeAt(k) : -1;
      if (k >= n && fastPaths.blockStarts && everyContainerTakesBlankLines()) {
        // A blank line (spaces only) that every container continues: it ends the open paragraph, nothing else.
        if (leaf) closeLeaf(i - 1);
        lineKinds[i] = 'blank';
        continue;
      }
      if (k < n && ch !== 9 && ((ch < 128 && MAYBE_SPECIAL[ch] === 0) || plainStart(line, k, ch))) {
        const spaces = k - pos;
        const matched = itemsContinued(spaces);
        const need = continuedColumns;
        if (matched === stack.length) {
          if (leaf ? leaf.depth === matched : spaces - need < 4) {
            // Continues every container (so it is not top level): the innermost one's paragraph, or a new one.
            emptyItemClosedAbove = false;
            depth = matched;
            clearEmptyItems();
            textAt[i - from] = k;
            if (leaf) leaf.count++;
            else {
              leaf = newLeaf('paragraph', i, matched);
              leaf.count = 1;
              leaf.firstPos = k;
            }
            continue;
          }
        } else if (leaf) {
          // A lazy continuation line: the open paragraph takes it, and the containers it did not continue stay open.
          if (matched === 0 && topLevelStops()) return stop(i);
          emptyItemClosedAbove = false;
          depth = matched;
          textAt[i - from] = k;
          leaf.count++;
          continue;
        }
      } else if (
        fastPaths.blockStarts &&
        (ch === 35 || ch === 45 || ch === 42 || ch === 43 || (ch >= 48 && ch <= 57))
      ) {
        // A list item whose text starts a paragraph (the next item of a list, or a list in an item), or an ATX
        // heading (often the one after a list, which closes it).
        const spaces = k - pos;
        const matched = itemsContinued(spaces);
        const atx = ch === 35 ? ATX_REST.exec(line.slice(k)) : null;
        const here = leaf !== undefined && matched === stack.length && leaf.depth === matched;
        const text = atx ? -1 : itemText(k, here);
        if (
          (atx || (text >= 0 && matched < MAX_CONTAINER_DEPTH)) &&
          spaces - continuedColumns < 4 &&
          (!leaf || leaf.depth >= matched)
        ) {
          if (matched === 0 && topLevelStops()) return stop(i);
          if (atx) {
            emptyItemClosedAbove = false;
            depth = matched;
            startAt();
            atxHeading(atx, k);
            clearEmptyItems();
          } else openItem(matched, k, spaces - continuedColumns, text);
          continue;
        }
      }
    } else if (fastPaths.inContainers && leaf?.kind === 'fence' && leaf.depth === stack.length) {
      // Fenced code in list items and footnotes: a line (spaces only) that every container takes is code unless it
      // may close the fence. A blank line is taken by items that are not empty and by footnotes, never by a quote.
      let k = pos;
      const n = line.length;
      // One read per character (the line's first is usually not a space).
      let ch = k < n ? line.charCodeAt(k) : -1;
      while (ch === 32) ch = ++k < n ? line.charCodeAt(k) : -1;
      if (ch !== 9) {
        const spaces = k - pos;
        const blankLine = k >= line.length;
        let matched = 0;
        let need = 0;
        for (; matched < stack.length; matched++) {
          const c = stack[matched];
          if (c.kind === 'quote' || (blankLine ? c.empty : need + c.indent > spaces)) break;
          need += c.indent;
        }
        if (matched === stack.length && (blankLine || spaces - need > 3 || ch !== leaf?.char)) {
          if (!blankLine) emptyItemClosedAbove = false;
          lineKinds[i] = 'code';
          continue;
        }
      }
    }

    // The general path: the cursor's state from the line's start.
    measuredFrom = -1;
    col = 0;
    partialTab = false;
    const lastBlank = followsBlank(i);

    // 1. Which open containers does this line continue?
    let matched = 0;
    for (; matched < stack.length; matched++) {
      const c = stack[matched];
      findNext();
      if (c.kind === 'quote') {
        if (indent <= 3 && next < line.length && line.charCodeAt(next) === 62 /* > */) {
          advanceToNext();
          advanceColumns(1);
          const ch = pos < line.length ? line.charCodeAt(pos) : -1;
          if (ch === 32 || ch === 9) advanceColumns(1);
        } else break;
      } else if (c.kind === 'item') {
        if (blank) {
          if (c.empty) break;
          // Keep the white space beyond the item's indentation: indented code may end on such a line.
          if (indent >= c.indent) advanceColumns(c.indent);
          else advanceToNext();
        } else if (indent >= c.indent) {
          if (runHasTab) advanceColumns(c.indent);
          else {
            pos += c.indent;
            col += c.indent;
          }
        } else break;
      } else {
        if (blank) advanceToNext();
        else if (indent >= 4) advanceColumns(4);
        else break;
      }
    }
    findNext();
    const allMatched = matched === stack.length;
    const afterClosedEmptyItem = emptyItemClosedAbove;
    if (!blank) emptyItemClosedAbove = false;
    topLevel[i] =
      lastBlank && matched === 0 && !afterClosedEmptyItem && !(leaf && leaf.depth === 0 && leaf.kind === 'indented')
        ? 1
        : 0;
    if (topLevel[i] && stopBefore && i > from && stopBefore(i)) return stop(i);

    // 2. A leaf that takes every line of its container until it ends.
    let afterIndentedCode = false;
    if (leaf && allMatched && leaf.depth === stack.length) {
      if (leaf.kind === 'fence') {
        const c0 = next < line.length ? line.charCodeAt(next) : -1;
        if (indent <= 3 && c0 === leaf.char) closesFence(next);
        else lineKinds[i] = 'code';
        continue;
      }
      if (leaf.kind === 'html') {
        if (blank && leaf.type >= 6) {
          closeLeaf(i - 1);
          lineKinds[i] = line.trim() === '' ? 'blank' : 'text';
          continue;
        }
        lineKinds[i] = leaf.type === 2 ? 'comment' : 'html';
        if (leaf.type < 6 && HTML_END[leaf.type].test(line.slice(pos))) closeLeaf(i);
        continue;
      }
      if (leaf.kind === 'indented') {
        // As remark reads it, a line of only white space indented as far as the code still extends the block.
        if (indent >= 4) {
          lineKinds[i] = blank ? 'blank' : 'code';
          leaf.last = i;
          continue;
        }
        if (blank) {
          lineKinds[i] = line.trim() === '' ? 'blank' : 'text';
          continue;
        }
        closeLeaf(i - 1);
        afterIndentedCode = true;
      }
    }
    if (blank) {
      // A blank line ends paragraphs, tables and the containers it does not continue.
      // remark closes an empty item only at the next non-blank line, which matters to indented code there.
      if (matched < stack.length && stack[matched].empty) emptyItemClosedAbove = true;
      closeFrom(matched, i - 1);
      if (leaf && (leaf.kind === 'paragraph' || leaf.kind === 'table')) closeLeaf(i - 1);
      if (leaf?.kind === 'fence' || leaf?.kind === 'html')
        lineKinds[i] = leaf.kind === 'fence' ? 'code' : leaf.type === 2 ? 'comment' : 'html';
      else lineKinds[i] = line.trim() === '' ? 'blank' : 'text';
      continue;
    }

    // 3. New containers and the start of a new leaf.
    const lazyCandidate = leaf?.kind === 'paragraph';
    depth = matched;
    let started: 'none' | 'container' | 'leaf' = 'none';
    for (;;) {
      findNext();
      if (blank) break;
      const rest = line.slice(next);
      const ch = rest.charCodeAt(0);
      const paragraphOpen = leaf?.kind === 'paragraph';
      // The open paragraph is this line's container's (not a lazy continuation): setext underlines and tables need that.
      const paragraphHere = paragraphOpen && started === 'none' && allMatched && leaf!.depth === stack.length;
      if (indent >= 4) {
        if (paragraphOpen) break;
        startAt();
        advanceColumns(4);
        leaf = newLeaf('indented', i, depth);
        lineKinds[i] = 'code';
        // remark (micromark) ends indented code that starts on the line closing a container after that one line.
        if ((!allMatched || afterClosedEmptyItem) && started === 'none') closeLeaf(i);
        started = 'leaf';
        break;
      }
      if (ch === 62 /* > */ && depth < MAX_CONTAINER_DEPTH) {
        startAt(true);
        advanceToNext();
        advanceColumns(1);
        const after = pos < line.length ? line.charCodeAt(pos) : -1;
        if (after === 32 || after === 9) advanceColumns(1);
        stack.push({ kind: 'quote', indent: 0, empty: false });
        depth = stack.length;
        started = 'container';
        continue;
      }
      const atx = ch === 35 /* # */ ? ATX_REST.exec(rest) : null;
      if (atx) {
        startAt();
        atxHeading(atx, next);
        started = 'leaf';
        break;
      }
      const fence = ch === 96 || ch === 126 ? FENCE_REST.exec(rest) : null;
      if (fence && !(ch === 96 && fence[2].includes('`'))) {
        startAt();
        openFence(fence, depth);
        started = 'leaf';
        break;
      }
      const html = ch === 60 ? htmlStart(rest, !paragraphOpen) : 0;
      if (html) {
        startAt();
        leaf = newLeaf('html', i, depth);
        leaf.type = html;
        lineKinds[i] = html === 2 ? 'comment' : 'html';
        if (html < 6 && HTML_END[html].test(rest)) closeLeaf(i);
        started = 'leaf';
        break;
      }
      const setext = paragraphHere && (ch === 61 || ch === 45) ? SETEXT_REST.exec(rest) : null;
      // Link reference definitions opening the paragraph are not heading text; only definitions: no heading.
      let defs = 0;
      const texts = setext && leaf?.kind === 'paragraph' ? paragraphTexts(leaf, lines, textStarts) : [];
      if (setext) while (defs < texts.length && LINK_DEFINITION_LINE.test(texts[defs])) defs++;
      if (setext && leaf?.kind === 'paragraph' && defs < texts.length) {
        const p = leaf;
        for (let j = p.start; j < i; j++) lineKinds[j] = 'heading';
        lineKinds[i] = 'heading';
        const first = lines[p.start];
        leaf = undefined;
        headings.push({
          level: ch === 61 ? 1 : 2,
          text: (defs ? texts.slice(defs) : texts).join(' ').trim(),
          // Trailing spaces kept: two or more before a line break make a hard break, which reads as nothing in an anchor.
          ...(texts.length - defs > 1 ? { multiLineText: multiLineHeadingText(p, lines, textStarts, defs) } : {}),
          line: p.start,
          lastLine: i,
          style: 'setext',
          textStart: p.firstPos,
          textEnd: p.firstPos + first.slice(p.firstPos).trimEnd().length,
          markerStart: -1,
          markerEnd: -1,
          nested: stack.length > 0,
        });
        started = 'leaf';
        break;
      }
      if ((ch === 42 || ch === 45 || ch === 95) && THEMATIC_REST.test(rest)) {
        startAt();
        lineKinds[i] = 'text';
        started = 'leaf';
        break;
      }
      if (ch === 91 /* [ */ && depth < MAX_CONTAINER_DEPTH && FOOTNOTE_REST.test(rest)) {
        startAt(true);
        const label = FOOTNOTE_REST.exec(rest)![0].length;
        advanceToNext();
        advanceColumns(label);
        stack.push({ kind: 'footnote', indent: 4, empty: false });
        depth = stack.length;
        started = 'container';
        continue;
      }
      const bullet = ch === 42 || ch === 43 || ch === 45 ? BULLET_REST.exec(rest) : null;
      const ordered = !bullet && ch >= 48 && ch <= 57 ? ORDERED_REST.exec(rest) : null;
      if ((bullet || ordered) && depth < MAX_CONTAINER_DEPTH) {
        const markerWidth = bullet ? 1 : ordered![0].length;
        const markerOffset = indent;
        const savePos = pos,
          saveCol = col,
          savePartial = partialTab;
        advanceToNext();
        advanceColumns(markerWidth);
        findNext();
        const emptyItem = blank;
        // remark (micromark) also treats a line right after indented code as interrupting it.
        const interrupting = paragraphHere || afterIndentedCode;
        if (interrupting && (emptyItem || (ordered && ordered[1] !== '1'))) {
          pos = savePos;
          col = saveCol;
          partialTab = savePartial;
          findNext();
          // Not an item: fall through to the table check and paragraph text.
        } else {
          const spaces = indent;
          let padding: number;
          if (emptyItem || spaces >= 5) padding = markerWidth + 1;
          else padding = markerWidth + spaces;
          if (!emptyItem) advanceColumns(spaces >= 5 ? 1 : spaces);
          startAt(true);
          const item: Container = { kind: 'item', indent: markerOffset + padding, empty: emptyItem };
          if (emptyItem) emptyItems.push(item);
          stack.push(item);
          depth = stack.length;
          started = 'container';
          continue;
        }
      }
      if (paragraphHere && leaf?.kind === 'paragraph' && rest.includes('-') && TABLE_DELIMITER.test(rest)) {
        const last = leaf.count - 1;
        const header = lines[leaf.start + last].slice(textAt[leaf.start + last - from]).trim();
        if ((header.includes('|') || rest.includes('|')) && cellCount(header) === cellCount(rest)) {
          const start = leaf.start + last;
          leaf = newLeaf('table', start, depth);
          lineKinds[i] = 'text';
          started = 'leaf';
          break;
        }
      }
      break;
    }
    if (started === 'leaf') {
      clearEmptyItems();
      continue;
    }
    findNext();
    if (started === 'none' && !allMatched && lazyCandidate && leaf?.kind === 'paragraph' && !blank) {
      if (line.charCodeAt(next) === 60 && htmlStart(line.slice(next), true) === 7) {
        // remark (micromark) reads a lazy line that opens a tag as an HTML block in the paragraph's container.
        const depthOfParagraph = leaf.depth;
        closeLeaf(i - 1);
        leaf = newLeaf('html', i, depthOfParagraph);
        leaf.type = 7;
        lineKinds[i] = 'html';
        continue;
      }
      // A lazy continuation line: still the open paragraph (in a container this line did not continue).
      textAt[i - from] = next;
      leaf.count++;
      lineKinds[i] = 'text';
      continue;
    }
    closeFrom(depth, i - 1);
    if (blank) {
      // A line of container markers only ("> ", "- "): nothing else open here.
      if (leaf && leaf.depth >= depth && leaf.kind !== 'indented') closeLeaf(i - 1);
      lineKinds[i] = 'text';
      continue;
    }
    clearEmptyItems();
    lineKinds[i] = 'text';
    if (leaf?.kind === 'table' && leaf.depth === depth) continue;
    if (leaf?.kind === 'paragraph' && leaf.depth === depth) {
      textAt[i - from] = next;
      leaf.count++;
      continue;
    }
    if (leaf && leaf.depth >= depth) closeLeaf(i - 1);
    leaf = newLeaf('paragraph', i, depth);
    textAt[i - from] = next;
    leaf.count = 1;
    leaf.firstPos = next;
  }
  let openBlockCloser: string | undefined;
  if (leaf && stack.length === 0) {
    if (leaf.kind === 'fence') openBlockCloser = String.fromCharCode(leaf.char).repeat(leaf.length);
    else if (leaf.kind === 'html' && leaf.type === 1)
      openBlockCloser = `</${/^\s*<([A-Za-z]+)/.exec(lines[leaf.start])?.[1].toLowerCase() ?? 'pre'}>`;
    else if (leaf.kind === 'html' && leaf.type < 6) openBlockCloser = HTML_CLOSER[leaf.type];
  }
  closeLeaf(lines.length - 1);
  return { stoppedAt: i, openBlockCloser };
}
