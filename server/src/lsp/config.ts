/**
 * Settings and configuration, in one place: `specHandoff.*` settings (pulled
 * with workspace/configuration, or taken from didChangeConfiguration's
 * payload), `.spec-handoff.yaml` at the workspace root and custom schema
 * files. Any change reloads through `loadWorkspace(..., overrides)` and
 * re-validates the open documents. Problems in the config or a schema file
 * are published as diagnostics ON THAT FILE; the built-ins keep working.
 */
import * as path from 'node:path';
import {
  DiagnosticSeverity,
  FileChangeType,
  type Diagnostic,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
} from 'vscode-languageserver';
import { CONFIG_FILE_NAME, type SeveritySetting, type SpecHandoffConfig } from '../service';
import { diskHost, loadWorkspace, prepareWorkspace } from '../node/server-host';
import { SETTINGS_SECTION, type SpecHandoffSettings } from '../protocol';
import type { ServerContext } from './context';
import type { DiagnosticsScheduler } from './diagnostics';
import { DIAGNOSTIC_SOURCE, pathToUri, uriToPath } from './convert';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export class ConfigManager {
  /** URIs of config/schema files we published problems for (cleared on the next reload). */
  private problemUris = new Set<string>();
  /** Settings pushed with didChangeConfiguration, used when the client cannot be asked. */
  private pushed: SpecHandoffSettings | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly diagnostics: DiagnosticsScheduler,
    private readonly onReload: () => void = () => undefined,
  ) {}

  private get canPull(): boolean {
    return this.ctx.capabilities.workspace?.configuration === true;
  }

  async readSettings(): Promise<SpecHandoffSettings> {
    if (this.pushed) return this.pushed;
    if (!this.canPull) return {};
    const scopeUri = this.ctx.root ? pathToUri(this.ctx.root) : undefined;
    const [value] = (await this.ctx.connection.workspace.getConfiguration([
      { section: SETTINGS_SECTION, scopeUri },
    ])) as unknown[];
    return asSettings(value);
  }

  setInitialSettings(value: unknown): void {
    if (value && typeof value === 'object') this.pushed = asSettings(value);
  }

  /** Reads settings and files again, installs the new service, republishes everything. */
  async reload(): Promise<void> {
    let settings: SpecHandoffSettings = {};
    try {
      settings = await this.readSettings();
    } catch (error) {
      this.ctx.logError('reading settings', error);
    }
    this.ctx.settings = settings;
    const overrides = this.overrides(settings);
    const root = this.ctx.root;
    let load: ReturnType<typeof loadWorkspace>;
    try {
      // The web host reads the config file and schema files through the client here; on Node this does nothing.
      await prepareWorkspace(root, overrides.schemas ?? []);
      load = loadWorkspace({
        configSearchFrom: root,
        configSearchStop: root,
        overrides,
        schemaRoots: root ? [root] : [],
      });
    } catch (error) {
      this.ctx.logError('loading configuration', error);
      return;
    }
    this.ctx.setLoad(load);
    this.ctx.log(
      `[spec-handoff] loaded ${load.service.registry.kinds.map((k) => k.id).join(', ')}${load.configFile ? ` with ${load.configFile}` : ''}${load.problems.length ? `; ${load.problems.length} problem(s) in configuration or schemas` : ''}`,
    );
    await this.publishProblems();
    this.onReload();
    this.diagnostics.scheduleAll(0);
  }

  async onDidChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    const settings = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (settings && typeof settings === 'object') this.pushed = asSettings(settings);
    else if (this.canPull) this.pushed = undefined;
    await this.reload();
  }

  /** Reloads when the config file or a schema file changed; re-checks open documents when markdown files appeared or vanished (links). */
  async onDidChangeWatchedFiles(params: DidChangeWatchedFilesParams): Promise<void> {
    let reload = false;
    let recheck = false;
    const schemaFiles = new Set(this.ctx.load.schemaFiles.map((f) => path.resolve(f)));
    for (const change of params.changes) {
      const file = uriToPath(change.uri);
      if (!file) continue;
      if (
        path.basename(file) === CONFIG_FILE_NAME ||
        schemaFiles.has(path.resolve(file)) ||
        file === this.ctx.load.configFile
      )
        reload = true;
      else if (/\.(md|markdown)$/i.test(file) && change.type !== FileChangeType.Changed) recheck = true;
    }
    if (reload) await this.reload();
    else if (recheck) {
      this.ctx.setLoad(this.ctx.load); // drop cached analyses: link targets changed
      this.diagnostics.scheduleAll(0);
    }
  }

  private overrides(settings: SpecHandoffSettings): Partial<SpecHandoffConfig> {
    const rules: Record<string, SeveritySetting> = {};
    for (const [key, value] of Object.entries(settings.rules ?? {})) {
      if (typeof value === 'string' && SEVERITIES.has(value)) rules[key] = value as SeveritySetting;
      else
        this.ctx.log(
          `[spec-handoff] settings: ignoring rules.${key} = ${JSON.stringify(value)} (expected error, warning, information, hint or off)`,
        );
    }
    const base = this.ctx.root ?? process.cwd();
    const schemas = (settings.schemas ?? [])
      .filter((s): s is string => typeof s === 'string')
      .map((s) => path.resolve(base, s));
    const associations: Record<string, string> = {};
    for (const [glob, id] of Object.entries(settings.associations ?? {}))
      if (typeof id === 'string') associations[glob] = id;
    return { rules, schemas, associations };
  }

  /** Publishes each problem on its file; files whose problems are gone get an empty publish. */
  private async publishProblems(): Promise<void> {
    const byUri = new Map<string, Diagnostic[]>();
    const add = (file: string, d: Diagnostic): void => {
      const uri = pathToUri(file);
      const list = byUri.get(uri) ?? [];
      list.push(d);
      byUri.set(uri, list);
    };
    for (const p of this.ctx.load.problems) {
      if (!path.isAbsolute(p.source)) {
        this.ctx.log(`[spec-handoff] ${p.source}:${p.line + 1}: ${p.message}`);
        continue;
      }
      const line = Math.max(0, p.line);
      add(p.source, {
        range: {
          start: { line, character: Math.max(0, p.column) },
          end: { line, character: lineLength(p.source, line) ?? Math.max(0, p.column) },
        },
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        message: p.message,
      });
    }
    const configFile = this.ctx.load.configFile;
    // A listed schema file with problems is also marked at its entry in the config file: the configuration cannot be fully loaded.
    const config = this.ctx.load.config;
    if (configFile) {
      config.schemaLocations?.forEach((entry, i) => {
        const file = config.schemas[i];
        const count = file === undefined ? 0 : this.ctx.load.problems.filter((p) => p.source === file).length;
        if (count === 0) return;
        add(configFile, {
          range: {
            start: { line: entry.line, character: entry.column },
            end: { line: entry.line, character: entry.column + entry.written.length },
          },
          severity: DiagnosticSeverity.Error,
          source: DIAGNOSTIC_SOURCE,
          message: `The schema file "${entry.written}" cannot be loaded: ${count} problem${count === 1 ? '' : 's'} in it (shown on that file). Its kind is left out until it is fixed.`,
        });
      });
    }
    if (configFile && !this.ctx.load.problems.some((p) => p.source === configFile)) {
      for (const w of this.ctx.load.service.configWarnings(safeRead(configFile))) {
        if (w.line === undefined) {
          this.ctx.log(`[spec-handoff] settings: ${w.message}`); // from editor settings, not the file
          continue;
        }
        add(configFile, {
          range: {
            start: { line: w.line, character: w.column },
            end: { line: w.line, character: lineLength(configFile, w.line) ?? w.column },
          },
          severity: DiagnosticSeverity.Warning,
          source: DIAGNOSTIC_SOURCE,
          message: w.message,
        });
      }
    }
    for (const uri of this.problemUris)
      if (!byUri.has(uri)) await this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) await this.ctx.connection.sendDiagnostics({ uri, diagnostics });
    this.problemUris = new Set(byUri.keys());
  }
}

function asSettings(value: unknown): SpecHandoffSettings {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const settings: SpecHandoffSettings = {};
  if (typeof v.enable === 'boolean') settings.enable = v.enable;
  if (v.rules && typeof v.rules === 'object') settings.rules = v.rules as Record<string, string>;
  if (Array.isArray(v.schemas)) settings.schemas = v.schemas as string[];
  if (v.associations && typeof v.associations === 'object')
    settings.associations = v.associations as Record<string, string>;
  if (v.run === 'onType' || v.run === 'onSave') settings.run = v.run;
  const enabled = (x: unknown): { enabled?: boolean } | undefined =>
    x && typeof x === 'object' && typeof (x as { enabled?: unknown }).enabled === 'boolean'
      ? { enabled: (x as { enabled: boolean }).enabled }
      : undefined;
  if (enabled(v.codeLens)) settings.codeLens = enabled(v.codeLens);
  if (enabled(v.statusBar)) settings.statusBar = enabled(v.statusBar);
  return settings;
}

function safeRead(file: string): string {
  return diskHost.readFile?.(file) ?? '';
}

function lineLength(file: string, line: number): number | undefined {
  return safeRead(file).split(/\r?\n/)[line]?.length;
}
