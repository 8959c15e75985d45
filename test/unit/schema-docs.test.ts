/**
 * docs/schemas.md is checked against the schema format it documents
 * (issue 15): every key of schemas/schema-format.json, at any depth, is
 * mentioned in it as code (`key` or `parent.key`); every key its key tables
 * list exists in the format; its table of built-in kinds lists exactly the
 * kinds in schemas/; and its table of built-in heading decorations is the
 * code's list.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/service';
import { DEFAULT_HEADING_DECORATIONS } from '../../server/src/service/parse/decorations';

const docs = fs.readFileSync(path.join(repoRoot, 'docs', 'schemas.md'), 'utf8');
const format = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'schema-format.json'), 'utf8')) as unknown;

/** Every property name of the format, with a path to it for the message (the free-form front matter schema has none). */
function formatKeys(node: unknown, at: string, out: Map<string, string>, depth = 0): Map<string, string> {
  if (depth > 40 || !node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const item of node) formatKeys(item, at, out, depth + 1);
    return out;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value as Record<string, unknown>)) {
        if (!out.has(name)) out.set(name, `${at}${name}`);
        formatKeys(sub, `${at}${name}.`, out, depth + 1);
      }
    } else if (key !== 'examples' && key !== 'default') {
      formatKeys(value, key === 'definitions' ? '' : at, out, depth + 1);
    }
  }
  return out;
}

const keys = formatKeys(format, '', new Map());

/** The first-column keys of the tables under a heading of docs/schemas.md. */
function tableKeys(heading: string): string[] {
  const start = docs.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `docs/schemas.md has no "${heading}"`);
  const next = docs.indexOf('\n## ', start + heading.length + 2);
  const body = docs.slice(start, next < 0 ? undefined : next);
  return [...body.matchAll(/^\| `([A-Za-z.]+)`/gm)].map((m) => m[1]);
}

describe('docs/schemas.md matches schemas/schema-format.json', () => {
  it('reads a plausible set of keys from the format', () => {
    for (const k of ['id', 'headingDecorations', 'boilerplate', 'level', 'min', 'max', 'idPattern', 'criteriaSection'])
      assert.ok(keys.has(k), k);
    assert.ok(keys.size > 50, String(keys.size));
  });

  it('mentions every key of the format, at any depth, as code', () => {
    const missing = [...keys.entries()]
      .filter(([name]) => !new RegExp(`\`(?:[A-Za-z]+\\.)*${name}\``).test(docs))
      .map(([, where]) => where);
    assert.deepEqual(missing, [], `keys of schema-format.json not mentioned in docs/schemas.md: ${missing.join(', ')}`);
  });

  it('lists in its key tables only keys the format has', () => {
    const tables = [
      ...tableKeys('## Kind keys'),
      ...tableKeys('## Section keys'),
      ...tableKeys('## Content rules'),
      ...tableKeys('## Traceability keys'),
    ];
    assert.ok(tables.length > 40, String(tables.length));
    const unknown = tables.filter((k) => !k.split('.').every((part) => keys.has(part)));
    assert.deepEqual(unknown, []);
  });

  it('lists exactly the built-in kinds of schemas/ in its table', () => {
    const ids = fs
      .readdirSync(path.join(repoRoot, 'schemas'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => /^id:\s*(\S+)/m.exec(fs.readFileSync(path.join(repoRoot, 'schemas', f), 'utf8'))?.[1])
      .sort();
    const intro = docs.slice(0, docs.indexOf('\n## '));
    const listed = [...intro.matchAll(/^\| `([a-z-]+)` +\|/gm)].map((m) => m[1]).sort();
    assert.deepEqual(listed, ids);
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    assert.match(intro, new RegExp(`${words[ids.length]} kinds are built in`, 'i'));
  });

  it('shows the built-in heading decorations exactly as the code has them', () => {
    const start = docs.indexOf('\n### Decorations\n');
    const table = docs.slice(start, docs.indexOf('\n\n', docs.indexOf('| Pattern', start)));
    const patterns = [...table.matchAll(/^\| `(.+?)` \|/gm)].map((m) => m[1].replace(/\\\|/g, '|'));
    assert.deepEqual(patterns, [...DEFAULT_HEADING_DECORATIONS]);
  });
});
