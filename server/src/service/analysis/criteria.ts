/**
 * Acceptance criteria as data: the top-level items of a kind's checklist
 * sections, with their IDs (`AC-1`, `FR-001`, per the kind's pattern),
 * ticked state and whether an open one is explained. Rules, the checklist,
 * handoff generation and traceability read this one list.
 */
import type { DocSection } from '../parse/document';
import { compileUserPattern } from '../regex';
import type { DocumentKind } from '../schema/types';
import type { RuleContext } from './context';
import { findPlaceholders } from '../parse/placeholders';

export interface Criterion {
  id: string | undefined;
  /** The criterion's text without checkbox and ID. */
  text: string;
  checked: boolean | null;
  line: number;
  /** Column where the ID goes (after marker and checkbox). */
  idColumn: number;
  /** Column range of the ID, when present. */
  idStart: number;
  idEnd: number;
  /** More than one sentence, or nested lines, and no placeholder left: the writer said something beyond the criterion itself. */
  explained: boolean;
  section: DocSection;
}

/**
 * `^(ID)` anchored after optional bold/brackets, on RE2 (linear time: the ID
 * pattern is the user's). `exec` returns the ID as `m[1]`, like a RegExp.
 */
export function criterionIdRegex(kind: DocumentKind): { exec(text: string): [string, string] | null } {
  const re = compileUserPattern(`^(?:\\*\\*|__|\\[)?(${kind.criteria.idPattern})(?:\\*\\*|__|\\])?\\s*[:.)\\-–—]?\\s*`);
  if (typeof re === 'string') return { exec: () => null }; // refused when the schema loaded; never reached
  return {
    exec(text) {
      const m = re.matcher(text);
      return m.find() ? [m.group(0) ?? '', m.group(1) ?? ''] : null;
    },
  };
}

export function criteriaOf(ctx: RuleContext): Criterion[] {
  const out: Criterion[] = [];
  const idRe = criterionIdRegex(ctx.kind);
  for (const section of ctx.doc.sections) {
    if (!ctx.specFor(section)?.rules.checklist) continue;
    for (const item of ctx.body(section).listItems) {
      if (item.depth !== 0) continue;
      const lineText = ctx.doc.lines[item.line];
      const afterMarker = lineText.slice(item.contentColumn, item.contentColumn + 300);
      const box = /^\[[ xX]\]\s+/.exec(afterMarker);
      const idColumn = item.contentColumn + (box ? box[0].length : 0);
      const rest = lineText.slice(idColumn, idColumn + 300);
      const m = idRe.exec(rest);
      const id = m ? m[1] : undefined;
      const idStart = m ? idColumn + rest.indexOf(m[1]) : -1;
      const text = (m ? item.text.slice(item.text.indexOf(m[1]) + m[1].length) : item.text)
        .replace(/^(?:\*\*|__|\])?\s*[:.)\-–—]?\s*/, '')
        .trim();
      const itemLines = ctx.doc.lines.slice(item.line, item.endLine + 1);
      const full = itemLines.join(' ');
      // An explanation that still holds a placeholder (a generated `- Evidence: TODO`) explains nothing yet.
      const placeholderLeft = itemLines.some((l) => findPlaceholders(l, ctx.kind.placeholders).length > 0);
      const sentences = full
        .slice(item.contentColumn)
        .split(/[.!?](?:\s|$)/)
        .filter((s) => /[\p{L}\p{N}]/u.test(s));
      out.push({
        id,
        text,
        checked: item.checked,
        line: item.line,
        idColumn,
        idStart,
        idEnd: m ? idStart + m[1].length : -1,
        explained:
          !placeholderLeft &&
          (sentences.length >= 2 ||
            (item.endLine > item.line &&
              /[\p{L}\p{N}]/u.test(ctx.doc.lines.slice(item.line + 1, item.endLine + 1).join(' ')))),
        section,
      });
    }
  }
  return out;
}
