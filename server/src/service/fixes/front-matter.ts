/**
 * Front matter fixes: a skeleton for a document without any, and one line for
 * a missing required key. Values come from the kind's JSON Schema (const,
 * enum, default) so the result validates where the schema allows it.
 */
import type { ParsedDocument } from '../parse/document';
import type { DocumentKind } from '../schema/types';
import type { TextEdit } from '../types';

interface PropertySchema {
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  type?: string | string[];
  examples?: unknown[];
}

function properties(kind: DocumentKind): Record<string, PropertySchema> {
  const p = (kind.frontMatter as { properties?: unknown } | undefined)?.properties;
  return p && typeof p === 'object' ? (p as Record<string, PropertySchema>) : {};
}

/** A YAML value for a key: the kind id for `type`, else const / default / first enum value / a typed empty value. */
export function valueFor(kind: DocumentKind, key: string, title?: string): string {
  const prop = properties(kind)[key] ?? {};
  let value: unknown;
  if (key === 'type' && (!prop.enum || prop.enum.includes(kind.id))) value = kind.id;
  else if (prop.const !== undefined) value = prop.const;
  else if (prop.default !== undefined) value = prop.default;
  else if (prop.enum?.length) value = prop.enum[0];
  else if (key === 'title' && title) value = title;
  else {
    const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
    value = type === 'array' ? [] : type === 'number' || type === 'integer' ? 0 : type === 'boolean' ? false : '';
  }
  return yamlScalar(value);
}

function yamlScalar(value: unknown): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'string')
    return value === '' || /[:#'"{}[\],&*!|>%@`]|^\s|\s$/.test(value) ? JSON.stringify(value) : value;
  return String(value);
}

function requiredKeys(kind: DocumentKind): string[] {
  const req = (kind.frontMatter as { required?: unknown } | undefined)?.required;
  const keys = Array.isArray(req) ? req.map(String) : [];
  return keys.includes('type') ? keys : ['type', ...keys];
}

/** The document's title text: its first H1, else nothing. */
function docTitle(doc: ParsedDocument): string | undefined {
  return doc.sections.find((s) => s.heading.level === 1)?.heading.text;
}

export function frontMatterSkeleton(kind: DocumentKind, doc: ParsedDocument): string {
  const eol = doc.eol;
  // Same fallback as the missing-title fix, so the two agree on an empty document.
  const title = docTitle(doc) ?? `${kind.title} title`;
  const lines = ['---', ...requiredKeys(kind).map((k) => `${k}: ${valueFor(kind, k, title)}`), '---'];
  return lines.join(eol) + eol + (doc.lines[0]?.trim() ? eol : '');
}

/**
 * Inserts `key: value` as the last line of the existing front matter; undefined
 * when there is no value to give (no const, default or enum): an empty `""`
 * would only trade "required" for "too short" (a new SH010), so the key is
 * left to the writer with its finding.
 */
export function missingKeyLine(kind: DocumentKind, doc: ParsedDocument, key: string): TextEdit | undefined {
  // The title: the H1's, else the same generic label the skeleton and the missing-title fix (SH016) use,
  // so that fix-all writes one title in both places and a second run has nothing left to add.
  const value = valueFor(kind, key, docTitle(doc) ?? `${kind.title} title`);
  if (value === '""') return undefined;
  const closing = doc.frontMatter!.endLine;
  const at = { line: closing, character: 0 };
  return { range: { start: at, end: at }, newText: `${key}: ${value}${doc.eol}` };
}
