/**
 * The workspace index: every markdown file under the workspace root that
 * matches a kind, with what the Documents view, workspace symbols,
 * definitions and references need — kind, title, checklist summary and
 * readiness, criteria (ID, text, line) and, for handoffs, the resolved path
 * of the spec they link to.
 *
 * Built on initialization and after each reload by an asynchronous walk that
 * yields to the event loop every few milliseconds (requests are answered
 * meanwhile); kept current by didChangeWatchedFiles (files created, changed,
 * deleted) and by the diagnostics of open documents (their editor text
 * counts). Bounded: node_modules, .git, the config's `exclude` and VS Code's
 * `files.exclude` are skipped, symlinked folders are never entered (and real
 * paths are tracked, so no folder is walked twice), at most
 * `INDEX_LIMITS.maxFiles` markdown files are read and files larger than
 * `INDEX_LIMITS.maxFileBytes` are skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { DocumentsChangedNotification, type DocumentGroup, type DocumentInfo, type DocumentsResult } from '../protocol';
import { summaryLine, type Analysis, type ChecklistSummary, type Readiness } from '../service';
import { criteriaOf } from '../service/analysis/criteria';
import { stripBom } from '../node/workspace';
import type { ServerContext } from './context';
import { pathKey, pathToUri, relativeTo, uriToPath } from './convert';
import { linkedPathOf } from './host';
import { MAX_FILE_BYTES } from '../service/limits';

export const INDEX_LIMITS = {
  /** Markdown files read per scan; the rest are left out (`truncated`). */
  maxFiles: 20_000,
  /** Larger files are not indexed (a spec is a few KB): the one file size cap. */
  maxFileBytes: MAX_FILE_BYTES,
  /** Folder entries looked at per scan, markdown or not: bounds a walk through a huge tree. */
  maxEntries: 1_000_000,
};

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const MARKDOWN = /\.(md|markdown)$/i;
/** Work between two yields to the event loop. */
const SLICE_MS = 10;
const NOTIFY_DELAY_MS = 150;
/** Handoffs of a spec being typed in are re-read from disk after this pause. */
const DEPENDENTS_DELAY_MS = 500;

export interface IndexedCriterion {
  id: string;
  text: string;
  line: number;
  /** Columns of the ID on its line. */
  start: number;
  end: number;
}

export interface IndexEntry {
  /** Absolute path. */
  path: string;
  uri: string;
  /** Relative to the workspace root, forward slashes. */
  relativePath: string;
  kindId: string;
  kindTitle: string;
  title: string;
  /** Line of the H1 title (0 when there is none). */
  titleLine: number;
  summary: ChecklistSummary;
  readiness: Readiness;
  summaryLine: string;
  /** Criteria with IDs. */
  criteria: IndexedCriterion[];
  /** Whether this document defines its criteria (a spec) rather than reporting on another's (a handoff, whose kind traces). */
  definesCriteria: boolean;
  /** For kinds with `trace`: the linked file (a handoff's spec), resolved, whether or not it exists. */
  linkedPath: string | undefined;
  linkedKey: string | undefined;
}

interface ScanState {
  generation: number;
  files: number;
  entriesSeen: number;
  visited: Set<string>;
  sliceStart: number;
}

export class WorkspaceIndex {
  private entries = new Map<string, IndexEntry>();
  private complete = false;
  private truncated = false;
  private generation = 0;
  private scanning: Promise<void> = Promise.resolve();
  private filesExclude: ((rel: string) => boolean) | undefined;
  private realRoot: string | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private dependentsTimer: NodeJS.Timeout | undefined;
  private readonly pendingDependents = new Set<string>();
  private disposed = false;

  constructor(private readonly ctx: ServerContext) {}

  /** Every indexed document (open ones with their editor text). */
  all(): IterableIterator<IndexEntry> {
    return this.entries.values();
  }

  get(file: string): IndexEntry | undefined {
    return this.entries.get(pathKey(file));
  }

  /** Indexed documents linking to `file` (the handoffs of a spec). */
  linkingTo(file: string): IndexEntry[] {
    const key = pathKey(file);
    return [...this.entries.values()].filter((e) => e.linkedKey === key);
  }

  get isComplete(): boolean {
    return this.complete;
  }

  /** Resolves when the scan running now (if any) has finished. */
  whenScanned(): Promise<void> {
    return this.scanning;
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    if (this.dependentsTimer) clearTimeout(this.dependentsTimer);
  }

  // -------------------------------------------------------------------------
  // Scanning

