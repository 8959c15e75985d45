/**
 * What a rule is. Rules are one file each, listed in `rules/index.ts`; each
 * reads the shared `RuleContext` and returns findings without code, name or
 * severity (the engine adds those from the rule and the configuration).
 */
import type { Finding, Fix, Severity } from '../types';
import type { RuleContext } from '../analysis/context';

export type { RuleContext } from '../analysis/context';

/**
 * A rule's finding. `fixes` may be a function when building them costs
 * something: the engine calls it once, on first read of the finding's fixes
 * (`check` without `--fix` never reads them).
 */
export type RuleFinding = Omit<Finding, 'code' | 'rule' | 'severity' | 'fixes'> & { fixes: Fix[] | (() => Fix[]) };

export interface Rule {
  /** Stable code, e.g. `SH001`; never reused. */
  code: string;
  /** Stable kebab-case name, usable instead of the code in configuration. */
  name: string;
  /** One sentence: what the rule reports. */
  description: string;
  defaultSeverity: Severity;
  check(context: RuleContext): RuleFinding[];
}
