/**
 * The shared vocabulary of one analysis: what the service knows of other
 * files (`WorkspaceHost`), what every rule reads (`RuleContext`) and what an
 * analysis returns (`Analysis`). Types only, at the bottom of the analysis
 * layer, so readers (criteria, items, trace), rules, fixes and features all
 * depend on it and it depends on none of them.
 */
import type { ParsedDocument, DocSection, PreviousScan } from '../parse/document';
import type { BodyContent, BodyLink } from '../parse/content';
import type { FrontMatterInfo } from '../parse/frontmatter';
import type { DocumentKind, SectionSpec } from '../schema/types';
import type { Finding } from '../types';
import type { SectionMatching } from './matching';

/** What the service needs to know about other files: injected, so tests use an in-memory one. */
export interface WorkspaceHost {
  /** Whether a file or folder exists at this absolute path. */
  exists(absolutePath: string): boolean;
  /** The text of a file (an open editor's text wins over the disk), or undefined; needed for cross-document checks. */
  readFile?(absolutePath: string): string | undefined;
  /**
   * Whether a path is inside the workspace (the folder holding the config,
   * else the checked root or the editor's folders). Links that lead outside
   * are reported, never read. Absent: no workspace is known, nothing is refused.
   */
  contains?(absolutePath: string): boolean;
}

/** A document this one links to (a handoff's spec), analysed. */
export interface LinkedDocument {
  /** The path as written in the front matter. */
  written: string;
  absolutePath: string;
  /** Undefined when the file does not exist or cannot be read. */
  analysis: Analysis | undefined;
  /** The path leads outside the workspace: the file was not read. */
  outside?: boolean;
}

export interface RuleContext {
  doc: ParsedDocument;
  kind: DocumentKind;
  matching: SectionMatching;
  frontMatter: FrontMatterInfo;
  /** Absolute path of the document, when it has one (needed to resolve relative links). */
  path: string | undefined;
  host: WorkspaceHost;
  /** Today's date, YYYY-MM-DD (UTC unless the service was given another clock). */
  today: string;
  /** The section's own body (no subsections), parsed and cached; positions are document positions. */
  body(section: DocSection): BodyContent;
  /**
   * The document's links outside code to a relative path or an in-page anchor, line-based (cheap on any size);
   * links to web addresses may be left out (`linksInLines` with `localOnly`).
   */
  localLinks(): BodyLink[];
  /** A section's own prose (no subsections, code or markup) and its word count, line-based. */
  prose(section: DocSection): { text: string; words: number };
  /** The document named by the kind's trace key (a handoff's `spec:`), analysed; undefined when the key is absent. */
  linked(): LinkedDocument | undefined;
  /** The spec a heading stands for (exact match or near miss). */
  specFor(section: DocSection): SectionSpec | undefined;
}

export interface AnalyzeInput {
  text: string;
  /** Absolute file path, if the document is saved somewhere. */
  path?: string;
  /** Path relative to the workspace root, forward slashes; used for glob matching. */
  relativePath?: string;
  /** Force a kind (CLI --schema, or a command's choice). */
  kindId?: string;
  /** The document's previous scan and the lines edited since: only the edited part is scanned again (the result is the same). */
  previous?: PreviousScan;
  /** Internal: analysing a linked document; its own links are not followed (no cycles, bounded work). */
  noLinks?: boolean;
}

export interface Analysis {
  doc: ParsedDocument;
  frontMatter: FrontMatterInfo;
  /** Undefined when no schema matches: such documents get no findings. */
  kind: DocumentKind | undefined;
  matching: SectionMatching | undefined;
  findings: Finding[];
  /** Findings silenced by inline `spec-handoff-disable…` comments (not reported; fix-all leaves them alone). */
  suppressed: Finding[];
  /** Why the document was not checked (binary), if it was not. */
  skipped: string | undefined;
  /** The rule context, kept so features (checklist, fixes) can reuse parsed bodies. */
  context: RuleContext | undefined;
}
