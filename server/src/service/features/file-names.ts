/**
 * The one home for the names of new documents: the file a new document of a
 * kind gets, and the file a generated document (a handoff) gets beside its
 * source (a spec). The CLI, the server and (through the server) the client
 * all name files here.
 */
import * as nodePath from 'node:path';
import type { DocumentKind } from '../schema/types';

/** `spec` for a kind matched by `**\/*.spec.md`: the suffix that keeps a file matched without front matter; else the kind id. */
export function kindFileSuffix(kind: DocumentKind): string {
  return kind.match.globs.map((g) => /\*\.([\w-]+)\.md$/.exec(g)?.[1]).find((s) => s !== undefined) ?? kind.id;
}

/** A file name stem from a title: "Export invoices as CSV" → "export-invoices-as-csv". */
export function slugifyFileName(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'untitled'
  );
}

/** "Export invoices as CSV" of kind spec → `export-invoices-as-csv.spec.md`. */
export function newDocumentFileName(kind: DocumentKind, title: string): string {
  return `${slugifyFileName(title)}.${kindFileSuffix(kind)}.md`;
}

/**
 * A name the user typed (`export`, `export.md`, `export.spec.md`) as a file
 * name of the kind: `export.spec.md`.
 */
export function fileNameOfKind(kind: DocumentKind, typed: string): string {
  const suffix = kindFileSuffix(kind);
  let stem = typed.trim().replace(/\.(md|markdown)$/i, '');
  if (stem.toLowerCase().endsWith(`.${suffix.toLowerCase()}`)) stem = stem.slice(0, -suffix.length - 1);
  return `${stem || 'untitled'}.${suffix}.md`;
}

/** `docs/export.spec.md` (a spec) → `export.handoff.md`: the source's name without its kind suffix, with the generated kind's. */
export function linkedFileName(sourcePath: string, sourceKind: DocumentKind, kind: DocumentKind): string {
  let stem = nodePath.basename(sourcePath).replace(/\.(md|markdown)$/i, '');
  for (const suffix of new Set([kindFileSuffix(sourceKind), sourceKind.id])) {
    if (stem.toLowerCase().endsWith(`.${suffix.toLowerCase()}`)) {
      stem = stem.slice(0, -suffix.length - 1);
      break;
    }
  }
  return fileNameOfKind(kind, stem);
}
