/**
 * Reading schema files: YAML text → validated `RawKind` → resolved
 * `DocumentKind` (extends merged, defaults filled in).
 *
 * Nothing here throws on bad input: every problem becomes a `SchemaProblem`
 * pointing at the schema file's line, and a kind with problems is left out
 * while the others keep working.
 */
import type { default as AjvType, ErrorObject, ValidateFunction } from 'ajv';
import { userPatternProblem } from '../regex';
import { didYouMean } from '../parse/titles';
import { MAX_SCHEMA_SECTIONS } from '../limits';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { DocumentKind, RawKind, RawLevel, RawSection, SectionSpec } from './types';
import { DEFAULT_HEADING_DECORATIONS } from '../parse/decorations';
import { precompiledSchemaFormatValidator, precompiledSchemaTexts, SCHEMA_FORMAT_AJV_OPTIONS } from './precompiled';

/** ajv's compiler, loaded only when a schema is compiled at run time (issue 20: its start-up cost is for custom schemas only). */
function newAjv(...args: ConstructorParameters<typeof AjvType>): AjvType {
  const Compiler = (require('ajv') as typeof import('ajv')).default;
  return new Compiler(...args);
}

export interface SchemaProblem {
  /** The schema file (absolute path or `builtin:<name>`). */
  source: string;
  /** Zero-based. */
  line: number;
  column: number;
  message: string;
}

export interface LoadedFile {
  source: string;
  kind: RawKind | undefined;
  problems: SchemaProblem[];
  /** Zero-based line of the `extends:` key, for problems with the parent kind. */
  extendsLine?: number;
  /** Zero-based line of `criteria.in`, for section ids the kind does not have. */
  criteriaInLine?: number;
  /** Zero-based lines of the keys that name sections (`trace.criteriaSection`, `sections.2.prefillFrom`), for problems found once kinds are resolved. */
  refLines?: Record<string, number>;
}

let validateFormat: ValidateFunction | undefined;
function formatValidator(): ValidateFunction {
  // The schema itself only when compiled here (from sources): in the bundles, building its object cost 1 ms of every start.
  validateFormat ??=
    precompiledSchemaFormatValidator ??
    newAjv(SCHEMA_FORMAT_AJV_OPTIONS).compile(
      require('../../../../schemas/schema-format.json') as typeof import('../../../../schemas/schema-format.json'),
    );
  return validateFormat;
}

/** Limits that keep a hostile schema file from costing much: YAML aliases and size. */
const MAX_SCHEMA_CHARS = 1_000_000;
const YAML_OPTIONS = { maxAliasCount: 100, prettyErrors: false } as const; // maxAliasCount applies in toJS

