import type { Rule, RuleFinding } from './rule';
import { reviewComments } from '../analysis/review-threads';

/** SH031: the review approves while a blocking comment's thread is not confirmed closed by the reviewer. */
export const unconfirmedThread: Rule = {
  code: 'SH031',
  name: 'unconfirmed-thread',
  description:
    'The review says verdict: approve while a blocking comment has no reply thread closed by the reviewer ("- reviewer: confirmed").',
  defaultSeverity: 'error',
  check(ctx) {
    const verdict = ctx.frontMatter.data?.verdict;
    if (typeof verdict !== 'string' || verdict.trim().toLowerCase() !== 'approve') return [];
    const out: RuleFinding[] = [];
    for (const c of reviewComments(ctx)) {
      const needs = c.spec.rules.threads?.map((l) => l.toLowerCase()) ?? [];
      if (!c.label || !needs.includes(c.label) || c.closed) continue;
      const state = c.replies.length
        ? `its last reply is from "${c.replies[c.replies.length - 1].who}"`
        : 'it has no replies';
      out.push({
        message: `verdict is approve but this "${c.label}:" comment is not confirmed (${state}): the author replies "- author: fixed in <commit>", then the reviewer closes it with "- reviewer: confirmed".`,
        range: c.range,
        sectionId: c.spec.id,
        sectionTitle: c.spec.title,
        fixes: [],
      });
    }
    return out;
  },
};
