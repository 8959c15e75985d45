/**
 * Hover, transport-free: markdown about the schema section a heading stands
 * for (title, required or optional, guidance, the schema's worked example), the document kind on the H1
 * title, and a front matter key's description. Anything else (including
 * the range of a missing-section diagnostic) gets no hover of ours: the
 * diagnostic's own message is shown by the editor.
 */
import type { Analysis } from '../analysis/context';
import type { DocumentKind, SectionSpec } from '../schema/types';
import type { Position, Range } from '../types';
import { frontMatterLines, frontMatterProperties } from './completion';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

export function hover(analysis: Analysis, position: Position): HoverResult | undefined {
  const { doc, kind, matching, context } = analysis;
  if (!kind || !matching || !context) return undefined;
  const line = position.line;
  if (line < 0 || line >= doc.lines.length) return undefined;

  const section = doc.sections.find((s) => s.heading.line <= line && line <= s.heading.lastLine);
  if (section) {
    const range: Range = {
      start: { line: section.heading.line, character: 0 },
      end: { line: section.heading.lastLine, character: doc.lines[section.heading.lastLine].length },
    };
    if (section === matching.title) return { contents: kindHover(kind), range };
    const exact = matching.specOf.get(section);
    if (exact) return { contents: sectionHover(kind, exact), range };
    const near = matching.nearMisses.get(section);
    if (near) return { contents: `*Did you mean **${near.title}**?*\n\n${sectionHover(kind, near)}`, range };
    return undefined;
  }

  const fm = frontMatterLines(analysis);
  if (fm && line > fm.start && line < fm.end) {
    const m = /^([A-Za-z_][\w-]*)[ \t]*:/.exec(doc.lines[line]);
    if (!m || position.character > m[1].length) return undefined;
    const prop = frontMatterProperties(kind)[m[1]];
    if (!prop) return undefined;
    const required =
      ((kind.frontMatter as { required?: unknown } | undefined)?.required as string[] | undefined)?.includes(m[1]) ??
      false;
    const values = Array.isArray(prop.enum) ? `\n\nOne of: ${prop.enum.map((v) => `\`${String(v)}\``).join(', ')}` : '';
    return {
      contents: `**${m[1]}** — ${required ? 'required' : 'optional'} front matter key of ${kind.title}${prop.description ? `\n\n${prop.description}` : ''}${values}`,
      range: { start: { line, character: 0 }, end: { line, character: m[1].length } },
    };
  }
  return undefined;
}

/** The hover text of a schema section (also usable by other front ends). */
export function sectionHover(kind: DocumentKind, spec: SectionSpec): string {
  const parent = spec.parentId ? kind.allSections.find((s) => s.id === spec.parentId) : undefined;
  const where = parent ? ` in "${parent.title}"` : '';
  const aliases = spec.aliases.length ? `\n\nAlso accepted as: ${spec.aliases.map((a) => `"${a}"`).join(', ')}` : '';
  const head = `**${spec.title}** — ${spec.required ? 'required' : 'optional'} section of ${kind.title}${where}`;
  const example = spec.example
    ? `\n\n---\n\n*Example (from the schema; the "Insert example" action adds it, to be replaced with this document's own text):*\n\n${spec.example}`
    : '';
  const boilerplate = spec.boilerplate.length
    ? `\n\n*Required text that must stay in this section (SH032):*\n\n${spec.boilerplate.join('\n\n')}`
    : '';
  return (spec.guidance ? `${head}\n\n${spec.guidance.trim()}${aliases}` : `${head}${aliases}`) + boilerplate + example;
}

function kindHover(kind: DocumentKind): string {
  const required = kind.allSections.filter((s) => s.required).length;
  return `**${kind.title}** document — ${required} required section${required === 1 ? '' : 's'}${kind.description ? `\n\n${kind.description.trim()}` : ''}`;
}