/** Parses and validates one schema file's text. */
export function loadSchemaText(text: string, source: string): LoadedFile {
  if (text.length > MAX_SCHEMA_CHARS) {
    return {
      source,
      kind: undefined,
      problems: [{ source, line: 0, column: 0, message: `Schema file is larger than ${MAX_SCHEMA_CHARS} characters.` }],
    };
  }
  const known = precompiledSchemaTexts.get(text);
  if (known) {
    const { extendsLine, criteriaInLine, refLines } = known;
    return { source, kind: JSON.parse(known.kind) as RawKind, problems: [], extendsLine, criteriaInLine, refLines };
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false });
  } catch (error) {
    return {
      source,
      kind: undefined,
      problems: [{ source, line: 0, column: 0, message: `Cannot read schema: ${(error as Error).message}` }],
    };
  }
  const problems: SchemaProblem[] = [];
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    problems.push({
      source,
      line: pos.line - 1,
      column: pos.col - 1,
      message: `YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (problems.length) return { source, kind: undefined, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount });
  } catch (error) {
    return {
      source,
      kind: undefined,
      problems: [{ source, line: 0, column: 0, message: `YAML: ${(error as Error).message}` }],
    };
  }
  const validate = formatValidator();
  const valid = validate(value);
  if (!valid) {
    for (const error of validate.errors ?? []) {
      const { line, column } = locate(doc, lineCounter, error);
      problems.push({ source, line, column, message: describeAjvError(error) });
    }
  }
  // Checks beyond the format, also on a file the format refused, so its author sees every problem at once.
  const at = (keys: (string | number)[]): { line: number; column: number } => {
    const node = doc.getIn(keys, true);
    const pos = isNode(node) && node.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    return { line: pos.line - 1, column: pos.col - 1 };
  };
  const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const criteria = raw.criteria as { idPattern?: unknown } | undefined;
  const idPattern = criteria && typeof criteria === 'object' ? criteria.idPattern : undefined;
  const patternProblem = typeof idPattern === 'string' ? unsafePattern(idPattern) : undefined;
  if (patternProblem)
    problems.push({ source, ...at(['criteria', 'idPattern']), message: `criteria.idPattern: ${patternProblem}` });
  // Front matter JSON Schema patterns run on RE2 too (sh010): one it cannot run is a schema problem, said here.
  for (const { path: where, pattern } of frontMatterPatterns(raw.frontMatter, ['frontMatter'])) {
    const problem = userPatternProblem(pattern);
    if (problem) problems.push({ source, ...at(where), message: `${where.join('.')}: the pattern is ${problem}` });
  }
  for (const [i, pattern] of (Array.isArray(raw.headingDecorations) ? raw.headingDecorations : []).entries()) {
    const problem = typeof pattern === 'string' ? userPatternProblem(`(?i)${pattern}`) : undefined;
    if (problem)
      problems.push({ source, ...at(['headingDecorations', i]), message: `headingDecorations[${i}]: ${problem}` });
  }
  for (const { path: where, level } of sectionLevels(raw.sections, ['sections'])) {
    if (!level || typeof level !== 'object' || Array.isArray(level)) continue;
    const { min, max } = level as { min?: unknown; max?: unknown };
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      problems.push({
        source,
        ...at(where),
        message: `${where.join('.')}: the range's min (${min}) is greater than its max (${max}).`,
      });
  }
  // Section ids are unique within a file (a child kind reuses a parent's id on purpose, in another file).
  const firstId = new Map<string, (string | number)[]>();
  for (const { path: where, id } of sectionIds(raw.sections, ['sections'])) {
    const first = firstId.get(id);
    if (!first) {
      firstId.set(id, where);
      continue;
    }
    problems.push({
      source,
      ...at(where),
      message: `${where.join('.')}: the section id "${id}" is already used at line ${at(first).line + 1}; section ids must be unique within a kind.`,
    });
  }
  if (!valid || problems.length) return { source, kind: undefined, problems };
  const kind = value as RawKind;
  const refLines: Record<string, number> = {};
  for (const key of ['kind', 'criteriaSection', 'itemsFrom', 'itemsTo', 'decisionsSection'])
    if (kind.trace?.[key as keyof typeof kind.trace] !== undefined) refLines[`trace.${key}`] = at(['trace', key]).line;
  for (const { path: where, id } of sectionIds(raw.sections, ['sections']))
    refLines[`prefillFrom:${id}`] = at([...where.slice(0, -1), 'prefillFrom']).line;
  renameTemplateToExample(kind.sections);
  if (problems.length) return { source, kind: undefined, problems };
  const extendsNode = kind.extends !== undefined ? doc.getIn(['extends'], true) : undefined;
  const extendsLine =
    isNode(extendsNode) && extendsNode.range ? lineCounter.linePos(extendsNode.range[0]).line - 1 : undefined;
  const criteriaInNode = kind.criteria?.in !== undefined ? doc.getIn(['criteria', 'in'], true) : undefined;
  const criteriaInLine =
    isNode(criteriaInNode) && criteriaInNode.range ? lineCounter.linePos(criteriaInNode.range[0]).line - 1 : undefined;
  return { source, kind, problems, extendsLine, criteriaInLine, refLines };
}

/** Every section's `id` with its YAML path, at any depth (on data not yet validated). */
function sectionIds(
  sections: unknown,
  at: (string | number)[],
  depth = 0,
): { path: (string | number)[]; id: string }[] {
  const out: { path: (string | number)[]; id: string }[] = [];
  if (!Array.isArray(sections) || depth > 50) return out;
  for (const [i, s] of sections.entries()) {
    if (!s || typeof s !== 'object') continue;
    const section = s as { id?: unknown; sections?: unknown };
    if (typeof section.id === 'string') out.push({ path: [...at, i, 'id'], id: section.id });
    out.push(...sectionIds(section.sections, [...at, i, 'sections'], depth + 1));
  }
  return out;
}

