/**
 * Checks that inserted and generated text is honest (issue 13): no sentence
 * of any schema's worked example, and a generated handoff's criteria are the
 * spec's own, unticked, with nothing invented. Shared by the unit, CLI, LSP
 * and in-editor tests.
 */
import type { DocumentKind } from '../../server/src/service';

/** Whitespace collapsed, trimmed. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The sentences of every example of every kind (at least four words each, so common short phrases do not count). */
export function exampleSentences(kinds: readonly DocumentKind[]): string[] {
  const out = new Set<string>();
  for (const kind of kinds) {
    for (const spec of kind.allSections) {
      for (const sentence of squash(spec.example).split(/(?<=[.!?:;])\s+|\s+-\s+|^-\s+/)) {
        const s = sentence.replace(/^[-*]\s+(?:\[[ xX]\]\s+)?/, '').trim();
        if (s.split(' ').length >= 4) out.add(s);
      }
    }
  }
  return [...out];
}

/** The example sentences found in `text` (whitespace-insensitive). */
export function foreignSentences(text: string, sentences: readonly string[]): string[] {
  const flat = squash(text);
  return sentences.filter((s) => flat.includes(s));
}

/** The body of the `## title` section (up to the next heading of level 1 or 2), or undefined. */
export function sectionBody(text: string, title: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !/^#{1,2} /.test(lines[end])) end++;
  return lines.slice(start + 1, end).join('\n');
}

/**
 * The problems with a handoff's criteria section, compared with its spec:
 * every line of the section apart from the markup (HTML comments, list
 * markers, checkboxes, criterion IDs, the `- Evidence: TODO` placeholder)
 * must be text of the spec; no box may be ticked; there must be exactly
 * `expectedCount` criteria. Empty when all is well.
 */
export function criteriaProblems(handoff: string, spec: string, expectedCount: number): string[] {
  const body = sectionBody(handoff, 'Acceptance criteria status');
  if (body === undefined) return ['no "Acceptance criteria status" section'];
  const problems: string[] = [];
  const flatSpec = squash(spec);
  const lines = body
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
  let criteria = 0;
  for (const line of lines) {
    if (/^\s*- Evidence: TODO$/.test(line)) continue;
    const m = /^- \[( |x|X)\] (?:((?:AC|FR|NFR|SC)-\d+): )?(.*)$/.exec(line);
    if (!m) {
      problems.push(`not a copied criterion: ${line}`);
      continue;
    }
    criteria++;
    if (m[1] !== ' ') problems.push(`ticked: ${line}`);
    if (m[2] && !flatSpec.includes(m[2])) problems.push(`ID not in the spec: ${m[2]}`);
    if (!flatSpec.includes(squash(m[3]))) problems.push(`text not in the spec: ${m[3]}`);
  }
  if (criteria !== expectedCount) problems.push(`${criteria} criteria listed; the spec has ${expectedCount}`);
  return problems;
}

/** Text that suggests invented evidence: dates, CI run numbers, test file names, pull request numbers. */
export function inventedEvidence(text: string, spec: string): string[] {
  const found = text.match(/\b\d{4}-\d{2}-\d{2}\b|\brun \d+|\b[\w-]+\.(?:test|spec|e2e)\.[jt]s\b|#\d{2,}/g) ?? [];
  return [...new Set(found)].filter((f) => !spec.includes(f));
}

/** A 19-line spec with 4 errors: System context, Scope, Technical specifics and Acceptance criteria are missing. */
export const SAVED_FILTERS_19 = `---
type: spec
title: Saved filters
status: draft
owner: Priya Raman
---

# Saved filters

## Summary

Let users save a combination of report filters under a name and apply it
again with one click, so analysts stop rebuilding the same filters every
Monday morning.

## Decisions

- Filters are stored per user, because sharing needs a permission model
  we do not have yet.
`;
