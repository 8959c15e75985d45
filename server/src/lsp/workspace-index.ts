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
import * as path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import {
  DocumentsChangedNotification,
  type DecisionInfo,
  type DocumentsResult,
  type ReviewAnchorInfo,
} from '../protocol';
import type { Analysis, DecisionRecord } from '../service';
import {
  SKIPPED_FOLDERS,
  isMarkdownPath,
  newWalkStats,
  readTextFile,
  realPath,
  statFile,
  walkFiles,
  type WalkStats,
} from '../node/server-host';
import type { ServerContext } from './context';
import { pathKey, pathToUri, relativeTo, uriToPath } from './convert';
import { documentGroups } from './documents-view';
import { filesExcludeMatcher } from './files-exclude';
import { indexEntry, type IndexEntry } from './index-entry';
import { MAX_FILE_BYTES } from '../service';

export const INDEX_LIMITS = {
  /** Markdown files read per scan; the rest are left out (`truncated`). */
  maxFiles: 20_000,
  /** Larger files are not indexed (a spec is a few KB): the one file size cap. */
  maxFileBytes: MAX_FILE_BYTES,
  /** Folder entries looked at per scan, markdown or not: bounds a walk through a huge tree. */
  maxEntries: 1_000_000,
};

/** Work between two yields to the event loop. */
const SLICE_MS = 10;
const NOTIFY_DELAY_MS = 150;
/** Handoffs of a spec being typed in are re-read from disk after this pause. */
const DEPENDENTS_DELAY_MS = 500;

interface ScanState {
  generation: number;
  files: number;
  walk: WalkStats;
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
    this.ctx.timing.mark('workspace index walk started');
    const started = Date.now();
    const state: ScanState = { generation, files: 0, walk: newWalkStats(), sliceStart: Date.now() };
    if (root && this.ctx.enabled) {
      try {
        this.realRoot = await realPath(root);
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
      if (file && this.indexable(file))
        this.put(file, this.entryFor(file, doc.uri, this.ctx.analysisFor(doc.uri)), false);
    }
    this.complete = true;
    const stoppedAt = state.walk.truncated
      ? `${INDEX_LIMITS.maxEntries} folder entries`
      : `${INDEX_LIMITS.maxFiles} files`;
    this.ctx.log(
      `[spec-handoff] indexed ${this.entries.size} document(s) of ${state.files} markdown file(s) in ${Date.now() - started} ms${this.truncated ? ` (stopped at ${stoppedAt})` : ''}`,
    );
    this.scheduleNotify(0);
  }