/** Every section's `level` with its YAML path, at any depth (on data not yet validated: anything is checked). */
function sectionLevels(
  sections: unknown,
  at: (string | number)[],
  depth = 0,
): { path: (string | number)[]; level: unknown }[] {
  const out: { path: (string | number)[]; level: unknown }[] = [];
  if (!Array.isArray(sections) || depth > 50) return out;
  for (const [i, s] of sections.entries()) {
    if (!s || typeof s !== 'object') continue;
    const section = s as { level?: unknown; sections?: unknown };
    if (section.level !== undefined) out.push({ path: [...at, i, 'level'], level: section.level });
    out.push(...sectionLevels(section.sections, [...at, i, 'sections'], depth + 1));
  }
  return out;
}

/**
 * The levels a section accepts, the first being the one inserted: a list as
 * given (duplicates dropped), a range from min to max, one level alone.
 * Without `level`, each of the parent's levels + 1 (at most 6).
 */
function levelsOf(level: RawLevel | undefined, parentLevels: number[]): number[] {
  if (level === undefined) return [...new Set(parentLevels.map((l) => Math.min(6, l + 1)))];
  if (typeof level === 'number') return [level];
  if (Array.isArray(level)) return [...new Set(level)];
  const out: number[] = [];
  for (let l = level.min; l <= level.max; l++) out.push(l);
  return out;
}

/** `template` is the deprecated name of `example`: read it as `example` (when that is absent), so merging and resolution see one field. */
function renameTemplateToExample(sections: RawSection[] | undefined): void {
  for (const s of sections ?? []) {
    if (s.template !== undefined) {
      if (s.example === undefined) s.example = s.template;
      delete s.template;
    }
    renameTemplateToExample(s.sections);
  }
}

/**
 * User-supplied patterns run on every criterion on every keystroke; they run
 * on RE2 (service/regex.ts), so the only question is whether RE2 accepts them.
 */
export function unsafePattern(pattern: string): string | undefined {
  return userPatternProblem(pattern);
}

/** Every `pattern` value and `patternProperties` key in a JSON Schema, with its path (bounded depth). */
function frontMatterPatterns(
  schema: unknown,
  at: (string | number)[],
  depth = 0,
): { path: (string | number)[]; pattern: string }[] {
  if (depth > 50 || schema === null || typeof schema !== 'object') return [];
  const out: { path: (string | number)[]; pattern: string }[] = [];
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    const here = [...at, Array.isArray(schema) ? Number(key) : key];
    if (key === 'pattern' && typeof value === 'string') out.push({ path: here, pattern: value });
    if (key === 'patternProperties' && value && typeof value === 'object')
      for (const p of Object.keys(value)) out.push({ path: [...here, p], pattern: p });
    out.push(...frontMatterPatterns(value, here, depth + 1));
  }
  return out;
}

/** Turns an ajv error into a sentence a schema author understands. */
export function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.replace(/^\//, '').replace(/\//g, '.') : 'the file';
  switch (error.keyword) {
    case 'additionalProperties':
      return `Unknown key "${String(error.params.additionalProperty)}" in ${where}.`;
    case 'required':
      return `Missing required key "${String(error.params.missingProperty)}" in ${where}.`;
    case 'enum':
      return `${where} must be one of: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}.`;
    default:
      return `${where} ${error.message ?? 'is invalid'}.`;
  }
}

/** Finds the line of the YAML node an ajv error points at (the closest existing ancestor). */
export function locate(doc: Document, lineCounter: LineCounter, error: ErrorObject): { line: number; column: number } {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  for (let n = path.length; n >= 0; n--) {
    const keys = path.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const node = keys.length ? doc.getIn(keys, true) : doc.contents;
    if (isNode(node) && node.range) {
      // For a key that exists, point at the key rather than its value when we can.
      const pair =
        keys.length && error.keyword === 'additionalProperties' && n === path.length
          ? findKeyOffset(doc, keys)
          : undefined;
      const pos = lineCounter.linePos(pair ?? node.range[0]);
      return { line: pos.line - 1, column: pos.col - 1 };
    }
  }
  return { line: 0, column: 0 };
}

function findKeyOffset(doc: Document, keys: (string | number)[]): number | undefined {
  const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
  if (!parent || typeof parent !== 'object' || !('items' in parent)) return undefined;
  const items = (parent as { items: { key?: unknown }[] }).items;
  for (const item of items) {
    const key = item.key;
    if (isNode(key) && (key as unknown as { value?: unknown }).value === keys[keys.length - 1] && key.range)
      return key.range[0];
  }
  return undefined;
}

