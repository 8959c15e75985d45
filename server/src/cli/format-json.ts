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
  const t = report.totals;
  return {
    version: JSON_FORMAT_VERSION,
    files: report.files.map(fileJson),
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
 * The report, without its final line break: the caller writes that after it. The string JSON.stringify makes is
 * flat, while `text + '\n'` is a rope the writer must first copy into one (2 MB of JSON for the RFC corpus: a copy
 * and its fresh pages, ~5 ms at the end of the run).
 */
export function formatJson(report: CheckReport): string {
  return JSON.stringify(toJson(report), null, 2);
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
