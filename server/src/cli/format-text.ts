/**
 * Human output, like ESLint and markdownlint: per file a header with the
 * matched kind, then one line per finding
 * `path:line:col  severity  message  CODE/rule-name` (1-based), then a
 * summary line. Read and write failures go to stderr.
 */
import type { Finding } from '../service';
import { palette, type Palette } from './colors';
import type { CheckReport, FileResult, Totals } from './model';

export interface TextStreams {
  out: string;
  err: string;
}

export function formatText(report: CheckReport, colorOut: boolean, colorErr: boolean): TextStreams {
  const c = palette(colorOut);
  const ce = palette(colorErr);
  const blocks: string[] = [];
  let err = '';
  for (const file of report.files) {
    if (file.error) err += `${file.path}: ${ce.red('error')}: ${file.error}\n`;
    const block = fileBlock(file, report, c);
    if (block) blocks.push(block);
  }
  let out = blocks.join('');
  if (out && !out.endsWith('\n\n')) out += '\n';
  out += summaryLine(report.totals, report.fix, c) + '\n';
  return { out, err };
}

function fileBlock(file: FileResult, report: CheckReport, c: Palette): string {
  if (file.error && !file.analysis) return '';
  if (file.skipped) return report.quiet ? '' : `${c.bold(file.path)}: ${c.dim(`skipped: ${file.skipped}`)}\n`;
  if (!file.kind) return report.quiet ? '' : `${c.bold(file.path)}: ${c.dim('not matched (no document kind; nothing checked)')}\n`;
  const shown = report.quiet ? file.findings.filter((f) => f.severity === 'error') : file.findings;
  const fixed = file.fixed ? `, ${file.fixed} fix${file.fixed === 1 ? '' : 'es'} applied` : '';
  const header = `${c.bold(file.path)} ${c.dim(`(${file.kind.id}${fixed})`)}`;
  if (!shown.length) return report.quiet && !file.fixed ? '' : `${header}: ${c.green('no problems')}\n`;
  const rows = shown.map((f) => ({ where: `${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`, f }));
  const whereWidth = Math.max(...rows.map((r) => r.where.length));
  const sevWidth = Math.max(...rows.map((r) => severityLabel(r.f).length));
  const lines = rows.map(({ where, f }) => `  ${where.padEnd(whereWidth)}  ${colorSeverity(severityLabel(f).padEnd(sevWidth), f, c)}  ${oneLine(f.message)}  ${c.dim(`${f.code}/${f.rule}`)}`);
  return `${header}\n${lines.join('\n')}\n\n`;
}

export function summaryLine(t: Totals, fix: boolean, c: Palette = palette(false)): string {
  const parts = [plural(t.files, 'file') + ' checked', plural(t.errors, 'error'), plural(t.warnings, 'warning')];
  if (fix) parts.push(`${t.fixed} fixed`);
  const extra: string[] = [];
  if (t.information) extra.push(plural(t.information, 'info', 'info'));
  if (t.hints) extra.push(plural(t.hints, 'hint'));
  if (t.notMatched) extra.push(`${t.notMatched} not matched`);
  if (t.skipped) extra.push(`${t.skipped} skipped`);
  if (t.failed) extra.push(`${t.failed} failed`);
  const line = parts.join(', ') + (extra.length ? ` (${extra.join(', ')})` : '');
  return t.errors || t.failed ? c.red(line) : t.warnings ? c.yellow(line) : c.green(line);
}

function severityLabel(f: Finding): string {
  return f.severity === 'information' ? 'info' : f.severity;
}

function colorSeverity(label: string, f: Finding, c: Palette): string {
  switch (f.severity) {
    case 'error':
      return c.red(label);
    case 'warning':
      return c.yellow(label);
    default:
      return c.blue(label);
  }
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