/**
 * Resolves `extends` chains and fills in defaults. Kinds whose parent is
 * unknown or that extend themselves (directly or in a cycle) are reported and
 * left out.
 */
export function resolveKinds(
  files: LoadedFile[],
  /** More kind ids an unknown `extends:` may have meant (the built-in presets'), for the did-you-mean. */
  otherIds: readonly string[] = [],
): { kinds: DocumentKind[]; problems: SchemaProblem[] } {
  const raw = new Map<string, LoadedFile>();
  const problems: SchemaProblem[] = [];
  for (const file of files) {
    problems.push(...file.problems);
    if (!file.kind) continue;
    // Later files win: a workspace schema may replace a built-in of the same id.
    raw.set(file.kind.id, file);
  }
  const resolved = new Map<string, DocumentKind>();
  const failed = new Set<string>();
  const resolve = (id: string, chain: string[]): DocumentKind | undefined => {
    const done = resolved.get(id);
    if (done) return done;
    if (failed.has(id)) return undefined;
    const file = raw.get(id);
    if (!file || !file.kind) return undefined;
    const kind = file.kind;
    let merged: RawKind = kind;
    if (kind.extends !== undefined) {
      if (chain.includes(kind.extends) || kind.extends === id) {
        problems.push({
          source: file.source,
          line: file.extendsLine ?? 0,
          column: 0,
          message: `Kind "${id}" extends itself through ${[...chain, id, kind.extends].join(' → ')}.`,
        });
        failed.add(id);
        return undefined;
      }
      const parentFile = raw.get(kind.extends);
      const parent = parentFile ? resolve(kind.extends, [...chain, id]) : undefined;
      if (!parent || !parentFile?.kind) {
        problems.push({
          source: file.source,
          line: file.extendsLine ?? 0,
          column: 0,
          message: `Kind "${id}" extends "${kind.extends}", which is ${parentFile ? 'itself invalid' : 'not a known kind'}.${parentFile ? '' : didYouMean(kind.extends, [...new Set([...raw.keys(), ...otherIds])])}`,
        });
        failed.add(id);
        return undefined;
      }
      merged = mergeKinds(rawOf(parent, parentFile.kind), kind);
    }
    const result = finishKind(merged, file.source);
    if (result.allSections.length > MAX_SCHEMA_SECTIONS) {
      // Every check compares headings with sections: a schema this large is refused, not analysed slowly.
      problems.push({
        source: file.source,
        line: 0,
        column: 0,
        message: `Kind "${id}" has ${result.allSections.length} sections (with the ones it extends); at most ${MAX_SCHEMA_SECTIONS} are supported. Split it into several kinds.`,
      });
      failed.add(id);
      return undefined;
    }
    // A criteria section the kind does not have is a typo that would silently hide criteria: said, and ignored.
    for (const sectionId of kind.criteria?.in ?? [])
      if (!result.allSections.some((s) => s.id === sectionId))
        problems.push({
          source: file.source,
          line: file.criteriaInLine ?? 0,
          column: 0,
          message: `criteria.in: "${sectionId}" is not a section of kind "${id}"; criteria are looked for only in its sections (${result.allSections.map((s) => s.id).join(', ') || 'none'}).`,
        });
    resolved.set(id, result);
    return result;
  };
  for (const id of raw.keys()) resolve(id, []);
  // Keys that name sections must name real ones, or traceability and prefilling silently do nothing.
  for (const [id, kind] of resolved) {
    const file = raw.get(id)!;
    const wrong = sectionReferenceProblems(kind, resolved);
    if (!wrong.length) continue;
    for (const { key, message } of wrong)
      problems.push({
        source: file.source,
        // A default `trace.kind` (not written) is said at the trace block's criteriaSection.
        line: file.refLines?.[key] ?? file.refLines?.['trace.criteriaSection'] ?? file.extendsLine ?? 0,
        column: 0,
        message,
      });
    resolved.delete(id);
  }
  return { kinds: [...resolved.values()], problems };
}

/**
 * Section ids a kind names that do not exist: `trace.criteriaSection`,
 * `itemsTo` and `decisionsSection` in the kind itself; `trace.itemsFrom` and
 * every section's `prefillFrom` in the linked kind (when it is known; an
 * unknown linked kind is said once).
 */
