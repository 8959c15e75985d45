/**
 * remark-parse + remark-gfm, loaded on first use (issue 20): a `check` whose
 * section bodies are plain (parse/content.ts `analyzePlain`) and whose
 * headings have no inline markup never evaluates remark, micromark and their
 * Unicode tables (a few ms of start-up, and less code in the code cache).
 * One processor, shared by the body reader and the heading slugs.
 */
import type { Root } from 'mdast';

let processor: { parse(text: string): Root } | undefined;

/** The shared CommonMark + GFM parser (the same reading GitHub renders). */
export function remark(): { parse(text: string): Root } {
  if (!processor) {
    // require, not import: an import is evaluated when the bundle starts.
    const { unified } = require('unified') as typeof import('unified');
    const remarkParse = (require('remark-parse') as typeof import('remark-parse')).default;
    const remarkGfm = (require('remark-gfm') as typeof import('remark-gfm')).default;
    processor = unified().use(remarkParse).use(remarkGfm);
  }
  return processor;
}
