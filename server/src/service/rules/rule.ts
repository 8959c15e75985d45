/**
 * What a rule is. Rules are one file each, listed in `rules/index.ts`; each
 * reads the shared `RuleContext` and returns findings without code, name or
 * severity (the engine adds those from the rule and the configuration).
 */
import type { Finding, Severity } from '../types';
import type { RuleContext } from '../analysis/context';

export type { RuleContext } from '../analysis/context';

export type RuleFinding = Omit<Finding, 'code' | 'rule' | 'severity'>;

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
