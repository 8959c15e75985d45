/**
 * Inserts made one after another (each computed on the text the previous
 * ones produced), expressed again as inserts into the first text: one edit
 * the user can undo at once, that provably only adds text. The text is kept
 * as a list of pieces, each either a stretch of the original or inserted
 * text; an insert inside inserted text grows that piece.
 */
import { offsetAt } from '../edits';
import { splitLines } from '../parse/scanner';
import type { Position, TextEdit } from '../types';

interface Piece {
  /** Start offset in the original text, for an original piece; undefined for inserted text. */
  origin: number | undefined;
  text: string;
}

export class InsertionTracker {
  private pieces: Piece[];

  constructor(readonly original: string) {
    this.pieces = [{ origin: 0, text: original }];
  }

  /** The text with every insert so far. */
  get text(): string {
    return this.pieces.map((p) => p.text).join('');
  }

  /**
   * Applies edits computed on the current text. Returns false (and changes
   * nothing) unless every edit is a pure insert.
   */
  apply(edits: readonly TextEdit[]): boolean {
    const current = this.text;
    const { lineStarts } = splitLines(current);
    const inserts: { at: number; text: string; order: number }[] = [];
    for (const [order, e] of edits.entries()) {
      const start = offsetAt(lineStarts, current, e.range.start);
      if (offsetAt(lineStarts, current, e.range.end) !== start) return false;
      inserts.push({ at: start, text: e.newText, order });
    }
    // From the end backwards, so earlier offsets stay valid; inserts at one point keep their order.
    inserts.sort((a, b) => b.at - a.at || b.order - a.order);
    for (const insert of inserts) this.insertAt(insert.at, insert.text);
    return true;
  }

  /** The inserts as edits into the original text, in order. */
  edits(): TextEdit[] {
    const { lineStarts } = splitLines(this.original);
    const out: TextEdit[] = [];
    let pending = '';
    let originalOffset = 0;
    for (const piece of this.pieces) {
      if (piece.origin === undefined) {
        pending += piece.text;
        continue;
      }
      if (pending) {
        const at = positionAt(lineStarts, piece.origin);
        out.push({ range: { start: at, end: at }, newText: pending });
        pending = '';
      }
      originalOffset = piece.origin + piece.text.length;
    }
    if (pending) {
      const at = positionAt(lineStarts, originalOffset);
      out.push({ range: { start: at, end: at }, newText: pending });
    }
    return out;
  }

  private insertAt(at: number, text: string): void {
    if (!text) return;
    let offset = 0;
    for (let i = 0; i < this.pieces.length; i++) {
      const piece = this.pieces[i];
      const end = offset + piece.text.length;
      if (at > end || (at === end && piece.origin !== undefined && i < this.pieces.length - 1)) {
        offset = end;
        continue;
      }
      const within = at - offset;
      if (piece.origin === undefined) {
        piece.text = piece.text.slice(0, within) + text + piece.text.slice(within);
      } else if (within === 0) {
        this.pieces.splice(i, 0, { origin: undefined, text });
      } else {
        const before: Piece = { origin: piece.origin, text: piece.text.slice(0, within) };
        const after: Piece = { origin: piece.origin + within, text: piece.text.slice(within) };
        this.pieces.splice(i, 1, before, { origin: undefined, text }, ...(after.text ? [after] : []));
      }
      return;
    }
    this.pieces.push({ origin: undefined, text });
  }
}

function positionAt(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo] };
}
