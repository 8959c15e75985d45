/**
 * Findable decisions: what a decision record or an answered question
 * decided, read from the document itself (never invented), for the Decisions
 * view, workspace symbols and Generate Handoff.
 *
 * A document is a decision when its kind has
 * - a section with id `answer` and the front matter says `status: answered`
 *   (an answered question): the outcome is its `Answer:` field, the date its
 *   `Date:` field (else the front matter `date`);
 * - or a section with id `decision` that is present (a decision record): the
 *   outcome is the first sentence of that section, the status and date the
 *   front matter's `status` and `date`.
 *
 * It links to a spec through its front matter `spec:` (a path relative to
 * the document, like a handoff's): Generate Handoff lists exactly the
 * decisions whose `spec:` resolves to the spec it generates from.
 */
import * as nodePath from 'node:path';
import type { Analysis } from '../analysis/context';
import { headingFor } from '../analysis/matching';
import { fieldValue, ownTextLines } from '../analysis/fields';
import { frontMatterTitle } from '../parse/frontmatter';

export interface DecisionRecord {
  /** `decision` for a decision record, `answer` for an answered question. */
  type: 'decision' | 'answer';
  title: string;
  /** Front matter status (`accepted`, `answered` …), '' when none. */
  status: string;
  /** YYYY-MM-DD or as written; '' when none. */
  date: string;
  /** One line: the answer, or the decision's first sentence; '' when not written yet. */
  outcome: string;
  /** Line of the answer / decision section's heading. */
  line: number;
  /** The front matter `spec:` resolved against the document's folder (absolute), when the document has a path and the key. */
  specPath: string | undefined;
}

const MAX_OUTCOME = 240;

/** The decision a document records; undefined when it is not a decision record or an answered question. */
export function decisionRecord(analysis: Analysis, documentPath: string | undefined): DecisionRecord | undefined {
  const { kind, matching, context: ctx } = analysis;
  if (!kind || !matching || !ctx) return undefined;
  const data = analysis.frontMatter.data;
  const text = (key: string): string => {
    const v = data?.[key];
    if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
  };
  const status = text('status');
  const answer =
    kind.allSections.some((s) => s.id === 'answer') && status.toLowerCase() === 'answered'
      ? headingFor(matching, 'answer')
      : undefined;
  const decision = answer ? undefined : headingFor(matching, 'decision');
  const section = answer ?? decision;
  if (!section || (answer === undefined && !kind.allSections.some((s) => s.id === 'decision'))) return undefined;
  let outcome: string;
  let date = text('date');
  if (answer) {
    const lines = ownTextLines(ctx.doc, answer);
    outcome = plain(fieldValue(lines, 'Answer') ?? '');
    date = plain(fieldValue(lines, 'Date') ?? '') || date;
  } else {
    outcome = firstSentence(ctx.prose(section).text);
  }
  const spec = text('spec');
  return {
    type: answer ? 'answer' : 'decision',
    title:
      frontMatterTitle(analysis.frontMatter) ??
      matching.title?.heading.text.trim() ??
      (documentPath ? nodePath.basename(documentPath) : 'Untitled'),
    status,
    date,
    outcome: outcome.length > MAX_OUTCOME ? `${outcome.slice(0, MAX_OUTCOME - 1)}…` : outcome,
    line: section.heading.line,
    specPath:
      spec && documentPath && !/^[a-z][a-z0-9+.-]*:/i.test(spec)
        ? nodePath.resolve(nodePath.dirname(documentPath), spec)
        : undefined,
  };
}

function plain(markdown: string): string {
  return markdown
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(?:\s|$)/.exec(flat);
  return m ? m[1] : flat;
}

/** The lines Generate Handoff lists under Decisions: one per decision, its title linked, status and date, then its outcome as written. */
export function decisionLines(records: { record: DecisionRecord; link: string }[]): string[] {
  return records.map(({ record, link }) => {
    const meta = [
      record.type === 'answer' ? 'answered question' : 'decision record',
      record.status && record.type !== 'answer' ? record.status : '',
      record.date,
    ]
      .filter(Boolean)
      .join(', ');
    return `- [${record.title.replace(/[[\]]/g, '\\$&')}](${encodeURI(link)}) (${meta}): ${record.outcome || 'no outcome written yet'}`;
  });
}