function sectionReferenceProblems(
  kind: DocumentKind,
  kinds: Map<string, DocumentKind>,
): { key: string; message: string }[] {
  const out: { key: string; message: string }[] = [];
  const has = (k: DocumentKind, sectionId: string): boolean => k.allSections.some((s) => s.id === sectionId);
  const trace = kind.trace;
  const prefills = kind.allSections.filter((s) => s.prefillFrom.length);
  if (!trace) {
    for (const s of prefills)
      out.push({
        key: `prefillFrom:${s.id}`,
        message: `Section "${s.id}" has prefillFrom, but the kind "${kind.id}" has no trace block saying which document to fill it from.`,
      });
    return out;
  }
  for (const key of ['criteriaSection', 'itemsTo', 'decisionsSection'] as const) {
    const value = trace[key];
    if (value && !has(kind, value))
      out.push({
        key: `trace.${key}`,
        message: `trace.${key}: "${value}" is not a section of the kind "${kind.id}".`,
      });
  }
  const linked = kinds.get(trace.kind);
  if (!linked) {
    out.push({
      key: 'trace.kind',
      message: `trace.kind: "${trace.kind}" is not a known kind, so the documents this kind links to cannot be checked.`,
    });
    return out;
  }
  if (trace.itemsFrom && !has(linked, trace.itemsFrom))
    out.push({
      key: 'trace.itemsFrom',
      message: `trace.itemsFrom: "${trace.itemsFrom}" is not a section of the linked kind "${linked.id}".`,
    });
  for (const s of prefills)
    for (const from of s.prefillFrom)
      if (!has(linked, from))
        out.push({
          key: `prefillFrom:${s.id}`,
          message: `Section "${s.id}": prefillFrom "${from}" is not a section of the linked kind "${linked.id}".`,
        });
  return out;
}

/** The parent as a RawKind with its own `extends` already applied (we merge resolved data back into raw shape). */
function rawOf(parent: DocumentKind, parentRaw: RawKind): RawKind {
  const toRaw = (s: SectionSpec): RawSection => ({
    id: s.id,
    title: s.title,
    aliases: s.aliases,
    level: s.levels.length > 1 ? s.levels : s.level,
    required: s.required,
    requiredWhen: s.requiredWhen,
    ordered: s.ordered,
    guidance: s.guidance,
    example: s.example,
    boilerplate: s.boilerplate.length ? s.boilerplate : undefined,
    minWords: s.minWords,
    rules: s.rules,
    prefillFrom: s.prefillFrom,
    sections: s.children.map(toRaw),
  });
  return {
    ...parentRaw,
    match: parent.match,
    ordered: parent.ordered,
    titleRequired: parent.titleRequired,
    titleTemplate: parent.titleTemplate,
    frontMatter: parent.frontMatter,
    placeholders: parent.placeholders,
    criteria: parent.criteria,
    trace: parent.trace,
    headingDecorations: parent.headingDecorationsAreDefault
      ? undefined
      : parent.headingDecorations.length
        ? parent.headingDecorations
        : false,
    sections: parent.sections.map(toRaw),
  };
}

/** Child wins field by field; sections with the same id merge recursively; new sections are appended. */
export function mergeKinds(parent: RawKind, child: RawKind): RawKind {
  const match = child.match ?? { frontMatterType: [child.id], globs: [] };
  return {
    ...parent,
    ...stripUndefined(child),
    frontMatter: child.frontMatter ?? retypeFrontMatter(parent.frontMatter, match.frontMatterType ?? [child.id]),
    // A child kind is matched by its own rules only; inheriting the parent's globs would make both claim the same files.
    match,
    placeholders: [...(parent.placeholders ?? []), ...(child.placeholders ?? [])],
    sections: mergeSections(parent.sections ?? [], child.sections ?? []),
  };
}

function mergeSections(parent: RawSection[], child: RawSection[]): RawSection[] {
  const byId = new Map(child.map((s) => [s.id, s]));
  const merged = parent.map((p) => {
    const c = byId.get(p.id);
    if (!c) return p;
    byId.delete(p.id);
    return {
      ...p,
      ...stripUndefined(c),
      rules: mergeRules(p.rules, c.rules),
      sections: mergeSections(p.sections ?? [], c.sections ?? []),
    };
  });
  return [...merged, ...child.filter((c) => byId.has(c.id))];
}

