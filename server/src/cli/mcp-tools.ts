/**
 * What `spec-handoff mcp` does for each tool and resource, without the MCP
 * transport: read the files, ask the language service, write safely. The
 * tool definitions and the text of every answer come from the service
 * (shared with the VS Code Language Model Tools).
 *
 * Every path is taken relative to the workspace folder (the folder of
 * `.spec-handoff.yaml`, else the server's current folder) and refused when
 * it leads outside it, lexically or through a symbolic link. Failures are
 * answers with `isError`, never exceptions: a bad call must not stop the
 * server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AGENT_TOOLS,
  agentArgumentsError,
  agentDocumentsText,
  agentKindsText,
  agentSchemaText,
  boundAgentText,
  type AgentDocumentRow,
  type AgentToolName,
} from '../service';
import { stripBom } from '../node/workspace';
import type { CliIo } from './io';
import { UsageError } from './io';
import { loadCliWorkspace, type CliWorkspace } from './workspace';
import { workspaceHost } from '../node/workspace';
import { isDirectory, isInside, realPathLoose, relativePath } from './paths';
import { FixWriteError, sha256, writeExclusive, writeFixedFile } from './fix';
import { expandInputs } from './files';
import { checkFile } from './check-file';

export interface ToolAnswer {
  text: string;
  isError: boolean;
}

export interface ResourceInfo {
  uri: string;
  name: string;
  description: string;
  mimeType: string;
}

/** Documents larger than this are not read (the answer would say little, and reading costs memory). */
const MAX_DOCUMENT_BYTES = 20_000_000;

const BOM = '\ufeff';
const KINDS_URI = 'spec-handoff://kinds';
const SCHEMA_URI_PREFIX = 'spec-handoff://schemas/';

/** A failure the caller should see as a tool error. */
class ToolError extends Error {}

export class McpTools {
  constructor(
    private readonly io: CliIo,
    private readonly configFile?: string,
  ) {}

  /** The workspace, loaded again for each call so edits to the config and schemas count at once. */
  private workspace(): CliWorkspace {
    let ws: CliWorkspace;
    try {
      ws = loadCliWorkspace(this.io, { config: this.configFile });
    } catch (error) {
      throw new ToolError(
        error instanceof UsageError ? error.message : `Cannot load the workspace: ${(error as Error).message}`,
      );
    }
    if (ws.configInvalid) {
      const first = ws.problems.find((p) => p.severity === 'error');
      throw new ToolError(
        `The config file ${ws.load.configFile ?? ''} is invalid${first ? ` (line ${first.line + 1}: ${first.message})` : ''}; fix it first.`,
      );
    }
    // Links (a handoff's spec:, relative links) are followed only inside the workspace folder.
    ws.load.service.update({ host: workspaceHost([ws.root]) });
    return ws;
  }

  /** The workspace folder answers are relative to. */
  root(): string {
    try {
      return this.workspace().root;
    } catch {
      return this.io.cwd;
    }
  }

  async call(name: string, args: unknown): Promise<ToolAnswer> {
    const tool = AGENT_TOOLS.find((t) => t.name === name);
    if (!tool)
      return {
        text: `There is no tool "${name}"; the tools are ${AGENT_TOOLS.map((t) => t.name).join(', ')}.`,
        isError: true,
      };
    const problem = agentArgumentsError(tool, args);
    if (problem) return { text: problem, isError: true };
    const record = (args ?? {}) as Record<string, unknown>;
    try {
      const text = await this.run(tool.name, record);
      return { text: boundAgentText(text), isError: false };
    } catch (error) {
      if (error instanceof ToolError) return { text: error.message, isError: true };
      return { text: `Internal error in ${name}: ${(error as Error).message ?? String(error)}`, isError: true };
    }
  }

  private async run(name: AgentToolName, args: Record<string, unknown>): Promise<string> {
    switch (name) {
      case 'check_document':
        return this.check(args.path as string);
      case 'list_missing_sections':
        return this.missing(args.path as string);
      case 'insert_missing_sections':
        return this.insert(args.path as string, args.sections as string[] | undefined);
      case 'generate_handoff':
        return this.generate(args.spec as string, args.output as string | undefined);
      case 'list_documents':
        return this.documents(args.folder as string | undefined);
    }
  }

