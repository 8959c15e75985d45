/**
 * Inserting missing sections: where they go (after the previous present
 * sibling's whole content, in schema order) and what is inserted (heading at
 * the schema level plus the skeleton — guidance comment and a TODO
 * placeholder, never the schema's example — with required subsections).
 * Insert-only: never replaces a character of the user's text.
 */
import type { ParsedDocument } from '../parse/document';
import { scanDocument } from '../parse/scanner';
import type { DocumentKind, SectionSpec } from '../schema/types';
import type { Fix, TextEdit } from '../types';
import { headingFor, type SectionMatching } from '../analysis/matching';
import { skeletonLines } from './skeleton';

/** Body lines for a section taken from elsewhere (a handoff's linked spec) instead of its skeleton; undefined: use the skeleton. */
export type SectionBody = (spec: SectionSpec) => string[] | undefined;

/** The markdown for a section: heading, skeleton (or its boilerplate and `bodyOf`'s lines), then its required subsections (or all, for new documents). */
export function sectionMarkdown(spec: SectionSpec, eol: string, includeOptional = false, bodyOf?: SectionBody): string {
  if (bodyOf) return buildSectionMarkdown(spec, eol, includeOptional, bodyOf);
  // Without copied bodies the text depends on the section alone: every document missing it (SH001's fix, built
  // for each finding) gets the same skeleton, made once per section, line ending and depth.
  let bySpec = skeletonMarkdown.get(spec);
  if (!bySpec) {
    bySpec = new Map();
    skeletonMarkdown.set(spec, bySpec);
  }
  const key = includeOptional ? `${eol}+` : eol;
  let text = bySpec.get(key);
  if (text === undefined) {
    text = buildSectionMarkdown(spec, eol, includeOptional, undefined);
    bySpec.set(key, text);
  }
  return text;
}
/** `sectionMarkdown` without copied bodies, by section (a schema's sections live as long as the schema). */
const skeletonMarkdown = new WeakMap<SectionSpec, Map<string, string>>();

function buildSectionMarkdown(spec: SectionSpec, eol: string, includeOptional: boolean, bodyOf?: SectionBody): string {
  const parts: string[] = [`${'#'.repeat(spec.level)} ${spec.title}`];
  const body = bodyOf?.(spec);
  if (body?.length) {
    // Copied content (a handoff's criteria from its spec) still carries the section's required text first.
    for (const b of spec.boilerplate) parts.push(b.split('\n').join(eol));
    parts.push(body.join(eol));
  } else {
    const skeleton = skeletonLines(spec);
    if (skeleton.length) parts.push(skeleton.join(eol));
  }
  const children = spec.children.filter((c) => c.required || includeOptional);
  const own = parts.join(eol + eol) + eol;
  return children.length
    ? own + eol + children.map((c) => sectionMarkdown(c, eol, includeOptional, bodyOf)).join(eol)
    : own;
}

/**
 * The line before which a missing section goes (`lines.length` = end of the
 * document). Siblings in schema order decide; without any, the end of the
 * parent section (or of the document).
 */
export function insertionLine(
  doc: ParsedDocument,
  kind: DocumentKind,
  matching: SectionMatching,
  spec: SectionSpec,
): number {
  const siblings = spec.parentId ? kind.allSections.find((s) => s.id === spec.parentId)!.children : kind.sections;
  const index = siblings.indexOf(spec);
  for (let i = index - 1; i >= 0; i--) {
    const present = headingFor(matching, siblings[i].id);
    if (present) return outsideHtmlElements(doc, present.end, 'after');
  }
  for (let i = index + 1; i < siblings.length; i++) {
    const present = headingFor(matching, siblings[i].id);
    if (present) return outsideHtmlElements(doc, present.heading.line, 'before');
  }
  if (spec.parentId) {
    const parent = headingFor(matching, spec.parentId);
    if (parent) return outsideHtmlElements(doc, parent.end, 'after');
  }
  return doc.lines.length;
}

/**
 * HTML elements that stay open across blocks: `<details>` in one HTML block,
 * `</details>` in a later one, markdown between (GitHub renders that markdown
 * inside the element). Spans are [first line of the opening block, last line
 * of the closing block]; an element never closed runs to the end.
 */
export function openHtmlElementSpans(doc: ParsedDocument): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const open: string[] = [];
  let start = -1;
  for (const block of doc.blocks) {
    if (block.type !== 'html') continue;
    for (let i = block.start; i <= block.end; i++) {
      const line = doc.lines[i];
      if (!line.includes('<') || line.length > 20_000) continue;
      HTML_TAG.lastIndex = 0;
      for (let m = HTML_TAG.exec(line); m; m = HTML_TAG.exec(line)) {
        const name = m[2].toLowerCase();
        if (m[3] || VOID_ELEMENTS.has(name)) continue;
        if (!m[1]) {
          if (!open.length) start = block.start;
          open.push(name);
        } else {
          const at = open.lastIndexOf(name);
          if (at >= 0) open.length = at;
        }
      }
    }
    if (!open.length && start >= 0) {
      if (block.start > start) spans.push({ start, end: block.end });
      start = -1;
    }
  }
  if (open.length && start >= 0) spans.push({ start, end: doc.lines.length - 1 });
  return spans;
}

