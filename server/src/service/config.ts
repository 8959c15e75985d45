/**
 * The workspace file `.spec-handoff.yaml`: custom schemas, glob → kind
 * associations, rule severities and excludes. The CLI and the server both
 * read it through here; settings from an editor are merged on top.
 */
import type { default as AjvType, ValidateFunction } from 'ajv';
import picomatch from 'picomatch';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } from 'yaml';
import type { SeveritySetting } from './types';
import { describeAjvError, locate, type SchemaProblem } from './schema/load';
import { CONFIG_AJV_OPTIONS, precompiledConfigValidator } from './schema/precompiled';
import { findRule, RULES } from './rules';
import { didYouMean } from './parse/titles';

/** ajv's compiler, loaded only when a schema is compiled at run time (issue 20: its start-up cost is for custom schemas only). */
function newAjv(...args: ConstructorParameters<typeof AjvType>): AjvType {
  const Compiler = (require('ajv') as typeof import('ajv')).default;
  return new Compiler(...args);
}

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
  /** Rule severities for some files only, applied in order over `rules`. */
  overrides: ConfigOverride[];
  /** Where each entry of `schemas:` is written in the file (zero-based), same order as `schemas`; empty for settings. */
  schemaLocations?: { line: number; column: number; written: string }[];
  /** Built-in presets to use (`spec-kit`, `kep`, …), or single preset kinds by id. */
  presets: string[];
  /** Where each entry of `presets:` is written in the file (zero-based), same order as `presets`; empty for settings. */
  presetLocations?: { line: number; column: number }[];
}

/** `overrides: [{ files, rules }]`: for files matching a glob (relative to the workspace root), these severities win. */
export interface ConfigOverride {
  files: string[];
  rules: Record<string, SeveritySetting>;
}

export function emptyConfig(): SpecHandoffConfig {
  return { schemas: [], associations: {}, rules: {}, exclude: [], overrides: [], presets: [] };
}

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

const rulesSchema = { type: 'object', additionalProperties: { enum: SEVERITIES } };

/**
 * The one schema of `.spec-handoff.yaml`: the loader validates with it (compiled at build time:
 * schema/precompiled.ts), and `configJsonSchema()` documents it for editors.
 */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    schemas: { type: 'array', items: { type: 'string' } },
    presets: { type: 'array', items: { type: 'string' } },
    associations: { type: 'object', additionalProperties: { type: 'string' } },
    rules: rulesSchema,
    exclude: { type: 'array', items: { type: 'string' } },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'rules'],
        properties: {
          files: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
          rules: rulesSchema,
        },
      },
    },
  },
};

const DESCRIPTIONS: Record<string, string> = {
  schemas: "Custom schema files (YAML), relative to this file's folder.",
  presets:
    'Built-in presets to use: spec-kit, kiro, kep, rust-rfc, madr, nygard-adr (or one preset kind by its id, e.g. spec-kit-plan). Their kinds match documents by their own globs; a custom kind can also `extends:` a preset kind without listing it here.',
  associations: "Glob (relative to this file's folder) → document kind id.",
  rules: 'Rule code or name → severity (error, warning, information, hint, off).',
  exclude: 'Globs of files never checked.',
  overrides:
    'Rule severities for some files only: [{ files: glob or globs, rules: { code or name: severity } }], applied in order over rules.',
};

/**
 * `.spec-handoff.yaml`'s JSON Schema for editors (`schemas/config-schema.json`,
 * contributed through yamlValidation): the loader's schema with descriptions,
 * and every rule code and name offered as a key of `rules` (unknown keys stay
 * valid there: the loader warns about them itself, with a did-you-mean).
 */
export function configJsonSchema(): Record<string, unknown> {
  const ruleKeys: Record<string, unknown> = {};
  for (const r of RULES) {
    ruleKeys[r.code] = { enum: SEVERITIES, description: `${r.code} ${r.name}: ${r.description}` };
    ruleKeys[r.name] = { enum: SEVERITIES, description: `${r.code} ${r.name}: ${r.description}` };
  }
  const rules = { ...rulesSchema, properties: ruleKeys };
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(configSchema.properties))
    properties[key] = { ...value, description: DESCRIPTIONS[key] };
  properties.rules = { ...rules, description: DESCRIPTIONS.rules };
  const overrides = configSchema.properties.overrides;
  properties.overrides = {
    ...overrides,
    description: DESCRIPTIONS.overrides,
    items: { ...overrides.items, properties: { ...overrides.items.properties, rules } },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Spec & Handoff configuration (.spec-handoff.yaml)',
    ...configSchema,
    properties,
  };
}

/** Severities for one file: `rules`, then every override whose globs match its workspace-relative path. */
export function severitiesFor(
  config: SpecHandoffConfig,
  relativePath: string | undefined,
): Record<string, SeveritySetting> {
  if (!config.overrides?.length || relativePath === undefined) return config.rules;
  let out: Record<string, SeveritySetting> | undefined;
  for (const o of config.overrides) {
    if (!o.files.some((glob) => matcher(glob)(relativePath))) continue;
    // Keys as rule codes, so an override by name replaces a base setting by code (and the other way round).
    out ??= byCode(config.rules);
    Object.assign(out, byCode(o.rules));
  }
  return out ?? config.rules;
}

function byCode(rules: Record<string, SeveritySetting>): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const [key, value] of Object.entries(rules)) out[findRule(key)?.code ?? key] = value;
  return out;
}

