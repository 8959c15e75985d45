import type { Rule, RuleFinding } from './rule';
import type { Fix } from '../types';
import { criteriaOf, schemaSectionOf } from '../analysis/criteria';
import { traceData } from '../analysis/trace';

/** SH022: a criterion without an ID (`AC-3`), so handoffs, tests and reviews cannot refer to it. */
export const criterionId: Rule = {
  code: 'SH022',
  name: 'criterion-without-id',
  description: 'An acceptance criterion has no ID (such as AC-3) for handoffs, tests and reviews to refer to.',
  defaultSeverity: 'information',
  check(ctx) {
    // In a document that copies its criteria from a linked one (a handoff from its spec), IDs are the
    // spec's to give: numbering them here would only make stale IDs (SH026). The spec gets this finding.
    if (traceData(ctx)) return [];
    const criteria = criteriaOf(ctx);
    const prefix = ctx.kind.criteria.idPrefix;
    // New IDs continue after the highest number already used with this prefix.
    let next =
      1 +
      Math.max(
        0,
        ...criteria.map((c) =>
          c.id?.startsWith(prefix) ? Number(c.id.slice(prefix.length).replace(/\D.*$/, '')) || 0 : 0,
        ),
      );
    const numbered: { line: number; column: number; text: string }[] = [];
    for (const c of criteria)
      if (!c.id) numbered.push({ line: c.line, column: c.idColumn, text: `${prefix}${next++}: ` });
    const all: Fix | undefined =
      numbered.length > 1
        ? {
            title: `Number all ${numbered.length} criteria without an ID`,
            kind: 'insert',
            isPreferred: false,
            edits: numbered.map((n) => ({
              range: { start: { line: n.line, character: n.column }, end: { line: n.line, character: n.column } },
              newText: n.text,
            })),
          }
        : undefined;
    const out: RuleFinding[] = [];
    for (const n of numbered) {
      const at = { line: n.line, character: n.column };
      // Not preferred: numbering is a choice the writer makes, not something to do silently on save.
      const own: Fix = {
        title: `Number it ${n.text.slice(0, -2)}`,
        kind: 'insert',
        isPreferred: false,
        edits: [{ range: { start: at, end: at }, newText: n.text }],
      };
      const spec = schemaSectionOf(ctx, criteria.find((c) => c.line === n.line)!.section)!;
      out.push({
        message: `Criterion has no ID; give it one (${n.text.slice(0, -2)}) so the handoff, tests and reviews can refer to it.`,
        range: { start: at, end: { line: n.line, character: ctx.doc.lines[n.line].length } },
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: all ? [own, all] : [own],
      });
    }
    return out;
  },
};
