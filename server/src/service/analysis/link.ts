/**
 * Where a document links through its kind's trace key (a handoff's `spec:`):
 * the one place that resolves it, for the analysis (which reads the linked
 * document through the host) and for the server (which re-checks the
 * documents that link to a file when that file changes).
 */
import * as nodePath from 'node:path';
import type { DocumentKind } from '../schema/types';

export interface LinkTarget {
  /** The value as written in the front matter. */
  written: string;
  /** Resolved against the document's folder (as written when the document has no path). */
  absolutePath: string;
  /** A URL (`https:`, `file:` …): never read. */
  isUrl: boolean;
}

export function linkTargetOf(
  kind: DocumentKind,
  frontMatterData: Record<string, unknown> | undefined,
  documentPath: string | undefined,
): LinkTarget | undefined {
  const key = kind.trace?.frontMatterKey;
  const written = key ? frontMatterData?.[key] : undefined;
  if (typeof written !== 'string' || !written.trim()) return undefined;
  const trimmed = written.trim();
  return {
    written,
    absolutePath: documentPath ? nodePath.resolve(nodePath.dirname(documentPath), trimmed) : trimmed,
    isUrl: /^[a-z][a-z0-9+.-]*:/i.test(trimmed),
  };
}