const matchers = new Map<string, (p: string) => boolean>();
function matcher(glob: string): (p: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m;
}

let validateConfig: ValidateFunction | undefined;

/**
 * Parses a config file. `resolvePath` turns a path written in the file into
 * an absolute one (the caller knows the file's folder; this module does no I/O).
 */
export function parseConfig(
  text: string,
  source: string,
  resolvePath: (p: string) => string,
): { config: SpecHandoffConfig; problems: SchemaProblem[] } {
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
  validateConfig ??= precompiledConfigValidator ?? newAjv(CONFIG_AJV_OPTIONS).compile(configSchema);
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
  config.presets = raw.presets ?? [];
  const overrides =
    (value as { overrides?: { files: string | string[]; rules: Record<string, SeveritySetting> }[] }).overrides ?? [];
  config.overrides = overrides.map((o) => ({
    files: typeof o.files === 'string' ? [o.files] : o.files,
    rules: o.rules,
  }));
  const list = doc.get('schemas', true);
  config.schemaLocations = (raw.schemas ?? []).map((written, i) => {
    const item = isSeq(list) ? list.items[i] : undefined;
    const pos = isNode(item) && item.range ? lineCounter.linePos(item.range[0]) : undefined;
    return { line: pos ? pos.line - 1 : 0, column: pos ? pos.col - 1 : 0, written };
  });
  const presets = doc.get('presets', true);
  config.presetLocations = config.presets.map((_, i) => {
    const item = isSeq(presets) ? presets.items[i] : undefined;
    const pos = isNode(item) && item.range ? lineCounter.linePos(item.range[0]) : undefined;
    return { line: pos ? pos.line - 1 : 0, column: pos ? pos.col - 1 : 0 };
  });
  return { config, problems };
}

/** Editor settings on top of the file: lists are concatenated, maps merged with settings winning. */
export function mergeConfig(base: SpecHandoffConfig, over: Partial<SpecHandoffConfig>): SpecHandoffConfig {
  return {
    schemas: [...base.schemas, ...(over.schemas ?? [])],
    associations: { ...base.associations, ...(over.associations ?? {}) },
    rules: { ...base.rules, ...(over.rules ?? {}) },
    exclude: [...base.exclude, ...(over.exclude ?? [])],
    overrides: [...base.overrides, ...(over.overrides ?? [])],
    schemaLocations: base.schemaLocations,
    presets: [...base.presets, ...(over.presets ?? [])],
    presetLocations: base.presetLocations,
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
export function configWarnings(
  text: string,
  config: SpecHandoffConfig,
  knownKinds: readonly string[],
): ConfigWarning[] {
  // Parsed only when a warning needs a place: a configuration without warnings (the usual one) is not parsed
  // a second time (about 1.5 ms of a one-file check in a configured project, issue 20).
  const lineCounter = new LineCounter();
  let parsed: ReturnType<typeof parseDocument> | undefined;
  const parsedDoc = (): ReturnType<typeof parseDocument> => {
    parsed ??= parseDocument(text, { lineCounter });
    return parsed;
  };
  const where = (section: string, key: string): { line: number | undefined; column: number } => {
    const doc = parsedDoc();
    const map = doc.errors.length ? undefined : doc.get(section, true);
    const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    if (!pair || !isNode(pair.key) || !pair.key.range) return { line: undefined, column: 0 };
    const pos = lineCounter.linePos(pair.key.range[0]);
    return { line: pos.line - 1, column: pos.col - 1 };
  };
  const warnings: ConfigWarning[] = [];
  for (const key of Object.keys(config.rules)) {
    if (findRule(key)) continue;
    const hint = didYouMean(
      key,
      RULES.flatMap((r) => [r.code, r.name]),
    );
    warnings.push({
      ...where('rules', key),
      message: `Unknown rule "${key}" in rules: it has no effect.${hint || ` Rule codes are ${RULES[0].code}…${RULES[RULES.length - 1].code} (see docs/rules/).`}`,
    });
  }
  config.overrides.forEach((o, i) => {
    for (const key of Object.keys(o.rules)) {
      if (findRule(key)) continue;
      warnings.push({
        ...whereInOverride(parsedDoc(), lineCounter, i, key),
        message: `Unknown rule "${key}" in overrides: it has no effect.${didYouMean(
          key,
          RULES.flatMap((r) => [r.code, r.name]),
        )}`,
      });
    }
  });
  for (const [glob, id] of Object.entries(config.associations)) {
    if (knownKinds.includes(id)) continue;
    warnings.push({
      ...where('associations', glob),
      message: `Association "${glob}" names the unknown kind "${id}".${didYouMean(id, knownKinds) || ` Known kinds: ${knownKinds.join(', ')}.`}`,
    });
  }
  return warnings.sort((a, b) => (a.line ?? -1) - (b.line ?? -1));
}

function whereInOverride(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  index: number,
  key: string,
): { line: number | undefined; column: number } {
  const list = doc.errors.length ? undefined : doc.get('overrides', true);
  const item = isSeq(list) ? list.items[index] : undefined;
  const rules = isMap(item) ? item.get('rules', true) : undefined;
  const pair = isMap(rules) ? rules.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  if (!pair || !isNode(pair.key) || !pair.key.range) return { line: undefined, column: 0 };
  const pos = lineCounter.linePos(pair.key.range[0]);
  return { line: pos.line - 1, column: pos.col - 1 };
}
