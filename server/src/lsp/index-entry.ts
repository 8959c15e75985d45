/**
 * What the workspace index keeps of one document: kind, title, checklist
 * summary and readiness, criteria with IDs and, for a document that traces to
 * another (a handoff), the linked file. Built from an analysis; plain data.
 */
import * as path from 'node:path';
import type { Analysis, ChecklistSummary, DecisionRecord, LanguageService, Readiness, ReviewAnchor } from '../service';
import { pathKey, relativeTo } from './convert';
import { linkedPathOf } from './host';

export interface IndexedCriterion {
  id: string;
  text: string;
  line: number;
  /** Columns of the ID on its line. */
  start: number;
  end: number;
}

export interface IndexEntry {
  /** Absolute path. */
  path: string;
  uri: string;
  /** Relative to the workspace root, forward slashes. */
  relativePath: string;
  kindId: string;
  kindTitle: string;
  title: string;
  /** Line of the H1 title (0 when there is none). */
  titleLine: number;
  summary: ChecklistSummary;
  readiness: Readiness;
  summaryLine: string;
  /** Criteria with IDs. */
  criteria: IndexedCriterion[];
  /** Whether this document defines its criteria (a spec) rather than reporting on another's (a handoff, whose kind traces). */
  definesCriteria: boolean;
  /** For kinds with `trace`: the linked file (a handoff's spec), resolved, whether or not it exists. */
  linkedPath: string | undefined;
  linkedKey: string | undefined;
  /** What the document decided, when it is a decision record or an answered question (the Decisions view). */
  decision: DecisionRecord | undefined;
  /** Review comments anchored to code (comment threads in the editor). */
  reviewAnchors: ReviewAnchor[];
}

/** The entry for an analysed document; undefined when it matches no kind. */
export function indexEntry(
  service: LanguageService,
  root: string | undefined,
  file: string,
  uri: string,
  analysis: Analysis | undefined,
): IndexEntry | undefined {
  if (!analysis?.kind) return undefined;
  const checklist = service.checklist(analysis);
  if (!checklist) return undefined;
  const fmTitle = analysis.frontMatter.data?.title;
  const heading = analysis.matching?.title?.heading;
  const title =
    typeof fmTitle === 'string' && fmTitle.trim()
      ? fmTitle.trim()
      : heading?.text.trim() || path.basename(file).replace(/\.(md|markdown)$/i, '');
  const criteria = service
    .criteria(analysis)
    .flatMap((c) => (c.id ? [{ id: c.id, text: c.text, line: c.line, start: c.idStart, end: c.idEnd }] : []));
  const linkedPath = linkedPathOf(analysis, file);
  return {
    path: file,
    uri,
    relativePath: relativeTo(root, file) ?? path.basename(file),
    kindId: analysis.kind.id,
    kindTitle: analysis.kind.title,
    title,
    titleLine: heading?.line ?? 0,
    summary: checklist.summary,
    readiness: checklist.readiness,
    summaryLine: checklist.summaryLine,
    criteria,
    definesCriteria: !analysis.kind.trace,
    linkedPath,
    linkedKey: linkedPath ? pathKey(linkedPath) : undefined,
    decision: service.decisionRecord(analysis, file),
    reviewAnchors: service.reviewAnchors(analysis),
  };
}
