/**
 * "Could a stranger pick this up?" — a per-document readiness verdict built
 * from the checklist and the findings. The sidebar, the code lens, the
 * status bar, the CLI's text and JSON and `spec-handoff report` all show this
 * one model.
 *
 * Everything a stranger would trip over makes a document "not ready": a
 * missing required section, a section not written yet (empty, a skeleton's
 * `TODO` only, or the schema's example text left in — SH002), a section too
 * short to say anything (SH013), criteria that are not checkable, spec
 * criteria a handoff does not account for or lists under a stale ID (SH025,
 * SH026), open items, vague words, and any error. Readiness reads the
 * reported findings, so a rule turned off in `.spec-handoff.yaml` no longer
 * counts; a finding's severity does not matter (SH002 stays a warning for
 * `check`'s exit code, yet example text left in is never "ready").
 */
import type { Finding } from '../types';

export interface ReadinessCheck {
  id: 'sections' | 'content' | 'criteria' | 'trace' | 'open-items' | 'vague-words' | 'errors';
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
  /** Whether the kind traces to a linked document's criteria (a handoff to its spec). */
  tracesCriteria?: boolean;
  openItems: number;
  findings: readonly Finding[];
}

const CRITERIA_RULES = new Set(['SH008', 'SH019']);
const TRACE_RULES = new Set(['SH025', 'SH026']);

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
  const example = count((f) => f.code === 'SH002' && f.data?.state === 'template');
  const empty = count((f) => f.code === 'SH002') - example;
  const short = count((f) => f.code === 'SH013');
  const unwritten = [
    empty ? `${empty} empty` : '',
    example ? `${example} with example text` : '',
    short ? `${short} too short` : '',
  ].filter(Boolean);
  checks.push({
    id: 'content',
    label: 'Every section written',
    ok: unwritten.length === 0,
    detail: unwritten.length ? unwritten.join(', ') : 'all written',
  });
  if (input.expectsCriteria) {
    checks.push({
      id: 'criteria',
      label: 'Acceptance criteria checkable',
      ok: input.criteriaTotal > 0 && uncheckable === 0,
      detail:
        input.criteriaTotal === 0
          ? 'none written'
          : uncheckable
            ? `${uncheckable} not checkable`
            : `${input.criteriaTotal} checkable`,
    });
  }
  if (input.tracesCriteria) {
    const unaccounted = count((f) => TRACE_RULES.has(f.code));
    checks.push({
      id: 'trace',
      label: 'Linked criteria accounted for',
      ok: unaccounted === 0,
      detail: unaccounted ? `${unaccounted} not accounted for or stale` : 'all accounted for',
    });
  }
  checks.push(
    {
      id: 'open-items',
      label: 'No open items',
      ok: input.openItems === 0,
      detail: input.openItems ? `${input.openItems} open` : 'none',
    },
    {
      id: 'vague-words',
      label: 'No vague wording',
      ok: vague === 0,
      detail: vague ? `${vague} vague word${vague === 1 ? '' : 's'}` : 'none',
    },
    {
      id: 'errors',
      label: 'No errors',
      ok: errors === 0,
      detail: errors ? `${errors} error${errors === 1 ? '' : 's'}` : 'none',
    },
  );
  const passed = checks.filter((c) => c.ok).length;
  return { ready: passed === checks.length, passed, total: checks.length, checks };
}
