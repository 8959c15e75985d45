/**
 * "Could a stranger pick this up?" — a per-document readiness verdict built
 * from the checklist and the findings. The sidebar, the code lens, the CLI's
 * JSON and `spec-handoff report` all show this one model.
 */
import type { Finding } from '../types';

export interface ReadinessCheck {
  id: 'sections' | 'criteria' | 'open-items' | 'vague-words' | 'errors';
  label: string;
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  /** Checks passed out of checks made. */
  passed: number;
  total: number;
  checks: ReadinessCheck[];
}

export interface ReadinessInput {
  sectionsPresent: number;
  sectionsRequired: number;
  /** Whether the kind has a checklist section at all (criteria are then expected). */
  expectsCriteria: boolean;
  criteriaTotal: number;
  openItems: number;
  findings: readonly Finding[];
}

const CRITERIA_RULES = new Set(['SH008', 'SH019']);

export function assessReadiness(input: ReadinessInput): Readiness {
  const count = (pred: (f: Finding) => boolean) => input.findings.filter(pred).length;
  const uncheckable = count((f) => CRITERIA_RULES.has(f.code));
  const vague = count((f) => f.code === 'SH014');
  const errors = count((f) => f.severity === 'error');
  const checks: ReadinessCheck[] = [
    {
      id: 'sections',
      label: 'Required sections present',
      ok: input.sectionsPresent === input.sectionsRequired,
      detail: `${input.sectionsPresent}/${input.sectionsRequired}`,
    },
  ];
  if (input.expectsCriteria) {
    checks.push({
      id: 'criteria',
      label: 'Acceptance criteria checkable',
      ok: input.criteriaTotal > 0 && uncheckable === 0,
      detail: input.criteriaTotal === 0 ? 'none written' : uncheckable ? `${uncheckable} not checkable` : `${input.criteriaTotal} checkable`,
    });
  }
  checks.push(
    { id: 'open-items', label: 'No open items', ok: input.openItems === 0, detail: input.openItems ? `${input.openItems} open` : 'none' },
    { id: 'vague-words', label: 'No vague wording', ok: vague === 0, detail: vague ? `${vague} vague word${vague === 1 ? '' : 's'}` : 'none' },
    { id: 'errors', label: 'No errors', ok: errors === 0, detail: errors ? `${errors} error${errors === 1 ? '' : 's'}` : 'none' },
  );
  const passed = checks.filter((c) => c.ok).length;
  return { ready: passed === checks.length, passed, total: checks.length, checks };
}
