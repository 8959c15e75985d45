/**
 * `--format github`: GitHub Actions workflow commands, one annotation per
 * finding (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`),
 * shown on the pull request's changed lines and in the run summary; then the
 * plain summary line. Errors are `error`, warnings `warning`, the rest
 * `notice`. Values are escaped as the runner expects (`%`, CR, LF, and in
 * properties also `:` and `,`).
 */
import type { Severity } from '../service';
import type { CheckReport } from './model';
import { summaryLine } from './format-text';

const LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    if (file.error)
      lines.push(
        `::error file=${escapeProperty(file.path)},title=${escapeProperty('spec-handoff')}::${escapeData(file.error)}`,
      );
    for (const f of file.findings) {
      const props = [
        `file=${escapeProperty(file.path)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(`${f.code}/${f.rule}`)}`,
      ];
      lines.push(`::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(f.message)}`);
    }
  }
  lines.push(summaryLine(report.totals, report.fix));
  return `${lines.join('\n')}\n`;
}
