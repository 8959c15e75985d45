/**
 * The set of known document kinds, and which kind a document is.
 */
import picomatch from 'picomatch';
import type { DocumentKind } from './types';
import { loadSchemaText, resolveKinds, type SchemaProblem } from './load';

export interface SchemaFileText {
  source: string;
  text: string;
}

export interface MatchRequest {
  /** Workspace-relative path with forward slashes, if the document has one. */
  relativePath?: string;
  /** The front matter's `type:` value, if any. */
  frontMatterType?: string;
  /** An explicit kind id (CLI `--schema`, or a command's choice). */
  override?: string;
  /** Glob → kind id, from `.spec-handoff.yaml` and settings; checked before the kinds' own globs. */
  associations?: Record<string, string>;
}

export class SchemaRegistry {
  private readonly byId = new Map<string, DocumentKind>();
  private readonly globCache = new Map<string, (path: string) => boolean>();

  constructor(
    readonly kinds: readonly DocumentKind[],
    readonly problems: readonly SchemaProblem[],
  ) {
    for (const kind of kinds) this.byId.set(kind.id, kind);
  }

  /** Builds a registry from schema file texts; later files replace earlier kinds with the same id. */
  static fromTexts(files: SchemaFileText[]): SchemaRegistry {
    const loaded = files.map((f) => loadSchemaText(f.text, f.source));
    const { kinds, problems } = resolveKinds(loaded);
    const order = new Map(loaded.map((f, i) => [f.kind?.id, i]));
    kinds.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return new SchemaRegistry(kinds, problems);
  }

  get(id: string): DocumentKind | undefined {
    return this.byId.get(id);
  }

  /**
   * Precedence: explicit override, then configured associations, then front
   * matter `type:`, then each kind's own globs. No match → undefined, and the
   * document gets no diagnostics at all.
   */
  match(request: MatchRequest): DocumentKind | undefined {
    if (request.override) return this.byId.get(request.override);
    const path = request.relativePath?.replace(/\\/g, '/');
    if (path && request.associations) {
      for (const [glob, id] of Object.entries(request.associations)) {
        if (this.globMatches(glob, path)) {
          const kind = this.byId.get(id);
          if (kind) return kind;
        }
      }
    }
    if (request.frontMatterType) {
      const type = request.frontMatterType.toLowerCase();
      const kind = this.kinds.find((k) => k.match.frontMatterType.some((t) => t.toLowerCase() === type));
      if (kind) return kind;
    }
    if (path) {
      for (const kind of this.kinds) {
        if (
          kind.match.globs.some((g) => this.globMatches(g, path)) &&
          !kind.match.exclude.some((g) => this.globMatches(g, path))
        )
          return kind;
      }
    }
    return undefined;
  }

  private globMatches(glob: string, path: string): boolean {
    let matcher = this.globCache.get(glob);
    if (!matcher) {
      matcher = picomatch(glob, { dot: true, nocase: process.platform === 'win32' });
      this.globCache.set(glob, matcher);
    }
    return matcher(path);
  }
}