  /** Forgets everything and walks the workspace again (initialization, reloads). A scan still running is abandoned. */
  rescan(): Promise<void> {
    const generation = ++this.generation;
    this.complete = false;
    this.scanning = this.scan(generation).catch((error) => this.ctx.logError('indexing the workspace', error));
    return this.scanning;
  }

  private stopped(generation: number): boolean {
    return this.disposed || generation !== this.generation;
  }

  private async scan(generation: number): Promise<void> {
    await this.ctx.ready;
    await this.readFilesExclude();
    if (this.stopped(generation)) return;
    // The first scan fills the live map (requests see it grow); later ones swap in a new map at the end.
    const target = this.entries.size === 0 ? this.entries : new Map<string, IndexEntry>();
    this.truncated = false;
    const root = this.ctx.root;
    const started = Date.now();
    const state: ScanState = { generation, files: 0, entriesSeen: 0, visited: new Set(), sliceStart: Date.now() };
    if (root && this.ctx.enabled) {
      try {
        this.realRoot = await fs.promises.realpath(root);
        await this.walk(root, target, state);
      } catch (error) {
        this.ctx.logError(`indexing ${root}`, error);
      }
    }
    if (this.stopped(generation)) return;
    this.entries = target;
    // Open documents count with their editor text (edited while the walk ran).
    for (const doc of this.ctx.documents.all()) {
      const file = uriToPath(doc.uri);
      if (file && this.indexable(file)) this.put(file, this.entryFor(file, doc.uri, this.ctx.analysisFor(doc.uri)), false);
    }
    this.complete = true;
    const stoppedAt = state.entriesSeen > INDEX_LIMITS.maxEntries ? `${INDEX_LIMITS.maxEntries} folder entries` : `${INDEX_LIMITS.maxFiles} files`;
    this.ctx.log(`[spec-handoff] indexed ${this.entries.size} document(s) of ${state.files} markdown file(s) in ${Date.now() - started} ms${this.truncated ? ` (stopped at ${stoppedAt})` : ''}`);
    this.scheduleNotify(0);
  }

