/**
 * Labelled fields in a section: a line or list item that starts with the
 * field name and a colon, optionally bold (`Answered by: Dana`,
 * `- **Date:** 2024-04-09`, `**Answer**: …`). Used by SH029 (`rules.fields`)
 * and to read an answered question's answer and date.
 */
import type { ParsedDocument, DocSection } from '../parse/document';

/** The section's own lines outside code, fences and comments. */
export function ownTextLines(doc: ParsedDocument, section: DocSection): string[] {
  const lines: string[] = [];
  for (let i = section.bodyStart; i < section.ownEnd; i++) {
    const kind = doc.lineKinds[i];
    if (kind !== 'code' && kind !== 'fence' && kind !== 'comment') lines.push(doc.lines[i]);
  }
  return lines;
}

/** The text after `Name:` on the first line that has the field with some text, trimmed of emphasis markers; undefined when absent or empty. */
export function fieldValue(lines: string[], name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const field = new RegExp(
    `^\\s*(?:[-*+]\\s+|\\d+[.)]\\s+)?(?:\\*\\*|__)?${escaped}(?:\\*\\*|__)?\\s*:(?:\\*\\*|__)?\\s*(.*)$`,
    'i',
  );
  for (const line of lines) {
    const m = field.exec(line);
    if (m && m[1].replace(/[*_`\s]/g, '') !== '') return m[1].trim();
  }
  return undefined;
}