  /** The shared walker (node/walk.ts), one entry per step, yielding to the event loop between slices. */
  private async walk(root: string, target: Map<string, IndexEntry>, state: ScanState): Promise<void> {
    const files = walkFiles(
      root,
      {
        excluded: (p) => this.excluded(p),
        maxEntries: INDEX_LIMITS.maxEntries,
        // A folder of many non-markdown files must not hold the event loop either.
        pause: () => this.yieldSometimes(state),
        onError: (folder, error) => this.ctx.logError(`reading folder ${folder}`, error),
      },
      state.walk,
    );
    for await (const full of files) {
      if (this.stopped(state.generation)) return;
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
    if (state.walk.truncated) this.truncated = true;
  }

  private async yieldSometimes(state: ScanState): Promise<void> {
    if (Date.now() - state.sliceStart < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    state.sliceStart = Date.now();
  }

  /** VS Code's `files.exclude`, pulled again at each scan (see files-exclude.ts). */
  private async readFilesExclude(): Promise<void> {
    this.filesExclude = await filesExcludeMatcher(this.ctx);
  }

  /** Excluded by the config's `exclude` or by `files.exclude` (the path itself; its folders were checked on the way down). */
  private excluded(file: string): boolean {
    if (this.ctx.isExcluded(file)) return true;
    const rel = relativeTo(this.ctx.root, file);
    return rel !== undefined && this.filesExclude !== undefined && this.filesExclude(rel);
  }

  /** Whether a file outside a walk (an event, an open document) belongs in the index: under the root, in no skipped or excluded folder. */
  private indexable(file: string): boolean {
    if (!this.ctx.enabled || !isMarkdownPath(file)) return false;
    const rel = relativeTo(this.ctx.root, file);
    if (rel === undefined) return false;
    const parts = rel.split('/');
    if (parts.some((p) => SKIPPED_FOLDERS.has(p))) return false;
    for (let i = 1; i <= parts.length; i++)
      if (this.excluded(path.join(this.ctx.root!, ...parts.slice(0, i)))) return false;
    return true;
  }

  /** No symlinked folder between the root and the file (the walk would not have entered it). */
  private async reachable(file: string): Promise<boolean> {
    if (!this.realRoot || !this.ctx.root) return false;
    try {
      const realDir = await realPath(path.dirname(file));
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
      const stat = await statFile(file);
      if (!stat.isFile || stat.size > INDEX_LIMITS.maxFileBytes) return undefined;
      text = await readTextFile(file);
    } catch {
      return undefined;
    }
    const uri = pathToUri(file);
    return this.entryFor(file, uri, this.ctx.load.service.analyze(this.ctx.inputFor(uri, text)));
  }

  private entryFor(file: string, uri: string, analysis: Analysis | undefined): IndexEntry | undefined {
    return indexEntry(this.ctx.load.service, this.ctx.root, file, uri, analysis);
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
        const gone = isMarkdownPath(file)
          ? [this.entries.get(key)]
          : [...this.entries].filter(([k]) => k.startsWith(key + path.sep)).map(([, e]) => e);
        for (const e of gone) {
          if (!e) continue;
          this.put(e.path, undefined);
          this.dependentsChanged(e.path);
        }
      } else if (isMarkdownPath(file)) {
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
      this.ctx.notifyClient(DocumentsChangedNotification.type, { complete: this.complete }).catch(() => undefined);
    }, delay);
  }

  // -------------------------------------------------------------------------
  // Answers

  /** `specHandoff/decisions`: decision records and answered questions, by path. */
  decisions(): DecisionInfo[] {
    return this.sortedEntries().flatMap((e) =>
      e.decision
        ? [
            {
              uri: e.uri,
              path: e.relativePath,
              kind: e.kindId,
              type: e.decision.type,
              title: e.decision.title,
              status: e.decision.status,
              date: e.decision.date,
              outcome: e.decision.outcome,
              line: e.decision.line,
            },
          ]
        : [],
    );
  }

  /** The decisions as the service's Generate Handoff takes them. */
  decisionRecords(): { path: string; record: DecisionRecord }[] {
    return this.sortedEntries().flatMap((e) => (e.decision ? [{ path: e.path, record: e.decision }] : []));
  }

  /** `specHandoff/reviewAnchors`: every review comment anchored to code, by review path then line. */
  reviewAnchors(): ReviewAnchorInfo[] {
    return this.sortedEntries().flatMap((e) =>
      e.reviewAnchors.map((a) => ({
        reviewUri: e.uri,
        reviewPath: e.relativePath,
        reviewTitle: e.title,
        reviewLine: a.reviewLine,
        label: a.label,
        text: a.text,
        replies: a.replies,
        closed: a.closed,
        targetUri: this.ctx.host.openUri(a.targetPath) ?? pathToUri(a.targetPath),
        targetLine: a.targetLine,
      })),
    );
  }

  private sortedEntries(): IndexEntry[] {
    return [...this.entries.values()].sort((a, b) =>
      a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0,
    );
  }

  /** `specHandoff/documents`: top-level documents by path, each with the documents linking to it. */
  documents(): DocumentsResult {
    return documentGroups(
      this.entries,
      { complete: this.complete, truncated: this.truncated },
      (p: string) => this.ctx.host.openUri(p) ?? pathToUri(p),
    );
  }
}
