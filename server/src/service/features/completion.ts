/**
 * Completion, transport-free: plain items the handler layer turns into LSP
 * completion items.
 *
 * - At the start of a line that begins with `#`s (outside code): every
 *   schema section the document still lacks (required and optional), in
 *   schema order, inserting the heading at the schema's level, the skeleton
 *   and the required subsections (the same text as the quick fix). A
 *   subsection only inside its parent section.
 * - Inside the front matter: keys of the kind's front matter JSON Schema not
 *   yet present; after `key: `, the key's enum/const/boolean values. In a
 *   document no kind matches yet, `type: ` offers every kind's type values.
 */
import type { Analysis } from '../analysis/context';
import type { DocumentKind, SectionSpec } from '../schema/types';
import type { Position, Range } from '../types';
import { sectionMarkdown } from '../fixes/insert-section';

export type CompletionEntryKind = 'section' | 'frontMatterKey' | 'frontMatterValue';

export interface CompletionEntry {
  label: string;
  kind: CompletionEntryKind;
  /** One line shown next to the label (e.g. "required section"). */
  detail?: string;
  /** Markdown (the section's guidance, the key's description). */
  documentation?: string;
  /** The text that replaces `range`; snippet syntax when `isSnippet`. */
  insertText: string;
  isSnippet: boolean;
  /** The same insert as plain text (no tab stops, no escapes), for editors that cannot take snippets. */
  plainText: string;
  /** Keeps the schema order in the list. */
  sortText: string;
  /** What the typed text is filtered against (includes the typed `#`s for headings). */
  filterText?: string;
  /** The text replaced (on the cursor's line, ending at the cursor). */
  range: Range;
}

export interface CompletionOptions {
  /** Every known kind; used for `type:` values when the document matches no kind yet. */
  kinds?: readonly DocumentKind[];
}

/** Escapes text for LSP/TextMate snippet syntax: `\`, `$` and `}`. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** Escapes a choice value for `${1|a,b|}`: also `,` and `|`. */
function escapeChoice(text: string): string {
  return text.replace(/[\\$},|]/g, (c) => '\\' + c);
}

export function completions(
  analysis: Analysis,
  position: Position,
  options: CompletionOptions = {},
): CompletionEntry[] {
  const { doc } = analysis;
  const line = position.line;
  if (line < 0 || line >= doc.lines.length) return [];
  const lineText = doc.lines[line];
  const prefix = lineText.slice(0, Math.min(position.character, lineText.length));

  const fm = frontMatterLines(analysis);
  if (fm && line > fm.start && line < fm.end) return frontMatterCompletions(analysis, fm, line, prefix, options);

  if (!analysis.kind || !analysis.matching) return [];
  const lineKind = doc.lineKinds[line];
  if (lineKind !== 'heading' && lineKind !== 'text') return [];
  const typed = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/.exec(prefix);
  if (!typed) return [];
  return headingCompletions(analysis, line, typed[1], prefix);
}

function headingCompletions(analysis: Analysis, line: number, hashes: string, prefix: string): CompletionEntry[] {
  const { kind, matching, doc } = analysis;
  if (!kind || !matching) return [];
  // The heading being typed on this line does not count as present: "## Sum" must still offer "Summary".
  const present = new Set<string>();
  for (const [id, sections] of matching.bySpec) if (sections.some((s) => s.heading.line !== line)) present.add(id);
  for (const [section, spec] of matching.nearMisses) if (section.heading.line !== line) present.add(spec.id);

  // A subsection is offered only inside its parent: the sections this line lies in (or ends, being a heading typed
  // right after them). "### In scope" belongs under Scope, never under Acceptance criteria.
  const around = new Set<string>();
  for (const section of doc.sections) {
    if (section.heading.line >= line || line > section.end) continue;
    const spec = matching.specOf.get(section) ?? matching.nearMisses.get(section);
    if (spec) around.add(spec.id);
  }
  const range: Range = { start: { line, character: 0 }, end: { line, character: prefix.length } };
  const entries: CompletionEntry[] = [];
  kind.allSections.forEach((spec, index) => {
    if (present.has(spec.id)) return;
    if (spec.parentId && !around.has(spec.parentId)) return;
    const heading = `${'#'.repeat(spec.level)} ${spec.title}`;
    const markdown = sectionMarkdown(spec, doc.eol).replace(/(\r?\n)+$/, '');
    entries.push({
      label: heading,
      kind: 'section',
      detail: `${spec.required ? 'Required' : 'Optional'} section of ${kind.title}${parentTitle(kind, spec)}`,
      documentation: spec.guidance || undefined,
      insertText: escapeSnippet(markdown) + '$0',
      isSnippet: true,
      plainText: markdown,
      sortText: String(index).padStart(4, '0'),
      filterText: `${hashes} ${spec.title}`,
      range,
    });
  });
  return entries;
}

