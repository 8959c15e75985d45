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
import {
  MessageDirection,
  NotificationType,
  RequestType,
  RequestType0,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { Checklist, ChecklistSummary, DecisionRecord, Readiness } from './service';
import serverEnv from './server-env.json';
import serverNodeFlags from './server-flags.json';

export type {
  Checklist,
  ChecklistSection,
  ChecklistCriterion,
  ChecklistOpenItem,
  ChecklistSummary,
  SectionState,
  Readiness,
  ReadinessCheck,
} from './service';

/** The Node flags the client starts the language server with (memory: see bench stage c and CONTRIBUTING "Memory"); data in server-flags.json so the benchmark reads the same. */
export const SERVER_NODE_FLAGS: readonly string[] = serverNodeFlags;
/**
 * Environment the client sets when it starts the language server (data in server-env.json, which the benchmark
 * reads too), over the extension host's own (vscode-languageclient starts the server with the host's environment
 * and these values on top: a variable can be set, not removed).
 * - `MALLOC_ARENA_MAX=1`: glibc's malloc with one arena, so the scratch memory of V8's background compiles is
 *   trimmed instead of kept resident (bench stage c: ~150 → ~128 MB with the corpus open; CONTRIBUTING "Memory").
 * - `NODE_EXTRA_CA_CERTS` empty: Node 20 reads and parses the certificate file this names at every start, before
 *   any script runs (~45 ms of the server's start on the project's VMs, which set it); empty, Node reads none.
 *   The server opens no network connection, so it trusts no certificate either way. A feature that makes it
 *   speak TLS must take this entry out.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = serverEnv;

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
  /** When documents are checked: as you type (default) or when saved (opened documents are checked at once either way). */
  run?: 'onType' | 'onSave';
  /** The summary code lens on the title (default on). */
  codeLens?: { enabled?: boolean };
  /** The status bar item (default on); read by the VS Code client only. */
  statusBar?: { enabled?: boolean };
}

/**
 * What a client may send as `initializationOptions` with `initialize`. Every
 * key is optional; a client that sends nothing gets plain LSP only.
 */
export interface SpecHandoffInitializationOptions {
  /**
   * The `specHandoff.*` settings, for the first load (the server then needs no
   * `workspace/configuration` round trip, and a client without that capability
   * can configure it here). `workspace/didChangeConfiguration` with
   * `{ specHandoff: {...} }` changes them later.
   */
  settings?: SpecHandoffSettings;
  /** The same settings under the section's name, for clients whose one `config` object is both the initialization options and the configuration (Helix, Zed); `settings` wins. */
  specHandoff?: SpecHandoffSettings;
  /**
   * Opt-in to the server's own notifications (server → client, all named
   * `specHandoff/…`): `true` for all of them, or a list of the methods wanted,
   * e.g. `["specHandoff/checklistChanged"]`. Without it the server sends none:
   * generic LSP clients report unknown notifications (lsp-mode pops up a
   * warning for each). The VS Code extension sends `true`.
   */
  customNotifications?: boolean | string[];
  /**
   * `false` when the client has a Markdown outline of its own (VS Code's
   * built-in Markdown extension): the server then declares no
   * documentSymbolProvider, so the Outline and breadcrumbs are not doubled.
   * Default: declared (headings only).
   */
  documentSymbols?: boolean;
}

/** Every server → client notification of this protocol (what `customNotifications: true` turns on). */
export const CUSTOM_NOTIFICATIONS: readonly string[] = ['specHandoff/checklistChanged', 'specHandoff/documentsChanged'];

/**
 * Commands the server executes itself (`workspace/executeCommand`, listed in
 * its `executeCommandProvider`). A client that declares no
 * `codeAction.codeActionLiteralSupport` gets its code actions as `Command`s
 * of `applyEdit`; executing one makes the server send the edit back with
 * `workspace/applyEdit`.
 */
export const ServerCommands = {
  /** Arguments: `[{ label: string, edit: WorkspaceEdit }]`. Applies `edit` through the client (`workspace/applyEdit`). */
  applyEdit: 'spec-handoff.applyEdit',
} as const;

