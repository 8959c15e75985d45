/**
 * The schema language: what a YAML schema file says, after validation.
 *
 * `RawKind` is the file's shape (validated by `schemas/schema-format.json`);
 * `DocumentKind` is the resolved form the engine uses (extends merged,
 * defaults filled in, sections given their levels and parents).
 */

/** Content rules a section can ask for. All optional. */
export interface SectionContentRules {
  /** Every item in the section must be a task-list item (`- [ ] …`). */
  checklist?: boolean;
  /** Words/phrases that are too vague for this section (matched case-insensitively on word boundaries). */
  avoidWords?: string[];
  /**
   * Each item (or, without a list, the section) must contain a number with a unit, e.g. `200 ms`, `99.9 %`,
   * `1000 concurrent users`; `{ bound: true }` also asks for a percentile or bound (`p95 ≤ 200 ms`, `at most 256 MB`).
   */
  numberWithUnit?: boolean | { bound?: boolean };
  /** The section must state a rationale ("because", "so that", "rationale", "why", "in order to", …). */
  rationale?: boolean;
  /** At least this many items: top-level list items, or subsections when there is no list. */
  minItems?: number;
  /** Each item (list item or subsection) must state its consequences. */
  consequences?: boolean;
  /** Sentence pattern each top-level item must follow. */
  grammar?: 'checklist' | 'ears' | 'given-when-then';
  /** Each listed error must say what happens. */
  errorBehaviour?: boolean;
  /** Each top-level item starts with one of these labels (`blocking:`); blocking/suggestion items must say why. */
  labels?: string[];
  /** Items are open questions; unanswered ones count as open items. */
  openQuestions?: boolean;
  /** Fields the section must state, each as a line or list item starting with `Name:` (`**Name:**` too). */
  fields?: string[];
  /** Labelled comments (see `labels`) with these labels must point at code: `path/file.ts#L42` or `path/file.ts:42`. */
  anchors?: string[];
  /** Labelled comments with these labels need a closed reply thread (`- reviewer: confirmed`) before the front matter `verdict:` is `approve`. */
  threads?: string[];
}

/** A condition on the document: every listed front matter key has the value (or one of the values). */
export interface RawCondition {
  frontMatter: Record<string, string | number | boolean | (string | number | boolean)[]>;
}

/** A section's `level` as written: one level, a list of accepted levels, or a range. */
export type RawLevel = number | number[] | { min: number; max: number };

/** A section as written in a schema file. */
export interface RawSection {
  id: string;
  title: string;
  aliases?: string[];
  /**
   * Heading level: one level (`3`), a list of accepted levels (`[4, 5]`) or a
   * range (`{ min: 3, max: 5 }`). Inserted headings use the first / the
   * minimum. Default: each of the parent's levels + 1 (top-level sections: 2).
   */
  level?: RawLevel;
  /** Default true (false when `requiredWhen` is given). */
  required?: boolean;
  /** The section is required when this condition holds (e.g. an Answer once `status: answered`). */
  requiredWhen?: RawCondition;
  /** Whether this section must keep its schema position among its siblings; default: the kind's `ordered`. */
  ordered?: boolean;
  /** Markdown shown on hover and in the sidebar. */
  guidance?: string;
  /**
   * A realistic worked example of the section's body (no heading line):
   * shown on hover, in the sidebar and by the explicit "Insert example"
   * action. Never inserted by fixes, new documents, snippets or handoff
   * generation — they insert the skeleton (`fixes/skeleton.ts`).
   */
  example?: string;
  /** Deprecated old name of `example`; the loader reads it as `example` when that is absent. */
  template?: string;
  /**
   * Required text that must stay in the section (a line to keep, a checkbox
   * the template mandates): inserted verbatim with the skeleton, never read
   * as content or as example text, and reported (SH032) when removed.
   */
  boilerplate?: string | string[];
  /** Minimum number of words of prose in the section (own content, not subsections). */
  minWords?: number;
  rules?: SectionContentRules;
  /** For kinds with `trace`: ids of sections in the linked document whose items prefill this section when a document is generated from it. */
  prefillFrom?: string[];
  sections?: RawSection[];
}

export interface RawMatch {
  /** Front matter `type:` values that select this kind. */
  frontMatterType?: string[];
  /** Workspace-relative path globs that select this kind. */
  globs?: string[];
  /** Globs this kind never claims (e.g. an ADR folder's README.md). */
  exclude?: string[];
}

/** How criteria are written: as task items (`- [ ] …`), as plain list items, or either. */
export type CriteriaStyle = 'checklist' | 'list' | 'any';