  private check(file: string): string {
    const ws = this.workspace();
    const doc = this.readDocument(ws, file);
    return ws.load.service.agentCheckText(ws.load.service.analyze(doc.input), doc.shown);
  }

  private missing(file: string): string {
    const ws = this.workspace();
    const doc = this.readDocument(ws, file);
    return ws.load.service.agentMissingText(ws.load.service.analyze(doc.input), doc.shown);
  }

  private insert(file: string, sections: string[] | undefined): string {
    const ws = this.workspace();
    const service = ws.load.service;
    const doc = this.readDocument(ws, file);
    const result = service.insertSections(doc.input, sections);
    if (!result) throw new ToolError(service.agentCheckText(service.analyze(doc.input), doc.shown).trim());
    const notes = result.notInserted.map((n) => `Not inserted: ${n}`);
    if (!result.edits.length) {
      if (notes.length) throw new ToolError([`Nothing was inserted into ${doc.shown}.`, ...notes].join('\n'));
      return `Nothing to insert: ${doc.shown} has every required section.\n`;
    }
    try {
      writeFixedFile(doc.absPath, ws.root, doc.sha256, Buffer.from((doc.bom ? BOM : '') + result.text, 'utf8'));
    } catch (error) {
      if (error instanceof FixWriteError) throw new ToolError(`${doc.shown} was ${error.message}.`);
      throw error;
    }
    const after = service.checklist(service.analyze({ ...doc.input, text: result.text }));
    const out = [
      `Inserted ${result.inserted.length} section${result.inserted.length === 1 ? '' : 's'} into ${doc.shown}: ${result.inserted.join(', ')}. No existing text was changed.`,
      ...notes,
    ];
    if (after) out.push(`Now: ${after.summaryLine}`);
    out.push(
      'Each inserted section holds its template: replace it with the real content (list_missing_sections and the schema resource give the guidance).',
    );
    return `${out.join('\n')}\n`;
  }

  private generate(specArg: string, outputArg: string | undefined): string {
    const ws = this.workspace();
    const service = ws.load.service;
    const spec = this.readDocument(ws, specArg);
    const requested = outputArg !== undefined ? this.resolveInside(ws, outputArg) : undefined;
    const plan = service.generate(service.analyze(spec.input), spec.absPath, {
      targetPath: requested,
      shownPath: spec.shown,
    });
    if ('error' in plan) throw new ToolError(plan.hint ? `${plan.error} ${plan.hint}` : plan.error);
    const target = plan.targetPath;
    const shown = relativePath(ws.root, target);
    if (!insideThroughLinks(ws.root, target))
      throw new ToolError(`Refusing to write ${shown}: it is outside the workspace folder ${ws.root}.`);
    if (isDirectory(target)) throw new ToolError(`${shown} is a folder; give the path of the new file.`);
    if (fs.existsSync(target))
      throw new ToolError(
        `${shown} already exists; it was not overwritten. Give another "output" path, or edit the existing handoff.`,
      );
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeExclusive(target, plan.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new ToolError(`${shown} already exists; it was not overwritten.`);
      throw new ToolError(`Cannot write ${shown}: ${code ?? (error as Error).message}`);
    }
    const written = service.checklist(service.analyze({ text: plan.text, path: target, relativePath: shown }));
    const out = [
      `Wrote ${shown}: a ${plan.kind.title.toLowerCase()} generated from ${spec.shown} (its "spec:" link is ${plan.link}).`,
    ];
    if (written) out.push(`Now: ${written.summaryLine}`);
    out.push(`Fill in what was built and tick the criteria that are met, then call check_document on ${shown}.`);
    return `${out.join('\n')}\n`;
  }