export interface ApplyEditCommandArguments {
  /** The code action's title (shown by clients in undo history and the like). */
  label: string;
  edit: WorkspaceEdit;
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
  /** The full text of the new document (front matter, title, required sections as skeletons: guidance comment and TODO). */
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
  /** For a kind generated from another (its schema has `trace`, like the handoff): the id of that kind (the spec). */
  generatedFrom?: string;
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

/** One indexed document of the workspace (a file under the root that matches a kind). */
export interface DocumentInfo {
  /** The file's URI (an open document's URI as the client sent it). */
  uri: string;
  /** Path relative to the workspace root, forward slashes. */
  path: string;
  /** Kind id, e.g. `spec` or `handoff`. */
  kind: string;
  kindTitle: string;
  /** Front matter `title`, else the H1, else the file name. */
  title: string;
  summary: ChecklistSummary;
  readiness: Readiness;
  /** The shared one-line summary ("Spec · 5/7 sections · 2/6 criteria checked · ready for pickup"). */
  summaryLine: string;
  /** For kinds that link to another document (a handoff's `spec:`): the linked file's URI, whether or not it exists. */
  specUri?: string;
}

/** A document and the documents linking to it: a spec and its handoff(s). */
export interface DocumentGroup {
  document: DocumentInfo;
  /** Indexed documents whose link (`spec:`) resolves to `document`, by path. */
  linked: DocumentInfo[];
}

export interface DocumentsResult {
  /** False while the first scan of the workspace is still running (the list grows; `documentsChanged` follows). */
  complete: boolean;
  /** True when the scan stopped at its file cap: some documents are not listed. */
  truncated: boolean;
  /**
   * Top level, by path: every indexed document that does not link to another
   * indexed document (specs, other kinds, handoffs whose spec is missing or
   * not indexed), each with the documents linking to it.
   */
  groups: DocumentGroup[];
}

export interface DocumentsChangedParams {
  /** Whether the first scan has finished. */
  complete: boolean;
}

export interface GenerateHandoffParams {
  /** The spec to generate from (open text wins over the disk). */
  specUri: string;
  /** Where the new document will be written; default: `<spec-name>.handoff.md` next to the spec. The link is relative to its folder. */
  targetUri?: string;
  /** The kind to generate; default: the kind whose schema traces to the spec's kind (the handoff). */
  kind?: string;
  /** The folder the target must stay inside, judged through symlinks too (the spec's workspace folder); default the server's root. */
  folderUri?: string;
}

/** The generated text and where it should go; the server never writes it. Or why nothing could be generated. */
export type GenerateHandoffResult =
  | {
      text: string;
      /** `targetUri` when given, else `<spec-name>.handoff.md` next to the spec. */
      suggestedUri: string;
      /** The spec's path as written into the front matter (relative to the target's folder). */
      link: string;
    }
  | {
      error: string;
      /** Set when the target is outside `folderUri` (through a symlinked folder, say): the client may ask for another path. */
      outside?: boolean;
    };

/** A decision record or an answered question of the workspace (the Decisions view): what the service reads of it, where it is. */
export interface DecisionInfo extends Omit<DecisionRecord, 'specPath'> {
  uri: string;
  /** Relative to the workspace root, forward slashes. */
  path: string;
  /** Kind id (`decision`, `question` …). */
  kind: string;
}

/** A review comment anchored to a line of code (shown as a comment thread on that line). */
export interface ReviewAnchorInfo {
  reviewUri: string;
  reviewPath: string;
  reviewTitle: string;
  /** Zero-based line of the comment in the review. */
  reviewLine: number;
  /** `blocking`, `suggestion` …; '' when the comment has none. */
  label: string;
  /** The comment's own text as written (Markdown). */
  text: string;
  /** The thread's replies in order (`who` lowercased). */
  replies: { who: string; text: string }[];
  /** Whether the reviewer confirmed it as the last reply. */
  closed: boolean;
  /** The code file's URI. */
  targetUri: string;
  /** Zero-based line in the code file. */
  targetLine: number;
}

/** Who is answering: the server process and what it holds now (for diagnostics, and to tell a restarted server from the old one). */
export interface ServerInfoResult {
  /** `process.pid` of the language server process. */
  pid: number;
  /** When this server process started its LSP session (ISO 8601). */
  startedAt: string;
  /** How many text documents the client has open in this server (didOpen minus didClose). */
  openDocuments: number;
  /** The Node flags the process runs with (`process.execArgv`): the client passes server/src/server-flags.json. */
  execArgv: string[];
  /** The variables of server/src/server-env.json as this process has them (the client sets them). */
  env: Record<string, string | undefined>;
  /** Rescans after edits since the process started: `incremental` reused the previous scan, `full` fell back to scanning everything. */
  rescans: { incremental: number; full: number };
}

/** The coding agents' tools (VS Code Language Model Tools): the same definitions and answers as `spec-handoff mcp`. */
export interface AgentDocumentParams extends DocumentParams {
  /** How to name the document in the answer (its path relative to the workspace folder). */
  shownPath: string;
  /** The workspace folder the document must be inside, judged through symlinks too; refused otherwise. */
  folderUri?: string;
}

export interface AgentInsertSectionsParams extends AgentDocumentParams {
  /** Section ids to insert; default every missing required section. */
  sections?: string[];
}

export interface AgentDocumentsParams {
  /** Only documents under this folder (inside the workspace); default all. */
  folderUri?: string;
  /** How to name that folder in the answer. */
  shownFolder?: string;
}

/** A tool's answer for the model: compact text, bounded in size; `isError` when the tool could not do what was asked. */
export interface AgentTextResult {
  text: string;
  isError: boolean;
}

export interface AgentInsertSectionsResult extends AgentTextResult {
  /** The inserts (only inserts) to apply, null when nothing is to be inserted. */
  edit: WorkspaceEdit | null;
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
 * client → server: the edit that inserts one missing section (heading, skeleton,
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
  export const method = 'specHandoff/validate-workspace' as const;
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

/**
 * client → server: the workspace index — every markdown file under the root
 * that matches a kind (skipping node_modules, .git, the config's `exclude`
 * and VS Code's `files.exclude`), grouped spec → handoff(s). Open documents
 * count with their editor text.
 */
export namespace DocumentsRequest {
  export const method = 'specHandoff/documents' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType0<DocumentsResult, void>(method);
}

/** server → client: the workspace index changed (a scan finished, a file was created, changed or deleted, an open document's summary changed); the Documents view re-requests `specHandoff/documents`. */
export namespace DocumentsChangedNotification {
  export const method = 'specHandoff/documentsChanged' as const;
  export const messageDirection = MessageDirection.serverToClient;
  export const type = new NotificationType<DocumentsChangedParams>(method);
}

/**
 * client → server: the text of a handoff generated from a spec (front matter
 * with the relative `spec:` link, the spec's criteria as an unticked list,
 * scope and out-of-scope prefilled) and where it should go. The client checks
 * the target and writes the file; the server writes nothing.
 */
export namespace GenerateHandoffRequest {
  export const method = 'specHandoff/generateHandoff' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<GenerateHandoffParams, GenerateHandoffResult, void>(method);
}

/** client → server: the decision records and answered questions of the workspace index, by path. Re-request after `documentsChanged`. */
export namespace DecisionsRequest {
  export const method = 'specHandoff/decisions' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType0<DecisionInfo[], void>(method);
}

/** client → server: every review comment of the workspace index anchored to code (`file.ts#L42` / `file.ts:42`). Re-request after `documentsChanged`. */
export namespace ReviewAnchorsRequest {
  export const method = 'specHandoff/reviewAnchors' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType0<ReviewAnchorInfo[], void>(method);
}

/**
 * client → server: the server's process id, start time and number of open
 * documents. Answered at once, even before the first configuration load; the
 * in-editor restart test uses it to see that a killed server was replaced.
 */
export namespace ServerInfoRequest {
  export const method = 'specHandoff/serverInfo' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType0<ServerInfoResult, void>(method);
}

/** client → server: the check tool's answer for a document (open text first, disk second): readiness verdict, failing checks, findings. */
export namespace AgentCheckRequest {
  export const method = 'specHandoff/agentCheck' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<AgentDocumentParams, AgentTextResult, void>(method);
}

/** client → server: the missing-sections tool's answer: each missing section with its id and guidance. */
export namespace AgentMissingSectionsRequest {
  export const method = 'specHandoff/agentMissingSections' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<AgentDocumentParams, AgentTextResult, void>(method);
}

/** client → server: the edit inserting sections (by id, else every missing required one) and the answer for the model; the client applies the edit. */
export namespace AgentInsertSectionsRequest {
  export const method = 'specHandoff/agentInsertSections' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<AgentInsertSectionsParams, AgentInsertSectionsResult, void>(method);
}

/** client → server: the documents tool's answer, from the workspace index (waits for its first scan). */
export namespace AgentDocumentsRequest {
  export const method = 'specHandoff/agentDocuments' as const;
  export const messageDirection = MessageDirection.clientToServer;
  export const type = new RequestType<AgentDocumentsParams, AgentTextResult, void>(method);
}

export type { TextEdit, WorkspaceEdit };

// ---------------------------------------------------------------------------
// The web extension (github.dev, vscode.dev): the server runs in a web worker with no file system of
// its own, so it reads the workspace through the client (vscode.workspace.fs). Answered by the browser
// client only; the Node server never sends them.

export interface WorkspaceFilesParams {
  /** At most this many files are listed (`truncated` says when there were more). */
  maxFiles: number;
}

export interface WorkspaceFilesResult {
  /** URIs of the files in the workspace folders (VS Code's `files.exclude`, node_modules and .git left out). */
  uris: string[];
  truncated: boolean;
}

/** server → client: the files of the workspace folders (names only), for the web server's workspace index and link checks. */
export namespace WorkspaceFilesRequest {
  export const method = 'specHandoff/workspaceFiles' as const;
  export const messageDirection = MessageDirection.serverToClient;
  export const type = new RequestType<WorkspaceFilesParams, WorkspaceFilesResult, void>(method);
}

export interface ReadFileParams {
  uri: string;
  /** Larger files are not read (the one file size cap). */
  maxBytes: number;
}

/** The text (UTF-8) and size in bytes, or why there is none: `missing` when no such file exists, `size` when it is too large. */
export type ReadFileResult = { text: string; size: number } | { error: string; missing: boolean; size?: number };

/** server → client: a file's text through `vscode.workspace.fs` (the config file, schemas, linked specs, indexed documents). */
export namespace ReadFileRequest {
  export const method = 'specHandoff/readFile' as const;
  export const messageDirection = MessageDirection.serverToClient;
  export const type = new RequestType<ReadFileParams, ReadFileResult, void>(method);
}
