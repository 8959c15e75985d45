/**
 * Incremental rescanning: after an edit, only the lines around it are split
 * and scanned again; the rest of the previous scan is reused (its lines,
 * kinds and headings, shifted by the number of lines the edit added or
 * removed).
 *
 * Where it can: the rescan starts at a "top-level" line above the edit (the
 * line above it is blank and no list item, quote, fence or other block is
 * still open there, so nothing that follows depends on what came before) and
 * stops at the first top-level line past the edit where the old scan and the
 * new one are both top level. It falls back to a full scan
 * when the edit touches front matter or the first lines (which decide
 * whether there is front matter at all), when the previous scan has an
 * unclosed front matter block, or when the change window does not add up
 * (a defensive check: a wrong window must cost time, never correctness).
 * The property tests check that a rescan equals a fresh scan.
 */
import {
  eolOf,
  scanBlocks,
  scanDocument,
  splitLines,
  type EolCounts,
  type LineKind,
  type ScannedBlock,
  type ScannedDocument,
  type ScannedHeading,
} from './scanner';

/**
 * The lines an edit (or a series of edits) touched, in the new text's
 * coordinates (inclusive), and how many lines the text gained (negative:
 * lost) since the previous scan.
 */
export interface ChangedLines {
  first: number;
  last: number;
  lineDelta: number;
}

/**
 * Adds one edit to the lines changed since the previous scan. `startLine` and
 * `endLine` are the edit's range in the text it applies to (so in the
 * coordinates after the edits before it); `insertedLineBreaks` counts the
 * line breaks in its new text.
 */
export function addChange(
  changed: ChangedLines | undefined,
  startLine: number,
  endLine: number,
  insertedLineBreaks: number,
): ChangedLines {
  const delta = insertedLineBreaks - (endLine - startLine);
  const lastOfEdit = startLine + insertedLineBreaks;
  if (!changed) return { first: startLine, last: lastOfEdit, lineDelta: delta };
  // The earlier window's last line moves with the edit when it lies below it, and is swallowed when inside it.
  const earlierLast =
    changed.last > endLine ? changed.last + delta : changed.last >= startLine ? lastOfEdit : changed.last;
  return {
    first: Math.min(changed.first, startLine),
    last: Math.max(earlierLast, lastOfEdit),
    lineDelta: changed.lineDelta + delta,
  };
}

/** Counts the line breaks in an edit's new text the way `splitLines` does (CRLF, LF and a lone CR). */
export function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/**
 * How rescans went in this process (the server reports them in
 * `specHandoff/serverInfo`, so tests can see that edits take the incremental
 * path): `incremental` reused the previous scan, `full` fell back.
 */
export const rescanCounts = { incremental: 0, full: 0 };

/** `scanDocument(text)`, reusing `previous` outside the changed lines. */
export function rescanDocument(previous: ScannedDocument, text: string, changed: ChangedLines): ScannedDocument {
  const rescanned = tryRescan(previous, text, changed);
  if (rescanned) rescanCounts.incremental++;
  else rescanCounts.full++;
  return rescanned ?? scanDocument(text);
}

