/**
 * What every fix, new document, snippet and generated handoff inserts as a
 * section's body: a skeleton, never the schema's worked example.
 *
 * The skeleton is the section's guidance as an HTML comment (visible in the
 * editor, hidden on GitHub) followed by a `TODO` placeholder line — `TODO`,
 * `- TODO` for a list section or `- [ ] TODO` for a checklist. The line holds
 * nothing but the placeholder, so the placeholder rule (SH007) reports it, the
 * empty-section rule (SH002) still sees an empty section, and readiness stays
 * "not ready" until a person writes the section. A parent section whose
 * content lives in its subsections gets the comment only.
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

/** The placeholder line for a section, or undefined for a parent whose content is its subsections. */
export function placeholderLine(spec: SectionSpec): string | undefined {
  if (spec.children.length) return undefined;
  if (spec.rules.checklist) return `- [ ] ${SKELETON_PLACEHOLDER}`;
  const r = spec.rules;
  if (r.minItems !== undefined || r.openQuestions || r.labels?.length || r.consequences) return `- ${SKELETON_PLACEHOLDER}`;
  return SKELETON_PLACEHOLDER;
}

/** The skeleton body of a section (no heading line), as lines; `[]` for a section with neither guidance nor placeholder. */
export function skeletonLines(spec: SectionSpec): string[] {
  const blocks: string[] = [];
  const comment = guidanceComment(spec.guidance);
  if (comment) blocks.push(comment);
  const placeholder = placeholderLine(spec);
  if (placeholder) blocks.push(placeholder);
  return blocks.length ? blocks.join('\n\n').split('\n') : [];
}
