/**
 * `specHandoff/documents` from the index's entries: top-level documents by
 * path, each with the documents linking to it (a spec with its handoffs). A
 * document sits under its target only when the target is top level itself,
 * so chains and cycles stay visible at the top.
 */
import type { DocumentGroup, DocumentInfo, DocumentsResult } from '../protocol';
import type { IndexEntry } from './index-entry';
import { pathKey } from './convert';

export function documentGroups(
  entries: ReadonlyMap<string, IndexEntry>,
  state: { complete: boolean; truncated: boolean },
  uriOfLinked: (absolutePath: string) => string,
): DocumentsResult {
  const sorted = [...entries.values()].sort((a, b) =>
    a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0,
  );
  const resolved = (e: IndexEntry): IndexEntry | undefined =>
    e.linkedKey && e.linkedKey !== pathKey(e.path) ? entries.get(e.linkedKey) : undefined;
  const parentOf = (e: IndexEntry): IndexEntry | undefined => {
    const target = resolved(e);
    return target && !resolved(target) ? target : undefined;
  };
  const info = (e: IndexEntry): DocumentInfo => {
    const result: DocumentInfo = {
      uri: e.uri,
      path: e.relativePath,
      kind: e.kindId,
      kindTitle: e.kindTitle,
      title: e.title,
      summary: e.summary,
      readiness: e.readiness,
      summaryLine: e.summaryLine,
    };
    if (e.linkedPath) result.specUri = uriOfLinked(e.linkedPath);
    return result;
  };
  const groups = new Map<string, DocumentGroup>();
  for (const e of sorted) if (!parentOf(e)) groups.set(pathKey(e.path), { document: info(e), linked: [] });
  for (const e of sorted) {
    const parent = parentOf(e);
    if (parent) groups.get(pathKey(parent.path))?.linked.push(info(e));
  }
  return { complete: state.complete, truncated: state.truncated, groups: [...groups.values()] };
}