/** Content rules merge key by key; word lists are extended, not replaced, so a child kind adds vague words. */
function mergeRules(parent: RawSection['rules'], child: RawSection['rules']): RawSection['rules'] {
  const merged = { ...parent, ...child };
  if (parent?.avoidWords && child?.avoidWords)
    merged.avoidWords = [...new Set([...parent.avoidWords, ...child.avoidWords])];
  return merged;
}

/**
 * An inherited front matter schema still pins `type` to the parent's values;
 * a child is selected by its own `type:`, so the inherited constraint is
 * rewritten to the child's values (everything else is kept).
 */
function retypeFrontMatter(
  frontMatter: Record<string, unknown> | undefined,
  types: string[],
): Record<string, unknown> | undefined {
  const properties = frontMatter?.properties as Record<string, unknown> | undefined;
  if (!frontMatter || !properties || !('type' in properties)) return frontMatter;
  const { const: _pinned, ...typeSchema } = properties.type as Record<string, unknown>;
  void _pinned;
  return { ...frontMatter, properties: { ...properties, type: { ...typeSchema, enum: types } } };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const DEFAULT_CRITERIA_ID = '(?:AC|FR|NFR|SC)-\\d+';

export const DEFAULT_PLACEHOLDERS = ['TODO', 'TBD', 'FIXME', 'XXX', '???'];

function finishKind(raw: RawKind, source: string): DocumentKind {
  const ordered = raw.ordered ?? true;
  const all: SectionSpec[] = [];
  const build = (s: RawSection, parent: SectionSpec | undefined, parentLevels: number[]): SectionSpec => {
    const levels = levelsOf(s.level, parentLevels);
    const spec: SectionSpec = {
      id: s.id,
      title: s.title,
      aliases: s.aliases ?? [],
      level: levels[0],
      levels,
      required: s.required ?? s.requiredWhen === undefined,
      requiredWhen: s.requiredWhen,
      ordered: s.ordered ?? ordered,
      guidance: (s.guidance ?? '').trim(),
      example: (s.example ?? s.template ?? '').replace(/\s+$/, ''),
      boilerplate: (typeof s.boilerplate === 'string' ? [s.boilerplate] : (s.boilerplate ?? []))
        .map((b) => b.replace(/\s+$/, ''))
        .filter((b) => b !== ''),
      minWords: s.minWords ?? 0,
      rules: s.rules ?? {},
      prefillFrom: s.prefillFrom ?? [],
      parentId: parent?.id,
      children: [],
    };
    all.push(spec);
    // Children of a section found at any of its levels default to one level deeper than each.
    spec.children = (s.sections ?? []).map((c) => build(c, spec, spec.levels));
    return spec;
  };
  const sections = (raw.sections ?? []).map((s) => build(s, undefined, [1]));
  return {
    id: raw.id,
    title: raw.title,
    description: raw.description ?? '',
    source,
    match: {
      frontMatterType: raw.match?.frontMatterType ?? [raw.id],
      globs: raw.match?.globs ?? [],
      exclude: raw.match?.exclude ?? [],
    },
    ordered,
    titleRequired: raw.titleRequired ?? true,
    titleTemplate: raw.titleTemplate ?? '{{title}}',
    frontMatter: raw.frontMatter,
    placeholders: [...new Set([...DEFAULT_PLACEHOLDERS, ...(raw.placeholders ?? [])])],
    criteria: {
      idPattern: raw.criteria?.idPattern ?? DEFAULT_CRITERIA_ID,
      idPrefix: raw.criteria?.idPrefix ?? 'AC-',
      in: raw.criteria?.in,
      // Derived from `rules.checklist` (the old model) criteria are task items; declared with `in`, any list will do.
      style: raw.criteria?.style ?? (raw.criteria?.in ? 'any' : 'checklist'),
      headings: raw.criteria?.headings ?? true,
    },
    trace: raw.trace
      ? { frontMatterKey: 'spec', kind: 'spec', itemsFrom: '', itemsTo: '', decisionsSection: '', ...raw.trace }
      : undefined,
    headingDecorations:
      raw.headingDecorations === undefined ? [...DEFAULT_HEADING_DECORATIONS] : raw.headingDecorations || [],
    headingDecorationsAreDefault: raw.headingDecorations === undefined,
    sections,
    allSections: all,
  };
}