/** Where a kind's acceptance criteria are and how they are identified (`AC-1`, `FR-001`…). */
export interface RawCriteria {
  /** Regular expression for an ID (no anchors, matched whole); default `(?:AC|FR|NFR|SC)-\\d+`. Runs on RE2 (service/regex.ts): linear time whatever its shape. */
  idPattern?: string;
  /** Prefix for IDs the numbering fix adds; default `AC-`. */
  idPrefix?: string;
  /** Ids of the sections whose whole subtree holds the criteria; default: the sections with `rules.checklist: true`. */
  in?: string[];
  /** Whether criteria must be task items (SH008); default `checklist` without `in`, `any` with it. */
  style?: CriteriaStyle;
  /** A heading inside the criteria sections that starts with an ID (`### FR-001: Export`) is a criterion; default true. */
  headings?: boolean;
}

/** Links from this kind to another (a handoff to its spec), checked across files. */
export interface RawTrace {
  /** Front matter key holding the relative path of the linked document; default `spec`. */
  frontMatterKey?: string;
  /** Kind the linked document must be; default `spec`. */
  kind?: string;
  /** Section of this kind that lists the linked document's criteria. */
  criteriaSection: string;
  /** Section of the linked kind whose items must be repeated here (its out-of-scope list). */
  itemsFrom?: string;
  /** Section of this kind where those items must appear (what was not addressed). */
  itemsTo?: string;
  /** Section of this kind where generation lists the decisions and answered questions whose `spec:` links to the linked document. */
  decisionsSection?: string;
}

/** A document kind as written in a schema file. */
export interface RawKind {
  id: string;
  title: string;
  description?: string;
  extends?: string;
  match?: RawMatch;
  /** Whether sections must appear in schema order; default true. */
  ordered?: boolean;
  /** The document's H1 title is required; default true. */
  titleRequired?: boolean;
  /** Template for the H1 title; `{{title}}` is replaced by the document name. */
  titleTemplate?: string;
  /** JSON Schema for the YAML front matter. */
  frontMatter?: Record<string, unknown>;
  /** Placeholder patterns (plain strings, matched case-sensitively as whole words/tokens) on top of the built-in ones. */
  placeholders?: string[];
  criteria?: RawCriteria;
  trace?: RawTrace;
  /**
   * Heading decorations ignored when a heading is matched to a section
   * (`*(mandatory)*`, `(Optional)`, `[optional]`): absent = the built-in
   * list (parse/decorations.ts), `false` = none, a list of RE2 patterns =
   * that list instead.
   */
  headingDecorations?: false | string[];
  sections?: RawSection[];
}

/** A resolved section. */
export interface SectionSpec {
  id: string;
  title: string;
  aliases: string[];
  /** The level inserted headings use: the first listed level, or the range's minimum. */
  level: number;
  /** Every level a heading of this section may have (SH005 accepts any); `[level]` for a single level. */
  levels: number[];
  required: boolean;
  /** Required (even when `required` is false) while this condition holds. */
  requiredWhen: RawCondition | undefined;
  ordered: boolean;
  guidance: string;
  /** The worked example (shown, never inserted by fixes); '' when the schema has none. */
  example: string;
  /** Required text that must stay in the section (each entry trimmed at its end); [] when none. */
  boilerplate: string[];
  minWords: number;
  rules: SectionContentRules;
  prefillFrom: string[];
  /** Ids from the root down to (excluding) this section. */
  parentId: string | undefined;
  children: SectionSpec[];
}

/** A resolved document kind. */
export interface DocumentKind {
  id: string;
  title: string;
  description: string;
  /** The file the kind came from (absolute path), or a `builtin:` name. */
  source: string;
  match: { frontMatterType: string[]; globs: string[]; exclude: string[] };
  ordered: boolean;
  titleRequired: boolean;
  titleTemplate: string;
  frontMatter: Record<string, unknown> | undefined;
  placeholders: string[];
  /** Resolved `criteria`: `in` undefined means "the sections with `rules.checklist: true`". */
  criteria: { idPattern: string; idPrefix: string; in: string[] | undefined; style: CriteriaStyle; headings: boolean };
  trace: Required<RawTrace> | undefined;
  /** Patterns of heading decorations ignored when matching; [] = none. `headingDecorationsAreDefault` tells the built-in list apart. */
  headingDecorations: string[];
  /** Whether `headingDecorations` is the built-in list (run as fixed JavaScript RegExps) rather than the schema's own (run on RE2). */
  headingDecorationsAreDefault: boolean;
  /** Top-level sections, in schema order. */
  sections: SectionSpec[];
  /** Every section, depth first, in schema order. */
  allSections: SectionSpec[];
}
