#!/usr/bin/env node
// Generates snippets/markdown.json from the schema data, so that a section is
// described once (in schemas/*.yaml) and snippets, templates, quick fixes and
// the sidebar all agree. Hand-written snippets that belong to no section live
// in snippets/extra.yaml and are merged in.
//
// Usage: node scripts/gen-snippets.mjs           write snippets/markdown.json
//        node scripts/gen-snippets.mjs --check   exit 1 if the file is out of date
//
// test/unit/snippets.test.ts imports generateSnippetsText() and compares it
// with the committed file (drift test).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Escapes literal text for a snippet body (outside or inside a `${n:…}` placeholder). */
export function escapeSnippetText(text) {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** Escapes one option of a `${n|a,b|}` choice. */
function escapeChoice(text) {
  return text.replace(/[\\$}|,]/g, (c) => `\\${c}`);
}

// ---------------------------------------------------------------------------
// Schema resolution: the service's own loader (server/src/service, through
// tsx), so snippets see exactly the kinds the engine sees — defaults,
// `extends`, merged rules — and there is no second loader to drift.

/** The built-in kinds from `<root>/schemas/*.yaml`, resolved by the service, in file name order. */
export async function loadKinds(root = defaultRoot) {
  const { tsImport } = await import('tsx/esm/api');
  const serviceUrl = pathToFileURL(path.join(root, 'server', 'src', 'service', 'index.ts')).href;
  const { SchemaRegistry } = await tsImport(serviceUrl, import.meta.url);
  const dir = path.join(root, 'schemas');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ source: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const registry = SchemaRegistry.fromTexts(files);
  if (registry.problems.length)
    throw new Error(
      `schemas/ has problems:\n${registry.problems.map((p) => `${p.source}:${p.line + 1}: ${p.message}`).join('\n')}`,
    );
  return registry.kinds;
}

// ---------------------------------------------------------------------------
// Snippet bodies.

/** Numbers tabstops in document order. */
class Tabstops {
  next = 1;
  take() {
    return this.next++;
  }
}

/**
 * The skeleton of server/src/service/fixes/skeleton.ts: the guidance as an
 * HTML comment, then a TODO placeholder line (`- [ ] TODO` for a checklist,
 * `- TODO` for a list section, none for a parent of subsections). Never the
 * schema's example: snippets insert what fixes insert.
 */
function guidanceComment(guidance) {
  const text = guidance.trim();
  return text ? `<!-- ${text.replace(/-(?=-)/g, '- ')} -->` : undefined;
}

function placeholderLines(spec) {
  if (spec.children.length) return [];
  const r = spec.rules;
  const items = Math.min(Math.max(r.minItems ?? 1, 1), 10);
  if (r.fields?.length) return r.fields.map((f) => `- **${f}:** TODO`);
  if (r.checklist) return Array.from({ length: items }, () => '- [ ] TODO');
  if (r.minItems !== undefined || r.openQuestions || r.labels?.length || r.consequences)
    return Array.from({ length: items }, () => '- TODO');
  return ['TODO'];
}

/** Heading, the skeleton (its TODO as a tabstop), then the required subsections: the snippet form of sectionMarkdown(). */
function sectionBody(spec, stops) {
  let text = `${'#'.repeat(spec.level)} ${escapeSnippetText(spec.title)}\n`;
  const comment = guidanceComment(spec.guidance);
  if (comment) text += `\n${escapeSnippetText(comment)}\n`;
  for (const b of spec.boilerplate) text += `\n${escapeSnippetText(b)}\n`;
  const placeholders = placeholderLines(spec);
  if (placeholders.length) {
    text +=
      '\n' +
      placeholders
        .map((p) => `${escapeSnippetText(p.slice(0, p.lastIndexOf('TODO')))}\${${stops.take()}:TODO}\n`)
        .join('');
  }
  const children = spec.children.filter((c) => c.required);
  if (children.length) text += '\n' + children.map((c) => sectionBody(c, stops)).join('\n');
  return text;
}

function yamlScalar(value) {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'string')
    return value === '' || /[:#'"{}[\],&*!|>%@`]|^\s|\s$/.test(value) ? JSON.stringify(value) : value;
  return String(value);
}

