/**
 * The rule registry: every rule, in code order. Adding a rule means adding
 * its file, listing it here, writing docs/rules/<CODE>.md and a fixture.
 */
import type { Rule } from './rule';
import { missingSection } from './sh001-missing-section';
import { emptySection } from './sh002-empty-section';
import { sectionOrder } from './sh003-section-order';
import { duplicateSection } from './sh004-duplicate-section';
import { headingLevel } from './sh005-heading-level';
import { nearMissHeading } from './sh006-near-miss-heading';
import { placeholder } from './sh007-placeholder';
import { criteriaCheckable } from './sh008-criteria-checkable';
import { numberWithUnit } from './sh009-number-with-unit';
import { frontMatterInvalid } from './sh010-front-matter-invalid';
import { frontMatterMalformed } from './sh011-front-matter-malformed';
import { brokenLink } from './sh012-broken-link';
import { tooShort } from './sh013-too-short';
import { vagueWords } from './sh014-vague-words';
import { missingRationale } from './sh015-missing-rationale';
import { missingTitle } from './sh016-missing-title';
import { minItems } from './sh017-min-items';
import { missingConsequences } from './sh018-missing-consequences';
import { criteriaGrammar } from './sh019-criteria-grammar';
import { errorBehaviour } from './sh020-error-behaviour';
import { reviewLabel } from './sh021-review-label';
import { criterionId } from './sh022-criterion-id';
import { duplicateCriterionId } from './sh023-duplicate-criterion-id';
import { traceLink } from './sh024-trace-link';
import { criterionNotAccounted } from './sh025-criterion-not-accounted';
import { staleCriterion } from './sh026-stale-criterion';
import { outOfScopeNotAddressed } from './sh027-out-of-scope-not-addressed';
import { answerOverdue } from './sh028-answer-overdue';
import { missingField } from './sh029-missing-field';
import { reviewAnchor } from './sh030-review-anchor';
import { unconfirmedThread } from './sh031-unconfirmed-thread';
import { missingBoilerplateRule } from './sh032-missing-boilerplate';

export const RULES: readonly Rule[] = [
  missingSection,
  emptySection,
  sectionOrder,
  duplicateSection,
  headingLevel,
  nearMissHeading,
  placeholder,
  criteriaCheckable,
  numberWithUnit,
  frontMatterInvalid,
  frontMatterMalformed,
  brokenLink,
  tooShort,
  vagueWords,
  missingRationale,
  missingTitle,
  minItems,
  missingConsequences,
  criteriaGrammar,
  errorBehaviour,
  reviewLabel,
  criterionId,
  duplicateCriterionId,
  traceLink,
  criterionNotAccounted,
  staleCriterion,
  outOfScopeNotAddressed,
  answerOverdue,
  missingField,
  reviewAnchor,
  unconfirmedThread,
  missingBoilerplateRule,
];

export function findRule(codeOrName: string): Rule | undefined {
  const key = codeOrName.trim();
  return RULES.find((r) => r.code.toLowerCase() === key.toLowerCase() || r.name === key.toLowerCase());
}

export type { Rule, RuleContext, RuleFinding } from './rule';
