/**
 * Deep analysis of one section's own body with remark-parse (+ GFM for task
 * lists and tables): list items, checkboxes, links, and the prose words.
 *
 * Results are cached by the body text, so an edit re-parses only the section
 * it touched. Positions are relative to the body's first line; callers add
 * the section's `bodyStart`.
 */
import type { Root, RootContent, ListItem, Link, Definition } from 'mdast';
import { remark } from './remark';
import { asciiClasses, OUTSIDE_ASCII_CLASSES } from '../regex';

export interface BodyListItem {
  line: number;
  column: number;
  /** Column just after the list marker and its spacing: where a checkbox goes. */
  contentColumn: number;
  /** true/false for task items, null for plain items. */
  checked: boolean | null;
  ordered: boolean;
  /** Nesting depth: 0 for items of a top-level list. */
  depth: number;
  /** The item's own text (without nested lists), single-spaced. */
  text: string;
  endLine: number;
}

export interface BodyLink {
  url: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface BodyParagraph {
  line: number;
  column: number;
  endLine: number;
  text: string;
}

export interface BodyContent {
  listItems: BodyListItem[];
  /** Paragraphs that are not inside a list or quote. */
  paragraphs: BodyParagraph[];
  links: BodyLink[];
  /** Words of prose (code, HTML and link URLs excluded). */
  wordCount: number;
  /** Prose text, for word lists and placeholders. */
  prose: string;
  /** Set when the body was too large or too deep for a full parse and a line-based reading was used. */
  degraded: boolean;
}

/** Bodies above these sizes get the line-based reading, so one huge section cannot freeze the server. */
const MAX_PARSE_CHARS = 300_000;
const MAX_LINE_CHARS = 50_000;
const MAX_INDENT_OR_QUOTE_DEPTH = 200;

const cache = new Map<string, BodyContent>();
const CACHE_LIMIT = 4000;

export function analyzeBody(body: string): BodyContent {
  const hit = cache.get(body);
  if (hit) {
    cache.delete(body);
    cache.set(body, hit);
    return hit;
  }
  const result = tooHeavy(body) ? analyzeByLines(body) : (analyzePlain(body) ?? analyzeWithRemark(body));
  cache.set(body, result);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return result;
}

/** For tests and benchmarks: forget cached bodies. */
export function clearBodyCache(): void {
  cache.clear();
}

function tooHeavy(body: string): boolean {
  if (body.length > MAX_PARSE_CHARS) return true;
  let lineStart = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body.charCodeAt(i) === 10) {
      if (i - lineStart > MAX_LINE_CHARS) return true;
      // Count leading indentation and container markers (quotes, bullets, ordered-list numbers)
      // to catch pathological nesting before it reaches the parser: "+ + + …" and "1. 1. 1. …"
      // nest as deeply as "- - - …" and cost the parser far more than linear time.
      let depth = 0;
      for (let j = lineStart; j < i && depth <= MAX_INDENT_OR_QUOTE_DEPTH * 2; j++) {
        const c = body.charCodeAt(j);
        if (c === 32 || c === 9 || c === 62 /* > */ || c === 45 /* - */ || c === 42 /* * */ || c === 43 /* + */) {
          depth++;
        } else if (c >= 48 && c <= 57) {
          let k = j;
          while (k < i && k - j < 9 && body.charCodeAt(k) >= 48 && body.charCodeAt(k) <= 57) k++;
          const after = body.charCodeAt(k);
          if (k >= i || (after !== 46 /* . */ && after !== 41) /* ) */) break;
          depth += k - j + 1;
          j = k;
        } else break;
      }
      if (depth > MAX_INDENT_OR_QUOTE_DEPTH * 2) return true;
      lineStart = i + 1;
    }
  }
  return false;
}

/**
 * Plain bodies without remark (issue 20: remark's first parse costs a one-file
 * `check` 40–60 ms). A body whose lines are only unindented paragraphs and
 * one level of unindented `-`/`*`/`+`/`1.` items (task boxes allowed), with
 * wrapped lines, and whose inline text is plain words, `code spans`,
 * **strong** and *emphasis* (see `readInline`), reads the same as remark reads it;
 * anything else (links, HTML, entities, escapes, tables, hard breaks, other
 * emphasis, nesting, indented blocks…) returns undefined and goes to remark.
 * `test/unit/plain-body.test.ts` compares both readings on every section of
 * the Rust RFC corpus and on generated bodies.
 */
