/** Help texts, one per command. */
export const MAIN_HELP = `spec-handoff — check markdown specs and handoffs against section schemas

Usage:
  spec-handoff check [paths|globs...] [options]   check documents (default: the current folder)
  spec-handoff report [folders...] [options]      readiness table per folder (text, markdown, json)
  spec-handoff schemas [options]                  list the known document kinds
  spec-handoff new <kind> <file> [--title TITLE]  write a new document from a kind's template
  spec-handoff handoff <spec.md> [-o FILE]        write a handoff generated from a spec
  spec-handoff lsp --stdio                        run the language server on stdin/stdout
  spec-handoff mcp [--config FILE]                run the MCP server for coding agents (stdio)

Options:
  -h, --help      show help (also after a command: spec-handoff check --help)
  --version       print the version

Exit codes: 0 no errors, 1 error findings, 2 usage or configuration error.
Documentation: docs/cli.md
`;

export const CHECK_HELP = `Usage: spec-handoff check [paths|globs...] [options]

Checks markdown documents against their kind's schema. Paths may be files,
folders (searched recursively for *.md and *.markdown, skipping node_modules,
.git and the config's exclude globs) or globs relative to the current folder
(quote them: "docs/**/*.spec.md"). Without paths: the current folder.
Documents that match no kind are listed as "not matched" and are not errors.

Options:
  --schema ID|FILE       check every file as this kind; a .yaml FILE is loaded
                         as an extra schema and its kind is used
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  --format FORMAT        text (default), json or sarif
  --fix                  apply safe fixes (insert missing sections, rename
                         misspelled headings), then report what remains
  -q, --quiet            text output: only errors, no "not matched" or clean files
  -h, --help             show this help

Exit codes: 0 no error findings, 1 at least one error finding,
2 usage or configuration error, unreadable file or a fix that could not be written.
`;

export const REPORT_HELP = `Usage: spec-handoff report [folders...] [options]

Checks every document of a known kind under each folder (default: the
current folder) and prints one table per folder: document, kind, required
sections present, acceptance criteria checked, open items, vague words,
errors and whether it is ready for pickup, then "N of M documents are ready
for pickup". Folders are searched like "check" does (*.md and *.markdown,
skipping node_modules, .git and the config's exclude globs); documents that
match no kind are left out.

Options:
  --format FORMAT        text (default), markdown (GitHub tables for a pull
                         request comment) or json
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  -h, --help             show this help

Exit codes: 0 whatever the documents say, 2 usage or configuration error or
a file that could not be read.
`;

export const SCHEMAS_HELP = `Usage: spec-handoff schemas [options]

Lists the known document kinds (built-in and custom) with their source, how
files are matched and their number of sections, then any schema problems.

Options:
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  --format FORMAT        text (default) or json
  -h, --help             show this help

Exit codes: 0 all schemas valid, 1 a custom schema has problems (the others
still work), 2 usage or configuration error.
`;

export const NEW_HELP = `Usage: spec-handoff new <kind> <file> [--title TITLE]

Writes a new document of a kind (e.g. spec, handoff) with its front matter,
title and every required section's template. Never overwrites: an existing
file is left untouched (exit 1). Parent folders are created. The file must be
inside the current folder.

Options:
  --title TITLE          the document's title (default: from the file name)
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  -h, --help             show this help
`;

export const HANDOFF_HELP = `Usage: spec-handoff handoff <spec.md> [-o FILE] [--config FILE]

Writes a handoff generated from a spec: front matter with "spec:" linking
back (relative to the new file), the spec's acceptance criteria as an
unticked list with their IDs, what was built and what was not addressed
prefilled from the spec's scope. Default file: <name>.handoff.md next to the
spec (export.spec.md → export.handoff.md). Prints the path written.

Never overwrites: an existing file is left untouched (exit 1). The file must
be inside the current folder; it is written whole or not at all.

Options:
  -o, --output FILE      write here instead (parent folders are created)
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  -h, --help             show this help

Exit codes: 0 written, 1 the file exists, 2 usage or configuration error, the
document is not a spec, or the path is outside the current folder.
`;

export const LSP_HELP = `Usage: spec-handoff lsp --stdio

Runs the Spec & Handoff language server, speaking the Language Server
Protocol over stdin and stdout. Editors start this; you rarely need to.
`;

export const MCP_HELP = `Usage: spec-handoff mcp [--config FILE]

Runs a Model Context Protocol server on stdin and stdout, so coding agents
(Claude Code, Copilot, Cursor…) can use the same deterministic checks as the
editor and CI. Tools: check_document, list_missing_sections,
insert_missing_sections (adds text, never removes any), generate_handoff
(never overwrites) and list_documents. Resources: the document kinds and
each kind's schema with its guidance.

Paths are relative to the workspace folder: the folder of the nearest
.spec-handoff.yaml, else the current folder. Paths outside it are refused.
Answers are plain text of at most 16,000 characters.

Options:
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  -h, --help             show this help
`;
