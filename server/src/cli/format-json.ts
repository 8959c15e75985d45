/**
 * The JSON output: a stable contract (docs/cli.md), version 1. Keys are
 * written explicitly in a fixed order so that changes to internal types never
 * change the output by accident. Positions are 1-based; `endColumn` is the
 * column just after the last character, as in SARIF.
 */
import type { CheckReport, FileResult } from './model';
import { type CliProblem, displayPath } from './workspace';

export const JSON_FORMAT_VERSION = 1;

export function toJson(report: CheckReport): unknown {
  return reportJson(report, report.files.map(fileJson));
}

/** The report object with these `files` entries (`fileJson` of each file). */
function reportJson(report: CheckReport, files: unknown[]): Record<string, unknown> {
  const t = report.totals;
  return {
    version: JSON_FORMAT_VERSION,
    files,
    summary: {
      files: t.files,
      checked: t.checked,
      notMatched: t.notMatched,
      skipped: t.skipped,
      failed: t.failed,
      errors: t.errors,
      warnings: t.warnings,
      information: t.information,
      hints: t.hints,
      fixed: t.fixed,
      filesFixed: t.filesFixed,
    },
    problems: report.problems.map((p) => problemJson(p, displayPath(report.cwd, p.source).split('\\').join('/'))),
  };
}

/** A configuration or schema problem as the JSON outputs give it: one-based line and column, at `shownPath`. */
export function problemJson(
  p: CliProblem,
  shownPath: string,
): { path: string; line: number; column: number; severity: CliProblem['severity']; message: string } {
  return { path: shownPath, line: p.line + 1, column: p.column + 1, severity: p.severity, message: p.message };
}

/**
 * The report, without its final line break (the caller writes that after it), as consecutive parts of the text
 * `JSON.stringify(toJson(report), null, 2)` makes: see `prettyJsonParts`.
 */
export function formatJson(report: CheckReport): string[] {
  return prettyJsonParts(toJson(report) as Record<string, unknown>, 'files', FILES_PER_PART);
}

/** Files per part of the JSON report: about 60 KB of text, under V8's large-object size even as two-byte text. */
export const FILES_PER_PART = 20;

/**
 * `JSON.stringify(value, null, 2)` as consecutive parts: the array `value[key]` is stringified `perPart`
 * elements at a time (`elementsText`), and the keys before and after it on their own (`textBefore`,
 * `textAfter`). Why: V8 returns a long JSON text as a rope of 16 KB pieces, and the writer's first look at it
 * copies all of it into one fresh string (4 MB for the RFC corpus's 2 MB of JSON, two bytes a character once
 * any is outside Latin-1): ~9 ms and 800 fresh pages at the end of every large run (issue 20). Parts this
 * small are made and dropped in the young generation. Joined, the parts are exactly the whole text for plain
 * data, which the reports are (no `toJSON`: it would be called with other array indexes;
 * test/unit/json-parts.test.ts).
 */
export function prettyJsonParts(value: Record<string, unknown>, key: string, perPart: number): string[] {
  const items = value[key];
  if (!Array.isArray(items) || items.length === 0 || perPart < 1) return [JSON.stringify(value, null, 2)];
  const parts = [textBefore(value, key)];
  for (let i = 0; i < items.length; i += perPart) {
    if (i > 0) parts.push(',\n');
    parts.push(elementsText(key, items.slice(i, i + perPart)));
  }
  parts.push(textAfter(value, key));
  return parts;
}

/**
 * The JSON report written as its files come in (`check --format json`; with `--fix`, as they are settled), in
 * parts of FILES_PER_PART files: the same text as `formatJson`, but the files' parts are made and written while
 * the rest are still being checked, so the end of a large run has only the last part and the summary left (the
 * RFC corpus: 545 → 517 ms with the parts, issue 20). Files must be given in report order; the keys before
 * `files` are `version` alone, as in `reportJson` (the unit test compares the two texts).
 */
export class JsonReportStream {
  private pending: unknown[] = [];
  private opened = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly perPart = FILES_PER_PART,
  ) {}

  file(file: FileResult): void {
    this.pending.push(fileJson(file));
    if (this.pending.length >= this.perPart) this.flush();
  }

  /** The rest of the report, without its final line break; `report.files` are the files given, in order. */
  end(report: CheckReport): void {
    if (!this.opened && !this.pending.length) {
      this.write(JSON.stringify(reportJson(report, []), null, 2));
      return;
    }
    this.flush();
    this.write(textAfter(reportJson(report, []), 'files'));
  }

  private flush(): void {
    if (!this.pending.length) return;
    const report = { version: JSON_FORMAT_VERSION, files: this.pending };
    this.write(this.opened ? ',\n' : textBefore(report, 'files'));
    this.write(elementsText('files', this.pending));
    this.opened = true;
    this.pending = [];
  }
}

/** The text of `value` up to the first element of its array `key`: `{\n  "a": 1,\n  "key": [\n`. */
function textBefore(value: Record<string, unknown>, key: string): string {
  const keys = Object.keys(value);
  const before = Object.fromEntries(keys.slice(0, keys.indexOf(key)).map((k) => [k, value[k]]));
  // A key whose value JSON leaves out (undefined, a function) is left out here as in the whole.
  const text = JSON.stringify(before, null, 2);
  const open = `  ${JSON.stringify(key)}: [\n`;
  return text === '{}' ? `{\n${open}` : `${text.slice(0, -2)},\n${open}`;
}

/** The elements of an array under `key` of a top-level object, as the whole text indents them. */
function elementsText(key: string, items: unknown[]): string {
  const text = JSON.stringify({ [key]: items }, null, 2);
  return text.slice(`{\n  ${JSON.stringify(key)}: [\n`.length, text.length - '\n  ]\n}'.length);
}

/** The text of `value` after the last element of its array `key`. */
function textAfter(value: Record<string, unknown>, key: string): string {
  const keys = Object.keys(value);
  const after = Object.fromEntries(keys.slice(keys.indexOf(key) + 1).map((k) => [k, value[k]]));
  const text = JSON.stringify(after, null, 2);
  return text === '{}' ? '\n  ]\n}' : `\n  ],\n${text.slice(2)}`;
}

function fileJson(file: FileResult): unknown {
  const s = file.checklist?.summary;
  return {
    path: file.path,
    kind: file.kind?.id ?? null,
    skipped: file.skipped ?? null,
    error: file.error ?? null,
    notice: file.notice ?? null,
    fixed: file.fixed,
    sections: file.sections.map((sec) => ({ id: sec.id, title: sec.title, heading: sec.heading, line: sec.line + 1 })),
    summary: s
      ? {
          sectionsPresent: s.sectionsPresent,
          sectionsRequired: s.sectionsRequired,
          criteriaChecked: s.criteriaChecked,
          criteriaTotal: s.criteriaTotal,
          openItems: s.openItems,
          errors: s.errors,
          warnings: s.warnings,
        }
      : null,
    diagnostics: file.findings.map((f) => ({
      code: f.code,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      sectionId: f.sectionId ?? null,
      sectionTitle: f.sectionTitle ?? null,
    })),
    readiness: readinessJson(file),
  };
}

/** The readiness verdict (added in version 1; null when no kind matched or the file was skipped). */
export function readinessJson(file: FileResult): unknown {
  const r = file.checklist?.readiness;
  if (!r) return null;
  return {
    ready: r.ready,
    passed: r.passed,
    total: r.total,
    checks: r.checks.map((c) => ({ id: c.id, label: c.label, ok: c.ok, detail: c.detail })),
  };
}
