/**
 * The bounds every front end applies, in one place (README "Reliability").
 * Each is checked before the work it bounds, and each has a stated outcome.
 */

/**
 * Files larger than this are not read from disk at all (checked with `stat`
 * first): the CLI reports them as skipped, the server's workspace check and
 * index leave them out, linked documents are treated as unreadable.
 * Documents open in the editor are analysed whatever their size (the editor
 * already holds the text), with bounded content checks (SH000).
 */
export const MAX_FILE_BYTES = 5_000_000;

/** At most this many findings of one rule in one document; the rest are summed up in one "N more" finding. */
export const MAX_FINDINGS_PER_RULE = 200;

/** At most this many findings in one document (after the per-rule cap), plus one "N more" finding. */
export const MAX_FINDINGS_PER_DOCUMENT = 1000;

/** The checklist (sidebar, CLI JSON) lists at most this many criteria and open items; its summary keeps the totals. */
export const MAX_CHECKLIST_ITEMS = 500;

/** Finding messages listed per checklist section. */
export const MAX_CHECKLIST_SECTION_FINDINGS = 20;

/** A document kind with more sections than this (after `extends`) is refused when the schema loads. */
export const MAX_SCHEMA_SECTIONS = 1000;

/** "larger than 5 MB (12.3 MB)" */
export function tooLargeMessage(bytes: number): string {
  return `the file is larger than ${MAX_FILE_BYTES / 1_000_000} MB (${(bytes / 1_000_000).toFixed(1)} MB), so it was not read`;
}