export function analyzePlain(body: string): BodyContent | undefined {
  const lines = body.split('\n');
  const listItems: BodyListItem[] = [];
  const paragraphs: BodyParagraph[] = [];
  const prose: string[] = [];
  /** The open block: a top-level paragraph or a list item (`marker` its list type: `-`, `*`, `+`, `.` or `)`). */
  let open: { item?: BodyListItem; paragraph?: BodyParagraph; marker: string; parts: string[] } | undefined;
  /** Closes the open block; false when its inline text is not plain. */
  const close = (): boolean => {
    if (!open) return true;
    const inline = readInline(open.parts.join('\n'));
    if (!inline) return false;
    prose.push(...inline.prose);
    if (open.item) open.item.text = inline.text.replace(/\s+/g, ' ').trim();
    if (open.paragraph) open.paragraph.text = inline.text;
    open = undefined;
    return true;
  };
  let blankBefore = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (BLANK.test(line)) {
      if (!close()) return undefined;
      blankBefore = true;
      continue;
    }
    if (line.endsWith(' ')) return undefined; // a hard break, or trailing space remark drops
    const item = PLAIN_ITEM.exec(line);
    if (item) {
      const text = item[5];
      if (!plainLine(text)) return undefined;
      const marker = item[1] ?? item[3];
      if (open && !blankBefore) {
        // Directly under a paragraph only a bullet interrupts it; under an item, only an item of the same list follows.
        if (open.paragraph ? item[2] !== undefined : open.marker !== marker) return undefined;
      }
      if (!close()) return undefined;
      const listItem: BodyListItem = {
        line: i,
        column: 0,
        contentColumn: (item[1] ?? `${item[2]}${item[3]}`).length + 1,
        checked: item[4] === undefined ? null : item[4] !== ' ',
        ordered: item[2] !== undefined,
        depth: 0,
        text: '',
        endLine: i,
      };
      listItems.push(listItem);
      open = { item: listItem, marker, parts: [text] };
    } else {
      const indent = LEADING_SPACES.exec(line)![0].length;
      const text = line.slice(indent);
      if (!plainLine(text)) return undefined;
      if (open && !blankBefore) {
        // A wrapped line (lazy or indented) continues the open paragraph or item.
        open.parts.push(text);
        if (open.item) open.item.endLine = i;
        if (open.paragraph) open.paragraph.endLine = i;
      } else {
        if (indent > 0) return undefined; // indented code, or a later paragraph of an item
        if (!close()) return undefined;
        const paragraph: BodyParagraph = { line: i, column: 0, endLine: i, text: '' };
        paragraphs.push(paragraph);
        open = { paragraph, marker: '', parts: [text] };
      }
    }
    blankBefore = false;
  }
  if (!close()) return undefined;
  const text = prose.join(' ');
  return { listItems, paragraphs, links: [], wordCount: countWords(text), prose: text, degraded: false };
}

const BLANK = /^ *$/;
const LEADING_SPACES = /^ */;
/** An unindented item: bullet or number, one space, an optional task box and one space, then text. */
const PLAIN_ITEM = /^(?:([-+*])|(\d{1,9})([.)])) (?:\[([ xX])\] )?(.*)$/;

/**
 * A line's text that cannot open a block of its own (heading, quote, setext
 * underline, thematic break, nested list, code) and has no tab or control
 * character. `**` followed by a word is text (strong), a lone `*` is not.
 */
