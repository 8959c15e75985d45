/**
 * The workspace file `.spec-handoff.yaml`: custom schemas, glob → kind
 * associations, rule severities and excludes. The CLI and the server both
 * read it through here; settings from an editor are merged on top.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import type { SeveritySetting } from './types';
import { describeAjvError, locate, type SchemaProblem } from './schema/load';
import { findRule, RULES } from './rules';
import { didYouMean } from './parse/titles';

export const CONFIG_FILE_NAME = '.spec-handoff.yaml';

export interface SpecHandoffConfig {
  /** Custom schema files, as absolute paths (resolved against the config file's folder). */
  schemas: string[];
  /** Glob (relative to the workspace root) → kind id. */
  associations: Record<string, string>;
  /** Rule code or name → severity. */
  rules: Record<string, SeveritySetting>;
  /** Globs of files never checked. */
  exclude: string[];
}

export function emptyConfig(): SpecHandoffConfig {
  return { schemas: [], associations: {}, rules: {}, exclude: [] };
}

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    schemas: { type: 'array', items: { type: 'string' } },
    associations: { type: 'object', additionalProperties: { type: 'string' } },
    rules: { type: 'object', additionalProperties: { enum: SEVERITIES } },
    exclude: { type: 'array', items: { type: 'string' } },
  },
};

let validateConfig: ValidateFunction | undefined;

/**
 * Parses a config file. `resolvePath` turns a path written in the file into
 * an absolute one (the caller knows the file's folder; this module does no I/O).
 */
export function parseConfig(text: string, source: string, resolvePath: (p: string) => string): { config: SpecHandoffConfig; problems: SchemaProblem[] } {
  const config = emptyConfig();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const problems: SchemaProblem[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { source, line: pos.line - 1, column: pos.col - 1, message: `YAML: ${e.message.split('\n')[0]}` };
  });
  if (problems.length) return { config, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { config, problems: [{ source, line: 0, column: 0, message: `YAML: ${(error as Error).message}` }] };
  }
  validateConfig ??= new Ajv({ allErrors: true }).compile(configSchema);
  if (!validateConfig(value)) {
    for (const error of validateConfig.errors ?? []) {
      const { line, column } = locate(doc, lineCounter, error);
      problems.push({ source, line, column, message: describeAjvError(error) });
    }
    return { config, problems };
  }
  const raw = value as Partial<SpecHandoffConfig>;
  config.schemas = (raw.schemas ?? []).map(resolvePath);
  config.associations = raw.associations ?? {};
  config.rules = raw.rules ?? {};
  config.exclude = raw.exclude ?? [];
  return { config, problems };
}

/** Editor settings on top of the file: lists are concatenated, maps merged with settings winning. */
export function mergeConfig(base: SpecHandoffConfig, over: Partial<SpecHandoffConfig>): SpecHandoffConfig {
  return {
    schemas: [...base.schemas, ...(over.schemas ?? [])],
    associations: { ...base.associations, ...(over.associations ?? {}) },
    rules: { ...base.rules, ...(over.rules ?? {}) },
    exclude: [...base.exclude, ...(over.exclude ?? [])],
  };
}

/** A configuration that loads but says something with no effect (an unknown rule, an association to an unknown kind). */
export interface ConfigWarning {
  message: string;
  /** Where the key is written in the config file, zero-based; undefined when it came from editor settings instead. */
  line: number | undefined;
  column: number;
}

/**
 * What the CLI and the server both tell the user about a valid configuration:
 * rule keys no rule answers to and associations naming a kind that does not
 * exist. Keys are located in the file's text with the YAML parser.
 */
export function configWarnings(text: string, config: SpecHandoffConfig, knownKinds: readonly string[]): ConfigWarning[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const where = (section: string, key: string): { line: number | undefined; column: number } => {
    const map = doc.errors.length ? undefined : doc.get(section, true);
    const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    if (!pair || !isNode(pair.key) || !pair.key.range) return { line: undefined, column: 0 };
    const pos = lineCounter.linePos(pair.key.range[0]);
    return { line: pos.line - 1, column: pos.col - 1 };
  };
  const warnings: ConfigWarning[] = [];
  for (const key of Object.keys(config.rules)) {
    if (findRule(key)) continue;
    const hint = didYouMean(key, RULES.flatMap((r) => [r.code, r.name]));
    warnings.push({ ...where('rules', key), message: `Unknown rule "${key}" in rules: it has no effect.${hint || ` Rule codes are ${RULES[0].code}…${RULES[RULES.length - 1].code} (see docs/rules/).`}` });
  }
  for (const [glob, id] of Object.entries(config.associations)) {
    if (knownKinds.includes(id)) continue;
    warnings.push({ ...where('associations', glob), message: `Association "${glob}" names the unknown kind "${id}".${didYouMean(id, knownKinds) || ` Known kinds: ${knownKinds.join(', ')}.`}` });
  }
  return warnings.sort((a, b) => (a.line ?? -1) - (b.line ?? -1));
}
