/**
 * What the language server (lsp/) needs of the machine it runs on, in one
 * module: the Node server's answers, from the disk. lsp/ imports the machine
 * only through this file, so the web worker server (server-web.ts) can put
 * web/server-host.ts in its place (same exports, files read through the
 * client's `vscode.workspace.fs`): scripts/build.mjs swaps the module in the
 * web bundle, and test/unit/web.test.ts checks both export the same names and
 * types.
 */
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripBom } from './workspace';

export {
  builtinSchemasDir,
  loadWorkspace,
  nodeHost as diskHost,
  stripBom,
  type LoadOptions,
  type WorkspaceLoad,
} from './workspace';
export { SKIPPED_FOLDERS, isMarkdownPath, newWalkStats, walkFiles, type WalkStats } from './walk';
export { isInside, realPathLoose } from './paths';
export { editorTextReencodes } from './encoding';
export { ruleDocsFolder } from './rule-docs';

/** Document URIs ↔ the service's paths: `file:` URIs; other schemes (untitled, vscode-notebook-cell, …) have no path. */
export const hostUris = {
  toPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  toUri: (file: string): string => pathToFileURL(file).href,
};

/** Whether a path is a file, and its size in bytes; rejects when it does not exist or cannot be read. */
export async function statFile(file: string): Promise<{ isFile: boolean; size: number }> {
  const stat = await fs.promises.stat(file);
  return { isFile: stat.isFile(), size: stat.size };
}

/** A file's text as UTF-8, byte order mark removed; rejects when it cannot be read. Callers check the size first (`statFile`). */
export async function readTextFile(file: string): Promise<string> {
  return stripBom(await fs.promises.readFile(file, 'utf8'));
}

/** The path with every symbolic link resolved; rejects when it does not exist. */
export function realPath(file: string): Promise<string> {
  return fs.promises.realpath(file);
}

/**
 * Before `loadWorkspace`: on Node nothing to do (it reads the disk itself,
 * synchronously). The web host fetches the config file and schema files here.
 */
export async function prepareWorkspace(
  _root: string | undefined,
  _extraSchemaFiles: readonly string[],
): Promise<void> {}

/**
 * `listener` hears of files that arrive after an analysis asked for them. On
 * Node reads are synchronous, so it is never called; the web host reads a
 * linked file the first time it is asked for and calls it then (the server
 * checks the documents linking to it again).
 */
export function onFileArrived(_listener: (file: string) => void): void {}

/** Before a request that reads a file the editor does not have open (a tool's document, Generate Handoff's spec): nothing to wait for on Node. */
export async function readAhead(_file: string): Promise<void> {}

/** A file changed or was deleted (a watched-file event): a cached copy is dropped. Nothing is cached on Node. */
export function forgetFile(_file: string): void {}
