/**
 * Fixture documents for the CLI tests, as strings (written into temporary
 * folders by each test). Line numbers quoted in comments are 1-based.
 */

/**
 * A spec with every required section, short bodies: warnings only, no
 * errors — and not ready for pickup, since ten sections are too short (SH013).
 */
export const SPEC_OK = `---
type: spec
title: Export invoices
---
# Export invoices

## Summary

Admins download the invoices they see as a CSV file.

## System context

### Current system

Invoices live in the billing database and are listed on the Invoices page.

### Adjacent systems

The reports worker runs background jobs.

### Data in and out

Filters come in; a CSV file goes out.

## Scope

### In scope

An export button and an endpoint.

### Out of scope

XLSX output, because nobody asked.

## Technical specifics

### API contracts

\`GET /v1/invoices/export\` returns \`text/csv\`.

### Error handling

Without the finance-admin role the answer is 403.

### Performance requirements

- Streaming 10,000 rows takes at most 3 s at p95.

## Acceptance criteria

- [ ] AC-1: Given the filtered page, when the admin exports, then the file has the listed rows.
`;

/**
 * A spec missing "System context", "Technical specifics", "Acceptance
 * criteria" and Scope's required children. Line 5 is the title, line 7
 * "## Summary", line 9 "TBD", line 11 "## Scope".
 */
export const SPEC_BAD = `---
type: spec
title: Export
---
# Export

## Summary

TBD

## Scope

Some scope text.
`;

/** A plain README: matches no kind. */
export const README = `# My project

Nothing to see here.
`;

/** A custom schema file for --schema FILE and config `schemas:` (kind "note": one required section). */
export const NOTE_SCHEMA = `id: note
title: Note
match:
  globs:
    - "notes/**/*.md"
titleRequired: false
sections:
  - id: context
    title: Context
    template: |
      Why this note exists.
  - id: details
    title: Details
    required: false
`;

/** A schema with an error on line 4 (an unknown key) — the file is left out, the built-ins keep working. */
export const BROKEN_SCHEMA = `id: broken
title: Broken
sections: []
colour: red
`;
