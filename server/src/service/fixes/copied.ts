/**
 * Copying from a linked document (a handoff's spec), never inventing: the
 * bodies that Generate Handoff and the handoff's insert-section fixes write
 * for the sections the schema fills from the spec.
 *
 * - The criteria section lists every acceptance criterion of the spec — by its
 *   ID when it has one, by its text otherwise — unticked, each followed by an
 *   empty evidence placeholder (`- Evidence: TODO`).
 * - A `prefillFrom` section (and the trace's `itemsTo` section) lists the
 *   items of the spec's sections, each followed by a `- TODO` placeholder.
 *
 * The text is the spec's own Markdown (the item's first paragraph, joined
 * onto one line), so nothing appears that the spec does not say. Guidance
 * and the source of the copy are HTML comments. The placeholders keep the
 * document "not ready" until a person writes what was actually done.
 */
import type { Analysis } from '../analysis/context';
import type { DocumentKind, SectionSpec } from '../schema/types';
import { headingFor } from '../analysis/matching';
import { itemSource, sourceCriteria } from '../analysis/trace';
import { schemaSectionOf } from '../analysis/criteria';
import { documentAnchors, headingSlug } from '../parse/slug';
import type { SectionBody } from './insert-section';
import { guidanceComment, SKELETON_PLACEHOLDER } from './skeleton';

/** The empty evidence line under each copied criterion. */
export const EVIDENCE_PLACEHOLDER = `  - Evidence: ${SKELETON_PLACEHOLDER}`;
/** The empty line under each copied item. */
export const ITEM_PLACEHOLDER = `  - ${SKELETON_PLACEHOLDER}`;

/** The lines a criterion is listed with in a handoff: unticked, its ID when it has one, the spec's text, an empty evidence line. */
export function copiedCriterionLines(criterion: { id: string | undefined; source: string }): string[] {
  return [`- [ ] ${criterion.id ? `${criterion.id}: ` : ''}${criterion.source}`, EVIDENCE_PLACEHOLDER];
}

/**
 * Section bodies copied from `source` for a document of `kind` (which must
 * trace to the source's kind); undefined for a section the schema does not
 * fill from the source, or when the source has nothing to copy (the skeleton
 * is used then). `sourceLink` is the source's path as written in the new
 * document, for the comments that say where a copy came from.
 */
export function copiedBodies(source: Analysis, kind: DocumentKind, sourceLink: string): SectionBody | undefined {
  const trace = kind.trace;
  const sourceCtx = source.context;
  const sourceMatching = source.matching;
  const sourceKind = source.kind;
  if (!trace || !sourceCtx || !sourceMatching || !sourceKind || sourceKind.id !== trace.kind) return undefined;
  const sourceName = sourceKind.title.toLowerCase();
  const where = (sectionId: string): string => {
    const heading = headingFor(sourceMatching, sectionId);
    const title = sourceKind.allSections.find((s) => s.id === sectionId)?.title ?? sectionId;
    // GitHub's anchor of that heading in the source, with the -1, -2 of repeated headings.
    const anchor = heading
      ? (documentAnchors(source.doc)[source.doc.headings.indexOf(heading.heading)] ?? headingSlug(heading.heading.text))
      : undefined;
    return heading ? `"${title}" (${sourceLink}#${anchor})` : `"${title}"`;
  };
  const itemsOf = (sectionId: string): string[] => {
    const heading = headingFor(sourceMatching, sectionId);
    if (!heading) return [];
    return sourceCtx
      .body(heading)
      .listItems.filter((i) => i.depth === 0)
      .map((i) => itemSource(sourceCtx.doc.lines, i) || i.text)
      .filter((t) => t !== '');
  };
  const lead = (spec: SectionSpec, note: string): string[] => {
    const comment = guidanceComment(`${note}\n${spec.guidance}`.trim());
    return comment ? [...comment.split('\n'), ''] : [];
  };
  return (spec) => {
    if (spec.id === trace.criteriaSection) {
      const criteria = sourceCriteria(sourceCtx);
      if (!criteria.length) return undefined;
      const from = [
        ...new Set(criteria.map((c) => schemaSectionOf(sourceCtx, c.section)?.id).filter((id): id is string => !!id)),
      ]
        .map(where)
        .join(', ');
      return [
        ...lead(
          spec,
          `Every criterion of the ${sourceName}'s ${from}, copied unticked. Tick a box only when the criterion is met, and replace its TODO with how it was verified or what is missing.`,
        ),
        ...criteria.flatMap(copiedCriterionLines),
      ];
    }
    const ids = [
      ...new Set([...spec.prefillFrom, ...(spec.id === trace.itemsTo && trace.itemsFrom ? [trace.itemsFrom] : [])]),
    ];
    const withItems = ids.map((id) => [id, itemsOf(id)] as const).filter(([, items]) => items.length);
    if (!withItems.length) return undefined;
    return [
      ...lead(
        spec,
        `Copied from the ${sourceName}'s ${withItems.map(([id]) => where(id)).join(', ')}. Replace each TODO with what happened to the item.`,
      ),
      ...withItems.flatMap(([, items]) => items.flatMap((t) => [`- ${t}`, ITEM_PLACEHOLDER])),
    ];
  };
}
