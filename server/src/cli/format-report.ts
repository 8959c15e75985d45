/**
 * `spec-handoff report`: per folder, one row per document of a known kind —
 * sections, criteria, open items, vague words, errors and the readiness
 * verdict — as an aligned text table, GitHub-flavoured markdown (for a pull
 * request comment) or JSON (version 1, keys in a fixed order).
 */
import { palette } from './colors';
import { problemJson, readinessJson } from './format-json';
import type { FileResult } from './model';
import type { CliProblem } from './workspace';
import { displayPath } from './workspace';

export interface ReportRow {
  /** Relative to the current folder, forward slashes. */
  path: string;
  /** Relative to the row's folder, forward slashes (what the tables show). */
  name: string;
  kind: string;
  sectionsPresent: number;
  sectionsRequired: number;
  criteriaChecked: number;
  criteriaTotal: number;
  openItems: number;
  vagueWords: number;
  errors: number;
  ready: boolean;
  file: FileResult;
}

export interface ReportFolder {
  /** As shown: relative to the current folder, forward slashes (`.` for the current folder). */
  path: string;
  rows: ReportRow[];
  /** Files that could not be read (relative to the current folder), with the reason. */
  failed: { path: string; error: string }[];
}

export interface Report {
  cwd: string;
  folders: ReportFolder[];
  problems: CliProblem[];
}

export const REPORT_FORMAT_VERSION = 1;

const COLUMNS = ['Document', 'Kind', 'Sections', 'Criteria', 'Open items', 'Vague words', 'Errors', 'Ready'] as const;

/** A row from a checked file, or undefined when the file is not a document of a known kind. */
export function reportRow(file: FileResult, name: string): ReportRow | undefined {
  const summary = file.checklist?.summary;
  const readiness = file.checklist?.readiness;
  if (!file.kind || !summary || !readiness || file.skipped) return undefined;
  return {
    path: file.path,
    name,
    kind: file.kind.id,
    sectionsPresent: summary.sectionsPresent,
    sectionsRequired: summary.sectionsRequired,
    criteriaChecked: summary.criteriaChecked,
    criteriaTotal: summary.criteriaTotal,
    openItems: summary.openItems,
    vagueWords: file.findings.filter((f) => f.code === 'SH014').length,
    errors: summary.errors,
    ready: readiness.ready,
    file,
  };
}

/** "3 of 5 documents are ready for pickup" */
export function readySentence(rows: readonly ReportRow[]): string {
  const ready = rows.filter((r) => r.ready).length;
  if (!rows.length) return 'No documents of a known kind';
  return `${ready} of ${rows.length} document${rows.length === 1 ? '' : 's'} ${ready === 1 || rows.length === 1 ? 'is' : 'are'} ready for pickup`;
}

function cells(row: ReportRow): string[] {
  return [
    row.name,
    row.kind,
    `${row.sectionsPresent}/${row.sectionsRequired}`,
    `${row.criteriaChecked}/${row.criteriaTotal}`,
    String(row.openItems),
    String(row.vagueWords),
    String(row.errors),
    row.ready ? '✓' : '✗',
  ];
}

/** Unique documents over all folders (a file under two folders given counts once). */
function allRows(report: Report): ReportRow[] {
  const seen = new Map<string, ReportRow>();
  for (const folder of report.folders) for (const row of folder.rows) seen.set(row.file.absPath, row);
  return [...seen.values()];
}

export function formatReportText(report: Report, color: boolean): string {
  const c = palette(color);
  const out: string[] = [];
  for (const folder of report.folders) {
    out.push(c.bold(folder.path));
    if (folder.rows.length) {
      const table = [COLUMNS.map((h) => h.toLowerCase()), ...folder.rows.map(cells)];
      const widths = COLUMNS.map((_, i) => Math.max(...table.map((r) => r[i].length)));
      const line = (r: string[], paint: (s: string, i: number) => string) =>
        '  ' + r.map((cell, i) => paint(i === r.length - 1 ? cell : cell.padEnd(widths[i]), i)).join('  ');
      out.push(line(table[0], (s) => c.dim(s)));
      for (const [k, row] of folder.rows.entries())
        out.push(line(table[k + 1], (s, i) => (i === COLUMNS.length - 1 ? (row.ready ? c.green(s) : c.red(s)) : s)));
    }
    for (const f of folder.failed) out.push(`  ${f.path}: ${c.red('error')}: ${f.error}`);
    out.push(`  ${readySentence(folder.rows)}${folder.rows.length ? '' : ` under ${folder.path}`}`, '');
  }
  if (report.folders.length > 1)
    out.push(`All folders: ${readySentence(allRows(report)).replace(/^No documents/, 'no documents')}`, '');
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

export function formatReportMarkdown(report: Report): string {
  const out: string[] = [];
  for (const folder of report.folders) {
    out.push(`### ${code(folder.path)}`, '');
    out.push(`${readySentence(folder.rows)}.`, '');
    if (folder.rows.length) {
      out.push(`| ${COLUMNS.join(' | ')} |`);
      out.push('| :--- | :--- | ---: | ---: | ---: | ---: | ---: | :---: |');
      for (const row of folder.rows) {
        const [name, kind, ...rest] = cells(row);
        out.push(`| ${code(name, true)} | ${escapeCell(kind)} | ${rest.join(' | ')} |`);
      }
      out.push('');
    }
    if (folder.failed.length) {
      for (const f of folder.failed) out.push(`- ${code(f.path)} could not be read: ${escapeText(f.error)}`);
      out.push('');
    }
  }
  if (report.folders.length > 1) out.push(`**All folders:** ${readySentence(allRows(report))}.`, '');
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

export function formatReportJson(report: Report): string {
  const rows = allRows(report);
  const json = {
    version: REPORT_FORMAT_VERSION,
    folders: report.folders.map((folder) => ({
      path: folder.path,
      documents: folder.rows.map((r) => ({
        path: r.path,
        kind: r.kind,
        sectionsPresent: r.sectionsPresent,
        sectionsRequired: r.sectionsRequired,
        criteriaChecked: r.criteriaChecked,
        criteriaTotal: r.criteriaTotal,
        openItems: r.openItems,
        vagueWords: r.vagueWords,
        errors: r.errors,
        ready: r.ready,
        readiness: readinessJson(r.file),
      })),
      failed: folder.failed.map((f) => ({ path: f.path, error: f.error })),
      ready: folder.rows.filter((r) => r.ready).length,
      total: folder.rows.length,
    })),
    summary: { documents: rows.length, ready: rows.filter((r) => r.ready).length },
    problems: report.problems.map((p) => problemJson(p, displayPath(report.cwd, p.source).split('\\').join('/'))),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/** A markdown code span that survives backticks in a path (and pipes, in a table cell). */
function code(text: string, inTable = false): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inTable ? text.replace(/\|/g, '\\|') : text}${pad}${fence}`;
}

function escapeCell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|');
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`).replace(/\s+/g, ' ');
}
