/**
 * Short texts from a checklist summary for the status bar and the view
 * description.
 */
import type { Checklist } from '../../server/src/protocol';

/** "Spec 5/7": kind and required sections present. */
export function summaryText(checklist: Checklist): string {
  const s = checklist.summary;
  const open = s.openItems ? ` · ${s.openItems} open` : '';
  return `${checklist.kindTitle} ${s.sectionsPresent}/${s.sectionsRequired}${open}`;
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
