/** New documents from a kind's schema: front matter, title, every required section with its template. */
import type { DocumentKind } from './schema/types';
import { sectionMarkdown } from './fixes/insert-section';
import { valueFor } from './fixes/front-matter';

export function newDocumentText(
  kind: DocumentKind,
  title: string,
  eol = '\n',
  extraFrontMatter: Record<string, string> = {},
): string {
  const parts: string[] = [];
  if (kind.frontMatter) {
    const required = (kind.frontMatter as { required?: unknown }).required;
    const keys = new Set(['type', ...(Array.isArray(required) ? required.map(String) : [])]);
    const lines = [...keys].filter((k) => !(k in extraFrontMatter)).map((k) => `${k}: ${valueFor(kind, k, title)}`);
    for (const [k, v] of Object.entries(extraFrontMatter)) lines.push(`${k}: ${v}`);
    parts.push(['---', ...lines, '---'].join(eol) + eol);
  }
  if (kind.titleRequired) parts.push(`# ${kind.titleTemplate.replace(/\{\{\s*title\s*\}\}/g, title)}${eol}`);
  for (const spec of kind.sections) {
    if (spec.required) parts.push(sectionMarkdown(spec, eol));
  }
  return parts.join(eol);
}
