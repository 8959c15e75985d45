/**
 * Node-side wiring shared by the CLI and the language server: finding the
 * built-in schemas, reading `.spec-handoff.yaml` and custom schema files from
 * disk, and building a LanguageService. The service itself does no I/O.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LanguageService,
  SchemaRegistry,
  parseConfig,
  mergeConfig,
  emptyConfig,
  CONFIG_FILE_NAME,
  MAX_FILE_BYTES,
  type SpecHandoffConfig,
  type WorkspaceHost,
  type SchemaProblem,
  type SchemaFileText,
  type PresetFile,
  type PresetRequest,
} from '../service';
import { isInside, realPathLoose } from './paths';

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
  const contains = (p: string): boolean =>
    realRoots.length === 0 || realRoots.some((r) => isInside(r, realPathLoose(p)));
  return {
    contains,
    exists: (p) => contains(p) && nodeHost.exists(p),
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
  const problems: SchemaProblem[] = [];
  let config = emptyConfig();
  const configFile =
    options.configFile ??
    (options.configSearchFrom ? findConfigFile(options.configSearchFrom, options.configSearchStop) : undefined);
  if (configFile) {
    const text = readText(configFile, problems);
    if (text !== undefined) {
      const parsed = parseConfig(text, configFile, (p) => path.resolve(path.dirname(configFile), p));
      config = parsed.config;
      problems.push(...parsed.problems);
    }
  }
  config = mergeConfig(config, options.overrides ?? {});
  const files = builtinSchemaFiles();
  // The config file's `schemas:` must stay inside its folder (a cloned repository must not make the
  // checker read, and echo the keys of, any YAML on the machine). Explicit ones (`--schema FILE`,
  // editor settings) are the user's own choice.
  const allowed = configFile
    ? [path.dirname(configFile), ...(options.schemaRoots ?? [])].map((r) => realPathLoose(r))
    : [];
  const fromConfigFile = new Set(
    configFile ? config.schemas.filter((f) => !allowed.some((r) => isInside(r, realPathLoose(f)))) : [],
  );
  const custom = [...config.schemas, ...(options.extraSchemaFiles ?? [])];
  for (const [i, file] of custom.entries()) {
    // A schema listed in the config file that cannot be read is a problem of the config file, at its entry.
    const entry = configFile && i < (config.schemaLocations?.length ?? 0) ? config.schemaLocations![i] : undefined;
    if (fromConfigFile.has(file) && !(options.overrides?.schemas ?? []).includes(file)) {
      problems.push({
        source: configFile!,
        line: entry?.line ?? 0,
        column: entry?.column ?? 0,
        message: `Schema ${file} is outside the workspace (${[path.dirname(configFile!), ...(options.schemaRoots ?? [])].join(', ')}); it was not read. Keep custom schemas inside the folder that holds ${CONFIG_FILE_NAME}${options.schemaRoots?.length ? ' or the workspace folder' : ''}.`,
      });
      continue;
    }
    const text = readText(file, problems, entry && configFile ? { configFile, ...entry } : undefined);
    if (text !== undefined) files.push({ source: file, text });
  }
  // The config file's `presets:` (unknown names are problems of the config file, at their entry), then the caller's.
  const requests: PresetRequest[] = config.presets.map((name, i) => {
    const at = config.presetLocations?.[i];
    return { name, source: configFile ?? name, line: at?.line ?? 0, column: at?.column ?? 0 };
  });
  for (const name of options.presets ?? []) requests.push({ name, source: name, line: 0, column: 0 });
  const available = presetFiles();
  // An association to a preset kind (`"docs/rfcs/*.md": rust-rfc`) uses that kind: no `presets:` entry needed.
  for (const id of new Set(Object.values(config.associations)))
    if (available.some((p) => p.kindId === id) && !requests.some((r) => r.name === id))
      requests.push({ name: id, source: configFile ?? id, line: 0, column: 0 });
  const registry = SchemaRegistry.fromTexts(files, { available, use: requests });
  problems.push(...registry.problems);
  return {
    service: new LanguageService({ registry, host: nodeHost, config }),
    config,
    configFile,
    problems,
    schemaFiles: custom,
  };
}

function readText(
  file: string,
  problems: SchemaProblem[],
  listedAt?: { configFile: string; line: number; column: number; written: string },
): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    return stripBom(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const why = describeReadError(error);
    if (listedAt) {
      problems.push({
        source: listedAt.configFile,
        line: listedAt.line,
        column: listedAt.column,
        message: `The schema file "${listedAt.written}" listed under schemas: cannot be read: ${why} (looked for ${file}). Fix the path (it is relative to the folder of ${path.basename(listedAt.configFile)}) or remove the entry.`,
      });
    } else {
      problems.push({ source: file, line: 0, column: 0, message: `Cannot read ${file}: ${why}.` });
    }
    return undefined;
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