  /** Depth first with an explicit stack: no recursion, whatever the nesting. */
  private async walk(root: string, target: Map<string, IndexEntry>, state: ScanState): Promise<void> {
    const stack = [root];
    while (stack.length) {
      if (this.stopped(state.generation)) return;
      const dir = stack.pop()!;
      let real: string;
      let dirents: fs.Dirent[];
      try {
        real = pathKey(await fs.promises.realpath(dir));
        if (state.visited.has(real)) continue;
        state.visited.add(real);
        dirents = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (error) {
        this.ctx.logError(`reading folder ${dir}`, error);
        continue;
      }
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subfolders: string[] = [];
      for (const entry of dirents) {
        if (++state.entriesSeen > INDEX_LIMITS.maxEntries) {
          this.truncated = true;
          return;
        }
        // A folder of many non-markdown files must not hold the event loop either.
        if (state.entriesSeen % 1_000 === 0) await this.yieldSometimes(state);
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name) && !this.excluded(full)) subfolders.push(full);
          continue;
        }
        // Symbolic links are never followed into folders; a link to a markdown file is read like the file.
        if (!MARKDOWN.test(entry.name) || !(entry.isFile() || entry.isSymbolicLink()) || this.excluded(full)) continue;
        if (state.files >= INDEX_LIMITS.maxFiles) {
          this.truncated = true;
          return;
        }
        state.files++;
        const indexed = await this.readEntry(full);
        if (this.stopped(state.generation)) return;
        if (indexed) target.set(pathKey(full), indexed);
        await this.yieldSometimes(state);
      }
      for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]);
      await this.yieldSometimes(state);
    }
  }

  private async yieldSometimes(state: ScanState): Promise<void> {
    if (Date.now() - state.sliceStart < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    state.sliceStart = Date.now();
  }

  /** VS Code's `files.exclude` (globs set to true), pulled with workspace/configuration when the client supports it. */
  private async readFilesExclude(): Promise<void> {
    this.filesExclude = undefined;
    if (this.ctx.capabilities.workspace?.configuration !== true) return;
    try {
      const scopeUri = this.ctx.root ? pathToUri(this.ctx.root) : undefined;
      const [files] = (await this.ctx.connection.workspace.getConfiguration([{ section: 'files', scopeUri }])) as unknown[];
      const exclude = files && typeof files === 'object' ? (files as { exclude?: unknown }).exclude : undefined;
      if (!exclude || typeof exclude !== 'object') return;
      // `{ "when": "$(basename).ts" }` values depend on sibling files: not applied.
      const globs = Object.entries(exclude as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob.replace(/\\/g, '/').replace(/\/+$/, ''));
      if (globs.length) this.filesExclude = picomatch(globs, { dot: true, nocase: process.platform === 'win32' });
    } catch (error) {
      this.ctx.logError('reading files.exclude', error);
    }
  }

  /** Excluded by the config's `exclude` or by `files.exclude` (the path itself; its folders were checked on the way down). */
  private excluded(file: string): boolean {
    if (this.ctx.isExcluded(file)) return true;
    const rel = relativeTo(this.ctx.root, file);
    return rel !== undefined && this.filesExclude !== undefined && this.filesExclude(rel);
  }

  /** Whether a file outside a walk (an event, an open document) belongs in the index: under the root, in no skipped or excluded folder. */
  private indexable(file: string): boolean {
    if (!this.ctx.enabled || !MARKDOWN.test(file)) return false;
    const rel = relativeTo(this.ctx.root, file);
    if (rel === undefined) return false;
    const parts = rel.split('/');
    if (parts.some((p) => SKIPPED_FOLDERS.has(p))) return false;
    for (let i = 1; i <= parts.length; i++) if (this.excluded(path.join(this.ctx.root!, ...parts.slice(0, i)))) return false;
    return true;
  }

  /** No symlinked folder between the root and the file (the walk would not have entered it). */
  private async reachable(file: string): Promise<boolean> {
    if (!this.realRoot || !this.ctx.root) return false;
    try {
      const realDir = await fs.promises.realpath(path.dirname(file));
      return pathKey(realDir) === pathKey(path.join(this.realRoot, path.relative(this.ctx.root, path.dirname(file))));
    } catch {
      return false;
    }
  }

  /** A file's entry: an open document's from its editor text, else from the disk; undefined when it matches no kind or cannot be read. */
  private async readEntry(file: string): Promise<IndexEntry | undefined> {
    const openUri = this.ctx.host.openUri(file);
    if (openUri) return this.entryFor(file, openUri, this.ctx.analysisFor(openUri));
    // A symbolic link to a file outside the workspace folders is not read.
    if (!this.ctx.host.contains(file)) return undefined;
    let text: string;
    try {
      const stat = await fs.promises.stat(file);
      if (!stat.isFile() || stat.size > INDEX_LIMITS.maxFileBytes) return undefined;
      text = stripBom(await fs.promises.readFile(file, 'utf8'));
    } catch {
      return undefined;
    }
    const uri = pathToUri(file);
    return this.entryFor(file, uri, this.ctx.load.service.analyze(this.ctx.inputFor(uri, text)));
  }

  private entryFor(file: string, uri: string, analysis: Analysis | undefined): IndexEntry | undefined {
    if (!analysis?.kind) return undefined;
    const checklist = this.ctx.load.service.checklist(analysis);
    if (!checklist) return undefined;
    const fmTitle = analysis.frontMatter.data?.title;
    const heading = analysis.matching?.title?.heading;
    const title = typeof fmTitle === 'string' && fmTitle.trim() ? fmTitle.trim() : heading?.text.trim() || path.basename(file).replace(MARKDOWN, '');
    const criteria = analysis.context
      ? criteriaOf(analysis.context).filter((c) => c.id).map((c) => ({ id: c.id!, text: c.text, line: c.line, start: c.idStart, end: c.idEnd }))
      : [];
    const linkedPath = linkedPathOf(analysis, file);
    return {
      path: file,
      uri,
      relativePath: relativeTo(this.ctx.root, file) ?? path.basename(file),
      kindId: analysis.kind.id,
      kindTitle: analysis.kind.title,
      title,
      titleLine: heading?.line ?? 0,
      summary: checklist.summary,
      readiness: checklist.readiness,
      summaryLine: summaryLine(checklist),
      criteria,
      definesCriteria: !analysis.kind.trace,
      linkedPath,
      linkedKey: linkedPath ? pathKey(linkedPath) : undefined,
    };
  }

  /** Sets or removes an entry; tells the client when something it shows changed. */
  private put(file: string, entry: IndexEntry | undefined, notify = true): void {
    const key = pathKey(file);
    const before = this.entries.get(key);
    if (entry) this.entries.set(key, entry);
    else this.entries.delete(key);
    if (notify && JSON.stringify(before) !== JSON.stringify(entry)) this.scheduleNotify();
  }

  // -------------------------------------------------------------------------
  // Keeping it current

  /** After an open document's diagnostics were published: its entry follows the editor text. */
  onDidValidate(uri: string, analysis: Analysis | undefined): void {
    const file = uriToPath(uri);
    if (!file || !this.indexable(file)) return;
    this.put(file, this.entryFor(file, uri, analysis));
    this.dependentsChanged(file);
  }

  /** A document was closed: its entry comes from the disk again (unsaved changes were discarded). */
  async onDidClose(uri: string): Promise<void> {
    const file = uriToPath(uri);
    if (file) await this.refreshFile(file);
  }

  /** Markdown files created, changed or deleted on disk. */
  async onDidChangeWatchedFiles(changes: readonly FileEvent[]): Promise<void> {
    for (const change of changes) {
      const file = uriToPath(change.uri);
      if (!file) continue;
      if (change.type === FileChangeType.Deleted) {
        const key = pathKey(file);
        // A deleted file is looked up; a deleted folder takes its documents along.
        const gone = MARKDOWN.test(file) ? [this.entries.get(key)] : [...this.entries].filter(([k]) => k.startsWith(key + path.sep)).map(([, e]) => e);
        for (const e of gone) {
          if (!e) continue;
          this.put(e.path, undefined);
          this.dependentsChanged(e.path);
        }
      } else if (MARKDOWN.test(file)) {
        await this.refreshFile(file);
      }
    }
  }

  /** Re-reads one file (unless it is open: then its editor text counts), then the documents linking to it. */
  async refreshFile(file: string): Promise<void> {
    if (!this.complete) await this.scanning;
    if (!this.indexable(file) || !(await this.reachable(file))) {
      this.put(file, undefined);
    } else {
      this.put(file, await this.readEntry(file));
    }
    this.dependentsChanged(file);
  }

  /** `file` changed: the indexed documents linking to it (handoffs of a spec) are re-read after a pause, as their readiness depends on it. */
  dependentsChanged(file: string): void {
    const key = pathKey(file);
    if (![...this.entries.values()].some((e) => e.linkedKey === key)) return;
    this.pendingDependents.add(key);
    if (this.dependentsTimer) clearTimeout(this.dependentsTimer);
    this.dependentsTimer = setTimeout(() => {
      this.dependentsTimer = undefined;
      const keys = new Set(this.pendingDependents);
      this.pendingDependents.clear();
      void (async () => {
        for (const e of [...this.entries.values()]) {
          if (!e.linkedKey || !keys.has(e.linkedKey) || this.disposed) continue;
          this.put(e.path, await this.readEntry(e.path));
        }
      })().catch((error) => this.ctx.logError('re-indexing linked documents', error));
    }, DEPENDENTS_DELAY_MS);
  }

  private scheduleNotify(delay = NOTIFY_DELAY_MS): void {
    if (this.disposed) return;
    if (this.notifyTimer) {
      if (delay > 0) return;
      clearTimeout(this.notifyTimer);
    }
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.ctx.connection.sendNotification(DocumentsChangedNotification.type, { complete: this.complete }).catch(() => undefined);
    }, delay);
  }

  // -------------------------------------------------------------------------
  // Answers

  /** `specHandoff/documents`: top-level documents by path, each with the documents linking to it. */
  documents(): DocumentsResult {
    const entries = [...this.entries.values()].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
    const resolved = (e: IndexEntry): IndexEntry | undefined => (e.linkedKey && e.linkedKey !== pathKey(e.path) ? this.entries.get(e.linkedKey) : undefined);
    // Under its target only when the target is top level itself (chains and cycles stay visible at the top).
    const parentOf = (e: IndexEntry): IndexEntry | undefined => {
      const target = resolved(e);
      return target && !resolved(target) ? target : undefined;
    };
    const groups = new Map<string, DocumentGroup>();
    for (const e of entries) if (!parentOf(e)) groups.set(pathKey(e.path), { document: this.info(e), linked: [] });
    for (const e of entries) {
      const parent = parentOf(e);
      if (parent) groups.get(pathKey(parent.path))?.linked.push(this.info(e));
    }
    return { complete: this.complete, truncated: this.truncated, groups: [...groups.values()] };
  }

  private info(e: IndexEntry): DocumentInfo {
    const info: DocumentInfo = { uri: e.uri, path: e.relativePath, kind: e.kindId, kindTitle: e.kindTitle, title: e.title, summary: e.summary, readiness: e.readiness, summaryLine: e.summaryLine };
    if (e.linkedPath) info.specUri = this.ctx.host.openUri(e.linkedPath) ?? pathToUri(e.linkedPath);
    return info;
  }
}
