/**
 * The checklist model: for each schema section, whether it is present, has
 * findings or is missing; the acceptance criteria ticked or not; open items.
 * The sidebar, the code lens, the status bar and the CLI summary all read it.
 */
import { reviewComments } from '../analysis/review-threads';
import { criteriaOf, kindHasCriteria } from '../analysis/criteria';
import type { Analysis } from '../analysis/context';
import type { SectionSpec } from '../schema/types';
import { conditionHolds, headingFor } from '../analysis/matching';
import { documentPlaceholders } from '../parse/placeholders';
import { assessReadiness, type Readiness } from './readiness';
import { MAX_CHECKLIST_ITEMS, MAX_CHECKLIST_SECTION_FINDINGS } from '../limits';

export type SectionState = 'present' | 'warning' | 'missing' | 'optional-missing';

export interface ChecklistSection {
  id: string;
  title: string;
  required: boolean;
  state: SectionState;
  /** Line of the heading when present. */
  line: number | undefined;
  /** Messages of findings about this section. */
  findings: string[];
  guidance: string;
  /** The schema's worked example for this section (shown to the writer; never inserted by fixes). */
  example: string;
  children: ChecklistSection[];
}

export interface ChecklistCriterion {
  text: string;
  checked: boolean;
  line: number;
}

export interface ChecklistOpenItem {
  /** A placeholder left in the text, an unanswered open question, or a review thread not yet confirmed by the reviewer. */
  kind: 'placeholder' | 'question' | 'thread';
  /** The placeholder itself (e.g. `TBD`), `?` for a question, the comment's label (`blocking`) for a thread. */
  placeholder: string;
  /** The whole line, trimmed, for context. */
  text: string;
  line: number;
}

export interface Checklist {
  kindId: string;
  kindTitle: string;
  sections: ChecklistSection[];
  criteria: ChecklistCriterion[];
  openItems: ChecklistOpenItem[];
  summary: ChecklistSummary;
  readiness: Readiness;
  /** "Spec · 5/7 sections · 2/6 criteria checked · not ready (3/5 checks)": the code lens, status bar and Documents view text. */
  summaryLine: string;
}

export interface ChecklistSummary {
  /** Required sections present / required sections in the schema. */
  sectionsPresent: number;
  sectionsRequired: number;
  criteriaChecked: number;
  criteriaTotal: number;
  /** Whether the kind writes its criteria as task items (`criteria.style: checklist`), so ticking them means something. */
  criteriaTicked: boolean;
  openItems: number;
  errors: number;
  warnings: number;
}

export function buildChecklist(analysis: Analysis): Checklist | undefined {
  const checklist = buildChecklistData(analysis);
  return checklist && { ...checklist, summaryLine: summaryLine(checklist) };
}

/** "Spec · 5/7 sections · 2/6 criteria checked" — the code lens and status bar text. */
export function summaryLine(checklist: Omit<Checklist, 'summaryLine'>): string {
  const s = checklist.summary;
  const parts = [checklist.kindTitle, `${s.sectionsPresent}/${s.sectionsRequired} sections`];
  // Plain list criteria (spec-kit's FR lines) are never ticked: their count, not "0/N checked".
  if (s.criteriaTotal)
    parts.push(
      s.criteriaTicked
        ? `${s.criteriaChecked}/${s.criteriaTotal} criteria checked`
        : `${s.criteriaTotal} criteri${s.criteriaTotal === 1 ? 'on' : 'a'}`,
    );
  if (s.openItems) parts.push(`${s.openItems} open item${s.openItems === 1 ? '' : 's'}`);
  const r = checklist.readiness;
  parts.push(r.ready ? 'ready for pickup' : `not ready (${r.passed}/${r.total} checks)`);
  return parts.join(' · ');
}

