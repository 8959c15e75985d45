import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Rule, RuleFinding } from './rule';
import type { DocumentKind } from '../schema/types';
import type { Fix } from '../types';
import { describeAjvError, locate } from '../schema/load';
import { frontMatterSkeleton, missingKeyLine } from '../fixes/front-matter';
import { re2RegExpEngine } from '../regex';
import {
  FRONT_MATTER_AJV_OPTIONS,
  precompiledFrontMatterValidator,
  validFrontMatterSchemas,
} from '../schema/precompiled';

/** ajv's compiler, loaded only when a schema is compiled at run time (issue 20: its start-up cost is for custom schemas only). */
function newAjv(...args: ConstructorParameters<typeof Ajv>): Ajv {
  const Compiler = (require('ajv') as typeof import('ajv')).default;
  return new Compiler(...args);
}

// User-supplied `pattern`s run on RE2 (linear time): a hostile pattern cannot hang the checker.
const AJV_OPTIONS = { ...FRONT_MATTER_AJV_OPTIONS, code: { regExp: re2RegExpEngine } };
/** Made on first use: the built-in kinds' validators come precompiled, and an Ajv costs start-up time. */
let ajv: Ajv | undefined;
/** For the built-in kinds' schemas, already checked against draft-07 at build time (schema/precompiled.ts). */
let checkedAjv: Ajv | undefined;
const validators = new WeakMap<DocumentKind, ValidateFunction | Error>();

/** The kind's front matter validator; an invalid JSON Schema is reported once as a finding, not thrown. */
export function validatorFor(kind: DocumentKind): ValidateFunction | Error {
  let v = validators.get(kind);
  if (!v) {
    try {
      const schema = kind.frontMatter ?? {};
      const json = JSON.stringify(schema);
      const checked = validFrontMatterSchemas.size > 0 && validFrontMatterSchemas.has(json);
      const precompiled = checked ? precompiledFrontMatterValidator(json) : undefined;
      if (precompiled) v = precompiled;
      else {
        checkedAjv ??= checked ? newAjv({ ...AJV_OPTIONS, validateSchema: false }) : undefined;
        ajv ??= newAjv(AJV_OPTIONS);
        v = (checked && checkedAjv ? checkedAjv : ajv).compile(schema);
      }
    } catch (error) {
      v = error as Error;
    }
    validators.set(kind, v);
  }
  return v;
}

/** SH010: front matter missing, or not valid against the kind's front matter JSON Schema. */
export const frontMatterInvalid: Rule = {
  code: 'SH010',
  name: 'front-matter-invalid',
  description: "The front matter is missing or does not match the kind's front matter schema.",
  defaultSeverity: 'error',
  check({ doc, kind, frontMatter }) {
    if (!kind.frontMatter) return [];
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: doc.lines[0]?.length ?? 0 } };
    if (!frontMatter.present) {
      if (frontMatter.errors.length) return []; // unclosed: SH011 says so
      const fix: Fix = {
        title: 'Add front matter',
        kind: 'insert',
        isPreferred: true,
        // After a BOM, so the BOM stays first and the front matter's "---" is still the first line's text.
        edits: [
          {
            range: {
              start: { line: 0, character: doc.hasBom ? 1 : 0 },
              end: { line: 0, character: doc.hasBom ? 1 : 0 },
            },
            newText: frontMatterSkeleton(kind, doc),
          },
        ],
      };
      return [
        {
          message: `A ${kind.title} starts with YAML front matter (${requiredKeys(kind).join(', ') || 'type'}).`,
          range: top,
          fixes: [fix],
        },
      ];
    }
    if (!frontMatter.data || !frontMatter.yaml || !frontMatter.lineCounter) return [];
    const validate = validatorFor(kind);
    if (validate instanceof Error) {
      return [
        {
          message: `The ${kind.title} schema's front matter JSON Schema is invalid: ${validate.message}`,
          range: top,
          fixes: [],
        },
      ];
    }
    if (validate(frontMatter.data)) return [];
    const out: RuleFinding[] = [];
    for (const error of validate.errors ?? []) {
      const pos = locate(frontMatter.yaml, frontMatter.lineCounter, error);
      const line = frontMatter.firstLine + pos.line;
      const onlyClosing = error.instancePath === ''; // errors on the whole mapping point at its first line
      const fixes: Fix[] = [];
      if (error.keyword === 'required') {
        const key = String(error.params.missingProperty);
        const keyLine = missingKeyLine(kind, doc, key);
        if (keyLine)
          fixes.push({
            title: `Add "${key}" to the front matter`,
            kind: 'insert',
            isPreferred: true,
            edits: [keyLine],
          });
      }
      out.push({
        message: `Front matter: ${friendly(error)}`,
        range: {
          start: { line, character: onlyClosing ? 0 : pos.column },
          end: { line, character: doc.lines[line]?.length ?? 0 },
        },
        fixes,
      });
    }
    return out;
  },
};

function friendly(error: ErrorObject): string {
  if (error.keyword === 'required') return `"${String(error.params.missingProperty)}" is required.`;
  return describeAjvError(error);
}

function requiredKeys(kind: DocumentKind): string[] {
  const req = (kind.frontMatter as { required?: unknown }).required;
  return Array.isArray(req) ? req.map(String) : [];
}
