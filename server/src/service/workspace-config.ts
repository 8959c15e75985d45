/**
 * A workspace's configuration and schemas, assembled the same way on every
 * machine: the Node hosts (node/workspace.ts, for the CLI and the Node server)
 * and the web worker's (web/server-host.ts) differ only in how they find and
 * read files, which they pass in. What is decided here, once:
 * - `.spec-handoff.yaml` is parsed and the editor's settings merged over it;
 * - the config file's `schemas:` must stay inside its folder (or the
 *   workspace folders given as `schemaRoots`): a cloned repository must not
 *   make the checker read, and echo the keys of, any YAML on the machine.
 *   Explicit ones (`--schema FILE`, editor settings) are the user's choice;
 * - a listed schema that cannot be read is a problem of the config file, at
 *   its entry;
 * - presets: the config file's `presets:`, the caller's (`--schema NAME`), and
 *   any preset kind an association names.
 */
import * as path from 'node:path';
import { CONFIG_FILE_NAME, emptyConfig, mergeConfig, parseConfig, type SpecHandoffConfig } from './config';
import type { SchemaProblem } from './schema/load';
import { type PresetFile, type PresetRequest, SchemaRegistry, type SchemaFileText } from './schema/registry';

/** A file's text, or why it cannot be read (in words: "no such file", "permission denied"). */
export type ReadResult = { text: string } | { why: string };

export interface WorkspaceConfigSources {
  /** The config file in use (found or named), if any. */
  configFile?: string;
  builtins: SchemaFileText[];
  /** The built-in presets (read lazily: only the selected or extended ones). */
  presets: PresetFile[];
  /** Settings from the editor, merged over the file. */
  overrides?: Partial<SpecHandoffConfig>;
  /** Extra schema files (e.g. `--schema FILE`). */
  extraSchemaFiles?: string[];
  /** Presets (or preset kind ids) to use besides the config file's `presets:` (e.g. `--schema rust-rfc`). */
  presetNames?: string[];
  /** Folders the config file's `schemas:` may name files in, besides the config file's own folder. */
  schemaRoots?: string[];
  /** Whether `file` is `root` or inside it, as this machine resolves paths (on disk: through symbolic links). */
  inside(root: string, file: string): boolean;
  /** Reads the config file or a schema file (byte order mark removed). */
  read(file: string): ReadResult;
}

export interface WorkspaceConfig {
  registry: SchemaRegistry;
  config: SpecHandoffConfig;
  configFile: string | undefined;
  /** Problems in the config file and schema files; none of them stops the built-ins from working. */
  problems: SchemaProblem[];
  /** Every custom schema file named (for reload watching). */
  schemaFiles: string[];
}

export function assembleWorkspaceConfig(sources: WorkspaceConfigSources): WorkspaceConfig {
  const problems: SchemaProblem[] = [];
  const { configFile, overrides = {} } = sources;
  let config = emptyConfig();
  if (configFile) {
    const read = sources.read(configFile);
    if ('text' in read) {
      const parsed = parseConfig(read.text, configFile, (p) => path.resolve(path.dirname(configFile), p));
      config = parsed.config;
      problems.push(...parsed.problems);
    } else
      problems.push({ source: configFile, line: 0, column: 0, message: `Cannot read ${configFile}: ${read.why}.` });
  }
  config = mergeConfig(config, overrides);
  const files = [...sources.builtins];
  const roots = configFile ? [path.dirname(configFile), ...(sources.schemaRoots ?? [])] : [];
  const custom = [...config.schemas, ...(sources.extraSchemaFiles ?? [])];
  const explicit = new Set(overrides.schemas ?? []);
  for (const [i, file] of custom.entries()) {
    const entry = configFile && i < (config.schemaLocations?.length ?? 0) ? config.schemaLocations![i] : undefined;
    const fromConfigFile = configFile !== undefined && i < config.schemas.length && !explicit.has(file);
    if (fromConfigFile && !roots.some((r) => sources.inside(r, file))) {
      problems.push({
        source: configFile,
        line: entry?.line ?? 0,
        column: entry?.column ?? 0,
        message: `Schema ${file} is outside the workspace (${roots.join(', ')}); it was not read. Keep custom schemas inside the folder that holds ${CONFIG_FILE_NAME}${sources.schemaRoots?.length ? ' or the workspace folder' : ''}.`,
      });
      continue;
    }
    const read = sources.read(file);
    if ('text' in read) {
      files.push({ source: file, text: read.text });
      continue;
    }
    problems.push(
      configFile && entry
        ? {
            source: configFile,
            line: entry.line,
            column: entry.column,
            message: `The schema file "${entry.written}" listed under schemas: cannot be read: ${read.why} (looked for ${file}). Fix the path (it is relative to the folder of ${path.basename(configFile)}) or remove the entry.`,
          }
        : { source: file, line: 0, column: 0, message: `Cannot read ${file}: ${read.why}.` },
    );
  }
  // The config file's `presets:` (unknown names are problems of the config file, at their entry), then the caller's.
  const requests: PresetRequest[] = config.presets.map((name, i) => {
    const at = config.presetLocations?.[i];
    return { name, source: configFile ?? name, line: at?.line ?? 0, column: at?.column ?? 0 };
  });
  for (const name of sources.presetNames ?? []) requests.push({ name, source: name, line: 0, column: 0 });
  // An association to a preset kind (`"docs/rfcs/*.md": rust-rfc`) uses that kind: no `presets:` entry needed.
  for (const id of new Set(Object.values(config.associations)))
    if (sources.presets.some((p) => p.kindId === id) && !requests.some((r) => r.name === id))
      requests.push({ name: id, source: configFile ?? id, line: 0, column: 0 });
  const registry = SchemaRegistry.fromTexts(files, { available: sources.presets, use: requests });
  problems.push(...registry.problems);
  return { registry, config, configFile, problems, schemaFiles: custom };
}
