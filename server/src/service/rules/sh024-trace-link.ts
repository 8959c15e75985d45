import type { Rule, RuleFinding } from './rule';

/** SH024: a handoff's `spec:` link is missing, broken, or points at something that is not a spec. */
export const traceLink: Rule = {
  code: 'SH024',
  name: 'trace-link',
  description:
    "The front matter link to the linked document (a handoff's spec:) is missing, broken, or not a document of the expected kind.",
  defaultSeverity: 'warning',
  check(ctx) {
    const trace = ctx.kind.trace;
    if (!trace || !ctx.frontMatter.data) return [];
    const key = trace.frontMatterKey;
    const fmLine = (k: string): number => {
      const i = ctx.doc.lines.findIndex(
        (l, n) => n > 0 && ctx.doc.frontMatter && n < ctx.doc.frontMatter.endLine && l.startsWith(`${k}:`),
      );
      return Math.max(i, 0);
    };
    const at = (line: number): RuleFinding['range'] => ({
      start: { line, character: 0 },
      end: { line, character: ctx.doc.lines[line].length },
    });
    const value = ctx.frontMatter.data[key];
    if (value === undefined) {
      return [
        {
          message: `Link this ${ctx.kind.title} to its ${trace.kind}: add "${key}: <relative path>" to the front matter so criteria can be traced.`,
          range: at(0),
          fixes: [],
        },
      ];
    }
    if (typeof value !== 'string' || !value.trim())
      return [
        { message: `"${key}:" must be a relative path to the ${trace.kind}.`, range: at(fmLine(key)), fixes: [] },
      ];
    if (!ctx.path) return []; // an unsaved document has no folder to resolve against
    const linked = ctx.linked();
    if (linked?.outside)
      return [
        {
          message: `"${key}: ${value}" points outside the workspace; linked documents are only read inside it.`,
          range: at(fmLine(key)),
          fixes: [],
        },
      ];
    if (!linked?.analysis)
      return [{ message: `"${key}: ${value}" does not point to a readable file.`, range: at(fmLine(key)), fixes: [] }];
    if (linked.analysis.kind?.id !== trace.kind) {
      return [
        {
          message: `"${key}: ${value}" is ${linked.analysis.kind ? `a ${linked.analysis.kind.title}` : 'not a recognised document'}, not a ${trace.kind}.`,
          range: at(fmLine(key)),
          fixes: [],
        },
      ];
    }
    return [];
  },
};
