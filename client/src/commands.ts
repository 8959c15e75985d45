/**
 * The extension's commands. Each one is a few lines of UI around one server
 * request; the data (document text, edits, kinds, schema files) comes from
 * the server.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  GenerateHandoffRequest,
  InsertAllMissingSectionsRequest,
  InsertMissingSectionRequest,
  KindForDocumentRequest,
  ListKindsRequest,
  NewDocumentRequest,
  ValidateWorkspaceRequest,
  type KindInfo,
  type WorkspaceEdit,
} from '../../server/src/protocol';
import { COMMANDS, VIEW_CHECKLIST } from './ids';
import type { ChecklistNode, ChecklistProvider } from './views/checklist';
import type { DocumentsProvider } from './views/documents';
import type { DecisionsProvider } from './views/decisions';
import type { ReviewComments } from './review-comments';

export interface CommandContext {
  client: LanguageClient;
  /** Resolves when the server is up; commands wait for it. */
  ready: Promise<void>;
  checklist: ChecklistProvider;
  documents: DocumentsProvider;
  decisions: DecisionsProvider;
  reviewComments: ReviewComments;
}

/** Arguments for creating a document without prompts (tests, other extensions). Missing fields are asked for. */
export interface NewDocumentOptions {
  kind?: string;
  title?: string;
  /** Folder to create the file in. */
  folder?: vscode.Uri | string;
  /** File name to use instead of the one derived from the title. */
  fileName?: string;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const register = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(
          `Spec & Handoff: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      }
    });
  return [
    register(COMMANDS.newSpec, async (arg?: unknown) =>
      newDocument(ctx, { ...newDocumentArgs(arg), kind: (await tracedKinds(ctx)).source?.id }),
    ),
    register(COMMANDS.newHandoff, async (arg?: unknown) =>
      newDocument(ctx, { ...newDocumentArgs(arg), kind: (await tracedKinds(ctx)).generated?.id }),
    ),
    register(COMMANDS.newDocument, (arg?: unknown) => newDocument(ctx, newDocumentArgs(arg))),
    register(COMMANDS.insertMissingSections, (arg?: unknown) => insertMissingSections(ctx, arg)),
    register(COMMANDS.insertSection, (node?: ChecklistNode | { uri: string; sectionId: string }) =>
      insertSection(ctx, node),
    ),
    register(COMMANDS.validateWorkspace, (arg?: unknown) => validateWorkspace(ctx, arg)),
    register(COMMANDS.openSchema, (arg?: unknown) => openSchema(ctx, arg)),
    register(COMMANDS.focusChecklist, () => vscode.commands.executeCommand(`${VIEW_CHECKLIST}.focus`)),
    register(COMMANDS.refreshChecklist, () => ctx.checklist.refresh()),
    register(COMMANDS.restartServer, async () => {
      await ctx.client.restart();
      await ctx.checklist.refresh();
      await ctx.documents.refresh();
    }),
    register(COMMANDS.generateHandoff, (arg?: unknown) => generateHandoff(ctx, generateHandoffArgs(arg))),
    register(COMMANDS.refreshDocuments, () => ctx.documents.refresh()),
    register(COMMANDS.revealLine, (uri?: string | vscode.Uri, line?: number) => revealLine(uri, line)),
    register(COMMANDS.refreshDecisions, () => ctx.decisions.refresh()),
    register(COMMANDS.clearDecisionsFilter, () => ctx.decisions.setFilter('')),
    register(COMMANDS.filterDecisions, async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter decisions',
        prompt: 'Words in the title, outcome, path, status or date',
        value: ctx.decisions.filter(),
      });
      if (text !== undefined) ctx.decisions.setFilter(text);
    }),
    register(COMMANDS.openReviewItem, (thread?: vscode.CommentThread) => {
      const found = thread && ctx.reviewComments.find(thread);
      return found ? revealLine(found.anchor.reviewUri, found.anchor.reviewLine) : undefined;
    }),
  ];
}

// ---------------------------------------------------------------------------
// New documents

/** The explorer passes the clicked resource (and the selection); the palette passes nothing; tests may pass options. */
function newDocumentArgs(arg: unknown): NewDocumentOptions {
  if (arg instanceof vscode.Uri) return { folder: arg };
  if (arg && typeof arg === 'object') return arg as NewDocumentOptions;
  return {};
}

/**
 * What is wrong with a new document's path typed into an input box: not a file name (an error), a target
 * `refuse` rejects (an error), an existing file that will not be overwritten or a name that is not `.md`
 * (warnings the user may accept).
 */
async function newFilePathProblem(
  text: string,
  resolve: (text: string) => vscode.Uri,
  refuse?: (uri: vscode.Uri) => string | undefined,
): Promise<string | vscode.InputBoxValidationMessage | undefined> {
  if (!text.trim() || /[\\/]$/.test(text.trim())) return 'Enter a file name.';
  const uri = resolve(text);
  const refused = refuse?.(uri);
  if (refused) return refused;
  if (await exists(uri)) {
    return {
      message: 'A file with this name exists. It will not be overwritten.',
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  if (!/\.md$/i.test(text.trim())) {
    return {
      message: 'Documents are checked only when the file name ends in .md.',
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  return undefined;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a new file without ever replacing one: the text goes to a hidden
 * temporary file beside the target, which is then renamed into place with
 * `overwrite: false`. A crash leaves no half-written document, and a file
 * created meanwhile under the same name makes the rename fail (false).
 */
export async function writeNewFile(target: vscode.Uri, text: string): Promise<boolean> {
  const name = path.posix.basename(target.path);
  const temp = vscode.Uri.joinPath(
    target,
    '..',
    `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
  try {
    await vscode.workspace.fs.rename(temp, target, { overwrite: false });
    return true;
  } catch (error) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    if (error instanceof vscode.FileSystemError && error.code === 'FileExists') return false;
    throw error;
  }
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/**
 * The two kinds the extension is named after, as the schemas say: the kind
 * generated from another (its schema traces, like the handoff) and the kind
 * it is generated from (the spec).
 */
async function tracedKinds(
  ctx: CommandContext,
): Promise<{ source?: KindInfo; generated?: KindInfo; kinds: KindInfo[] }> {
  await ctx.ready;
  const kinds = await ctx.client.sendRequest(ListKindsRequest.type);
  const generated = kinds.find((k) => k.generatedFrom !== undefined && kinds.some((s) => s.id === k.generatedFrom));
  return { source: generated && kinds.find((k) => k.id === generated.generatedFrom), generated, kinds };
}

async function pickKind(ctx: CommandContext): Promise<KindInfo | undefined> {
  const { source, generated, kinds } = await tracedKinds(ctx);
  if (!kinds.length) {
    void vscode.window.showWarningMessage(
      'No document kinds are available. Check the schema files listed in .spec-handoff.yaml and the specHandoff.schemas setting.',
    );
    return undefined;
  }
  // Spec and Handoff first (the two the extension is named after), then the rest by title.
  const rank = (k: KindInfo): number => (k.id === source?.id ? 0 : k.id === generated?.id ? 1 : 2);
  kinds.sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title));
  const picked = await vscode.window.showQuickPick(
    kinds.map((kind) => ({
      label: kind.title,
      description: kind.builtin ? kind.id : `${kind.id} · ${vscode.workspace.asRelativePath(kind.source)}`,
      detail: kind.description,
      info: kind,
    })),
    {
      title: 'New Document from Schema',
      placeHolder: 'Which kind of document?',
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  return picked?.info;
}

/**
 * The folder the file goes into by default: the explorer selection's folder
 * (the parent, when a file is selected), else the first workspace folder. A
 * folder that does not exist yet is created with the file.
 */
async function defaultFolder(
  folder: vscode.Uri | string | undefined,
  checklist?: ChecklistProvider,
): Promise<vscode.Uri | undefined> {
  if (folder) {
    const uri =
      typeof folder === 'string'
        ? /^[a-z][a-z0-9+.-]+:/i.test(folder) && !path.isAbsolute(folder)
          ? vscode.Uri.parse(folder)
          : vscode.Uri.file(folder)
        : folder;
    return (await isFile(uri)) ? vscode.Uri.joinPath(uri, '..') : uri;
  }
  // From the palette: beside the active document when it is a checked document in a workspace folder (a new spec
  // next to the open spec), else the active document's workspace folder, else the first one.
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (active && activeFolder) {
    const checked = checklist?.currentUri() === active.toString() && checklist.current()?.kindId !== undefined;
    if (checked || /\.(spec|handoff)\.md$/i.test(active.path)) return vscode.Uri.joinPath(active, '..');
    return activeFolder.uri;
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Asks for the file's path, relative to the folder's workspace folder, pre-filled with the default folder and file name. */
async function askWhere(
  folder: vscode.Uri | undefined,
  fileName: string,
  previous?: string,
): Promise<vscode.Uri | undefined> {
  if (!folder) {
    return vscode.window.showSaveDialog({
      title: 'Create the new document',
      defaultUri: vscode.Uri.file(path.join(os.homedir(), fileName)),
      filters: { Markdown: ['md'] },
    });
  }
  const base = vscode.workspace.getWorkspaceFolder(folder)?.uri ?? folder;
  const relativeFolder = path.posix.relative(base.path, folder.path);
  const value = previous ?? (relativeFolder ? `${relativeFolder}/${fileName}` : fileName);
  const stemEnd = value.length - fileName.length + fileName.indexOf('.');
  const resolve = (input: string): vscode.Uri => {
    const trimmed = input.trim();
    if (path.isAbsolute(trimmed) && base.scheme === 'file') return vscode.Uri.file(trimmed);
    return vscode.Uri.joinPath(base, ...trimmed.split(/[\\/]+/).filter(Boolean));
  };
  const input = await vscode.window.showInputBox({
    title: 'Where should the new document go?',
    prompt: `Path relative to ${vscode.workspace.getWorkspaceFolder(folder)?.name ?? base.fsPath}. Missing folders are created.`,
    value,
    valueSelection: previous
      ? undefined
      : [value.length - fileName.length, Math.max(stemEnd, value.length - fileName.length)],
    validateInput: (text) => newFilePathProblem(text, resolve),
  });
  return input === undefined ? undefined : resolve(input);
}

/**
 * Creates a document of a kind from the server's skeleton and opens it.
 * Never overwrites: an existing target is reported, with the choice to open
 * it or to pick another name. Returns the new file's URI (or undefined).
 */
export async function newDocument(ctx: CommandContext, options: NewDocumentOptions): Promise<vscode.Uri | undefined> {
  const interactive = options.title === undefined;
  let kindId = options.kind;
  let kindTitle = kindId;
  if (kindId) {
    await ctx.ready;
    kindTitle = (await ctx.client.sendRequest(ListKindsRequest.type)).find((k) => k.id === kindId)?.title ?? kindId;
  } else {
    const kind = await pickKind(ctx);
    if (!kind) return undefined;
    kindId = kind.id;
    kindTitle = kind.title;
  }
  const title =
    options.title ??
    (await vscode.window.showInputBox({
      title: `New ${kindTitle}`,
      prompt: 'Title of the document; the file name is derived from it.',
      placeHolder: 'e.g. Export invoices as CSV',
      validateInput: (text) => (text.trim() ? undefined : 'Enter a title.'),
    }));
  if (title === undefined || !title.trim()) return undefined;

  await ctx.ready;
  const eol = vscode.workspace.getConfiguration('files').get<string>('eol') === '\r\n' ? '\r\n' : '\n';
  const result = await ctx.client.sendRequest(NewDocumentRequest.type, { kind: kindId, title: title.trim(), eol });
  if (!result) {
    void vscode.window.showErrorMessage(`Spec & Handoff: there is no document kind "${kindId}".`);
    return undefined;
  }
  const fileName = options.fileName ?? result.fileName; // the server names files (one home for naming)
  const folder = await defaultFolder(options.folder, ctx.checklist);

  let previous: string | undefined;
  for (;;) {
    const target =
      interactive || !folder ? await askWhere(folder, fileName, previous) : vscode.Uri.joinPath(folder, fileName);
    if (!target) return undefined;
    if (await exists(target)) {
      const name = vscode.workspace.asRelativePath(target);
      if (!interactive) {
        void vscode.window.showWarningMessage(`${name} already exists; it was not overwritten.`);
        return undefined;
      }
      const choice = await vscode.window.showWarningMessage(
        `${name} already exists. It will not be overwritten.`,
        'Open It',
        'Choose Another Name',
      );
      if (choice === 'Open It') {
        await vscode.window.showTextDocument(target);
        return undefined;
      }
      if (choice !== 'Choose Another Name') return undefined;
      previous = folder
        ? path.posix.relative((vscode.workspace.getWorkspaceFolder(folder)?.uri ?? folder).path, target.path)
        : undefined;
      continue;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    if (!(await writeNewFile(target, result.text))) continue; // created meanwhile: ask again rather than overwrite
    await vscode.window.showTextDocument(target);
    return target;
  }
}

// ---------------------------------------------------------------------------
// Generating a handoff from a spec

/** Arguments for generating without prompts (tests, other extensions). */
export interface GenerateHandoffOptions {
  /** The spec; default: the active editor's document. */
  specUri?: vscode.Uri | string;
  /** Where to write the handoff; when given, nothing is asked. */
  targetUri?: vscode.Uri | string;
  /** Without `targetUri`: false writes to the proposed `<spec-name>.handoff.md` without asking. Default true. */
  prompt?: boolean;
}

/** The explorer and the editor title pass the spec's URI; the palette passes nothing; tests may pass options. */
function generateHandoffArgs(arg: unknown): GenerateHandoffOptions {
  if (arg instanceof vscode.Uri) return { specUri: arg };
  if (arg && typeof arg === 'object') {
    const node = arg as { info?: { uri?: unknown } };
    if (typeof node.info?.uri === 'string') return { specUri: node.info.uri }; // a Documents view node
    return arg as GenerateHandoffOptions;
  }
  return {};
}

function toUri(value: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  return /^[a-z][a-z0-9+.-]+:/i.test(value) && !path.isAbsolute(value)
    ? vscode.Uri.parse(value)
    : vscode.Uri.file(value);
}

/** A URI path with its Windows drive letter in lower case (`/C:/x` and `/c:/x` are one file). */
function uriPath(uri: vscode.Uri): string {
  return uri.path.replace(/^\/([A-Za-z]):/, (_, d: string) => `/${d.toLowerCase()}:`);
}

/** Whether `target` is inside `folder` (same scheme and authority, no `..` escape). */
export function isInsideFolder(folder: vscode.Uri, target: vscode.Uri): boolean {
  if (folder.scheme !== target.scheme || folder.authority !== target.authority) return false;
  const rel = path.posix.relative(uriPath(folder), uriPath(target));
  return rel !== '' && !rel.startsWith('..') && !path.posix.isAbsolute(rel);
}

/** Asks for the handoff's path relative to the workspace folder, pre-filled with the proposal. */
async function askHandoffTarget(
  folder: vscode.Uri,
  proposed: vscode.Uri,
  previous: string | undefined,
): Promise<vscode.Uri | undefined> {
  const relative = previous ?? path.posix.relative(uriPath(folder), uriPath(proposed));
  const name = path.posix.basename(relative);
  const resolve = (input: string): vscode.Uri => {
    const trimmed = input.trim();
    if (path.isAbsolute(trimmed) && folder.scheme === 'file') return vscode.Uri.file(trimmed);
    return vscode.Uri.joinPath(folder, ...trimmed.split(/[\\/]+/).filter(Boolean));
  };
  const stemEnd = relative.length - name.length + (name.indexOf('.') >= 0 ? name.indexOf('.') : name.length);
  const input = await vscode.window.showInputBox({
    title: 'Generate Handoff from Spec',
    prompt: `Path of the new handoff, relative to ${vscode.workspace.getWorkspaceFolder(folder)?.name ?? folder.fsPath}. Its spec: link is relative to its folder.`,
    value: relative,
    valueSelection: previous ? undefined : [relative.length - name.length, stemEnd],
    validateInput: (text) =>
      newFilePathProblem(text, resolve, (uri) =>
        isInsideFolder(folder, uri) ? undefined : 'The handoff must be inside the workspace folder.',
      ),
  });
  return input === undefined ? undefined : resolve(input);
}

/**
 * Generates a handoff from a spec: the server returns the text (criteria,
 * scope and out-of-scope prefilled, `spec:` linking back relative to the new
 * file); this writes it — inside the spec's workspace folder, never over an
 * existing file — and opens it. Returns the new file's URI (or undefined).
 */
export async function generateHandoff(
  ctx: CommandContext,
  options: GenerateHandoffOptions,
): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  const spec = toUri(options.specUri) ?? (editor?.document.languageId === 'markdown' ? editor.document.uri : undefined);
  if (!spec) {
    void vscode.window.showInformationMessage('Open a spec first, or run this on a *.spec.md file in the Explorer.');
    return undefined;
  }
  // Any saved document will do, on disk or on a virtual file system (github.dev): only an untitled one has no path to link to.
  if (spec.scheme === 'untitled') {
    void vscode.window.showInformationMessage('Save the spec first: a handoff links to its spec by a relative path.');
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(spec)?.uri ?? vscode.Uri.joinPath(spec, '..');
  const given = toUri(options.targetUri);
  const interactive = given === undefined && options.prompt !== false;
  const outside = (uri: vscode.Uri): undefined => {
    void vscode.window.showErrorMessage(
      `Spec & Handoff: ${uri.fsPath} is outside ${vscode.workspace.getWorkspaceFolder(folder)?.name ?? folder.fsPath}; a handoff is created inside the spec's workspace folder.`,
    );
    return undefined;
  };
  if (given && !isInsideFolder(folder, given)) return outside(given);

  await ctx.ready;
  // The server judges the target through symlinks too (a symlinked folder must not lead the file outside).
  const request = (target: vscode.Uri | undefined) =>
    ctx.client.sendRequest(GenerateHandoffRequest.type, {
      specUri: spec.toString(),
      targetUri: target?.toString(),
      folderUri: folder.toString(),
    });
  const first = await request(given);
  if ('error' in first) {
    if (first.outside && given) return outside(given);
    void vscode.window.showErrorMessage(`Spec & Handoff: ${first.error}`);
    return undefined;
  }
  const proposed = given ?? vscode.Uri.parse(first.suggestedUri);

  let previous: string | undefined;
  for (;;) {
    const target = interactive ? await askHandoffTarget(folder, proposed, previous) : proposed;
    if (!target) return undefined;
    if (!isInsideFolder(folder, target)) {
      if (!interactive) return outside(target);
      previous = path.posix.relative(uriPath(folder), uriPath(target));
      continue;
    }
    if (await exists(target)) {
      const name = vscode.workspace.asRelativePath(target);
      if (!interactive) {
        // Nobody is there to answer: say so, offer to open it, and return at once.
        void vscode.window
          .showWarningMessage(`${name} already exists; it was not overwritten.`, 'Open It')
          .then((choice) => (choice === 'Open It' ? vscode.window.showTextDocument(target) : undefined));
        return undefined;
      }
      const choice = await vscode.window.showWarningMessage(
        `${name} already exists. It will not be overwritten.`,
        'Open It',
        'Choose Another Name',
      );
      if (choice === 'Open It') {
        await vscode.window.showTextDocument(target);
        return undefined;
      }
      if (choice !== 'Choose Another Name') return undefined;
      previous = path.posix.relative(uriPath(folder), uriPath(target));
      continue;
    }
    // The spec: link is relative to the file's folder, so the text is made for the final target.
    const result = target.toString() === given?.toString() ? first : await request(target);
    if ('error' in result && result.outside) {
      if (!interactive) return outside(target);
      void vscode.window.showErrorMessage(`Spec & Handoff: ${result.error}`);
      previous = path.posix.relative(uriPath(folder), uriPath(target));
      continue;
    }
    if ('error' in result) {
      void vscode.window.showErrorMessage(`Spec & Handoff: ${result.error}`);
      return undefined;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    if (!(await writeNewFile(target, result.text))) {
      if (interactive) continue; // created meanwhile: ask again rather than overwrite
      void vscode.window.showWarningMessage(
        `${vscode.workspace.asRelativePath(target)} already exists; it was not overwritten.`,
      );
      return undefined;
    }
    await vscode.window.showTextDocument(target);
    return target;
  }
}

// ---------------------------------------------------------------------------
// Edits

/** The markdown document a command acts on: an explicit argument, else the active markdown editor, else the checklist's document. */
function targetDocumentUri(ctx: CommandContext, arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.toString();
  if (typeof arg === 'string') return arg;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'markdown') return editor.document.uri.toString();
  return ctx.checklist.currentUri();
}

async function applyServerEdit(ctx: CommandContext, edit: WorkspaceEdit): Promise<boolean> {
  const converted = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(edit);
  const ok = await vscode.workspace.applyEdit(converted);
  if (ok) {
    // Show where the text went.
    const [uri, edits] = converted.entries()[0] ?? [];
    const first = edits?.[0];
    if (uri && first) {
      const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
      const at = new vscode.Position(first.range.start.line, 0);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }
  return ok;
}

async function insertMissingSections(ctx: CommandContext, arg: unknown): Promise<boolean> {
  const uri = targetDocumentUri(ctx, arg);
  if (!uri) {
    void vscode.window.showInformationMessage('Open a spec or a handoff first.');
    return false;
  }
  await ctx.ready;
  const edit = await ctx.client.sendRequest(InsertAllMissingSectionsRequest.type, { uri });
  if (!edit) {
    void vscode.window.showInformationMessage('No required section is missing.');
    return false;
  }
  const ok = await applyServerEdit(ctx, edit);
  await ctx.checklist.refresh();
  return ok;
}

async function insertSection(
  ctx: CommandContext,
  node: ChecklistNode | { uri: string; sectionId: string } | undefined,
): Promise<boolean> {
  let params: { uri: string; sectionId: string } | undefined;
  if (node && 'type' in node)
    params = node.type === 'section' ? { uri: node.uri, sectionId: node.section.id } : undefined;
  else params = node;
  if (!params) return false;
  await ctx.ready;
  const edit = await ctx.client.sendRequest(InsertMissingSectionRequest.type, params);
  if (!edit) {
    void vscode.window.showInformationMessage('That section is already there.');
    await ctx.checklist.refresh();
    return false;
  }
  const ok = await applyServerEdit(ctx, edit);
  await ctx.checklist.refresh();
  return ok;
}

// ---------------------------------------------------------------------------
// Workspace, schema, navigation

async function validateWorkspace(ctx: CommandContext, arg: unknown): Promise<unknown> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Open a folder to check the documents in it.');
    return undefined;
  }
  const folderUri = arg instanceof vscode.Uri ? arg.toString() : undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Checking specs and handoffs…' },
    async () => {
      await ctx.ready;
      return ctx.client.sendRequest(ValidateWorkspaceRequest.type, folderUri ? { folderUri } : null);
    },
  );
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (!result.files) {
    void vscode.window.showInformationMessage('No spec or handoff found in the workspace.');
  } else if (!result.errors && !result.warnings) {
    void vscode.window.showInformationMessage(`Checked ${plural(result.files, 'document')}: no problems.`);
  } else {
    const message = `Checked ${plural(result.files, 'document')}: ${plural(result.errors, 'error')} and ${plural(result.warnings, 'warning')} in ${plural(result.filesWithProblems, 'file')}.`;
    void vscode.window.showWarningMessage(message, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }
  return result;
}

async function openSchema(ctx: CommandContext, arg: unknown): Promise<vscode.Uri | undefined> {
  const uri = targetDocumentUri(ctx, arg);
  if (!uri) {
    void vscode.window.showInformationMessage('Open a spec or a handoff first.');
    return undefined;
  }
  await ctx.ready;
  const kind = await ctx.client.sendRequest(KindForDocumentRequest.type, { uri });
  if (!kind) {
    void vscode.window.showInformationMessage(
      'No schema applies to this document. Add `type: spec` (or another kind) to its front matter, or name it *.spec.md / *.handoff.md.',
    );
    return undefined;
  }
  // The web worker server names the built-ins `builtin:/spec-handoff/schemas/<file>`: they are the extension's own schemas/.
  const builtin = /^builtin:\/spec-handoff\/schemas\/([^/]+)$/.exec(kind.schemaUri)?.[1];
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'spec-handoff');
  const schema =
    builtin && extension
      ? vscode.Uri.joinPath(extension.extensionUri, 'schemas', builtin)
      : vscode.Uri.parse(kind.schemaUri);
  await vscode.window.showTextDocument(schema, { preview: true });
  return schema;
}

async function revealLine(uri: string | vscode.Uri | undefined, line: number | undefined): Promise<void> {
  if (!uri || typeof line !== 'number') return;
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
  const at = new vscode.Position(line, 0);
  const editor = await vscode.window.showTextDocument(target, {
    viewColumn: visible?.viewColumn,
    selection: new vscode.Range(at, at),
    preserveFocus: false,
  });
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
