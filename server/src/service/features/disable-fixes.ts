/**
 * "Disable SH014 for this line" and "… for this file": quick fixes that
 * insert a suppression comment (suppressions.ts). Insert-only, never
 * preferred (fix-all and `--fix` never silence anything). When a matching
 * comment without a reason is already there, the code is inserted into it
 * instead of writing a second comment.
 */
import type { ParsedDocument } from '../parse/document';
import type { Finding, Fix, Position } from '../types';
import { findRule } from '../rules';
import { directiveText, readDirectives, type Directive } from '../suppressions';

export function disableFixes(doc: ParsedDocument, finding: Finding): Fix[] {
  if (!findRule(finding.code)) return []; // notices (SH000) and unused-suppression reports are not rules
  const directives = readDirectives(doc);
  const fixes: Fix[] = [];
  const line = finding.range.start.line;
  const lineFix = lineEdit(doc, directives, line, finding.code);
  if (lineFix)
    fixes.push({
      title: `Disable ${finding.code} for this line`,
      kind: 'insert',
      isPreferred: false,
      edits: [lineFix],
    });
  const fileFix = fileEdit(doc, directives, finding.code);
  if (fileFix)
    fixes.push({
      title: `Disable ${finding.code} for this file`,
      kind: 'insert',
      isPreferred: false,
      edits: [fileFix],
    });
  return fixes;
}

type Edit = { range: { start: Position; end: Position }; newText: string };

const insertAt = (position: Position, newText: string): Edit => ({
  range: { start: position, end: position },
  newText,
});

/** Inserts ` CODE` into an existing directive's rule list (before ` -->`), when it lists rules and gives no reason. */
function extend(doc: ParsedDocument, d: Directive, code: string): Edit | undefined {
  if (d.codes === undefined || d.unknown.length > 0) return undefined;
  const text = doc.lines[d.line].slice(d.range.start.character, d.range.end.character);
  if (/\s--(\s|$)/.test(text.slice(4, -3))) return undefined; // has a reason: leave the user's sentence alone
  const close = text.lastIndexOf('-->');
  let at = close;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  return insertAt({ line: d.line, character: d.range.start.character + at }, ` ${code}`);
}

function lineEdit(doc: ParsedDocument, directives: Directive[], line: number, code: string): Edit | undefined {
  // Findings on the first line are about the whole document (no front matter, no title): they stay on line 1, so only the file fix helps.
  if (line === 0) return undefined;
  const kind = doc.lineKinds[line];
  if (kind === undefined || kind === 'frontMatter' || kind === 'fence' || kind === 'code' || kind === 'comment')
    return undefined;
  if (doc.unclosedFrontMatterLine !== undefined && line >= doc.unclosedFrontMatterLine) return undefined;
  const text = doc.lines[line];
  if (/^\s*\|/.test(text)) return undefined; // a comment line would cut a table in two
  const above = directives.find((d) => d.kind === 'disable-next-line' && d.line === line - 1);
  if (above) {
    if (above.codes?.includes(code)) return undefined;
    return extend(doc, above, code);
  }
  // Same indentation and quote markers, so the comment stays inside the list item or block quote.
  const prefix = /^[ \t>]*/.exec(text)?.[0] ?? '';
  return insertAt({ line, character: 0 }, `${prefix}${directiveText('disable-next-line', code)}${doc.eol}`);
}

function fileEdit(doc: ParsedDocument, directives: Directive[], code: string): Edit | undefined {
  const existing = directives.filter((d) => d.kind === 'disable-file');
  if (existing.some((d) => d.codes === undefined || d.codes.includes(code))) return undefined;
  for (const d of existing) {
    const edit = extend(doc, d, code);
    if (edit) return edit;
  }
  if (doc.openBlockCloser !== undefined || doc.unclosedFrontMatterLine !== undefined) return undefined; // the end of the file is inside code or a comment
  const last = doc.lines.length - 1;
  const lastText = doc.lines[last];
  const lead = lastText === '' ? (last > 0 && doc.lines[last - 1].trim() !== '' ? doc.eol : '') : doc.eol + doc.eol;
  return insertAt(
    { line: last, character: lastText.length },
    `${lead}${directiveText('disable-file', code)}${doc.eol}`,
  );
}
