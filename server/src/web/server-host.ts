/**
 * The web worker server's machine (github.dev, vscode.dev): what
 * node/server-host.ts gives the Node server, with no file system of its own.
 * scripts/build.mjs puts this module in place of node/server-host.ts in the
 * web bundle (dist/server-web.js); test/unit/web.test.ts checks that both
 * export the same names and types.
 *
 * Files are read through the client (`vscode.workspace.fs`, the file system
 * of whatever the workspace is: GitHub through github.dev, a remote, memory)
 * with two requests of protocol.ts: `specHandoff/workspaceFiles` lists the
 * workspace's files once per load (names only), `specHandoff/readFile` reads
 * one. The engine asks for other files synchronously (does the linked spec
 * exist, what does it say), so the texts read are kept here: the listing
 * answers "exists", a text read before answers "read"; a listed file not read
 * yet is read in the background and `onFileArrived` tells the server, which
 * checks the documents linking to it again. Watched-file events drop a copy
 * (`forgetFile`).
 *
 * Paths are the URIs' paths (always POSIX; `node:path` is path-browserify in
 * this bundle), under the scheme and authority of the first URI with a path
 * the server meets: the workspace folder's, in `initialize`. Documents of
 * other schemes have no path (as untitled ones on Node). Virtual file systems
 * have no symbolic links: real paths are the paths.
 */
import * as path from 'node:path';
import {
  CONFIG_FILE_NAME,
  LanguageService,
  MAX_FILE_BYTES,
  assembleWorkspaceConfig,
  parseConfig,
  tooLargeMessage,
  type PresetFile,
  type SchemaFileText,
  type WorkspaceHost,
} from '../service';
import type { ReadFileResult, WorkspaceFilesResult } from '../protocol';
import type { LoadOptions, WorkspaceLoad } from '../node/workspace';
import type { WalkOptions, WalkStats } from '../node/walk';

export type { LoadOptions, WorkspaceLoad, WalkStats };

/** What the web host asks the client (the browser extension answers through `vscode.workspace.fs`). */
export interface ClientFiles {
  workspaceFiles(maxFiles: number): Promise<WorkspaceFilesResult>;
  readFile(uri: string, maxBytes: number): Promise<ReadFileResult>;
}

/** Files listed per load: past this the listing is cut (`truncated`), as the Node walk stops at its entry cap. */
export const MAX_LISTED_FILES = 50_000;

/** Never walked into: dependencies and version control (as node/walk.ts). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

const MARKDOWN_FILE = /\.(md|markdown)$/i;

export function isMarkdownPath(file: string): boolean {
  return MARKDOWN_FILE.test(file);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether `child` is `parent` or inside it (lexical, as node/paths.ts). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** No symbolic links on a virtual file system: the resolved path. */
export function realPathLoose(p: string): string {
  return path.resolve(p);
}

export async function realPath(file: string): Promise<string> {
  return path.resolve(file);
}

/** The client decodes every file as UTF-8 (and refuses others), so the editor's text never re-encodes differently. */
export function editorTextReencodes(_file: string | undefined, _text: string): boolean {
  return false;
}

/** No rule pages on a disk here: diagnostics link to the web pages (the VS Code client points them at its own copy). */
export function ruleDocsFolder(): string | undefined {
  return undefined;
}

// ---------------------------------------------------------------------------
// State: one server per worker.

let client: ClientFiles | undefined;
let builtins: SchemaFileText[] = [];
/** The built-in presets (bundled too), read when selected. */
let presets: PresetFile[] = [];
let builtinDir = '/';
/** `scheme://authority` of the workspace (learned from the first URI with a path). */
let base: string | undefined;
/** Listed files (resolved paths) and the folders holding them; undefined before the first listing. */
let listed: Set<string> | undefined;
let folders = new Set<string>();
let listingTruncated = false;
/** Texts read: a string, or null when the file is missing or unreadable. */
const texts = new Map<string, string | null>();
const sizes = new Map<string, number>();
const pending = new Map<string, Promise<void>>();
const arrivedListeners: ((file: string) => void)[] = [];
/** Bumped by useClientFiles: a read still running for the client before is dropped. */
let generation = 0;

/**
 * Installs the client's file access, the built-in schemas and the built-in
 * presets (bundled: the worker has no folder to read them from). Called once by server-web.ts
 * before the server starts; the unit tests call it with a workspace in memory.
 */
export function useClientFiles(
  files: ClientFiles,
  builtinSchemas: readonly SchemaFileText[],
  builtinPresets: readonly PresetFile[] = [],
): void {
  client = files;
  generation++;
  builtins = [...builtinSchemas];
  presets = [...builtinPresets];
  builtinDir = builtins.length ? path.dirname(path.resolve(builtins[0].source)) : '/';
  base = undefined;
  listed = undefined;
  folders = new Set();
  texts.clear();
  sizes.clear();
  pending.clear();
}