function buildChecklistData(analysis: Analysis): Omit<Checklist, 'summaryLine'> | undefined {
  const { kind, matching, context, doc } = analysis;
  if (!kind || !matching || !context) return undefined;
  const findingsBySection = new Map<string, string[]>();
  for (const f of analysis.findings) {
    if (!f.sectionId) continue;
    const list = findingsBySection.get(f.sectionId) ?? [];
    list.push(f.message);
    findingsBySection.set(f.sectionId, list);
  }
  const build = (spec: SectionSpec): ChecklistSection => {
    const heading = headingFor(matching, spec.id);
    const findings = findingsBySection.get(spec.id) ?? [];
    const required = spec.required || conditionHolds(spec.requiredWhen, analysis.frontMatter.data);
    const state: SectionState = !heading
      ? required
        ? 'missing'
        : 'optional-missing'
      : findings.length
        ? 'warning'
        : 'present';
    return {
      id: spec.id,
      title: spec.title,
      required,
      state,
      line: heading?.heading.line,
      findings,
      guidance: spec.guidance,
      example: spec.example,
      children: spec.children.map(build),
    };
  };
  const sections = kind.sections.map(build);

  // The same criteria the rules read (criteria.in or the checklist sections, sub-headings and ID headings too).
  const criteria: ChecklistCriterion[] = criteriaOf(context).map((c) => ({
    text: c.fullText,
    checked: c.checked === true,
    line: c.line,
  }));
  const openItems: ChecklistOpenItem[] = [];
  for (const { line, hits } of documentPlaceholders(doc, kind.placeholders))
    for (const hit of hits)
      openItems.push({ kind: 'placeholder', placeholder: hit.text, text: doc.lines[line].trim(), line });
  for (const section of doc.sections) {
    if (!context.specFor(section)?.rules.openQuestions) continue;
    for (const item of context.body(section).listItems) {
      if (
        item.depth !== 0 ||
        item.checked === true ||
        isAnswered(doc.lines.slice(item.line, item.endLine + 1).join(' '))
      )
        continue;
      openItems.push({ kind: 'question', placeholder: '?', text: item.text, line: item.line });
    }
  }
  for (const comment of reviewComments(context)) {
    const needs = comment.spec.rules.threads?.map((l) => l.toLowerCase()) ?? [];
    if (comment.label && needs.includes(comment.label) && !comment.closed)
      openItems.push({
        kind: 'thread',
        placeholder: comment.label,
        text: doc.lines[comment.line].trim(),
        line: comment.line,
      });
  }
  openItems.sort((a, b) => a.line - b.line);
  let sectionsRequired = 0;
  let sectionsPresent = 0;
  const count = (s: ChecklistSection): void => {
    if (s.required) {
      sectionsRequired++;
      if (s.state === 'present' || s.state === 'warning') sectionsPresent++;
    }
    s.children.forEach(count);
  };
  sections.forEach(count);
  const criteriaChecked = criteria.filter((c) => c.checked).length;
  const readiness = assessReadiness({
    sectionsPresent,
    sectionsRequired,
    expectsCriteria: kindHasCriteria(kind),
    criteriaTotal: criteria.length,
    tracesCriteria: kind.trace !== undefined,
    openItems: openItems.length,
    findings: analysis.findings,
  });
  // Bounded responses: the lists are cut (their totals stay in the summary), each section lists a few messages.
  const capSection = (s: ChecklistSection): void => {
    if (s.findings.length > MAX_CHECKLIST_SECTION_FINDINGS)
      s.findings = [
        ...s.findings.slice(0, MAX_CHECKLIST_SECTION_FINDINGS),
        `… and ${s.findings.length - MAX_CHECKLIST_SECTION_FINDINGS} more`,
      ];
    s.children.forEach(capSection);
  };
  sections.forEach(capSection);
  return {
    kindId: kind.id,
    kindTitle: kind.title,
    sections,
    criteria: criteria.length > MAX_CHECKLIST_ITEMS ? criteria.slice(0, MAX_CHECKLIST_ITEMS) : criteria,
    openItems: openItems.length > MAX_CHECKLIST_ITEMS ? openItems.slice(0, MAX_CHECKLIST_ITEMS) : openItems,
    summary: {
      sectionsPresent,
      sectionsRequired,
      criteriaChecked,
      criteriaTotal: criteria.length,
      criteriaTicked: kind.criteria.style === 'checklist',
      openItems: openItems.length,
      errors: analysis.findings.filter((f) => f.severity === 'error').length,
      warnings: analysis.findings.filter((f) => f.severity === 'warning').length,
    },
    readiness,
  };
}

/** An open question is settled when struck through or marked answered/resolved/decided. */
function isAnswered(text: string): boolean {
  return (
    /~~[^~]+~~/.test(text) ||
    /\b(?:answer(?:ed)?|resolved|decided|done)\s*[:—–-]/i.test(text) ||
    /\((?:answered|resolved|decided)\b/i.test(text)
  );
}
