/** Applying text edits to a string: used by the CLI's --fix, "fix all" and the tests. */
import type { Position, TextEdit } from './types';
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
    const clash = kept.some((k) => (s < k.e && k.s < e) || (s === e && k.s < s && s < k.e) || (k.s === k.e && s < k.s && k.s < e));
    if (!clash) kept.push({ s, e, edit });
  }
  return kept.map((k) => k.edit);
}
