/**
 * The server's WorkspaceHost: a linked document (a handoff's spec) is read
 * from its OPEN editor text first and from the disk second, so a handoff's
 * cross-file diagnostics follow the spec as it is typed. Also: which document
 * an analysis links to, so the server can re-check the dependents of a
 * document that changed.
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { linkTargetOf, type Analysis, type WorkspaceHost } from '../service';
import { diskHost, isInside, realPathLoose } from '../node/server-host';
import { pathKey, uriToPath } from './convert';

export class EditorHost implements WorkspaceHost {
  /** pathKey → URI of the open document with that path. */
  private readonly open = new Map<string, string>();
  private realRoots: string[] = [];

  /** The editor's workspace folders: links lead only inside them (none known: nothing is refused). */
  setRoots(roots: readonly string[]): void {
    this.realRoots = roots.map((r) => realPathLoose(r));
  }

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly disk: WorkspaceHost = diskHost,
  ) {
    documents.onDidOpen((e) => {
      const file = uriToPath(e.document.uri);
      if (file) this.open.set(pathKey(file), e.document.uri);
    });
    documents.onDidClose((e) => {
      const file = uriToPath(e.document.uri);
      if (file && this.open.get(pathKey(file)) === e.document.uri) this.open.delete(pathKey(file));
    });
  }

  /** The URI of the open document at this path, if one is open. */
  openUri(file: string): string | undefined {
    const uri = this.open.get(pathKey(file));
    return uri && this.documents.get(uri) ? uri : undefined;
  }

  /** The open document's text at this path, if it is open. */
  openText(file: string): string | undefined {
    const uri = this.openUri(file);
    return uri ? this.documents.get(uri)?.getText() : undefined;
  }

  contains(file: string): boolean {
    return this.realRoots.length === 0 || this.realRoots.some((r) => isInside(r, realPathLoose(file)));
  }

  exists(file: string): boolean {
    return this.contains(file) && (this.openUri(file) !== undefined || this.disk.exists(file));
  }

  readFile(file: string): string | undefined {
    if (!this.contains(file)) return undefined;
    return this.openText(file) ?? this.disk.readFile?.(file);
  }
}

/**
 * The absolute path an analysis links to through its kind's trace key (a
 * handoff's `spec:`), resolved as the engine resolves it — without reading
 * the file. Undefined when the kind has no trace, the key is absent, or the
 * value is a URL.
 */
export function linkedPathOf(analysis: Analysis | undefined, file: string | undefined): string | undefined {
  const target = analysis?.kind && file ? linkTargetOf(analysis.kind, analysis.frontMatter.data, file) : undefined;
  return target && !target.isUrl ? target.absolutePath : undefined;
}
