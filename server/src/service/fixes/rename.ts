/**
 * What a heading rename replaces: the title's words only. A heading line
 * carries more than its title — numbering ("5.", "2.1", "A)"), an emoji or
 * symbol in front, a trailing HTML comment or anchor tag, `{#id}` attributes,
 * an escaped `\#` — and a rename keeps all of it. A title with markup inside
 * it (`**Scpoe**`, a link, code) is not renamed automatically: replacing it
 * would drop the markup, so the finding is reported without a fix.
 */
import type { DocSection } from '../parse/document';
import type { Range } from '../types';
import { LEADING_NUMBER } from '../parse/titles';
import { maskDecorations, type DecorationFinder } from '../parse/decorations';

/** Characters that mean inline markup inside the title's words. */
const MARKUP = /[*_`[\]()<>\\!~|]/;
/** Where trailing non-title parts start: an HTML comment or tag, or a `{#id}` attribute block. */
const TRAILER = /<!--|<\/?[A-Za-z]|\{[#.]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Columns [start, end) of the title's words within `text`, or undefined when there is nothing safe to replace. */
export function titleWordsSpan(text: string): { start: number; end: number } | undefined {
  let end = text.length;
  const cut = text.search(TRAILER);
  if (cut >= 0) end = cut;
  let start = 0;
  for (;;) {
    while (start < end && !WORD_CHAR.test(text[start])) start++;
    const number = LEADING_NUMBER.exec(text.slice(start, end));
    if (!number) break;
    start += number[0].length;
  }
  while (end > start && !WORD_CHAR.test(text[end - 1])) end--;
  if (start >= end || MARKUP.test(text.slice(start, end))) return undefined;
  return { start, end };
}

/**
 * The range a rename of this heading's title replaces (document columns), or
 * undefined (see `titleWordsSpan`). With the kind's decorations, a
 * `*(mandatory)*` or `(Optional)` stays where it is, outside the range.
 */
export function headingTitleWordsRange(section: DocSection, decorations?: DecorationFinder): Range | undefined {
  const h = section.heading;
  // The heading's text as scanned; its columns start at textStart. Decorations are blanked, columns kept.
  const span = titleWordsSpan(decorations ? maskDecorations(h.text, decorations) : h.text);
  // A setext title over several lines: only its first line has columns here; no automatic rename.
  if (!span || span.end > h.textEnd - h.textStart) return undefined;
  return {
    start: { line: h.line, character: h.textStart + span.start },
    end: { line: h.line, character: h.textStart + span.end },
  };
}
