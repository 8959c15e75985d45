/**
 * Loading configuration and schemas for a command: `--config` or the
 * discovered `.spec-handoff.yaml`, custom schemas, `--schema FILE`. Problems
 * are sorted into errors (the config file is invalid or unreadable, or a
 * schema file it lists is missing or broken: exit 2) and warnings (an
 * unknown rule key, an association to an unknown kind).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWorkspace, builtinSchemasDir, type WorkspaceLoad } from '../node/workspace';
import { type CliIo, UsageError } from './io';
import { relativePath, isInside } from './paths';
import { palette } from './colors';

export interface CliProblem {
  /** Absolute path of the file the problem is in. */
  source: string;
  /** Zero-based, as the service reports them. */
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface CliWorkspace {
  load: WorkspaceLoad;
  /** The config file's folder, else the current folder: relative paths and globs are taken from here. */
  root: string;
  problems: CliProblem[];
  /** Whether the config file is invalid (exit 2). */
  configInvalid: boolean;
}

export interface CliWorkspaceOptions {
  config?: string;
  extraSchemaFiles?: string[];
  /** Built-in presets (or preset kind ids) to use besides the config file's. */
  presets?: string[];
}

export function loadCliWorkspace(io: CliIo, options: CliWorkspaceOptions): CliWorkspace {
  let configFile: string | undefined;
  if (options.config !== undefined) {
    configFile = path.resolve(io.cwd, options.config);
    let isFile = false;
    try {
      isFile = fs.statSync(configFile).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new UsageError(`Cannot read the config file ${options.config}: no such file.`);
  }
  const load = loadWorkspace({
    configFile,
    configSearchFrom: io.cwd,
    extraSchemaFiles: options.extraSchemaFiles,
    presets: options.presets,
  });
  const root = load.configFile ? path.dirname(load.configFile) : io.cwd;
  // The config file's own problems and those of the schema files it lists are the user's configuration: errors (exit 2).
  const listed = new Set(load.config.schemas.map((s) => path.resolve(s)));
  const problems: CliProblem[] = load.problems.map((p) => ({
    ...p,
    severity:
      (load.configFile && p.source === load.configFile) || listed.has(path.resolve(p.source)) ? 'error' : 'warning',
  }));
  const configInvalid = problems.some((p) => p.severity === 'error');

  if (load.configFile && !configInvalid) {
    for (const w of load.service.configWarnings(safeRead(load.configFile))) {
      problems.push({
        source: load.configFile,
        line: w.line ?? 0,
        column: w.column,
        message: w.message,
        severity: 'warning',
      });
    }
  }
  problems.sort((a, b) =>
    a.source < b.source ? -1 : a.source > b.source ? 1 : a.line - b.line || a.column - b.column,
  );
  return { load, root, problems, configInvalid };
}

/** The usage error's sentence when the configuration cannot be loaded (the problems themselves were printed above it). */
export function configInvalidMessage(io: CliIo, ws: CliWorkspace): string {
  const file = displayPath(io.cwd, ws.load.configFile ?? '');
  const own = ws.problems.some((p) => p.severity === 'error' && p.source === ws.load.configFile);
  return own
    ? `The config file ${file} is invalid; fix the problems above.`
    : `A schema file listed in ${file} cannot be loaded; fix the problems above (or remove it from schemas:).`;
}

export function kindIds(load: WorkspaceLoad): string[] {
  return load.service.registry.kinds.map((k) => k.id);
}

/** `path:line:col: severity: message`, 1-based, path relative to cwd. */
export function formatProblem(io: CliIo, p: CliProblem): string {
  const c = palette(io.colorErr);
  const label = p.severity === 'error' ? c.red('error') : c.yellow('warning');
  return `${displayPath(io.cwd, p.source)}:${p.line + 1}:${p.column + 1}: ${label}: ${p.message}\n`;
}

export function printProblems(io: CliIo, problems: CliProblem[]): void {
  for (const p of problems) io.err(formatProblem(io, p));
}

/** A schema or config source for humans: relative to cwd when inside it, else absolute. */
export function displayPath(cwd: string, source: string): string {
  if (!path.isAbsolute(source)) return source;
  return isInside(cwd, source) ? relativePath(cwd, source) : source;
}

/** Whether a kind comes from the built-in schemas folder. */
export function isBuiltinSource(source: string): boolean {
  try {
    return isInside(builtinSchemasDir(), source);
  } catch {
    return false;
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
