import type { Rule, RuleFinding } from './rule';
import { ownCriterionFor, traceData } from '../analysis/trace';
import type { Criterion } from '../analysis/criteria';
import { copiedCriterionLines } from '../fixes/copied';
import { headingFor } from '../analysis/matching';
import { appendLinesEdits } from '../fixes/append';
import { headingRange } from './ranges';
import { quote } from './quote';

/** SH025: a criterion of the linked spec is missing from the handoff, or listed but neither ticked nor explained. */
export const criterionNotAccounted: Rule = {
  code: 'SH025',
  name: 'criterion-not-accounted',
  description: 'A criterion of the linked spec is not in the handoff, or is listed but neither ticked nor explained.',
  defaultSeverity: 'warning',
  check(ctx) {
    const data = traceData(ctx);
    const trace = ctx.kind.trace;
    if (!data || !trace) return [];
    const section = headingFor(ctx.matching, trace.criteriaSection);
    if (!section) return []; // SH001 reports the missing section
    const spec = ctx.kind.allSections.find((s) => s.id === trace.criteriaSection)!;
    const out: RuleFinding[] = [];
    const missing = data.sourceCriteria.filter((c) => !ownCriterionFor(data, c));
    const name = (c: Criterion) => c.id ?? `"${quote(c.text, 40)}"`;
    const addAll =
      missing.length > 1 ? appendLinesEdits(ctx.doc, section, missing.flatMap(copiedCriterionLines)) : undefined;
    for (const c of missing) {
      const fix = {
        title: `Add ${name(c)} to "${spec.title}"`,
        kind: 'insert' as const,
        isPreferred: true,
        edits: appendLinesEdits(ctx.doc, section, copiedCriterionLines(c)),
      };
      out.push({
        message: c.id
          ? `${c.id} from the ${trace.kind} ("${quote(c.text, 60)}") is not accounted for: list it here, ticked or with what is missing.`
          : `A criterion of the ${trace.kind} ("${quote(c.text, 60)}") is not accounted for: list it here, ticked or with what is missing.`,
        range: headingRange(ctx.doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: addAll
          ? [
              fix,
              {
                title: `Add all ${missing.length} missing criteria`,
                kind: 'insert',
                isPreferred: false,
                edits: addAll,
              },
            ]
          : [fix],
        data: { criterionId: c.id },
      });
    }
    for (const source of data.sourceCriteria) {
      const mine = ownCriterionFor(data, source);
      if (!mine || mine.checked === true || mine.explained) continue;
      const start = mine.idStart >= 0 ? mine.idStart : mine.idColumn;
      out.push({
        message: `${source.id ?? `"${quote(source.text, 40)}"`} is neither ticked nor explained: tick it if it is met, or say what is missing and why.`,
        range: {
          start: { line: mine.line, character: start },
          end: { line: mine.line, character: ctx.doc.lines[mine.line].length },
        },
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
        data: { criterionId: source.id },
      });
    }
    return out;
  },
};