function parentTitle(kind: DocumentKind, spec: SectionSpec): string {
  if (!spec.parentId) return '';
  const parent = kind.allSections.find((s) => s.id === spec.parentId);
  return parent ? ` (under "${parent.title}")` : '';
}

interface FrontMatterLines {
  /** Line of the opening `---`. */
  start: number;
  /** Line of the closing fence, or the document's line count when it is not closed yet. */
  end: number;
}

export function frontMatterLines(analysis: Analysis): FrontMatterLines | undefined {
  const { doc } = analysis;
  if (doc.frontMatter) return { start: doc.frontMatter.startLine, end: doc.frontMatter.endLine };
  if (doc.unclosedFrontMatterLine !== undefined) return { start: doc.unclosedFrontMatterLine, end: doc.lines.length };
  return undefined;
}

interface PropertySchema {
  description?: string;
  enum?: unknown[];
  const?: unknown;
  type?: string | string[];
}

export function frontMatterProperties(kind: DocumentKind | undefined): Record<string, PropertySchema> {
  const p = (kind?.frontMatter as { properties?: unknown } | undefined)?.properties;
  return p && typeof p === 'object' ? (p as Record<string, PropertySchema>) : {};
}

const KEY_LINE = /^([A-Za-z_][\w-]*)[ \t]*:/;

function frontMatterCompletions(
  analysis: Analysis,
  fm: FrontMatterLines,
  line: number,
  prefix: string,
  options: CompletionOptions,
): CompletionEntry[] {
  const { doc, kind } = analysis;
  const valueMatch = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$/.exec(prefix);
  if (valueMatch) {
    const key = valueMatch[1];
    const typedValue = valueMatch[2];
    const range: Range = {
      start: { line, character: prefix.length - typedValue.length },
      end: { line, character: prefix.length },
    };
    // Right after the colon (the `:` trigger character), the value needs its space.
    const space = typedValue === '' && !/\s$/.test(prefix) ? ' ' : '';
    return valueCompletions(kind, key, options).map((value, index) => ({
      label: value,
      kind: 'frontMatterValue' as const,
      detail: `${key} value`,
      insertText: space + value,
      plainText: space + value,
      filterText: space ? space + value : undefined,
      isSnippet: false,
      sortText: String(index).padStart(4, '0'),
      range,
    }));
  }
  const keyMatch = /^([A-Za-z_][\w-]*)?$/.exec(prefix);
  if (!keyMatch) return [];
  const present = new Set<string>();
  for (let l = fm.start + 1; l < fm.end; l++) {
    if (l === line) continue;
    const m = KEY_LINE.exec(doc.lines[l]);
    if (m) present.add(m[1]);
  }
  const props = kind ? frontMatterProperties(kind) : { type: {} as PropertySchema };
  const required = new Set(
    ((kind?.frontMatter as { required?: unknown } | undefined)?.required as string[] | undefined) ?? ['type'],
  );
  const range: Range = { start: { line, character: 0 }, end: { line, character: prefix.length } };
  const entries: CompletionEntry[] = [];
  Object.keys(props).forEach((key, index) => {
    if (present.has(key)) return;
    const values = valueCompletions(kind, key, options);
    const snippet =
      values.length > 1
        ? `${key}: \${1|${values.map(escapeChoice).join(',')}|}`
        : values.length === 1
          ? `${key}: ${escapeSnippet(values[0])}`
          : `${key}: $0`;
    entries.push({
      label: key,
      kind: 'frontMatterKey',
      detail: required.has(key) ? 'required' : 'optional',
      documentation: props[key].description,
      insertText: snippet,
      isSnippet: true,
      // Without snippets there is no choice to offer: one value is written, several are left to the value completion after `:`.
      plainText: values.length === 1 ? `${key}: ${values[0]}` : `${key}: `,
      sortText: `${required.has(key) ? 0 : 1}${String(index).padStart(4, '0')}`,
      range,
    });
  });
  return entries;
}

function valueCompletions(kind: DocumentKind | undefined, key: string, options: CompletionOptions): string[] {
  if (!kind) {
    if (key !== 'type') return [];
    const types = new Set<string>();
    for (const k of options.kinds ?? []) for (const t of k.match.frontMatterType) types.add(t);
    return [...types];
  }
  const prop = frontMatterProperties(kind)[key];
  if (!prop) return key === 'type' ? kind.match.frontMatterType.slice(0, 1) : [];
  if (prop.const !== undefined) return [String(prop.const)];
  if (Array.isArray(prop.enum)) return prop.enum.map(String);
  const types = Array.isArray(prop.type) ? prop.type : [prop.type];
  if (types.includes('boolean')) return ['true', 'false'];
  return [];
}