/** Front matter lines: `type` and every required key, like newDocumentText(); the title is tabstop 1. */
function frontMatterBody(kind, stops) {
  const required = Array.isArray(kind.frontMatter.required) ? kind.frontMatter.required.map(String) : [];
  const props = kind.frontMatter.properties ?? {};
  const lines = ['---'];
  for (const key of new Set(['type', ...required])) {
    const prop = props[key] ?? {};
    if (key === 'type' && (!prop.enum || prop.enum.includes(kind.id)))
      lines.push(`type: ${escapeSnippetText(kind.id)}`);
    else if (key === 'title') lines.push('title: ${1:Title}');
    else if (prop.const !== undefined) lines.push(`${key}: ${escapeSnippetText(yamlScalar(prop.const))}`);
    else if (prop.default !== undefined)
      lines.push(`${key}: \${${stops.take()}:${escapeSnippetText(yamlScalar(prop.default))}}`);
    else if (prop.enum?.length)
      lines.push(`${key}: \${${stops.take()}|${prop.enum.map((v) => escapeChoice(yamlScalar(v))).join(',')}|}`);
    else {
      const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
      const value =
        type === 'array' ? [] : type === 'number' || type === 'integer' ? 0 : type === 'boolean' ? false : '';
      lines.push(`${key}: \${${stops.take()}:${escapeSnippetText(yamlScalar(value))}}`);
    }
  }
  lines.push('---');
  return lines.join('\n') + '\n';
}

/** The whole document: front matter, title, every required section with its skeleton (as newDocumentText()). */
function documentBody(kind) {
  const stops = new Tabstops();
  stops.take(); // 1 is the title
  const parts = [];
  if (kind.frontMatter) parts.push(frontMatterBody(kind, stops));
  if (kind.titleRequired) {
    // The first occurrence of $1 carries the default; later ones mirror it.
    const hasTitleInFrontMatter = parts.length > 0 && parts[0].includes('${1:Title}');
    const title = kind.titleTemplate
      .split(/\{\{\s*title\s*\}\}/)
      .map(escapeSnippetText)
      .join(hasTitleInFrontMatter ? '${1}' : '${1:Title}');
    parts.push(`# ${title}\n`);
  }
  for (const spec of kind.sections) if (spec.required) parts.push(sectionBody(spec, stops));
  return parts.join('\n');
}

function oneLine(text) {
  return text.replace(/\s+/g, ' ').trim();
}

function toLines(body) {
  return body.replace(/\n$/, '').split('\n');
}

function allSections(sections) {
  return sections.flatMap((s) => [s, ...allSections(s.children)]);
}

/** The snippets object (name → {prefix, description, body}) for `root`. */
export async function generateSnippets(root = defaultRoot) {
  const snippets = {};
  for (const kind of await loadKinds(root)) {
    snippets[`${kind.title}: whole document`] = {
      prefix: `sh-${kind.id}`,
      description: `A new ${kind.title} with front matter, title and every required section${kind.description ? ` — ${oneLine(kind.description)}` : ''}`,
      body: toLines(documentBody(kind)),
    };
    for (const spec of allSections(kind.sections)) {
      let name = `${kind.title}: ${spec.title}`;
      if (snippets[name]) name += ` (${spec.id})`; // two sections with one title under different parents
      snippets[name] = {
        prefix: `sh-${kind.id}-${spec.id}`,
        description: `${kind.title} section "${spec.title}"${spec.required ? '' : ' (optional)'}${spec.guidance ? ` — ${oneLine(spec.guidance)}` : ''}`,
        body: toLines(sectionBody(spec, new Tabstops())),
      };
    }
  }
  const extraFile = path.join(root, 'snippets', 'extra.yaml');
  const extra = fs.existsSync(extraFile) ? (parse(fs.readFileSync(extraFile, 'utf8')) ?? {}) : {};
  for (const [name, snippet] of Object.entries(extra)) {
    if (snippets[name]) throw new Error(`snippets/extra.yaml: "${name}" is also generated from a schema`);
    snippets[name] = { prefix: snippet.prefix, description: snippet.description, body: toLines(snippet.body) };
  }
  const byPrefix = new Map();
  for (const [name, snippet] of Object.entries(snippets)) {
    if (byPrefix.has(snippet.prefix))
      throw new Error(
        `snippet prefix ${snippet.prefix} is used by both "${byPrefix.get(snippet.prefix)}" and "${name}"`,
      );
    byPrefix.set(snippet.prefix, name);
  }
  return snippets;
}

/** The exact text of snippets/markdown.json. */
export async function generateSnippetsText(root = defaultRoot) {
  return JSON.stringify(await generateSnippets(root), null, 2) + '\n';
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const out = path.join(defaultRoot, 'snippets', 'markdown.json');
  const text = await generateSnippetsText();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error('snippets/markdown.json is out of date; run: node scripts/gen-snippets.mjs');
      process.exit(1);
    }
    console.log('snippets/markdown.json is up to date');
  } else {
    fs.writeFileSync(out, text);
    console.log(`wrote ${path.relative(process.cwd(), out)} (${Object.keys(JSON.parse(text)).length} snippets)`);
  }
}
