/** Ranges rules report on, computed the same way everywhere. */
import type { ParsedDocument, DocSection } from '../parse/document';
import type { Range } from '../types';

/** The heading's first line, from its first non-blank character to the end of the line. */
export function headingRange(doc: ParsedDocument, section: DocSection): Range {
  const line = section.heading.line;
  const text = doc.lines[line];
  const start = section.heading.style === 'atx' ? section.heading.markerStart : section.heading.textStart;
  return { start: { line, character: start }, end: { line, character: text.length } };
}

/** The heading's text only (the part a rename replaces). */
export function headingTextRange(section: DocSection): Range {
  const h = section.heading;
  return { start: { line: h.line, character: h.textStart }, end: { line: h.line, character: h.textEnd } };
}
