/**
 * The server's state, shared by every handler module: the connection, the
 * open documents, the workspace root, the current service (reloaded when
 * configuration or schemas change), settings, and a per-version analysis
 * cache so one keystroke is analysed once for diagnostics, code actions,
 * completion, hover, symbols and code lenses together.
 *
 * Linked documents (a handoff's spec) are read through `host`: open editor
 * text first, disk second. Each cached analysis remembers the file it links
 * to, so a change to that file drops the dependents' analyses
 * (`invalidateDependents`) even though their own version did not change.
 */
import picomatch from 'picomatch';
import { TextDocuments, type ClientCapabilities, type Connection, type NotificationType } from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import {
  LanguageService,
  SchemaRegistry,
  emptyConfig,
  addChange,
  countLineBreaks,
  type Analysis,
  type AnalyzeInput,
  type ChangedLines,
} from '../service';
import { diskHost, isMarkdownPath, loadWorkspace, type WorkspaceLoad } from '../node/server-host';
import type { SpecHandoffSettings } from '../protocol';
import { pathKey, relativeTo, uriToPath } from './convert';
import { EditorHost, linkedPathOf } from './host';
import { StartupTiming } from './startup-timing';

export class ServerContext {
  /** Open documents; incremental changes are also recorded (see `recordChanges`) so the next analysis rescans only the edited lines. */
  readonly documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (document, changes, version) => {
      this.recordChanges(document, changes);
      return TextDocument.update(document, changes, version);
    },
  });
  /** Open editor text first, disk second: installed into every service this context uses. */
  readonly host = new EditorHost(this.documents);
  root: string | undefined;
  capabilities: ClientCapabilities = {};
  /** The `specHandoff/*` notifications the client asked for (`initializationOptions.customNotifications`): none unless it opts in. */
  customNotifications: ReadonlySet<string> = new Set();
  load: WorkspaceLoad;
  settings: SpecHandoffSettings = {};
  /** Start-up timestamps for the log, when SPEC_HANDOFF_TIMING is set. */
  readonly timing = new StartupTiming();
  /** Resolved when the first settings/config load has finished: analyses wait for it. */
  ready: Promise<void>;
  private markReady!: () => void;
  private readonly analyses = new Map<string, { version: number; analysis: Analysis | undefined }>();
  /** URI of an analysed open document → pathKey of the file its cached analysis links to (a handoff's spec). */
  private readonly links = new Map<string, string>();
  private excludeMatcher: ((p: string) => boolean) | undefined;
  /** Per open document: the scan of its last analysis (same object as the analysis's `doc`, so no extra memory while that is cached). */
  private readonly scans = new Map<string, { version: number; doc: Analysis['doc'] }>();
  /** Per open document: the lines changed since version `since` (undefined `changed` after a whole-text replacement). */
  private readonly edited = new Map<string, { since: number; changed: ChangedLines | undefined; whole: boolean }>();

  constructor(readonly connection: Connection) {
    this.load = initialLoad(connection);
    this.load.service.update({ host: this.host });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  setReady(): void {
    this.markReady();
  }

  get enabled(): boolean {
    return this.settings.enable !== false;
  }

  get supportsDocumentChanges(): boolean {
    return this.capabilities.workspace?.workspaceEdit?.documentChanges === true;
  }

  /** Installs a new workspace load (after a reload); every cached analysis is dropped. */
  setLoad(load: WorkspaceLoad): void {
    load.service.update({ host: this.host });
    this.load = load;
    this.analyses.clear();
    this.links.clear();
    this.excludeMatcher = load.config.exclude.length ? picomatch(load.config.exclude, { dot: true }) : undefined;
  }

  /**
   * Sends one of our own `specHandoff/*` notifications, only to a client that
   * opted in to it: other editors would report "unknown notification" for each.
   */
  async notifyClient<P>(type: NotificationType<P>, params: P): Promise<void> {
    if (this.customNotifications.has(type.method)) await this.connection.sendNotification(type.method, params);
  }

  log(message: string): void {
    try {
      this.connection.console.log(message);
    } catch {
      // The connection is closed (the client went away): nothing to tell anyone.
    }
  }

  /** Never throws: it runs in the process's last-resort handlers, where a throw would end the process with code 7. */
  logError(where: string, error: unknown): void {
    try {
      const e = error as Error;
      this.connection.console.error(`[spec-handoff] ${where}: ${e?.stack ?? e?.message ?? String(error)}`);
    } catch {
      // As in log().
    }
  }

  isMarkdown(doc: TextDocument): boolean {
    return doc.languageId === 'markdown' || isMarkdownPath(doc.uri.split(/[?#]/)[0]);
  }

  /** Whether a file is excluded by the config's `exclude` globs (relative to the root). */
  isExcluded(file: string | undefined): boolean {
    const rel = relativeTo(this.root, file);
    return rel !== undefined && this.excludeMatcher !== undefined && this.excludeMatcher(rel);
  }

  inputFor(uri: string, text: string): AnalyzeInput {
    const file = uriToPath(uri);
    return { text, path: file, relativePath: relativeTo(this.root, file) };
  }

  /**
   * The analysis of an open document at its current version (cached), or
   * undefined when checking is disabled, the document is not markdown or is
   * excluded. An analysis with `kind === undefined` means "matches no kind".
   */
  analysisFor(uri: string): Analysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.version === doc.version) return cached.analysis;
    let analysis: Analysis | undefined;
    if (this.enabled && this.isMarkdown(doc) && !this.isExcluded(uriToPath(uri))) {
      analysis = this.load.service.analyze({ ...this.inputFor(uri, doc.getText()), previous: this.previousScan(uri) });
    }
    this.edited.delete(uri);
    if (analysis) this.scans.set(uri, { version: doc.version, doc: analysis.doc });
    else this.scans.delete(uri);
    this.analyses.set(uri, { version: doc.version, analysis });
    const linked = linkedPathOf(analysis, uriToPath(uri));
    if (linked) this.links.set(uri, pathKey(linked));
    else this.links.delete(uri);
    return analysis;
  }

  /** Open documents whose cached analysis links to `file` (handoffs of a spec). */
  dependentsOf(file: string): string[] {
    const key = pathKey(file);
    const out: string[] = [];
    for (const [uri, target] of this.links) if (target === key) out.push(uri);
    return out;
  }

  /**
   * `file` changed (typed in, saved, changed on disk, opened or closed): the
   * cached analyses of the open documents linking to it are dropped. Returns
   * their URIs, to be re-checked.
   */
  invalidateDependents(file: string): string[] {
    const dependents = this.dependentsOf(file);
    for (const uri of dependents) {
      this.analyses.delete(uri);
      this.links.delete(uri);
    }
    return dependents;
  }

  /** The analysis of a matched document (has a kind), else undefined. */
  matchedAnalysis(uri: string): Analysis | undefined {
    const a = this.analysisFor(uri);
    return a?.kind ? a : undefined;
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
    this.links.delete(uri);
    this.scans.delete(uri);
    this.edited.delete(uri);
  }

  /** Called by `documents` before it applies a `didChange`: remembers which lines changed since the last scan. */
  private recordChanges(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): void {
    let entry = this.edited.get(document.uri);
    if (!entry) {
      entry = { since: document.version, changed: undefined, whole: false };
      this.edited.set(document.uri, entry);
    }
    for (const change of changes) {
      if ('range' in change)
        entry.changed = addChange(
          entry.changed,
          change.range.start.line,
          change.range.end.line,
          countLineBreaks(change.text),
        );
      else entry.whole = true;
    }
  }

  /** The last scan and the lines edited since, when the edits since that scan are all known. */
  private previousScan(uri: string): AnalyzeInput['previous'] {
    const scan = this.scans.get(uri);
    const entry = this.edited.get(uri);
    if (!scan || !entry || entry.whole || !entry.changed || entry.since !== scan.version) return undefined;
    return { doc: scan.doc, changed: entry.changed };
  }
}

/** The built-ins alone; if even they cannot be found, an empty registry (the server keeps answering, with nothing to check). */
function initialLoad(connection: Connection): WorkspaceLoad {
  try {
    return loadWorkspace({});
  } catch (error) {
    connection.console.error(`[spec-handoff] cannot load the built-in schemas: ${(error as Error).message}`);
    const config = emptyConfig();
    return {
      service: new LanguageService({ registry: SchemaRegistry.fromTexts([]), host: diskHost, config }),
      config,
      configFile: undefined,
      problems: [],
      schemaFiles: [],
    };
  }
}