  private async documents(folderArg: string | undefined): Promise<string> {
    const ws = this.workspace();
    const folder = folderArg === undefined ? ws.root : this.resolveInside(ws, folderArg);
    if (!isDirectory(folder)) throw new ToolError(`${folderArg} is not a folder of the workspace.`);
    const { files } = await expandInputs([folder], { cwd: ws.root, root: ws.root, exclude: ws.load.config.exclude });
    const rows: AgentDocumentRow[] = [];
    for (const file of files) {
      const { result } = checkFile(ws.load.service, file, {
        cwd: ws.root,
        root: ws.root,
        roots: [ws.root],
        kindId: undefined,
        fix: false,
      });
      if (!result.kind || !result.checklist) continue;
      rows.push({
        path: result.path,
        kindTitle: result.kind.title,
        ready: result.checklist.readiness.ready,
        summaryLine: result.checklist.summaryLine,
      });
    }
    return agentDocumentsText(rows, { scope: folderArg === undefined ? undefined : relativePath(ws.root, folder) });
  }

  resources(): ResourceInfo[] {
    const ws = this.workspace();
    return [
      {
        uri: KINDS_URI,
        name: 'Document kinds',
        description:
          'Every kind of document checked here (spec, handoff, custom ones), how it is recognised and its sections.',
        mimeType: 'text/markdown',
      },
      ...ws.load.service.registry.kinds.map((k) => ({
        uri: `${SCHEMA_URI_PREFIX}${encodeURIComponent(k.id)}`,
        name: `${k.title} schema`,
        description: `The sections of a ${k.title.toLowerCase()}, in order, with the guidance for each.`,
        mimeType: 'text/markdown',
      })),
    ];
  }

  /** A resource's text; a ToolAnswer with isError for an unknown URI. */
  readResource(uri: string): ToolAnswer {
    try {
      const ws = this.workspace();
      const kinds = ws.load.service.registry.kinds;
      if (uri === KINDS_URI) return { text: agentKindsText(kinds), isError: false };
      if (uri.startsWith(SCHEMA_URI_PREFIX)) {
        const id = decodeURIComponent(uri.slice(SCHEMA_URI_PREFIX.length));
        const kind = kinds.find((k) => k.id === id);
        if (kind) return { text: agentSchemaText(kind), isError: false };
      }
      return { text: `There is no resource ${uri}; list the resources for the kinds and schemas.`, isError: true };
    } catch (error) {
      return { text: (error as Error).message, isError: true };
    }
  }

  /** An argument path as an absolute path inside the workspace folder, or a tool error. */
  private resolveInside(ws: CliWorkspace, arg: string): string {
    const abs = path.resolve(ws.root, arg);
    if (!insideThroughLinks(ws.root, abs))
      throw new ToolError(`Refusing ${arg}: it is outside the workspace folder ${ws.root}. Give a path inside it.`);
    return abs;
  }

  private readDocument(
    ws: CliWorkspace,
    arg: string,
  ): {
    absPath: string;
    shown: string;
    input: { text: string; path: string; relativePath: string };
    sha256: string;
    bom: boolean;
  } {
    const absPath = this.resolveInside(ws, arg);
    const shown = relativePath(ws.root, absPath);
    let bytes: Buffer;
    try {
      const stat = fs.statSync(absPath);
      if (!stat.isFile()) throw new ToolError(`${shown} is not a file.`);
      if (stat.size > MAX_DOCUMENT_BYTES)
        throw new ToolError(
          `${shown} is larger than ${MAX_DOCUMENT_BYTES / 1_000_000} MB; that is not a spec or a handoff, so it is not read.`,
        );
      bytes = fs.readFileSync(absPath);
    } catch (error) {
      if (error instanceof ToolError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new ToolError(
        code === 'ENOENT'
          ? `There is no file ${shown} in the workspace.`
          : `Cannot read ${shown}: ${code ?? (error as Error).message}`,
      );
    }
    const raw = bytes.toString('utf8');
    const text = stripBom(raw);
    return {
      absPath,
      shown,
      input: { text, path: absPath, relativePath: shown },
      sha256: sha256(bytes),
      bom: text.length !== raw.length,
    };
  }
}

/** Inside `root` lexically and through symbolic links (a linked folder must not lead outside). */
function insideThroughLinks(root: string, target: string): boolean {
  return isInside(root, target) && isInside(realPathLoose(root), realPathLoose(target));
}
