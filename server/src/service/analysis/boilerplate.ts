/**
 * A section's `boilerplate`: required text the schema says must stay in the
 * section (a KEP's "- [ ] I/we understand the owners …" line). It is
 * compared loosely — whitespace and line breaks collapse, a list item's
 * bullet (`-`, `*`, `+`) and a task box's state (`[ ]`, `[x]`) do not
 * matter — so reflowing it or ticking its checkbox keeps it present.
 *
 * SH032 reports an entry that is gone; SH002 (and the rules that ask it
 * whether a section is written) cuts the boilerplate out of the section and
 * of the example first: it is neither the writer's content nor example text.
 */
import type { ScannedDocument } from '../parse/scanner';

const BULLET = /^\s*[-*+](\s+\[ *[xX]? *\])?(?=\s)/;
/** A box at the start of a line without a bullet, as the KEP template writes it ("[ ] I/we understand …"; real KEPs tick it "[x]", "[ X ]", "[x ]"). */
const BARE_BOX = /^\s*\[ *[xX]? *\](?=\s)/;

/** One line as compared: bullet and task box made uniform, whitespace collapsed. */
function boilerplateLineKey(line: string): string {
  return line
    .replace(BULLET, (_, box: string | undefined) => (box ? '- [ ]' : '-'))
    .replace(BARE_BOX, '[ ]')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A text as compared: its lines' keys joined by one space. */
function textKey(lines: readonly string[]): string {
  return lines
    .map(boilerplateLineKey)
    .filter((l) => l !== '')
    .join(' ');
}

/**
 * The lines as compared (see above) with the first occurrence of each entry
 * cut out: what is left is the writer's own text (or the example's).
 */
export function withoutBoilerplate(lines: readonly string[], boilerplate: readonly string[]): string {
  let key = textKey(lines);
  for (const entry of boilerplate) {
    const e = textKey(entry.split('\n'));
    const at = e ? key.indexOf(e) : -1;
    if (at >= 0) key = `${key.slice(0, at)} ${key.slice(at + e.length)}`;
  }
  return key.replace(/\s+/g, ' ').trim();
}

/** The entries not found in lines [start, end) of the document (loosely compared, see above), in schema order. */
export function missingBoilerplate(
  doc: ScannedDocument,
  start: number,
  end: number,
  boilerplate: readonly string[],
): string[] {
  if (!boilerplate.length) return [];
  const body = textKey(doc.lines.slice(start, end));
  return boilerplate.filter((entry) => !body.includes(textKey(entry.split('\n'))));
}