function plainLine(text: string): boolean {
  if (text.length === 0 || /^(?:[-+#>= ]|\*(?!\*[\p{L}\p{N}])|\d{1,9}[.)](?: |$))/u.test(text)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/**
 * Characters that can start markup in text (emphasis, code, links and images,
 * HTML and autolinks, entities, escapes, strikethrough, tables) and the
 * autolink-literal triggers.
 */
const MARKUP = /[`*_[\]<&\\~|@]|:\/\/|www\./i;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** What may follow a closing `**`: nothing, a space, a line end or closing punctuation. */
const AFTER_STRONG = /^(?:$|[ \n]|[.,:;!?)])/;

/**
 * A paragraph's inline text (its lines joined by `\n`, continuation lines
 * without their indentation) as remark reads it — `text` what the
 * paragraph's `plainText` gives, `prose` its text nodes in order — when it
 * holds only plain text, code spans of one backtick on one line (not
 * starting or ending with a space), and `**strong**` or `*emphasis*` text
 * (itself plain text and code spans) on one line whose opening run can only
 * open (after a start, space, line end or `(`, before a letter or digit) and
 * whose closing run, of the same size, can close (after a non-space; before
 * an end, space or closing punctuation). Else undefined.
 */
function readInline(s: string, strong = true): { text: string; prose: string[] } | undefined {
  let text = '';
  const prose: string[] = [];
  let i = 0;
  while (i < s.length) {
    let next = i;
    while (next < s.length && s[next] !== '`' && s[next] !== '*') next++;
    const plain = s.slice(i, next);
    if (MARKUP.test(plain)) return undefined;
    if (plain) {
      text += plain;
      // Text next to a strong run is its own text node; next to a code span it is too.
      prose.push(plain);
    }
    if (next >= s.length) break;
    if (s[next] === '`') {
      const end = s.indexOf('`', next + 1);
      if (end < 0 || s[next + 1] === '`' || s[end + 1] === '`') return undefined;
      const code = s.slice(next + 1, end);
      if (!code || code.includes('\n') || code.startsWith(' ') || code.endsWith(' ')) return undefined;
      text += code;
      i = end + 1;
      continue;
    }
    // `*` or `**` opening: after start/space/line end/`(`, before a letter or digit (so it can only open).
    if (!strong) return undefined;
    const size = s[next + 1] === '*' ? 2 : 1;
    const before = next === 0 ? '' : s[next - 1];
    if (s[next + size] === '*') return undefined;
    if (!(before === '' || before === ' ' || before === '\n' || before === '(')) return undefined;
    if (!WORD_CHAR.test(s[next + size] ?? '')) return undefined;
    // The closing run: the same size, alone (not part of a longer run).
    const end = s.indexOf('*'.repeat(size), next + size);
    if (end < 0 || s[end + size] === '*' || s[end - 1] === '*') return undefined;
    const inner = s.slice(next + size, end);
    // Its content: plain text and code spans (no nested emphasis), on one line.
    const read = inner.includes('\n') ? undefined : readInline(inner, false);
    if (!read) return undefined;
    const last = inner[inner.length - 1];
    const after = s.slice(end + size, end + size + 1);
    if (/\s/.test(last) || !AFTER_STRONG.test(after)) return undefined;
    text += read.text;
    prose.push(...read.prose);
    i = end + size;
  }
  return { text, prose };
}

export function analyzeWithRemark(body: string): BodyContent {
  let tree: Root;
  try {
    tree = remark().parse(body);
  } catch {
    // A parser failure (e.g. stack exhaustion on input we did not foresee) must not take the service down.
    return analyzeByLines(body);
  }
  const lineStarts = [0];
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lines = body.split('\n');
  const listItems: BodyListItem[] = [];
  const paragraphs: BodyParagraph[] = [];
  const links: BodyLink[] = [];
  const proseParts: string[] = [];
  const definitions = new Map<string, string>();

  const visit = (node: RootContent | Root, listDepth: number, ordered: boolean, topLevel: boolean): void => {
    switch (node.type) {
      case 'code':
      case 'html':
      case 'yaml':
        return;
      case 'text':
        proseParts.push(node.value);
        return;
      case 'inlineCode':
        return;
      case 'definition': {
        const def = node as Definition;
        definitions.set(def.identifier, def.url);
        pushLink(links, def.url, def.position);
        return;
      }
      case 'link': {
        pushLink(links, (node as Link).url, node.position);
        break;
      }
      case 'paragraph':
        if (topLevel && node.position) {
          paragraphs.push({
            line: node.position.start.line - 1,
            column: node.position.start.column - 1,
            endLine: node.position.end.line - 1,
            text: plainText(node),
          });
        }
        break;
      case 'list':
        for (const item of node.children) visit(item, listDepth + 1, node.ordered === true, false);
        return;
      case 'listItem': {
        const item = node as ListItem;
        if (item.position) {
          const line = item.position.start.line - 1;
          const column = item.position.start.column - 1;
          const own = item.children.filter((c) => c.type !== 'list');
          const marker = /^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]*/.exec(lines[line]?.slice(column) ?? '');
          listItems.push({
            line,
            column,
            contentColumn: column + (marker ? marker[0].length : 0),
            checked: item.checked ?? null,
            ordered,
            depth: listDepth - 1,
            text: own.map(plainText).join(' ').replace(/\s+/g, ' ').trim(),
            endLine: item.position.end.line - 1,
          });
        }
        for (const child of item.children) visit(child, listDepth, ordered, false);
        return;
      }
      case 'blockquote':
        for (const child of node.children) visit(child, listDepth, ordered, false);
        return;
      default:
        break;
    }
    if ('children' in node) {
      for (const child of node.children as RootContent[])
        visit(child, listDepth, ordered, topLevel && node.type === 'root');
    }
  };
  try {
    visit(tree, 0, false, true);
  } catch {
    // The walk recurses once per level: a tree deeper than the stack (nesting the guard above
    // did not foresee) gets the line-based reading instead of crashing every rule that reads it.
    return analyzeByLines(body);
  }
  const prose = proseParts.join(' ');
  return { listItems, paragraphs, links, wordCount: countWords(prose), prose, degraded: false };
}

function pushLink(links: BodyLink[], url: string, position: RootContent['position']): void {
  if (!position) return;
  links.push({
    url,
    line: position.start.line - 1,
    column: position.start.column - 1,
    endLine: position.end.line - 1,
    endColumn: position.end.column - 1,
  });
}

function plainText(node: RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'inlineCode') return node.value;
  if (node.type === 'code' || node.type === 'html') return '';
  if ('children' in node) return (node.children as RootContent[]).map(plainText).join('');
  return '';
}

export function countWords(text: string): number {
  if (!OUTSIDE_ASCII_CLASSES.test(text)) {
    if (!asciiWord) asciiWord = new RegExp(asciiClasses(WORD.source), 'gu');
    return text.match(asciiWord)?.length ?? 0;
  }
  const m = text.match(WORD);
  return m ? m.length : 0;
}

/**
 * A word. Texts without letters or numbers outside ASCII (nearly all prose; `’`, `–`, `≤` allowed) are
 * read with its classes cut to ASCII (`asciiClasses`, regex.ts): the same words, without V8 compiling the
 * `\p{L}` classes on every start (about 1–2 ms of a one-file check, issue 20).
 */
export const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
let asciiWord: RegExp | undefined;

const LIST_ITEM = /^([ \t>]*)((?:[-+*]|\d{1,9}[.)]))([ \t]+)(\[[ xX]\][ \t]+)?(.*)$/;
const INLINE_LINK = /\[[^\]]*\]\(([^)\s]+)[^)]*\)/g;

