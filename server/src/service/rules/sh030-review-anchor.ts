import type { Rule, RuleFinding } from './rule';
import { reviewComments } from '../analysis/review-threads';

/** SH030: a review comment that should point at code does not, or points at a file or line that does not exist. */
export const reviewAnchor: Rule = {
  code: 'SH030',
  name: 'review-anchor',
  description:
    'A blocking comment or suggestion does not point at the code it is about (path/file.ts#L42 or path/file.ts:42), or its anchor names a file or line that does not exist.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const c of reviewComments(ctx)) {
      const needs = c.spec.rules.anchors?.map((l) => l.toLowerCase()) ?? [];
      const where = { sectionId: c.spec.id, sectionTitle: c.spec.title, fixes: [] };
      const a = c.anchor;
      if (!a) {
        if (c.label && needs.includes(c.label))
          out.push({
            ...where,
            range: c.range,
            message: `"${c.label}:" comment does not point at code: add where it applies, e.g. [src/file.ts#L42](../src/file.ts#L42) or \`src/file.ts:42\`.`,
          });
        continue;
      }
      if (a.isUrl || !ctx.path) continue;
      if (!a.absolutePath) {
        // A Markdown link to a missing file is already SH012's (broken link); the plain form is ours.
        if (a.form === 'plain')
          out.push({
            ...where,
            range: a.range,
            message: `Code anchor "${a.written}:${a.line}": no such file in this folder or any folder above it.`,
          });
        continue;
      }
      if (a.line < 1 || (a.fileLines !== undefined && a.line > a.fileLines)) {
        out.push({
          ...where,
          range: a.range,
          message: `Code anchor "${a.written}" line ${a.line} does not exist: the file has ${a.fileLines ?? 0} lines.`,
          data: { fileLines: a.fileLines },
        });
      }
    }
    return out;
  },
};
