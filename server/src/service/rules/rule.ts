/**
 * What a rule is. Rules are one file each, listed in `rules/index.ts`; each
 * reads the shared `RuleContext` and returns findings without code, name or
 * severity (the engine adds those from the rule and the configuration).
 */
import type { ParsedDocument, DocSection } from '../parse/document';
import type { BodyContent, BodyLink } from '../parse/content';
import type { FrontMatterInfo } from '../parse/frontmatter';
import type { DocumentKind, SectionSpec } from '../schema/types';
import type { SectionMatching } from '../analysis/matching';
import type { Finding, Severity } from '../types';
import type { Analysis } from '../analysis/analyze';

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
  /** The section's own body (no subsections), parsed and cached; positions are document positions. */
  body(section: DocSection): BodyContent;
  /** Every link outside code in the document (line-based: cheap on any size). */
  links(): BodyLink[];
  /** A section's own prose (no subsections, code or markup) and its word count, line-based. */
  prose(section: DocSection): { text: string; words: number };
  /** The document named by the kind's trace key (a handoff's `spec:`), analysed; undefined when the key is absent. */
  linked(): LinkedDocument | undefined;
  /** The spec a heading stands for (exact match or near miss). */
  specFor(section: DocSection): SectionSpec | undefined;
}

export type RuleFinding = Omit<Finding, 'code' | 'rule' | 'severity'>;

export interface Rule {
  /** Stable code, e.g. `SH001`; never reused. */
  code: string;
  /** Stable kebab-case name, usable instead of the code in configuration. */
  name: string;
  /** One sentence: what the rule reports. */
  description: string;
  defaultSeverity: Severity;
  check(context: RuleContext): RuleFinding[];
}
