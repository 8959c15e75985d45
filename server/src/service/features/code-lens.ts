/**
 * The summary code lens, transport-free: one lens on the document's H1 title
 * (line 0 without one) reading `summaryLine(checklist)`, e.g.
 * "Spec · 5/7 sections · 2/6 criteria checked". The handler layer attaches
 * the client command that reveals the checklist (protocol.ts
 * `ClientCommands.focusChecklist`).
 */
import type { Analysis } from '../analysis/context';
import type { Range } from '../types';
import { buildChecklist, type Checklist } from './checklist';

export interface SummaryLens {
  range: Range;
  title: string;
}

export function codeLenses(
  analysis: Analysis,
  checklist: Checklist | undefined = buildChecklist(analysis),
): SummaryLens[] {
  if (!checklist || !analysis.matching) return [];
  const title = analysis.matching.title;
  const line = title ? title.heading.line : 0;
  const range: Range = {
    start: { line, character: 0 },
    end: { line, character: analysis.doc.lines[line]?.length ?? 0 },
  };
  return [{ range, title: checklist.summaryLine }];
}
