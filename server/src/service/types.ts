/**
 * Plain data types shared by every front end. Positions are zero-based
 * (line, UTF-16 character), exactly like LSP, so the handler layer converts
 * nothing but type names; the CLI adds one for humans.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
/** A severity setting: a severity, or `off` to disable a rule. */
export type SeveritySetting = Severity | 'off';

/** One text change. `range` is replaced by `newText` (an insert has an empty range). */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** What a fix does to the user's text; the property tests check each kind's promise. */
export type FixKind =
  /** Only inserts text: the original survives as a subsequence. */
  | 'insert'
  /** Replaces the text of one heading line (its marker or words); everything else survives. */
  | 'rename';

export interface Fix {
  title: string;
  kind: FixKind;
  edits: TextEdit[];
  /** Preferred fixes are applied by "fix all" and on save. */
  isPreferred: boolean;
}

export interface Finding {
  /** Stable rule code, e.g. `SH001`. */
  code: string;
  /** Rule name, e.g. `missing-section`. */
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  /** The section the finding is about (for a missing section: the section that is missing). */
  sectionId?: string;
  sectionTitle?: string;
  /** Quick fixes; computed eagerly because they are cheap and keep fixes pure data. */
  fixes: Fix[];
  /** Extra structured data for front ends (e.g. the missing section id for the sidebar's insert action). */
  data?: Record<string, unknown>;
}
