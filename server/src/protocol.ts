/**
 * The one protocol file: every custom request and notification between the
 * Spec & Handoff client (VS Code extension) and the language server, with its
 * direction. Both sides import it. It holds only types and message type
 * constants: no Node, no `vscode`, no service code at run time (the
 * `Checklist` model is imported as a type only).
 *
 * Positions, ranges and text edits are LSP's (zero-based line, UTF-16
 * character); URIs are strings as sent by the client (`file:///…`).
 */
import { MessageDirection, NotificationType, RequestType, RequestType0, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { Checklist } from './service/features/checklist';

export type { Checklist, ChecklistSection, ChecklistCriterion, ChecklistOpenItem, ChecklistSummary, SectionState } from './service/features/checklist';

/** The settings section the server reads with `workspace/configuration` (and receives in `didChangeConfiguration`). */
export const SETTINGS_SECTION = 'specHandoff';

/** `specHandoff.*` settings as the server reads them. Every key is optional; missing keys mean the defaults. */
export interface SpecHandoffSettings {
  /** Default true. When false no document is checked (diagnostics, code lenses and checklist are empty). */
  enable?: boolean;
  /** Rule code or name → `error` | `warning` | `information` | `hint` | `off`, merged over `.spec-handoff.yaml`. */
  rules?: Record<string, string>;
  /** Extra schema files, relative to the workspace folder (or absolute). */
  schemas?: string[];
  /** Glob (relative to the workspace folder) → kind id. */
  associations?: Record<string, string>;
}

/** Client-side command ids the server puts into code lenses. */
export const ClientCommands = {
  /** Code lens on the title: reveals the Checklist view. Arguments: `[uri: string]` (the document's URI; may be ignored). */
  focusChecklist: 'specHandoff.focusChecklist',
} as const;

/** The `source.fixAll` sub-kind offered for `editor.codeActionsOnSave`. */
export const FIX_ALL_CODE_ACTION_KIND = 'source.fixAll.specHandoff';

// ---------------------------------------------------------------------------
// Params and results

export interface DocumentParams {
  /** The document URI, as in `textDocument/didOpen`. */
  uri: string;
}

export interface InsertMissingSectionParams extends DocumentParams {
  /** The schema section id (`ChecklistSection.id`). */
  sectionId: string;
}

export interface NewDocumentParams {
  /** Kind id, e.g. `spec` or `handoff`. */
  kind: string;
  /** The document's title (goes into the H1 and front matter). */
  title: string;
  /** Line ending of the new text; default `\n`. */
  eol?: '\n' | '\r\n';
}

export interface NewDocumentResult {
  /** The full text of the new document (front matter, title, required sections with templates). */
  text: string;
  /** A suggested file name, e.g. `export-invoices-as-csv.md`. */
  fileName: string;
}

export interface KindInfo {
  id: string;
  title: string;
  description: string;
  /** Where the kind comes from: an absolute schema file path (built-in or custom). */
  source: string;
  /** `file://` URI of `source`, for "Open Schema". */
  sourceUri: string;
  /** True for the kinds shipped with the extension. */
  builtin: boolean;
}

export interface KindForDocumentResult {
  kindId: string;
  kindTitle: string;
  /** The schema file the kind came from (absolute path). */
  schemaSource: string;
  /** `file://` URI of `schemaSource`. */
  schemaUri: string;
}

export interface ValidateWorkspaceParams {
  /** Restrict the walk to this folder URI (inside the workspace); default: the workspace root. */
  folderUri?: string;
}

export interface ValidateWorkspaceResult {
  /** Markdown files that matched a kind and were checked. */
  files: number;
  /** Findings with severity error / warning over all checked files. */
  errors: number;
  warnings: number;
  /** Files with at least one error or warning. */
  filesWithProblems: number;
}

export interface ChecklistChangedParams extends DocumentParams {
  /** The document version the new diagnostics/checklist belong to (null for closed files checked by validateWorkspace). */
  version: number | null;
}

// ---------------------------------------------------------------------------
// Messages

/** client → server: the checklist model of an open document; null when it matches no kind (or checking is disabled). */
export namespace ChecklistRequest {
  export const method = 'specHandoff/checklist' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<DocumentParams, Checklist | null, void>(method);
}

/**
 * client → server: the edit that inserts one missing section (heading, template,
 * required subsections) at its schema position. The client applies it with
 * `workspace.applyEdit`. Null when the document is unknown/unmatched or the
 * section is unknown or already present.
 */
export namespace InsertMissingSectionRequest {
  export const method = 'specHandoff/insertMissingSection' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<InsertMissingSectionParams, WorkspaceEdit | null, void>(method);
}

/** client → server: the edit that inserts every missing required section; null when nothing is missing. */
export namespace InsertAllMissingSectionsRequest {
  export const method = 'specHandoff/insertAllMissingSections' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<DocumentParams, WorkspaceEdit | null, void>(method);
}

/** client → server: the text of a new document of a kind; null for an unknown kind. */
export namespace NewDocumentRequest {
  export const method = 'specHandoff/newDocument' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<NewDocumentParams, NewDocumentResult | null, void>(method);
}

/** client → server: every document kind the server knows (built-in and custom), in registry order. */
export namespace ListKindsRequest {
  export const method = 'specHandoff/listKinds' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType0<KindInfo[], void>(method);
}

/** client → server: the kind (and its schema file) of an open document; null when it matches none. */
export namespace KindForDocumentRequest {
  export const method = 'specHandoff/kindForDocument' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<DocumentParams, KindForDocumentResult | null, void>(method);
}

/**
 * client → server: check every `*.md` under the workspace root (skipping
 * node_modules, .git and the config's `exclude` globs), publish diagnostics
 * for each file that matches a kind, and return the totals.
 */
export namespace ValidateWorkspaceRequest {
  export const method = 'specHandoff/validateWorkspace' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<ValidateWorkspaceParams | null, ValidateWorkspaceResult, void>(method);
}

/**
 * server → client: diagnostics of a document were just published (so its
 * checklist may have changed); the sidebar re-requests `specHandoff/checklist`.
 */
export namespace ChecklistChangedNotification {
  export const method = 'specHandoff/checklistChanged' as const;
  export const messageDirection = MessageDirection.serverToClient;
  export const type = new NotificationType<ChecklistChangedParams>(method);
}

export type { TextEdit, WorkspaceEdit };
