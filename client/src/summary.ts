/**
 * Short texts from a checklist summary for the status bar and the view
 * description. (The server's `summaryLine` lives in a module that pulls the
 * whole analysis into the bundle, so the client keeps its own formatting;
 * the wording matches.)
 */
import type { Checklist } from '../../server/src/service/features/checklist';

/** "Spec 5/7": kind and required sections present. */
export function summaryText(checklist: Checklist): string {
  const s = checklist.summary;
  return `${checklist.kindTitle} ${s.sectionsPresent}/${s.sectionsRequired}`;
}

/** "Spec · 5/7 sections · 2/6 criteria checked · 1 open item" */
export function summaryLine(checklist: Checklist): string {
  const s = checklist.summary;
  const parts = [checklist.kindTitle, `${s.sectionsPresent}/${s.sectionsRequired} sections`];
  if (s.criteriaTotal) parts.push(`${s.criteriaChecked}/${s.criteriaTotal} criteria checked`);
  if (s.openItems) parts.push(`${s.openItems} open item${s.openItems === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Problems line for tooltips: "2 errors, 1 warning" or "no problems". */
export function problemsText(checklist: Checklist): string {
  const { errors, warnings } = checklist.summary;
  if (!errors && !warnings) return 'no problems';
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}