const URI_WITH_PATH = /^([a-zA-Z][\w+.-]*):\/\/([^/?#]*)([^?#]*)/;

/** Document URIs ↔ paths: the workspace's scheme and authority, the URI's path. */
export const hostUris = {
  toPath(uri: string): string | undefined {
    const m = URI_WITH_PATH.exec(uri);
    if (!m) return undefined;
    const prefix = `${m[1]}://${m[2]}`;
    base ??= prefix;
    if (prefix !== base) return undefined;
    try {
      return path.resolve(decodeURIComponent(m[3] || '/'));
    } catch {
      return undefined;
    }
  },
  toUri(file: string): string {
    const encoded = path
      .resolve(file)
      .split('/')
      .map((part) => encodeURIComponent(part))
      .join('/');
    return `${base ?? 'file://'}${encoded}`;
  },
};

function addListed(file: string): void {
  listed?.add(file);
  for (let dir = path.dirname(file); !folders.has(dir); dir = path.dirname(dir)) {
    folders.add(dir);
    if (path.dirname(dir) === dir) break;
  }
}

/** Lists the workspace's files again (names only). */
async function list(): Promise<void> {
  if (!client) return;
  const result = await client.workspaceFiles(MAX_LISTED_FILES);
  listed = new Set();
  folders = new Set();
  listingTruncated = result.truncated;
  for (const uri of result.uris) {
    const file = hostUris.toPath(uri);
    if (file) addListed(file);
  }
}

/** Reads a file through the client into `texts` (once at a time per file). */
function fetchText(file: string): Promise<void> {
  const running = pending.get(file);
  if (running) return running;
  const done = (async () => {
    if (!client) return;
    const started = generation;
    let result: ReadFileResult;
    try {
      result = await client.readFile(hostUris.toUri(file), MAX_FILE_BYTES);
    } catch (error) {
      result = { error: (error as Error)?.message ?? String(error), missing: false };
    }
    if (started !== generation) return;
    if ('text' in result) {
      texts.set(file, stripBom(result.text));
      sizes.set(file, result.size);
      addListed(file);
    } else {
      texts.set(file, null);
      if (result.size !== undefined) sizes.set(file, result.size);
      if (result.missing) listed?.delete(file);
    }
  })().finally(() => {
    if (pending.get(file) === done) pending.delete(file);
  });
  pending.set(file, done);
  return done;
}

/** Reads the file in the background, then tells the listeners (the server re-checks the documents linking to it). */
function fetchLater(file: string): void {
  if (pending.has(file)) return;
  void fetchText(file).then(() => {
    for (const listener of arrivedListeners) listener(file);
  });
}

export function onFileArrived(listener: (file: string) => void): void {
  arrivedListeners.push(listener);
}

/** Before a request that reads a file the editor does not have open: it is read now (fresh), so `diskHost.readFile` has it. */
export async function readAhead(file: string): Promise<void> {
  const key = path.resolve(file);
  texts.delete(key);
  await fetchText(key);
}

/** A watched file changed, appeared or went away: its copy is dropped and it is read again when next asked for. */
export function forgetFile(file: string): void {
  const key = path.resolve(file);
  texts.delete(key);
  sizes.delete(key);
  // Changed, or gone: reading it again says which (and the documents linking to it are checked again).
  if (listed?.has(key)) fetchLater(key);
}

/** Links (a handoff's spec, relative links, review anchors): from the listing and the texts read so far. */
export const diskHost: WorkspaceHost = {
  exists(p) {
    const key = path.resolve(p);
    if (texts.has(key)) return texts.get(key) !== null || folders.has(key);
    if (listed?.has(key) || folders.has(key)) return true;
    // Not listed: created since the listing (a file no watcher reported), or missing; reading it says which.
    fetchLater(key);
    return false;
  },
  readFile(p) {
    const key = path.resolve(p);
    const text = texts.get(key);
    if (text !== undefined) return text ?? undefined;
    if (listed?.has(key)) fetchLater(key);
    return undefined;
  },
};

export function builtinSchemasDir(): string {
  return builtinDir;
}

/** Before `loadWorkspace`: lists the workspace and reads the config file and every schema file it names (fresh). */
export async function prepareWorkspace(root: string | undefined, extraSchemaFiles: readonly string[]): Promise<void> {
  if (!client) return;
  // Without a listing the configuration still loads (the config file is read by name); links then count as missing.
  await list().catch(() => undefined);
  if (!root) return;
  const configFile = path.join(path.resolve(root), CONFIG_FILE_NAME);
  texts.delete(configFile);
  await fetchText(configFile);
  const text = texts.get(configFile);
  const schemas = [...extraSchemaFiles];
  if (typeof text === 'string')
    schemas.push(...parseConfig(text, configFile, (p) => path.resolve(path.dirname(configFile), p)).config.schemas);
  for (const file of schemas) texts.delete(path.resolve(file));
  await Promise.all(schemas.map((file) => fetchText(path.resolve(file))));
}

/**
 * The workspace's service, as node/workspace.ts `loadWorkspace` builds it, from
 * what `prepareWorkspace` read: `.spec-handoff.yaml` of the root (the web
 * server knows one root), its `schemas:` (only inside its folder or the
 * workspace folder), the editor's extra schemas, the built-ins.
 */
export function loadWorkspace(options: LoadOptions = {}): WorkspaceLoad {
  const named =
    options.configFile ??
    (options.configSearchFrom ? path.join(path.resolve(options.configSearchFrom), CONFIG_FILE_NAME) : undefined);
  // A config file the listing or the read did not find is no config file (as findConfigFile on disk).
  const configFile = named !== undefined && typeof texts.get(path.resolve(named)) === 'string' ? named : undefined;
  const { registry, config, problems, schemaFiles } = assembleWorkspaceConfig({
    configFile,
    builtins,
    presets,
    overrides: options.overrides,
    extraSchemaFiles: options.extraSchemaFiles,
    presetNames: options.presets,
    schemaRoots: options.schemaRoots,
    inside: isInside,
    read: (file) => {
      const key = path.resolve(file);
      const text = texts.get(key);
      if (typeof text === 'string') return { text };
      return { why: (sizes.get(key) ?? 0) > MAX_FILE_BYTES ? tooLargeMessage(sizes.get(key) ?? 0) : 'no such file' };
    },
  });
  return {
    service: new LanguageService({ registry, host: diskHost, config }),
    config,
    configFile,
    problems,
    schemaFiles,
  };
}

/** Whether a path is a file, and its size: read through the client (the text is kept for `readTextFile`); rejects when missing. */
export async function statFile(file: string): Promise<{ isFile: boolean; size: number }> {
  const key = path.resolve(file);
  if (!texts.has(key)) await fetchText(key);
  const text = texts.get(key);
  const size = sizes.get(key);
  if (text === null && size === undefined) throw new Error(`Cannot read ${file}.`);
  if (typeof text === 'string') return { isFile: true, size: size ?? text.length };
  return { isFile: true, size: size ?? 0 };
}

export async function readTextFile(file: string): Promise<string> {
  const key = path.resolve(file);
  if (!texts.has(key)) await fetchText(key);
  const text = texts.get(key);
  if (typeof text !== 'string') throw new Error(`Cannot read ${file}.`);
  return text;
}

export function newWalkStats(): WalkStats {
  return { entriesSeen: 0, truncated: false };
}

const PAUSE_EVERY = 1_000;
/** Files requested ahead of the one yielded. */
const READ_AHEAD = 8;

/**
 * The listed files under `root`, in path order, through the same options as
 * node/walk.ts: skipped and excluded folders (and everything in them) are
 * left out, `accept` (default: markdown) picks the files.
 */
export async function* walkFiles(
  root: string,
  options: WalkOptions = {},
  stats: WalkStats = newWalkStats(),
): AsyncGenerator<string, void, undefined> {
  // Listed afresh: Check All Documents and rescans see files created since (not every file is watched).
  await list();
  const top = path.resolve(root);
  const accept = options.accept ?? isMarkdownPath;
  const files = [...(listed ?? [])].filter((f) => f !== top && isInside(top, f)).sort();
  const excludedFolders = new Map<string, boolean>();
  const folderExcluded = (dir: string): boolean => {
    if (dir === top) return false;
    const known = excludedFolders.get(dir);
    if (known !== undefined) return known;
    const out =
      folderExcluded(path.dirname(dir)) ||
      SKIPPED_FOLDERS.has(path.basename(dir)) ||
      options.excluded?.(dir, true) === true;
    excludedFolders.set(dir, out);
    return out;
  };
  const chosen: string[] = [];
  for (const file of files) {
    if (options.maxEntries !== undefined && stats.entriesSeen >= options.maxEntries) {
      stats.truncated = true;
      break;
    }
    stats.entriesSeen++;
    if (stats.entriesSeen % PAUSE_EVERY === 0) await options.pause?.();
    if (folderExcluded(path.dirname(file)) || options.excluded?.(file, false) === true || !accept(file)) continue;
    chosen.push(file);
  }
  if (listingTruncated) stats.truncated = true;
  for (const [i, file] of chosen.entries()) {
    // Every walker's caller reads what it yields: the next few are requested already (one round trip each on github.dev).
    for (const next of chosen.slice(i, i + READ_AHEAD)) if (!texts.has(next)) void fetchText(next);
    yield file;
  }
}
