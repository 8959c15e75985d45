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

const MARKUP = /[`*_[\]<>&!~\\]/;
/** Outside code spans, what makes a heading's text differ from its source (else remark reads it). */
const MARKUP_OUTSIDE_CODE = /[*_[\]<\\~]|!\[|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/**
 * The text of a heading without remark when that is certain: no markup at
 * all, or code spans and plain words only (a code span's text is its content,
 * a space stripped from both ends when both have one, as CommonMark says).
 * Undefined when remark must decide.
 */
function simplePlainText(t: string): string | undefined {
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
    let n = 1;
    while (t.charCodeAt(tick + n) === 96) n++;
    // The closing run: exactly n backticks.
    let close = t.indexOf('`'.repeat(n), tick + n);
    while (close >= 0 && (t.charCodeAt(close + n) === 96 || t.charCodeAt(close - 1) === 96)) {
      let end = close;
      while (t.charCodeAt(end) === 96) end++;
      close = t.indexOf('`'.repeat(n), end);
    }
    if (close < 0) return undefined;
    let code = t.slice(tick + n, close).replace(/[\r\n]/g, ' ');
    if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
    out += code;
    i = close + n;
  }
  return out;
}

/** A line break inside a heading (a setext heading's lines) reads as one space. */
const LINE_BREAK = /[ \t]*[\r\n]+[ \t]*/g;

/** The words of a heading as GitHub shows them (see above); `definitions`: the document's link reference definitions. */
export function headingPlainText(text: string, definitions: readonly string[] = []): string {
  return plainTexts([text], definitions)[0];
}

/**
 * Plain texts of many headings with one remark parse for all those with
 * markup: `# text` blocks, then the document's reference definitions (so
 * `[text][ref]` reads as a link, as it does in the document).
 */
function plainTexts(texts: readonly string[], definitions: readonly string[]): string[] {
  const out = texts.slice();
  const hard: number[] = [];
  texts.forEach((t, i) => {
    const simple = simplePlainText(t);
    if (simple === undefined) hard.push(i);
    else out[i] = simple.includes('\n') ? simple.replace(LINE_BREAK, ' ') : simple;
  });
  if (!hard.length) return out;
  // Only the definitions these headings may refer to (a document can have hundreds).
  if (definitions.length) {
    const labels = new Set<string>();
    for (const i of hard) for (const m of texts[i].matchAll(BRACKETED)) labels.add(normalizeLabel(m[1]));
    definitions = definitions.filter((d) => labels.has(normalizeLabel(DEFINITION.exec(d)?.[1] ?? '')));
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
    hard.map((i) => (texts[i].includes('\n') ? `${texts[i]}\n===` : `# ${texts[i]}`)).join('\n\n') +
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
  return slug(headingPlainText(text));
}

/** The anchors of headings in document order, with GitHub's `-1`, `-2` suffixes for repeats. */
export function headingAnchors(texts: readonly string[], definitions: readonly string[] = []): string[] {
  const slugger = new GithubSlugger();
  return plainTexts(texts, definitions).map((t) => slugger.slug(t));
}

const DEFINITION = /^ {0,3}\[(?!\^)((?:[^\]\\]|\\.)+)\]:/;
const BRACKETED = /\[((?:[^[\]\\]|\\.)*)\]/g;
const normalizeLabel = (label: string): string => label.trim().replace(/\s+/g, ' ').toLowerCase();
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
  for (let i = 0; i < doc.lines.length; i++) {
    if (doc.lineKinds[i] === 'text' && DEFINITION.test(doc.lines[i])) out.push(doc.lines[i].trim());
  }
  return out;
}
