/**
 * Language Model Tools: the checks, usable by chat and agent mode. Each tool
 * is a few lines around one server request (protocol.ts `Agent*Request`,
 * `GenerateHandoffRequest`); the answers are the service's text, the same
 * `spec-handoff mcp` gives. Paths are taken relative to the (first)
 * workspace folder and refused outside every workspace folder. Inserting
 * sections asks for confirmation and is a normal, undoable workspace edit;
 * generating a handoff never overwrites a file.
 *
 * Errors are thrown with a sentence for the model (VS Code passes the
 * message on); nothing here shows UI besides the confirmation.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  AgentCheckRequest,
  AgentDocumentsRequest,
  AgentInsertSectionsRequest,
  AgentMissingSectionsRequest,
  GenerateHandoffRequest,
  type AgentTextResult,
} from '../../server/src/protocol';
import { exists, isInsideFolder, writeNewFile, type CommandContext } from './commands';
import { LM_TOOLS } from './ids';

interface PathInput {
  path: string;
}

interface InsertInput extends PathInput {
  sections?: string[];
}

interface GenerateInput {
  spec: string;
  output?: string;
}

interface DocumentsInput {
  folder?: string;
}

type ToolContext = Pick<CommandContext, 'client' | 'ready'>;

export function registerLanguageModelTools(ctx: ToolContext): vscode.Disposable[] {
  return [
    vscode.lm.registerTool<PathInput>(LM_TOOLS.checkDocument.name, {
      prepareInvocation: (options) => ({ invocationMessage: `Checking ${shownArg(options.input?.path)}` }),
      invoke: async (options) => {
        const uri = documentUri(options.input, 'path');
        return answer(
          await request(ctx, () =>
            ctx.client.sendRequest(AgentCheckRequest.type, {
              uri: uri.toString(),
              shownPath: shown(uri),
              folderUri: folderOf(uri),
            }),
          ),
        );
      },
    }),
    vscode.lm.registerTool<PathInput>(LM_TOOLS.listMissingSections.name, {
      prepareInvocation: (options) => ({
        invocationMessage: `Listing the missing sections of ${shownArg(options.input?.path)}`,
      }),
      invoke: async (options) => {
        const uri = documentUri(options.input, 'path');
        return answer(
          await request(ctx, () =>
            ctx.client.sendRequest(AgentMissingSectionsRequest.type, {
              uri: uri.toString(),
              shownPath: shown(uri),
              folderUri: folderOf(uri),
            }),
          ),
        );
      },
    }),
    vscode.lm.registerTool<InsertInput>(LM_TOOLS.insertMissingSections.name, {
      prepareInvocation: (options) => {
        const sections = sectionsOf(options.input);
        const what = sections
          ? `the section${sections.length === 1 ? '' : 's'} ${sections.map((s) => `"${s}"`).join(', ')}`
          : 'every missing required section';
        return {
          invocationMessage: `Inserting missing sections into ${shownArg(options.input?.path)}`,
          confirmationMessages: {
            title: 'Insert missing sections?',
            message: new vscode.MarkdownString(
              `Insert ${what} into \`${shownArg(options.input?.path)}\`, each with its heading and template. Only text is added; nothing is removed, and **Undo** takes it back.`,
            ),
          },
        };
      },
      invoke: async (options) => {
        const uri = documentUri(options.input, 'path');
        const sections = sectionsOf(options.input);
        const result = await request(ctx, () =>
          ctx.client.sendRequest(AgentInsertSectionsRequest.type, {
            uri: uri.toString(),
            shownPath: shown(uri),
            folderUri: folderOf(uri),
            sections,
          }),
        );
        if (result.isError || !result.edit) return answer(result);
        const edit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
        if (!(await vscode.workspace.applyEdit(edit)))
          throw new Error(
            `The sections could not be inserted into ${shown(uri)}: the document changed meanwhile. Check it again and retry.`,
          );
        return answer({ text: `${result.text}The change is in the editor and not saved yet.\n`, isError: false });
      },
    }),
    vscode.lm.registerTool<GenerateInput>(LM_TOOLS.generateHandoff.name, {
      prepareInvocation: (options) => ({
        invocationMessage: `Generating a handoff from ${shownArg(options.input?.spec)}`,
      }),
      invoke: async (options) => generateHandoff(ctx, options.input),
    }),
    vscode.lm.registerTool<DocumentsInput>(LM_TOOLS.listDocuments.name, {
      prepareInvocation: () => ({ invocationMessage: 'Listing the specs and handoffs of the workspace' }),
      invoke: async (options) => {
        const input = objectInput(options.input);
        let folderUri: string | undefined;
        let shownFolder: string | undefined;
        if (input.folder !== undefined) {
          const folder = resolve(stringArg(input, 'folder'), true);
          folderUri = folder.toString();
          shownFolder = shown(folder);
        }
        return answer(
          await request(ctx, () => ctx.client.sendRequest(AgentDocumentsRequest.type, { folderUri, shownFolder })),
        );
      },
    }),
  ];
}

async function generateHandoff(ctx: ToolContext, raw: unknown): Promise<vscode.LanguageModelToolResult> {
  const input = objectInput(raw);
  const spec = resolve(stringArg(input, 'spec'));
  const given = input.output !== undefined ? resolve(stringArg(input, 'output')) : undefined;
  const folder = vscode.workspace.getWorkspaceFolder(spec)!.uri;
  if (given && !isInsideFolder(folder, given))
    throw new Error(
      `Refusing ${input.output}: a handoff is created inside the spec's workspace folder ${folder.fsPath}.`,
    );
  const generate = (target: vscode.Uri | undefined) =>
    request(ctx, () =>
      ctx.client.sendRequest(GenerateHandoffRequest.type, {
        specUri: spec.toString(),
        targetUri: target?.toString(),
        folderUri: folder.toString(),
      }),
    );
  let result = await generate(given);
  if ('error' in result) throw new Error(result.error);
  const target = vscode.Uri.parse(result.suggestedUri);
  // The proposed target is judged by the server too (through symlinks: a linked folder must not lead the file outside).
  if (!given) {
    result = await generate(target);
    if ('error' in result) throw new Error(result.error);
  }
  if (!isInsideFolder(folder, target))
    throw new Error(`Refusing to write ${target.fsPath}: it is outside the workspace folder ${folder.fsPath}.`);
  const targetShown = shown(target);
  if (await exists(target))
    throw new Error(
      `${targetShown} already exists; it was not overwritten. Give another "output" path, or edit the existing handoff.`,
    );
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
  if (!(await writeNewFile(target, result.text)))
    throw new Error(`${targetShown} already exists; it was not overwritten.`);
  return answer({
    text: `Wrote ${targetShown}: a handoff generated from ${shown(spec)} (its "spec:" link is ${result.link}).\nFill in what was built and tick the criteria that are met, then check it.\n`,
    isError: false,
  });
}

/** Waits for the server; a server that is not running is an error for the model. */
async function request<T>(ctx: ToolContext, send: () => Promise<T>): Promise<T> {
  await ctx.ready;
  if (!ctx.client.isRunning())
    throw new Error(
      'The Spec & Handoff language server is not running; run "Spec & Handoff: Restart Language Server".',
    );
  return send();
}

