/** Applying text edits to a string: used by the CLI's --fix, "fix all" and the tests. */
import type { Position, TextEdit } from './types';
import type { ScannedDocument } from './parse/scanner';
import { splitLines } from './parse/scanner';

export function offsetAt(lineStarts: number[], text: string, pos: Position): number {
  if (pos.line >= lineStarts.length) return text.length;
  const start = lineStarts[pos.line];
  const nextStart = pos.line + 1 < lineStarts.length ? lineStarts[pos.line + 1] : text.length;
  return Math.min(start + pos.character, nextStart);
}

/** Applies non-overlapping edits (any order); inserts at the same spot keep their given order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const { lineStarts } = splitLines(text);
  const withOffsets = edits.map((edit, order) => ({
    start: offsetAt(lineStarts, text, edit.range.start),
    end: offsetAt(lineStarts, text, edit.range.end),
    newText: edit.newText,
    order,
  }));
  withOffsets.sort((a, b) => a.start - b.start || a.order - b.order);
  let out = '';
  let at = 0;
  for (const e of withOffsets) {
    if (e.start < at) throw new Error('Overlapping edits');
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Keeps edits in order, dropping any that overlap an earlier one (inserts at one point do not overlap). */
export function nonOverlapping(edits: readonly TextEdit[], text: string): TextEdit[] {
  const { lineStarts } = splitLines(text);
  const kept: { s: number; e: number; edit: TextEdit }[] = [];
  for (const edit of edits) {
    const s = offsetAt(lineStarts, text, edit.range.start);
    const e = offsetAt(lineStarts, text, edit.range.end);
    const clash = kept.some(
      (k) => (s < k.e && k.s < e) || (s === e && k.s < s && s < k.e) || (k.s === k.e && s < k.s && k.s < e),
    );
    if (!clash) kept.push({ s, e, edit });
  }
  return kept.map((k) => k.edit);
}

/**
 * An insert at the start of a line that follows a lone CR (an old Mac line
 * ending, alone or mixed with others) must not start with LF: the two would
 * merge into one CRLF and the line break the insert meant to add would be
 * lost (a blank line disappears, a heading glues to the line above). Such an
 * insert starts with CR instead, like the line above ends. Only the first
 * insert at a point touches the CR; later ones at the same point follow it.
 * Applied where edits leave the service (each fix, insert-all, fix-all).
 */
export function separateFromLoneCr(
  doc: Pick<ScannedDocument, 'text' | 'lineStarts'>,
  edits: readonly TextEdit[],
): TextEdit[] {
  const seen = new Set<number>();
  return edits.map((edit) => {
    const { line, character } = edit.range.start;
    if (character !== 0 || line === 0 || line >= doc.lineStarts.length || seen.has(line)) return edit;
    seen.add(line);
    if (!edit.newText.startsWith('\n') || doc.text.charCodeAt(doc.lineStarts[line] - 1) !== 13) return edit;
    return { ...edit, newText: `\r${edit.newText.slice(1)}` };
  });
}

/**
 * Undoes `separateFromLoneCr` before edits from several fixes are combined
 * (fix-all joins inserts at one point, and only the first may start with
 * CR). The engine never inserts a lone CR otherwise: its line endings are LF
 * or CRLF.
 */
export function rejoinLoneCr(edits: readonly TextEdit[]): TextEdit[] {
  return edits.map((e) =>
    e.newText.startsWith('\r') && !e.newText.startsWith('\r\n') && e.range.start.character === 0
      ? { ...e, newText: `\n${e.newText.slice(1)}` }
      : e,
  );
}
