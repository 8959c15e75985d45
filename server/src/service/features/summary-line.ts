/**
 * The one-line summary of a checklist, shared by the code lens (server) and
 * the status bar tooltip (client). Kept free of runtime imports so the
 * client bundle can include it without pulling in the analysis engine.
 */
import type { Checklist } from './checklist';

/** "Spec · 5/7 sections · 2/6 criteria checked" — the code lens and status bar text. */
export function summaryLine(checklist: Checklist): string {
  const s = checklist.summary;
  const parts = [checklist.kindTitle, `${s.sectionsPresent}/${s.sectionsRequired} sections`];
  if (s.criteriaTotal) parts.push(`${s.criteriaChecked}/${s.criteriaTotal} criteria checked`);
  if (s.openItems) parts.push(`${s.openItems} open item${s.openItems === 1 ? '' : 's'}`);
  const r = checklist.readiness;
  parts.push(r.ready ? 'ready for pickup' : `not ready (${r.passed}/${r.total} checks)`);
  return parts.join(' · ');
}
