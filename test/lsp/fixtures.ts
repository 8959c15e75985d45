/** Documents shared by the LSP tests (built-in `spec` kind). */

export const SUMMARY =
  'Finance admins can download the invoices they see on the Invoices page as a CSV file with the filters applied, which saves them about two hours per account every month at reconciliation time.';

/** A spec with a title and a Summary: System context, Scope, Technical specifics and Acceptance criteria are missing. */
export const SPEC_MISSING = `---
type: spec
title: Export invoices
---

# Export invoices

## Summary

${SUMMARY}
`;

export const MISSING_IDS = ['system-context', 'scope', 'technical-specifics', 'acceptance-criteria'];

export const README = `# My project

TODO: write a README. TBD.

## Summary
`;

/** A custom kind for config tests. */
export const NOTE_SCHEMA = `id: note
title: Note
match:
  globs: []
sections:
  - id: purpose
    title: Purpose
    guidance: Why this note exists.
    template: |
      This note records why we chose X.
  - id: details
    title: Details
`;