function answer(result: AgentTextResult): vscode.LanguageModelToolResult {
  if (result.isError) throw new Error(result.text.trim());
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.text)]);
}

function objectInput(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new Error('The tool input must be an object.');
  return input as Record<string, unknown>;
}

function stringArg(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || !value.trim())
    throw new Error(
      `The argument "${key}" must be a non-empty string${value === undefined ? ' (it is required)' : ''}.`,
    );
  return value.trim();
}

function sectionsOf(input: unknown): string[] | undefined {
  const value = input && typeof input === 'object' ? (input as InsertInput).sections : undefined;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Error('The argument "sections" must be a list of section ids.');
  return value;
}

function documentUri(input: unknown, key: string): vscode.Uri {
  return resolve(stringArg(objectInput(input), key));
}

/**
 * A path argument as a URI inside a workspace folder: absolute, or relative
 * to the first workspace folder. Anything outside every folder is refused.
 */
function resolve(arg: string, allowFolderItself = false): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new Error('No folder is open, so there is no workspace to work in.');
  // A virtual workspace (github.dev) has no file: URIs: its paths are the folder's URI paths.
  const onDisk = folders[0].uri.scheme === 'file';
  const uri = path.isAbsolute(arg)
    ? onDisk
      ? vscode.Uri.file(arg)
      : folders[0].uri.with({ path: arg })
    : vscode.Uri.joinPath(folders[0].uri, ...arg.split(/[\\/]+/).filter((p) => p && p !== '.'));
  const normalized = onDisk
    ? vscode.Uri.file(path.resolve(uri.fsPath))
    : uri.with({ path: path.posix.resolve(uri.path) });
  const inside = folders.some(
    (f) =>
      isInsideFolder(f.uri, normalized) ||
      (allowFolderItself &&
        (onDisk ? path.resolve(f.uri.fsPath) === normalized.fsPath : f.uri.path === normalized.path)),
  );
  if (!inside)
    throw new Error(
      `Refusing ${arg}: it is outside the workspace folder${folders.length === 1 ? ` ${folders[0].uri.fsPath}` : 's'}. Give a path inside it.`,
    );
  return normalized;
}

/** The workspace folder of a URI that `resolve` accepted (the server checks it through symlinks). */
function folderOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString();
}

function shown(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

function shownArg(value: unknown): string {
  return typeof value === 'string' && value.trim() ? value.trim() : 'the document';
}
