/**
 * What every fix, new document, snippet and generated handoff inserts as a
 * section's body: a skeleton, never the schema's worked example.
 *
 * The skeleton is the section's guidance as an HTML comment (visible in the
 * editor, hidden on GitHub) followed by `TODO` placeholder lines — `TODO`,
 * `- TODO` items for a list section, `- [ ] TODO` for a checklist or
 * `- **Field:** TODO` for each of a section's `fields`. A line
 * holds nothing but the placeholder, so the placeholder rule (SH007) reports it, the
 * empty-section rule (SH002) still sees an empty section, and readiness stays
 * "not ready" until a person writes the section. A parent section whose
 * content lives in its subsections gets the comment only. Required text
 * (`boilerplate`) is inserted as it is: the schema demands it.
 *
 * scripts/gen-snippets.mjs mirrors this for the snippets; the snippet drift
 * test compares the two.
 */
import type { SectionSpec } from '../schema/types';

/** The placeholder token every skeleton uses (one of the built-in placeholders). */
export const SKELETON_PLACEHOLDER = 'TODO';

/** The guidance as an HTML comment: `--` inside a comment would end or break it, so it is spaced out. */
export function guidanceComment(guidance: string): string | undefined {
  const text = guidance.trim();
  if (!text) return undefined;
  return `<!-- ${text.replace(/-(?=-)/g, '- ')} -->`;
}

/**
 * The placeholder lines for a section: `TODO`, or for a list section one
 * `- TODO` per item the schema asks for at least (`minItems`, default 1), or
 * `- [ ] TODO` for a checklist; none for a parent whose content is its
 * subsections.
 */
export function placeholderLines(spec: SectionSpec): string[] {
  if (spec.children.length) return [];
  const r = spec.rules;
  const items = Math.min(Math.max(r.minItems ?? 1, 1), 10);
  // A section of labelled fields (an answer: who, when, what) lists each field with its placeholder.
  if (r.fields?.length) return r.fields.map((f) => `- **${f}:** ${SKELETON_PLACEHOLDER}`);
  if (r.checklist) return Array.from({ length: items }, () => `- [ ] ${SKELETON_PLACEHOLDER}`);
  if (r.minItems !== undefined || r.openQuestions || r.labels?.length || r.consequences)
    return Array.from({ length: items }, () => `- ${SKELETON_PLACEHOLDER}`);
  return [SKELETON_PLACEHOLDER];
}

/**
 * The skeleton body of a section (no heading line), as lines; `[]` for a
 * section with neither guidance nor placeholder. The section's
 * `boilerplate` (required text, not invented content) comes verbatim after
 * the guidance, before the placeholders.
 */
export function skeletonLines(spec: SectionSpec): string[] {
  const blocks: string[] = [];
  const comment = guidanceComment(spec.guidance);
  if (comment) blocks.push(comment);
  blocks.push(...spec.boilerplate);
  const placeholders = placeholderLines(spec);
  if (placeholders.length) blocks.push(placeholders.join('\n'));
  return blocks.length ? blocks.join('\n\n').split('\n') : [];
}
