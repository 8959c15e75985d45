import type { Rule, RuleFinding } from './rule';

const DATE = /^(\d{4}-\d{2}-\d{2})$/;

/** The front matter `answerBy:` as YYYY-MM-DD, if it is one (YAML may read it as a date). */
export function answerByOf(data: Record<string, unknown> | undefined): string | undefined {
  const value = data?.answerBy;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return typeof value === 'string' && DATE.test(value.trim()) ? value.trim() : undefined;
}

/** SH028: a question still open after the date its answer was needed by. */
export const answerOverdue: Rule = {
  code: 'SH028',
  name: 'answer-overdue',
  description: 'A question is still open after its answerBy date.',
  defaultSeverity: 'information',
  check(ctx) {
    const data = ctx.frontMatter.data;
    const by = answerByOf(data);
    if (!by || !ctx.doc.frontMatter) return [];
    const status = typeof data?.status === 'string' ? data.status.trim().toLowerCase() : 'open';
    if (status !== 'open' || by >= ctx.today) return [];
    const line = ctx.doc.lines.findIndex(
      (l, i) => i > ctx.doc.frontMatter!.startLine && i < ctx.doc.frontMatter!.endLine && /^answerBy\s*:/.test(l),
    );
    const at = line >= 0 ? line : ctx.doc.frontMatter.startLine;
    const out: RuleFinding = {
      message: `The answer was needed by ${by} and the question is still open (today is ${ctx.today}): ask again, go with your leaning, or set a new answerBy date.`,
      range: { start: { line: at, character: 0 }, end: { line: at, character: ctx.doc.lines[at].length } },
      fixes: [],
      data: { answerBy: by },
    };
    return [out];
  },
};
