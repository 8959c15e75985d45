/** Help texts, one per command. */
export const MAIN_HELP = `spec-handoff — check markdown specs and handoffs against section schemas

Usage:
  spec-handoff check [paths|globs...] [options]   check documents (default: the current folder)
  spec-handoff report [folders...] [options]      readiness table per folder (text, markdown, json)
  spec-handoff schemas [options]                  list the known document kinds
  spec-handoff new <kind> <file> [--title TITLE]  write a new document: a kind's section skeleton
  spec-handoff handoff <spec.md> [-o FILE]        write a handoff generated from a spec
  spec-handoff lsp --stdio                        run the language server on stdin/stdout
  spec-handoff merge-sarif <a.sarif> <b.sarif>... merge SARIF files (e.g. of --shard runs) into one
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
.git, what .gitignore files ignore and the config's exclude globs) or globs
relative to the current folder (quote them: "docs/**/*.spec.md"); a path
starting with "!" is a negated glob that leaves matching files out
("!drafts/**"). Without paths: the current folder. "-" reads one document
from standard input. Documents that match no kind are listed as "not
matched" and are not errors.

Options:
  --schema ID|FILE       check every file as this kind; a .yaml FILE is loaded
                         as an extra schema and its kind is used; a built-in
                         preset (spec-kit, kiro, kep, rust-rfc, madr,
                         nygard-adr) or preset kind (spec-kit-plan) is loaded
                         too: a one-kind preset or a kind id forces that kind,
                         a preset of several kinds picks one per file by glob
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  --format FORMAT        text (default), json, sarif or github (GitHub Actions
                         annotations)
  --column-unit UNIT     what columns count in text and json output: utf16
                         (default, as LSP), utf8 (or byte: Vim) or char
                         (Unicode code points: Emacs); see docs/cli.md
  --fix                  apply safe fixes (insert missing sections, rename
                         misspelled headings), then report what remains
  --report-unused-disable  warn (SH099 unused-disable) about spec-handoff-disable
                         comments that suppress nothing or name no rule
  -q, --quiet            text output: only errors, no "not matched" or clean files
  --max-warnings N       exit 1 when there are more than N warnings
  --shard I/N            check only shard I of N (a stable split by path, for
                         CI matrices); merge their SARIF with merge-sarif
  --stdin-filename PATH  with "-": check standard input as if it were PATH
                         (kind by file name, links relative to its folder)
  --no-gitignore         also check files that .gitignore files ignore
  --color, --no-color    force colours on or off (default: on a terminal,
                         unless NO_COLOR is set; FORCE_COLOR forces them)
  --jobs N               threads that analyse files (default: one per core
                         when there are many files; 1 = no worker threads)
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
skipping node_modules, .git, what .gitignore files ignore and the config's
exclude globs); documents that match no kind are left out.

Options:
  --format FORMAT        text (default), markdown (GitHub tables for a pull
                         request comment or a job summary) or json
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  --no-gitignore         also report files that .gitignore files ignore
  --color, --no-color    force colours on or off
  --jobs N               threads that analyse files (1 = no worker threads)
  -h, --help             show this help

Exit codes: 0 whatever the documents say, 2 usage or configuration error or
a file that could not be read.
`;

export const SCHEMAS_HELP = `Usage: spec-handoff schemas [options]
       spec-handoff schemas --validate FILE [options]

Lists the known document kinds (built-in and custom) with their source, how
files are matched and their number of sections, then any schema problems.

With --validate FILE, checks that one schema file instead (it need not be
listed in the configuration; extends: resolves against the built-in and
configured kinds) and prints each problem as FILE:line:column.

Options:
  --validate FILE        check this schema file and print its problems
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  --format FORMAT        text (default) or json
  -h, --help             show this help

Exit codes: 0 all schemas valid, 1 a custom schema has problems (the others
still work; with --validate: FILE has problems), 2 usage or configuration
error (with --validate: FILE cannot be read).
`;

export const NEW_HELP = `Usage: spec-handoff new <kind> <file> [--title TITLE]

Writes a new document of a kind (e.g. spec, handoff) with its front matter,
title and every required section as a skeleton: the heading, its guidance as
an HTML comment and a TODO to replace. It is "not ready" until you have
written every section. Never overwrites: an existing
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
unticked list (by ID, or by text when a criterion has none), each with an
empty "Evidence: TODO" line, and the spec's scope, out-of-scope items and
open questions copied with a TODO each. Nothing is ticked or invented; the
handoff is "not ready" until you fill it in. Default file: <name>.handoff.md next to the
spec (export.spec.md → export.handoff.md). Prints the path written.

Never overwrites: an existing file is left untouched (exit 1). The file must
be inside the current folder; it is written whole or not at all.

Options:
  -o, --output FILE      write here instead (parent folders are created);
                         "-o -" prints the text instead of writing a file
  --config FILE          use this config instead of the nearest .spec-handoff.yaml
  -h, --help             show this help

Exit codes: 0 written, 1 the file exists, 2 usage or configuration error, the
document is not a spec, or the path is outside the current folder.
`;

export const LSP_HELP = `Usage: spec-handoff lsp --stdio

Runs the Spec & Handoff language server, speaking the Language Server
Protocol over stdin and stdout. Editors start this; you rarely need to.
`;

export const MERGE_SARIF_HELP = `Usage: spec-handoff merge-sarif <a.sarif> <b.sarif>... [-o FILE]

Merges SARIF 2.1.0 logs — typically those of "check --shard I/N --format
sarif" runs of a CI matrix — into one log for one upload (GitHub code
scanning takes one run per tool): runs of the same tool are joined (rules by
id, results and invocations in order), other tools' runs are kept.

Options:
  -o, --output FILE      write here (never over an existing file) instead of stdout
  -h, --help             show this help

Exit codes: 0 merged, 1 the output file exists, 2 a file is missing or not SARIF.
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
