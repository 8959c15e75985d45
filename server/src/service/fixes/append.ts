/** Appending list items at the end of a section's own body (insert-only). */
import type { DocSection, ParsedDocument } from '../parse/document';
import type { TextEdit } from '../types';
import { closeOpenBlockEdit } from './insert-section';

/**
 * The edits that append `newLines` to a section's own body. A section that
 * runs to the end of a file ending inside an unclosed code fence or comment
 * gets them after the edit that closes it, or the new lines would be code.
 */
export function appendLinesEdits(doc: ParsedDocument, section: DocSection, newLines: string[]): TextEdit[] {
  let last = section.ownEnd - 1;
  while (last > section.heading.lastLine && doc.lines[last].trim() === '') last--;
  const eol = doc.eol;
  const block = newLines.join(eol);
  const close = section.ownEnd >= doc.lines.length ? closeOpenBlockEdit(doc) : undefined;
  if (close) {
    const at = close.range.start;
    return [close, { range: { start: at, end: at }, newText: eol + block + eol }];
  }
  if (last + 1 >= doc.lines.length) {
    // The section ends the document: append after its last character.
    const lastLine = doc.lines.length - 1;
    const at = { line: lastLine, character: doc.lines[lastLine].length };
    const sep = last === lastLine ? eol : '';
    // After the heading itself, leave a blank line before the list.
    const lead = last === section.heading.lastLine ? eol : '';
    return [{ range: { start: at, end: at }, newText: sep + lead + block + eol }];
  }
  const at = { line: last + 1, character: 0 };
  const lead = last === section.heading.lastLine ? eol : '';
  return [{ range: { start: at, end: at }, newText: lead + block + eol }];
}
