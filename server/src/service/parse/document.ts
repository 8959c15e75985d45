/**
 * The document model: the scanner's headings arranged as a tree of sections,
 * each knowing the lines it spans. Everything that needs "where does this
 * section end" asks here.
 */
import { scanDocument, type ScannedDocument, type ScannedHeading } from './scanner';
import { rescanDocument, type ChangedLines } from './incremental';
import { normalizeTitle } from './titles';

export interface DocSection {
  /** Position in `ParsedDocument.sections` (document order). */
  index: number;
  heading: ScannedHeading;
  /** Title normalised for matching (see `normalizeTitle`). */
  normalized: string;
  parent: DocSection | undefined;
  children: DocSection[];
  /** First line after the heading. */
  bodyStart: number;
  /** Exclusive end of the section's own body: the next heading of any level. */
  ownEnd: number;
  /** Exclusive end of the section with its subsections: the next heading of the same or a higher level. */
  end: number;
}

export interface ParsedDocument extends ScannedDocument {
  /** Every heading's section, in document order. */
  sections: DocSection[];
  roots: DocSection[];
}

/** A previous scan of the document and the lines changed since: the rescan reuses the rest (see parse/incremental.ts). */
export interface PreviousScan {
  doc: ScannedDocument;
  changed: ChangedLines;
}

export function parseDocument(text: string, previous?: PreviousScan): ParsedDocument {
  const scanned = previous ? rescanDocument(previous.doc, text, previous.changed) : scanDocument(text);
  const sections: DocSection[] = [];
  const roots: DocSection[] = [];
  const stack: DocSection[] = [];
  const total = scanned.lines.length;
  // Headings inside list items, quotes and footnotes have anchors, but do not start sections.
  const own = scanned.headings.some((h) => h.nested) ? scanned.headings.filter((h) => !h.nested) : scanned.headings;
  own.forEach((heading, index) => {
    const section: DocSection = {
      index,
      heading,
      normalized: normalizeTitle(heading.text),
      parent: undefined,
      children: [],
      bodyStart: heading.lastLine + 1,
      ownEnd: index + 1 < own.length ? own[index + 1].line : total,
      end: total,
    };
    while (stack.length && stack[stack.length - 1].heading.level >= heading.level) {
      stack.pop()!.end = heading.line;
    }
    const parent = stack[stack.length - 1];
    section.parent = parent;
    if (parent) parent.children.push(section);
    else roots.push(section);
    stack.push(section);
    sections.push(section);
  });
  return { ...scanned, sections, roots };
}

/** The lines of a range, joined with `\n` (line endings normalised for analysis). */
export function sliceLines(doc: ScannedDocument, start: number, end: number): string {
  return doc.lines.slice(start, end).join('\n');
}