function tryRescan(prev: ScannedDocument, text: string, changed: ChangedLines): ScannedDocument | undefined {
  const oldCount = prev.lines.length;
  const newCount = oldCount + changed.lineDelta;
  if (changed.first < 0 || changed.first > changed.last || changed.last >= newCount) return undefined;
  // Front matter is decided by the first lines and the first closing fence: edits near it rescan everything.
  if (prev.unclosedFrontMatterLine !== undefined) return undefined;
  if (!prev.frontMatter && ['---', '+++'].includes(prev.lines[0].replace(/^\uFEFF/, '').trimEnd())) return undefined;
  const frontMatterEnd = prev.frontMatter ? prev.frontMatter.endLine : 0;

  // Start at an unchanged top-level line (below a blank line, nothing open), where a scan reads as from the start.
  let from = changed.first - 1;
  while (from > 0 && !prev.topLevel[from]) from--;
  if (from <= frontMatterEnd + 1) return undefined;

  // Old lines [from, oldTail) became new lines [from, changed.last + 1); the tail after them is unchanged.
  const oldTail = changed.last + 1 - changed.lineDelta;
  if (oldTail < from || oldTail > oldCount) return undefined;
  const charDelta = text.length - prev.text.length;
  const middleStart = prev.lineStarts[from];
  const oldMiddleEnd = oldTail < oldCount ? prev.lineStarts[oldTail] : prev.text.length;
  const newMiddleEnd = oldMiddleEnd + charDelta;
  if (newMiddleEnd < middleStart) return undefined;
  // A lone CR above the edit that the edit turned into a CRLF merges two lines: the window is wrong.
  if (prev.text.charCodeAt(middleStart - 1) === 13 && text.charCodeAt(middleStart) === 10) return undefined;
  if (text.slice(0, middleStart) !== prev.text.slice(0, middleStart)) return undefined;

  const middle = splitLines(text.slice(middleStart, newMiddleEnd));
  const oldMiddle = splitLines(prev.text.slice(middleStart, oldMiddleEnd));
  if (oldTail < oldCount) {
    // Both middles end with the line break before the tail: drop the empty "line" after it.
    middle.lines.pop();
    middle.lineStarts.pop();
    oldMiddle.lines.pop();
  }
  if (from + middle.lines.length !== changed.last + 1) return undefined;
  if (middle.lines.length && oldTail < oldCount && !endsWithLineBreak(text, newMiddleEnd)) return undefined;

  const lines = [...prev.lines.slice(0, from), ...middle.lines, ...prev.lines.slice(oldTail)];
  const lineStarts = [
    ...prev.lineStarts.slice(0, from),
    ...middle.lineStarts.map((s) => s + middleStart),
    ...prev.lineStarts.slice(oldTail).map((s) => s + charDelta),
  ];
  const lineKinds: LineKind[] = prev.lineKinds.slice(0, from);
  for (let i = from; i < newCount; i++) lineKinds.push('text');
  const headings: ScannedHeading[] = prev.headings.filter((h) => h.lastLine < from);
  const blocks: ScannedBlock[] = prev.blocks.filter((b) => b.start < from);
  const topLevel = new Uint8Array(newCount);
  topLevel.set(prev.topLevel.subarray(0, from));

  const delta = changed.lineDelta;
  const { stoppedAt, openBlockCloser } = scanBlocks(
    { lines, hasBom: prev.hasBom, lineKinds, headings, blocks, topLevel },
    from,
    (line) => line - 1 > changed.last && prev.topLevel[line - delta] === 1,
  );
  let closer = openBlockCloser;
  if (stoppedAt < newCount) {
    // Converged: the rest is the previous scan, moved by the lines the edit added or removed.
    for (let i = stoppedAt; i < newCount; i++) {
      lineKinds[i] = prev.lineKinds[i - delta];
      topLevel[i] = prev.topLevel[i - delta];
    }
    for (const h of prev.headings)
      if (h.line >= stoppedAt - delta)
        headings.push(delta ? { ...h, line: h.line + delta, lastLine: h.lastLine + delta } : h);
    for (const b of prev.blocks)
      if (b.start >= stoppedAt - delta) blocks.push(delta ? { ...b, start: b.start + delta, end: b.end + delta } : b);
    closer = prev.openBlockCloser;
  }

  const eolCounts: EolCounts = {
    crlf: prev.eolCounts.crlf - oldMiddle.eolCounts.crlf + middle.eolCounts.crlf,
    lf: prev.eolCounts.lf - oldMiddle.eolCounts.lf + middle.eolCounts.lf,
  };
  return {
    text,
    lines,
    lineStarts,
    eol: eolOf(eolCounts),
    eolCounts,
    hasBom: prev.hasBom,
    frontMatter: prev.frontMatter,
    unclosedFrontMatterLine: undefined,
    headings,
    lineKinds,
    blocks,
    topLevel,
    openBlockCloser: closer,
  };
}

function endsWithLineBreak(text: string, end: number): boolean {
  const c = text.charCodeAt(end - 1);
  return c === 10 || c === 13;
}