/** A line-by-line reading for bodies too big or deep for the parser: cheaper, slightly less exact. */
function analyzeByLines(body: string): BodyContent {
  const lines = body.split('\n');
  const listItems: BodyListItem[] = [];
  const paragraphs: BodyParagraph[] = [];
  const links: BodyLink[] = [];
  const prose: string[] = [];
  let inFence = false;
  // Depth as remark counts it, from the open items' content columns (inside the current quotes):
  // an item is nested under each open item whose content starts at or before its marker. Counting
  // indentation instead read "> > - x" and ">   - x" as nested, and remark (once a fix made the
  // body small enough for it) as top-level items, so a second fix-all had items to fix.
  const open: number[] = [];
  let openQuotes = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].length > MAX_LINE_CHARS ? lines[i].slice(0, MAX_LINE_CHARS) : lines[i];
    if (/^ {0,3}(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const item = LIST_ITEM.exec(line);
    if (item) {
      const column = item[1].length;
      const quote = /^(?:[ \t]*>[ \t]?)*/.exec(item[1])![0];
      const quotes = quote.split('>').length - 1;
      if (quotes !== openQuotes) {
        open.length = 0;
        openQuotes = quotes;
      }
      const indent = column - quote.length;
      while (open.length && open[open.length - 1] > indent) open.pop();
      const depth = open.length;
      open.push(indent + item[2].length + item[3].length);
      const box = item[4];
      listItems.push({
        line: i,
        column,
        contentColumn: column + item[2].length + item[3].length,
        checked: box ? box[1] !== ' ' : null,
        ordered: /\d/.test(item[2]),
        depth: Math.min(depth, 1000),
        text: item[5].trim(),
        endLine: i,
      });
      prose.push(item[5]);
    } else if (line.trim() !== '') {
      if (!/^\s/.test(line) && (i === 0 || lines[i - 1].trim() === '')) {
        paragraphs.push({ line: i, column: 0, endLine: i, text: line.trim() });
        if (!line.startsWith('>')) open.length = 0; // an unindented paragraph after a blank line ends the lists
      }
      prose.push(line);
    }
    INLINE_LINK.lastIndex = 0;
    for (let m = INLINE_LINK.exec(line); m; m = INLINE_LINK.exec(line)) {
      links.push({ url: m[1], line: i, column: m.index, endLine: i, endColumn: m.index + m[0].length });
    }
  }
  const text = prose.join(' ');
  return { listItems, paragraphs, links, wordCount: countWords(text), prose: text, degraded: true };
}
