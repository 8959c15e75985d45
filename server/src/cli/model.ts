/**
 * What `check` found, per file and in total; every output format reads this.
 * A `FileResult` is plain data (no classes, no functions), so a worker thread
 * can hand it to the main thread by structured clone and both paths produce
 * the same model.
 */
import type { Checklist, Finding } from '../service';
import type { CliProblem } from './workspace';

/** The matched kind, as far as the outputs need it. */
export interface KindRef {
  id: string;
  title: string;
}

/** A finding as reported: its fixes were applied (or not) before the report is made. */
/** Its range's characters count UTF-16 code units, or the unit of `--column-unit` (see columns.ts). */
export type FileFinding = Omit<Finding, 'fixes' | 'data'>;

export interface SectionLocation {
  id: string;
  /** The schema's title for the section. */
  title: string;
  /** The heading as written in the document. */
  heading: string;
  /** Zero-based line of the section's first heading. */
  line: number;
}

/** The part of a document's checklist the outputs show: its summary counts, readiness and one-line summary. */
export type FileChecklist = Pick<Checklist, 'summary' | 'readiness' | 'summaryLine'>;

export interface FileResult {
  /** Absolute path. */
  absPath: string;
  /** Relative to the current folder, forward slashes. */
  path: string;
  kind: KindRef | undefined;
  /** Why the file was not checked (binary), from the service. */
  skipped: string | undefined;
  /** The file could not be read, or a fix could not be written. */
  error: string | undefined;
  /** Something the user should know about how the file was read (e.g. checked read-only: not UTF-8). */
  notice: string | undefined;
  findings: FileFinding[];
  sections: SectionLocation[];
  /** What the outputs read of the file's checklist (a worker sends only this back: no per-section guidance and examples). */
  checklist: FileChecklist | undefined;
  /** Number of fixes applied by --fix (0 without it). */
  fixed: number;
  /** Whether the file was read and analysed (false when it could not be read). */
  analysed: boolean;
}

export interface Totals {
  /** Files looked at. */
  files: number;
  /** Files that matched a kind and were analysed. */
  checked: number;
  notMatched: number;
  skipped: number;
  /** Files that could not be read or written. */
  failed: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  /** Fixes applied by --fix. */
  fixed: number;
  /** Files changed by --fix. */
  filesFixed: number;
}

export interface CheckReport {
  cwd: string;
  root: string;
  fix: boolean;
  quiet: boolean;
  /**
   * Every file's result; when the files were written as they came in (text or JSON without `--fix`), only
   * those with an error or a notice (for standard error), and `totals` counts them all.
   */
  files: FileResult[];
  problems: CliProblem[];
  totals: Totals;
}

export function computeTotals(files: FileResult[]): Totals {
  const t = emptyTotals();
  for (const f of files) addToTotals(t, f);
  return t;
}

/** Totals of no file: `addToTotals` counts files in one at a time (a streamed check keeps no results). */
export function emptyTotals(): Totals {
  return {
    files: 0,
    checked: 0,
    notMatched: 0,
    skipped: 0,
    failed: 0,
    errors: 0,
    warnings: 0,
    information: 0,
    hints: 0,
    fixed: 0,
    filesFixed: 0,
  };
}

/** Counts one file's result into `t`. */
export function addToTotals(t: Totals, f: FileResult): void {
  t.files++;
  if (f.error && !f.analysed) t.failed++;
  else if (f.skipped) t.skipped++;
  else if (!f.kind) t.notMatched++;
  else t.checked++;
  if (f.error && f.analysed) t.failed++;
  t.fixed += f.fixed;
  if (f.fixed) t.filesFixed++;
  for (const finding of f.findings) {
    if (finding.severity === 'error') t.errors++;
    else if (finding.severity === 'warning') t.warnings++;
    else if (finding.severity === 'information') t.information++;
    else t.hints++;
  }
}
