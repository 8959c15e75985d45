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
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { ScannedDocument } from './scanner';

const MARKUP = /[`*_[\]<>&!~\\]/;
/** A line break inside a heading (a setext heading's lines) reads as one space. */
const LINE_BREAK = /[ \t]*[\r\n]+[ \t]*/g;
const processor = unified().use(remarkParse).use(remarkGfm);

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
    if (MARKUP.test(t)) hard.push(i);
    else if (t.includes('\n')) out[i] = t.replace(LINE_BREAK, ' ');
  });
  if (!hard.length) return out;
  // One line: an ATX heading; several (a setext heading's): a setext heading, so line breaks read as they do in the document.
  const source = hard.map((i) => (texts[i].includes('\n') ? `${texts[i]}\n===` : `# ${texts[i]}`)).join('\n\n') + (definitions.length ? `\n\n${definitions.join('\n')}\n` : '');
  const headings = (processor.parse(source).children as MdastLike[]).filter((n) => n.type === 'heading');
  if (headings.length === hard.length) {
    hard.forEach((i, k) => { out[i] = mdastText(headings[k]).replace(LINE_BREAK, ' '); });
  } else {
    // A heading text that is more than one block on its own (should not happen): read each alone.
    for (const i of hard) {
      const node = (processor.parse(`# ${texts[i]}\n\n${definitions.join('\n')}`).children as MdastLike[])[0];
      if (node?.type === 'heading') out[i] = mdastText(node).replace(LINE_BREAK, ' ');
    }
  }
  return out;
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

const DEFINITION = /^ {0,3}\[(?!\^)(?:[^\]\\]|\\.)+\]:/;
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
