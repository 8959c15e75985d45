/**
 * The server's state, shared by every handler module: the connection, the
 * open documents, the workspace root, the current service (reloaded when
 * configuration or schemas change), settings, and a per-version analysis
 * cache so one keystroke is analysed once for diagnostics, code actions,
 * completion, hover, symbols and code lenses together.
 */
import picomatch from 'picomatch';
import { TextDocuments, type ClientCapabilities, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService, SchemaRegistry, emptyConfig, type Analysis, type AnalyzeInput } from '../service';
import { loadWorkspace, nodeHost, type WorkspaceLoad } from '../node/workspace';
import type { SpecHandoffSettings } from '../protocol';
import { relativeTo, uriToPath } from './convert';

const MARKDOWN_EXTENSIONS = /\.(md|markdown)$/i;

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  root: string | undefined;
  capabilities: ClientCapabilities = {};
  load: WorkspaceLoad;
  settings: SpecHandoffSettings = {};
  /** Resolved when the first settings/config load has finished: analyses wait for it. */
  ready: Promise<void>;
  private markReady!: () => void;
  private readonly analyses = new Map<string, { version: number; analysis: Analysis | undefined }>();
  private excludeMatcher: ((p: string) => boolean) | undefined;

  constructor(readonly connection: Connection) {
    this.load = initialLoad(connection);
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
    this.load = load;
    this.analyses.clear();
    this.excludeMatcher = load.config.exclude.length ? picomatch(load.config.exclude, { dot: true }) : undefined;
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  logError(where: string, error: unknown): void {
    const e = error as Error;
    this.connection.console.error(`[spec-handoff] ${where}: ${e?.stack ?? e?.message ?? String(error)}`);
  }

  isMarkdown(doc: TextDocument): boolean {
    return doc.languageId === 'markdown' || MARKDOWN_EXTENSIONS.test(doc.uri.split(/[?#]/)[0]);
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
      analysis = this.load.service.analyze(this.inputFor(uri, doc.getText()));
    }
    this.analyses.set(uri, { version: doc.version, analysis });
    return analysis;
  }

  /** The analysis of a matched document (has a kind), else undefined. */
  matchedAnalysis(uri: string): Analysis | undefined {
    const a = this.analysisFor(uri);
    return a?.kind ? a : undefined;
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
  }
}

/** The built-ins alone; if even they cannot be found, an empty registry (the server keeps answering, with nothing to check). */
function initialLoad(connection: Connection): WorkspaceLoad {
  try {
    return loadWorkspace({});
  } catch (error) {
    connection.console.error(`[spec-handoff] cannot load the built-in schemas: ${(error as Error).message}`);
    const config = emptyConfig();
    return { service: new LanguageService({ registry: SchemaRegistry.fromTexts([]), host: nodeHost, config }), config, configFile: undefined, problems: [], schemaFiles: [] };
  }
}
