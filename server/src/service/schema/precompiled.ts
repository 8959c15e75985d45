import type { ValidateFunction } from 'ajv';

/**
 * The validator of `schemas/schema-format.json` as ajv standalone code, made
 * at build time: scripts/build.mjs replaces this module in the bundles with
 * the generated code, so the CLI and the server do not compile the schema at
 * every start (about 60 ms). Run from sources (tests through tsx) it is
 * undefined and schema/load.ts compiles the same schema with the same options.
 */
export const precompiledSchemaFormatValidator: ValidateFunction | undefined = undefined;

/** The options of that validator, here and in scripts/build.mjs (which reads this line). */
export const SCHEMA_FORMAT_AJV_OPTIONS = { allErrors: true, strict: false } as const;

/**
 * The schema files shipped in schemas/ (the built-in kinds and the presets in
 * its subfolders) read at build time (scripts/build.mjs): for each file's exact
 * text, its validated kind as JSON and the lines loadSchemaText reports with it
 * (`extends:`, `criteria.in`, the keys naming sections). loadSchemaText answers
 * a text found here without parsing YAML (about a quarter of `check one.md`;
 * for `--schema schemas/presets/rust-rfc/rust-rfc.yaml` 20–26 ms of the main
 * thread before the first file, issue 20); any other text (an edited or custom
 * schema) is parsed as before. Empty when running from sources.
 */
export const precompiledSchemaTexts: ReadonlyMap<string, PrecompiledSchemaText> = new Map();

/** One entry of `precompiledSchemaTexts`. */
export interface PrecompiledSchemaText {
  kind: string;
  extendsLine: number | undefined;
  criteriaInLine?: number;
  refLines?: Record<string, number>;
}

/**
 * The built-in kinds' front matter JSON Schemas (JSON text, after `extends`),
 * checked against JSON Schema draft-07 at build time: SH010 compiles these
 * without checking them again, which spares compiling the draft-07
 * meta-schema (the largest part of `check one.md` after YAML). Same options
 * otherwise, so the same validator. Empty when running from sources.
 */
export const validFrontMatterSchemas: ReadonlySet<string> = new Set();

/**
 * SH010's ajv options (it adds RE2 for `pattern`; the precompiled validators of the built-in schemas, whose
 * patterns are ours, use JavaScript RegExps), here and in scripts/build.mjs (which reads this line).
 */
export const FRONT_MATTER_AJV_OPTIONS = { allErrors: true, strict: false } as const;

/**
 * The validator of a built-in kind's front matter JSON Schema (by its JSON
 * text, one of `validFrontMatterSchemas`) as ajv standalone code made at build
 * time with SH010's options, so `check` compiles no JSON Schema at all for
 * the built-in kinds (issue 20: 10–15 ms of `check one.md`). The generated
 * code is evaluated on the first call. From sources: always undefined.
 */
export function precompiledFrontMatterValidator(_schemaJson: string): ValidateFunction | undefined {
  return undefined;
}

/**
 * The validator of `.spec-handoff.yaml` (config.ts `configSchema`) as ajv
 * standalone code made at build time, so reading a project's configuration
 * compiles no JSON Schema (issue 20: every `check` in a project with a config,
 * and every server start, paid for compiling it). From sources: undefined, and
 * config.ts compiles the same schema with the same options.
 */
export const precompiledConfigValidator: ValidateFunction | undefined = undefined;

/** The options of that validator, here and in scripts/build.mjs (which reads this line). */
export const CONFIG_AJV_OPTIONS = { allErrors: true } as const;