const HTML_TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Whether an indented heading line placed right after `block` (and a blank line) would no longer be a top-level heading. */
function swallowsIndentedHeading(block: string, headingLine: string): boolean {
  const probe = scanDocument(`${block}\n${headingLine}\n`);
  const last = probe.lines.length - 2;
  return !probe.headings.some((h) => h.line === last && !h.nested);
}

/** Never inside an element such as `<details>` … `</details>`: before its opening tag, or after its closing tag. */
function outsideHtmlElements(doc: ParsedDocument, line: number, side: 'before' | 'after'): number {
  if (!doc.blocks.some((b) => b.type === 'html')) return line;
  for (const span of openHtmlElementSpans(doc)) {
    // Inserting before `line` puts the text after line - 1: inside when span.start <= line - 1 < span.end.
    if (line - 1 >= span.start && line - 1 < span.end) return side === 'before' ? span.start : span.end + 1;
  }
  return line;
}

/**
 * When the file ends inside a code fence or HTML comment that is never closed,
 * anything appended at the end would be code (or hidden): this edit closes it
 * on a line of its own. Fixes that append at the end put it first; fix-all
 * dedupes the identical edits of several fixes into one.
 */
export function closeOpenBlockEdit(doc: ParsedDocument): TextEdit | undefined {
  if (!doc.openBlockCloser) return undefined;
  const last = doc.lines.length - 1;
  const at = { line: last, character: doc.lines[last].length };
  return {
    range: { start: at, end: at },
    newText: (doc.lines[last].trim() !== '' ? doc.eol : '') + doc.openBlockCloser + doc.eol,
  };
}

/** An insert edit that places `block` (ending in EOL) before `line`, with blank lines around it. At the end of a file with an open fence, it goes after `closeOpenBlockEdit` (see insertBlockEdits). */
export function insertBlockEdit(doc: ParsedDocument, line: number, block: string): TextEdit {
  const eol = doc.eol;
  const lines = doc.lines;
  if (line >= lines.length) {
    // At the end: after the last character of the file.
    const last = lines.length - 1;
    const lastText = lines[last];
    let prefix = '';
    if (doc.openBlockCloser)
      prefix = eol; // after the closing line: a blank line
    else if (lastText.trim() !== '')
      prefix = eol + eol; // end the last line, then a blank line
    else if (last > 0 && lines[last - 1].trim() !== '') prefix = eol; // the file ends with EOL: one more makes the blank line
    return {
      range: { start: { line: last, character: lastText.length }, end: { line: last, character: lastText.length } },
      newText: prefix + block,
    };
  }
  const before = line > 0 && lines[line - 1].trim() !== '' ? eol : '';
  let after = lines[line].trim() !== '' ? eol : '';
  if (
    /^[ \t]{1,3}#/.test(lines[line]) &&
    doc.lineKinds[line] === 'heading' &&
    swallowsIndentedHeading(block, lines[line])
  ) {
    // "   ## Next" after an inserted list would continue its last item (CommonMark): end the list first.
    after = eol + '<!-- -->' + eol + eol;
  }
  // A BOM stays the first character of the file: insert after it, not before it.
  const character = line === 0 && doc.hasBom ? 1 : 0;
  return { range: { start: { line, character }, end: { line, character } }, newText: before + block + after };
}

/** `insertBlockEdit`, preceded at the end of the file by the edit that closes a fence or comment left open there. */
export function insertBlockEdits(doc: ParsedDocument, line: number, block: string): TextEdit[] {
  const close = line >= doc.lines.length ? closeOpenBlockEdit(doc) : undefined;
  const edit = insertBlockEdit(doc, line, block);
  return close ? [close, edit] : [edit];
}

export function insertSectionFix(
  doc: ParsedDocument,
  kind: DocumentKind,
  matching: SectionMatching,
  requested: SectionSpec,
  bodyOf?: SectionBody,
): Fix {
  // A subsection cannot stand without its parent: insert the nearest absent ancestor (with its required children).
  let spec = requested;
  for (let parent = parentOf(kind, spec); parent && !headingFor(matching, parent.id); parent = parentOf(kind, parent))
    spec = parent;
  const line = insertionLine(doc, kind, matching, spec);
  return {
    title: `Insert section "${spec.title}"`,
    kind: 'insert',
    isPreferred: true,
    edits: insertBlockEdits(doc, line, sectionMarkdown(spec, doc.eol, false, bodyOf)),
  };
}

/** One fix that inserts every missing required section, each at its place, in schema order. */
export function insertAllMissingFix(
  doc: ParsedDocument,
  kind: DocumentKind,
  matching: SectionMatching,
  bodyOf?: SectionBody,
): Fix | undefined {
  if (!matching.missing.length) return undefined;
  const byLine = new Map<number, string[]>();
  for (const spec of matching.missing) {
    const line = insertionLine(doc, kind, matching, spec);
    const blocks = byLine.get(line) ?? [];
    blocks.push(sectionMarkdown(spec, doc.eol, false, bodyOf));
    byLine.set(line, blocks);
  }
  const edits = [...byLine.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([line, blocks]) => insertBlockEdits(doc, line, blocks.join(doc.eol)));
  return {
    title: `Insert all ${matching.missing.length} missing section${matching.missing.length === 1 ? '' : 's'}`,
    kind: 'insert',
    isPreferred: false,
    edits,
  };
}

function parentOf(kind: DocumentKind, spec: SectionSpec): SectionSpec | undefined {
  return spec.parentId ? kind.allSections.find((s) => s.id === spec.parentId) : undefined;
}
