/**
 * Node-side wiring shared by the CLI and the language server: finding the
 * built-in schemas, reading `.spec-handoff.yaml` and custom schema files from
 * disk, and building a LanguageService. The service itself does no I/O.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LanguageService,
  assembleWorkspaceConfig,
  CONFIG_FILE_NAME,
  MAX_FILE_BYTES,
  type SpecHandoffConfig,
  type WorkspaceHost,
  type SchemaProblem,
  type SchemaFileText,
  type PresetFile,
  type ReadResult,
} from '../service';
import { DiskPaths, isInside, realPathLoose } from './paths';

/** The folder holding the built-in schemas: `schemas/` next to the bundle's folder (dist/) or up from the sources. */
export function builtinSchemasDir(): string {
  const override = process.env.SPEC_HANDOFF_SCHEMAS_DIR;
  if (override) return override;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(candidate, 'spec.yaml'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the built-in schemas folder above ${__dirname}`);
  }
}

export function builtinSchemaFiles(): SchemaFileText[] {
  const dir = builtinSchemasDir();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ source: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * The built-in presets: `schemas/presets/<preset>/<kind id>.yaml`. Only the
 * folders are listed here; a file is read when its preset is selected or a
 * loaded kind extends one of its kinds (see SchemaRegistry.fromTexts).
 */
export function presetFiles(): PresetFile[] {
  const dir = path.join(builtinSchemasDir(), 'presets');
  let presets: string[];
  try {
    presets = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
  return presets.flatMap((preset) =>
    fs
      .readdirSync(path.join(dir, preset))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => {
        const source = path.join(dir, preset, f);
        return { preset, kindId: f.slice(0, -'.yaml'.length), source, read: () => readIfFile(source) };
      }),
  );
}

function readIfFile(file: string): string | undefined {
  try {
    return stripBom(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Linked documents larger than the one file size cap are not read (a handoff's spec is a few KB; this bounds hostile links). */
const MAX_LINKED_FILE_BYTES = MAX_FILE_BYTES;

export const nodeHost: WorkspaceHost = {
  exists: (p) => fs.existsSync(p),
  readFile: (p) => {
    try {
      const stat = fs.statSync(p);
      if (!stat.isFile() || stat.size > MAX_LINKED_FILE_BYTES) return undefined;
      return stripBom(fs.readFileSync(p, 'utf8'));
    } catch {
      return undefined;
    }
  },
};

/**
 * The disk host limited to the workspace: `roots` are the folders links may
 * lead into (resolved through symlinks, so a link inside that points out is
 * outside). Paths outside are neither read nor tested for existence. With no
 * roots nothing is refused (no workspace is known).
 */
export function workspaceHost(roots: readonly string[]): WorkspaceHost {
  const realRoots = roots.map((r) => realPathLoose(r));
  // One host serves one run (a CLI batch, one agent tool call), so folders' real paths are remembered for it.
  const disk = new DiskPaths();
  const inside = (real: string): boolean => realRoots.some((r) => isInside(r, real));
  const contains = (p: string): boolean => realRoots.length === 0 || inside(disk.entry(p).real);
  return {
    contains,
    exists: (p) => {
      if (realRoots.length === 0) return nodeHost.exists(p);
      const entry = disk.entry(p);
      return inside(entry.real) && entry.exists;
    },
    readFile: (p) => (contains(p) ? nodeHost.readFile?.(p) : undefined),
  };
}

/** Looks for `.spec-handoff.yaml` from `startDir` up to `stopDir` (inclusive), or up to the file system root. */
export function findConfigFile(startDir: string, stopDir?: string): string | undefined {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if ((stopDir && path.resolve(stopDir) === dir) || path.dirname(dir) === dir) return undefined;
  }
}

export interface WorkspaceLoad {
  service: LanguageService;
  config: SpecHandoffConfig;
  configFile: string | undefined;
  /** Problems in the config file and schema files; none of them stops the built-ins from working. */
  problems: SchemaProblem[];
  /** Every schema file read (for reload watching). */
  schemaFiles: string[];
}

export interface LoadOptions {
  /** The config file to use; when undefined, `findConfigFile(configSearchFrom)` decides. */
  configFile?: string;
  configSearchFrom?: string;
  configSearchStop?: string;
  /** Settings from the editor, merged over the file. */
  overrides?: Partial<SpecHandoffConfig>;
  /** Extra schema files (e.g. `--schema FILE`). */
  extraSchemaFiles?: string[];
  /** Presets (or preset kind ids) to use besides the config file's `presets:` (e.g. `--schema rust-rfc`). */
  presets?: string[];
  /**
   * Folders the config file's `schemas:` may name files in, besides the config
   * file's own folder (the editor's workspace folder). Anything else is refused.
   */
  schemaRoots?: string[];
}

export function loadWorkspace(options: LoadOptions = {}): WorkspaceLoad {
  const configFile =
    options.configFile ??
    (options.configSearchFrom ? findConfigFile(options.configSearchFrom, options.configSearchStop) : undefined);
  const { registry, config, problems, schemaFiles } = assembleWorkspaceConfig({
    configFile,
    builtins: builtinSchemaFiles(),
    presets: presetFiles(),
    overrides: options.overrides,
    extraSchemaFiles: options.extraSchemaFiles,
    presetNames: options.presets,
    schemaRoots: options.schemaRoots,
    inside: (root, file) => isInside(realPathLoose(root), realPathLoose(file)),
    read: readText,
  });
  return {
    service: new LanguageService({ registry, host: nodeHost, config }),
    config,
    configFile,
    problems,
    schemaFiles,
  };
}

/** A config or schema file's text (byte order mark removed), or why it cannot be read. */
function readText(file: string): ReadResult {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    return { text: stripBom(fs.readFileSync(file, 'utf8')) };
  } catch (error) {
    return { why: describeReadError(error) };
  }
}

/** Words for a failed read instead of an errno code. */
function describeReadError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (error as Error).message;
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
