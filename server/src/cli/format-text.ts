/**
 * Human output, like ESLint and markdownlint: per file a header with the
 * matched kind, then one line per finding
 * `path:line:col  severity  message  CODE/rule-name` (1-based) and a
 * readiness line, then a summary line. Read and write failures go to stderr.
 *
 * `TextReporter` renders one file at a time, so `check` can print each
 * file's block as soon as it (and every file before it) is ready;
 * `formatText` renders a whole report the same way.
 */
import type { Readiness } from '../service';
import { palette, type Palette } from './colors';
import type { CheckReport, FileFinding, FileResult, Totals } from './model';

export interface TextStreams {
  out: string;
  err: string;
}

export interface TextOptions {
  quiet: boolean;
  fix: boolean;
  colorOut: boolean;
  colorErr: boolean;
}

export class TextReporter {
  private readonly c: Palette;
  private readonly ce: Palette;
  private wroteBlock = false;
  private lastEndsWithBlankLine = false;

  constructor(private readonly options: TextOptions) {
    this.c = palette(options.colorOut);
    this.ce = palette(options.colorErr);
  }

  /** The text of one file, in path order. */
  file(file: FileResult): TextStreams {
    const err = file.error
      ? `${file.path}: ${this.ce.red('error')}: ${file.error}\n`
      : file.notice
        ? `${file.path}: ${this.ce.yellow('warning')}: ${file.notice}\n`
        : '';
    const out = fileBlock(file, this.options.quiet, this.c);
    if (out) {
      this.wroteBlock = true;
      this.lastEndsWithBlankLine = out.endsWith('\n\n');
    }
    return { out, err };
  }

  /** The closing summary line, after a blank line when blocks were printed. */
  end(totals: Totals): string {
    return (
      (this.wroteBlock && !this.lastEndsWithBlankLine ? '\n' : '') +
      summaryLine(totals, this.options.fix, this.c) +
      '\n'
    );
  }
}

export function formatText(report: CheckReport, colorOut: boolean, colorErr: boolean): TextStreams {
  const reporter = new TextReporter({ quiet: report.quiet, fix: report.fix, colorOut, colorErr });
  let out = '';
  let err = '';
  for (const file of report.files) {
    const text = reporter.file(file);
    out += text.out;
    err += text.err;
  }
  return { out: out + reporter.end(report.totals), err };
}

function fileBlock(file: FileResult, quiet: boolean, c: Palette): string {
  if (file.error && !file.analysed) return '';
  if (file.skipped) return quiet ? '' : `${c.bold(file.path)}: ${c.dim(`skipped: ${file.skipped}`)}\n`;
  if (!file.kind)
    return quiet ? '' : `${c.bold(file.path)}: ${c.dim('not matched (no document kind; nothing checked)')}\n`;
  const shown = quiet ? file.findings.filter((f) => f.severity === 'error') : file.findings;
  const fixed = file.fixed ? `, ${file.fixed} fix${file.fixed === 1 ? '' : 'es'} applied` : '';
  const header = `${c.bold(file.path)} ${c.dim(`(${file.kind.id}${fixed})`)}`;
  const readiness = file.checklist && !quiet ? readinessText(file, c) : '';
  if (!shown.length)
    return quiet && !file.fixed ? '' : `${header}: ${c.green('no problems')}${readiness ? `; ${readiness}` : ''}\n`;
  const rows = shown.map((f) => ({
    where: `${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
    f,
  }));
  const whereWidth = Math.max(...rows.map((r) => r.where.length));
  const sevWidth = Math.max(...rows.map((r) => severityLabel(r.f).length));
  const lines = rows.map(
    ({ where, f }) =>
      `  ${where.padEnd(whereWidth)}  ${colorSeverity(severityLabel(f).padEnd(sevWidth), f, c)}  ${oneLine(f.message)}  ${c.dim(`${f.code}/${f.rule}`)}`,
  );
  if (readiness) lines.push(`  ${readiness}`);
  return `${header}\n${lines.join('\n')}\n\n`;
}

/** "ready for pickup" or "not ready: 2 open items, 1 vague word" (coloured). */
function readinessText(file: FileResult, c: Palette): string {
  const r = file.checklist?.readiness;
  if (!r) return '';
  const text = readinessSentence(
    r,
    file.checklist?.summary.sectionsRequired ?? 0,
    file.checklist?.summary.sectionsPresent ?? 0,
    file.checklist?.summary.openItems ?? 0,
  );
  return r.ready ? c.green(text) : c.yellow(text);
}

/** The readiness verdict in words: the failed checks, most important first (the checks' own order). */
export function readinessSentence(
  r: Readiness,
  sectionsRequired: number,
  sectionsPresent: number,
  openItems: number,
): string {
  if (r.ready) return 'ready for pickup';
  const reasons = r.checks
    .filter((check) => !check.ok)
    .map((check) => {
      switch (check.id) {
        case 'sections': {
          const missing = sectionsRequired - sectionsPresent;
          return `${plural(missing, 'required section')} missing`;
        }
        case 'content':
          return `sections not written: ${check.detail}`;
        case 'criteria':
          return check.detail === 'none written' ? 'no acceptance criteria' : `acceptance criteria: ${check.detail}`;
        case 'trace':
          return `linked criteria: ${check.detail}`;
        case 'open-items':
          return plural(openItems, 'open item');
        case 'vague-words':
        case 'errors':
          return check.detail;
        default:
          return `${(check as { label: string }).label.toLowerCase()}: ${(check as { detail: string }).detail}`;
      }
    });
  return `not ready: ${reasons.join(', ')}`;
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

function severityLabel(f: FileFinding): string {
  return f.severity === 'information' ? 'info' : f.severity;
}

function colorSeverity(label: string, f: FileFinding, c: Palette): string {
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
