/**
 * `--column-unit`: what the CLI's columns count. The analysis (like LSP)
 * counts UTF-16 code units; editors that load `path:line:column` lines count
 * bytes (Vim's quickfix `%c`) or characters (Emacs with
 * `compilation-error-screen-columns` nil). After an emoji or CJK text the
 * three differ (docs/cli.md, "Columns and editors").
 */
import { UsageError } from './io';
import type { FileFinding } from './model';

export type ColumnUnit = 'utf16' | 'utf8' | 'char';

/** The accepted names: `byte` is `utf8`, `codepoint` is `char`. */
const NAMES: Record<string, ColumnUnit> = {
  utf16: 'utf16',
  utf8: 'utf8',
  byte: 'utf8',
  char: 'char',
  codepoint: 'char',
};

export function columnUnitOption(value: string | undefined): ColumnUnit {
  if (value === undefined) return 'utf16';
  const unit = NAMES[value.toLowerCase()];
  if (!unit)
    throw new UsageError(
      `Unknown column unit "${value}"; use utf16 (default), utf8 (or byte) or char (Unicode code points).`,
    );
  return unit;
}

/** A zero-based UTF-16 offset on `line` as a zero-based offset in `unit`. */
export function convertColumn(line: string, utf16: number, unit: ColumnUnit): number {
  if (unit === 'utf16') return utf16;
  const before = line.slice(0, utf16);
  const beyond = Math.max(0, utf16 - line.length); // an end just past the line counts on in ones
  if (unit === 'utf8') return Buffer.byteLength(before, 'utf8') + beyond;
  return [...before].length + beyond;
}

/** The finding with its range's characters counted in `unit` (a new object; `lines` are the analysed document's). */
export function findingInUnit(finding: FileFinding, lines: readonly string[], unit: ColumnUnit): FileFinding {
  if (unit === 'utf16') return finding;
  const { start, end } = finding.range;
  return {
    ...finding,
    range: {
      start: { line: start.line, character: convertColumn(lines[start.line] ?? '', start.character, unit) },
      end: { line: end.line, character: convertColumn(lines[end.line] ?? '', end.character, unit) },
    },
  };
}
