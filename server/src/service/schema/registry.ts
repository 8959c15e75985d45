/**
 * The set of known document kinds, and which kind a document is.
 */
import picomatch from 'picomatch';
import type { DocumentKind } from './types';
import { loadSchemaText, resolveKinds, type LoadedFile, type SchemaProblem } from './load';
import { didYouMean } from '../parse/titles';

export interface SchemaFileText {
  source: string;
  text: string;
}

/**
 * One kind of a built-in preset (`schemas/presets/<preset>/<kind id>.yaml`).
 * The host lists them (a folder listing) and reads a file only when the
 * preset is selected or a loaded kind `extends:` one of its kinds.
 */
export interface PresetFile {
  preset: string;
  kindId: string;
  source: string;
  /** The file's text, or undefined when it cannot be read. */
  read: () => string | undefined;
}

/** A preset (or one preset kind) asked for by name, and where it was asked for (problems point there). */
export interface PresetRequest {
  name: string;
  source: string;
  /** Zero-based. */
  line: number;
  column: number;
}

export interface PresetSelection {
  /** Every preset kind the host ships. */
  available: readonly PresetFile[];
  /** The presets to use: their kinds match documents like any other kind. */
  use: readonly PresetRequest[];
}

/** The preset files a name stands for: every kind of the preset of that name, else the one preset kind with that id. */
export function presetFilesFor(name: string, available: readonly PresetFile[]): PresetFile[] {
  const whole = available.filter((p) => p.preset === name);
  return whole.length ? whole : available.filter((p) => p.kindId === name);
}

/** "Unknown preset" with a did-you-mean over preset names and preset kind ids, and the list of presets. */
export function unknownPresetMessage(name: string, available: readonly PresetFile[]): string {
  const presets = [...new Set(available.map((p) => p.preset))];
  const list = presets
    .map((preset) => {
      const kinds = available.filter((p) => p.preset === preset).map((p) => p.kindId);
      return kinds.length === 1 && kinds[0] === preset ? preset : `${preset} (${kinds.join(', ')})`;
    })
    .join(', ');
  const hint = didYouMean(name, [...presets, ...available.map((p) => p.kindId)]);
  return `Unknown preset "${name}".${hint} ${presets.length ? `Built-in presets: ${list}.` : 'No built-in presets are installed.'}`;
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

  /**
   * Builds a registry from schema file texts; later files replace earlier kinds with the same id.
   * With `presets`, the selected presets' kinds come first (so their globs are tried before the
   * built-in kinds'), and a preset kind that a loaded kind `extends:` is read as a parent only:
   * it is resolved for inheritance but matches no document unless its preset is selected too.
   */
  static fromTexts(files: SchemaFileText[], presets?: PresetSelection): SchemaRegistry {
    const problems: SchemaProblem[] = [];
    const available = presets?.available ?? [];
    const read = new Set<string>();
    const readPreset = (file: PresetFile): LoadedFile | undefined => {
      if (read.has(file.source)) return undefined;
      read.add(file.source);
      const text = file.read();
      if (text === undefined) {
        problems.push({
          source: file.source,
          line: 0,
          column: 0,
          message: `Cannot read the preset file of "${file.kindId}" (preset ${file.preset}).`,
        });
        return undefined;
      }
      return loadSchemaText(text, file.source);
    };
    const selected: LoadedFile[] = [];
    for (const request of presets?.use ?? []) {
      const matching = presetFilesFor(request.name, available);
      if (!matching.length) {
        problems.push({
          source: request.source,
          line: request.line,
          column: request.column,
          message: unknownPresetMessage(request.name, available),
        });
        continue;
      }
      for (const file of matching) {
        const loaded = readPreset(file);
        if (loaded) selected.push(loaded);
      }
    }
    const loaded = [...selected, ...files.map((f) => loadSchemaText(f.text, f.source))];
    // Parents from presets that nothing loaded defines, followed transitively.
    const defined = new Set(loaded.map((f) => f.kind?.id));
    const parents: LoadedFile[] = [];
    const wanted = loaded.map((f) => f.kind?.extends);
    for (let i = 0; i < wanted.length; i++) {
      const id = wanted[i];
      if (id === undefined || defined.has(id)) continue;
      defined.add(id);
      const file = available.find((p) => p.kindId === id);
      const parent = file ? readPreset(file) : undefined;
      if (!parent) continue;
      parents.push(parent);
      wanted.push(parent.kind?.extends);
    }
    const resolved = resolveKinds(
      [...parents, ...loaded],
      available.map((p) => p.kindId),
    );
    problems.push(...resolved.problems);
    const parentOnly = new Set(parents.map((f) => f.kind?.id));
    const kinds = resolved.kinds.filter((k) => !parentOnly.has(k.id));
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
