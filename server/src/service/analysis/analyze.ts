/**
 * One analysis of one document: parse, pick the kind, match sections, run
 * every enabled rule, apply configured severities. Pure: text in, data out.
 */
import { parseDocument, sliceLines, type DocSection, type ParsedDocument, type PreviousScan } from '../parse/document';
import { analyzeBody, countWords, type BodyContent, type BodyLink } from '../parse/content';
import { linksInLines, proseOfLines } from '../parse/inline';
import { readFrontMatter, frontMatterType, type FrontMatterInfo } from '../parse/frontmatter';
import type { DocumentKind, SectionSpec } from '../schema/types';
import type { SchemaRegistry } from '../schema/registry';
import type { Finding, SeveritySetting } from '../types';
import * as nodePath from 'node:path';
import { RULES, findRule, type Rule, type RuleContext, type WorkspaceHost } from '../rules';
import type { LinkedDocument } from '../rules/rule';
import { matchSections, type SectionMatching } from './matching';
import { linkTargetOf } from './link';
import { separateFromLoneCr } from '../edits';

export interface AnalyzeOptions {
  registry: SchemaRegistry;
  host: WorkspaceHost;
  /** Rule code or name → severity (configuration and settings, already merged). */
  severities?: Record<string, SeveritySetting>;
  associations?: Record<string, string>;
}

export interface AnalyzeInput {
  text: string;
  /** Absolute file path, if the document is saved somewhere. */
  path?: string;
  /** Path relative to the workspace root, forward slashes; used for glob matching. */
  relativePath?: string;
  /** Force a kind (CLI --schema, or a command's choice). */
  kindId?: string;
  /** The document's previous scan and the lines edited since: only the edited part is scanned again (the result is the same). */
  previous?: PreviousScan;
  /** Internal: analysing a linked document; its own links are not followed (no cycles, bounded work). */
  noLinks?: boolean;
}

export interface Analysis {
  doc: ParsedDocument;
  frontMatter: FrontMatterInfo;
  /** Undefined when no schema matches: such documents get no findings. */
  kind: DocumentKind | undefined;
  matching: SectionMatching | undefined;
  findings: Finding[];
  /** Why the document was not checked (binary), if it was not. */
  skipped: string | undefined;
  /** The rule context, kept so features (checklist, fixes) can reuse parsed bodies. */
  context: RuleContext | undefined;
}

/** Beyond these sizes the deep, per-section parse is replaced by a line-based reading (see parse/content.ts). */
export const HUGE_DOCUMENT_CHARS = 5_000_000;

export function analyzeDocument(input: AnalyzeInput, options: AnalyzeOptions): Analysis {
  const empty = (skipped?: string): Analysis => ({ doc: parseDocument(''), frontMatter: readFrontMatter(parseDocument('')), kind: undefined, matching: undefined, findings: [], skipped, context: undefined });
  if (input.text.includes('\u0000')) return empty('The file contains NUL bytes: it looks binary, so it was not checked.');

  const doc = parseDocument(input.text, input.previous);
  const frontMatter = readFrontMatter(doc);
  const kind = options.registry.match({
    override: input.kindId,
    relativePath: input.relativePath,
    frontMatterType: frontMatterType(frontMatter) ?? rawFrontMatterType(doc),
    associations: options.associations,
  });
  if (!kind) return { doc, frontMatter, kind: undefined, matching: undefined, findings: [], skipped: undefined, context: undefined };

  const matching = matchSections(doc, kind);
  const linkedLoader = (): LinkedDocument | undefined => {
    const target = input.noLinks ? undefined : linkTargetOf(kind, frontMatter.data, input.path);
    if (!target) return undefined;
    const { written, absolutePath } = target;
    const text = input.path && options.host.readFile && !target.isUrl ? options.host.readFile(absolutePath) : undefined;
    if (text === undefined) return { written, absolutePath, analysis: undefined };
    const relativePath = input.relativePath && input.path ? nodePath.posix.join(nodePath.posix.dirname(input.relativePath), written.trim()) : undefined;
    return { written, absolutePath, analysis: analyzeDocument({ text, path: absolutePath, relativePath, noLinks: true }, options) };
  };
  const context = createContext(doc, kind, matching, frontMatter, input.path, options.host, linkedLoader);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = severityOf(rule, options.severities);
    if (severity === 'off') continue;
    let produced;
    try {
      produced = rule.check(context);
    } catch (error) {
      // A rule bug must cost one finding, not the whole document or the server.
      produced = [{ message: `Internal error in rule ${rule.code} (${rule.name}): ${(error as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes: [] }];
    }
    for (const f of produced) findings.push({ code: rule.code, rule: rule.name, severity, ...f, fixes: f.fixes.map((fix) => ({ ...fix, edits: separateFromLoneCr(doc, fix.edits) })) });
  }
  if (input.text.length > HUGE_DOCUMENT_CHARS) {
    findings.push({
      code: 'SH000', rule: 'large-document', severity: 'information',
      message: `This document is larger than ${HUGE_DOCUMENT_CHARS / 1_000_000} MB: structure checks ran in full; content checks are bounded (very large sections are read line by line, very long lines are not scanned).`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, fixes: [],
    });
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return { doc, frontMatter, kind, matching, findings, skipped: undefined, context };
}

/** Configured severity: keys are rule codes or names, in any case (`sh014`, `Vague-Words`). */
/** When the YAML cannot be parsed, a plain `type: x` line still says what the document is (so SH011 can be reported). */
function rawFrontMatterType(doc: ParsedDocument): string | undefined {
  const fm = doc.frontMatter;
  let yaml = fm?.yaml;
  if (yaml === undefined && doc.unclosedFrontMatterLine !== undefined) {
    // Front matter that is never closed: its leading YAML-looking lines (up to a blank line) still name the type.
    const lines: string[] = [];
    for (let i = doc.unclosedFrontMatterLine + 1; i < doc.lines.length && doc.lines[i].trim() !== ''; i++) lines.push(doc.lines[i]);
    yaml = lines.join('\n');
  }
  if (yaml === undefined) return undefined;
  const m = /^type:\s*["']?([A-Za-z][\w-]*)["']?\s*$/m.exec(yaml);
  return m?.[1];
}

export function severityOf(rule: Rule, severities: Record<string, SeveritySetting> | undefined): SeveritySetting {
  if (!severities) return rule.defaultSeverity;
  const direct = severities[rule.code] ?? severities[rule.name];
  if (direct) return direct;
  for (const [key, value] of Object.entries(severities)) {
    const k = key.trim().toLowerCase();
    if (k === rule.code.toLowerCase() || k === rule.name) return value;
  }
  return rule.defaultSeverity;
}

/** Checks that configured rule keys exist; unknown keys are configuration errors worth telling the user about. */
export function unknownRuleKeys(severities: Record<string, SeveritySetting>): string[] {
  return Object.keys(severities).filter((k) => !findRule(k));
}

function createContext(doc: ParsedDocument, kind: DocumentKind, matching: SectionMatching, frontMatter: FrontMatterInfo, path: string | undefined, host: WorkspaceHost, loadLinked: () => LinkedDocument | undefined): RuleContext {
  let linked: { value: LinkedDocument | undefined } | undefined;
  const bodies = new Map<DocSection, BodyContent>();
  const bodyOf = (start: number, end: number): BodyContent => shift(analyzeBody(bodyText(doc, start, end)), start);
  const body = (section: DocSection): BodyContent => {
    let b = bodies.get(section);
    if (!b) {
      b = bodyOf(section.bodyStart, section.ownEnd);
      bodies.set(section, b);
    }
    return b;
  };
  let links: BodyLink[] | undefined;
  const proseCache = new Map<DocSection, { text: string; words: number }>();
  return {
    doc,
    kind,
    matching,
    frontMatter,
    path,
    host,
    body,
    links() {
      links ??= linksInLines(doc, doc.frontMatter ? doc.frontMatter.endLine + 1 : 0, doc.lines.length);
      return links;
    },
    prose(section) {
      let p = proseCache.get(section);
      if (!p) {
        const text = proseOfLines(doc, section.bodyStart, section.ownEnd);
        p = { text, words: countWords(text) };
        proseCache.set(section, p);
      }
      return p;
    },
    linked() {
      linked ??= { value: loadLinked() };
      return linked.value;
    },
    specFor(section: DocSection): SectionSpec | undefined {
      return matching.specOf.get(section) ?? matching.nearMisses.get(section);
    },
  };
}

/**
 * A section body as remark should read it: lines the scanner classifies as code, fences or HTML
 * comments are blanked (same line count, other lines and columns unchanged). The scanner decides
 * where sections begin and end, where fixes insert and which lines the line-based readers
 * (parse/inline.ts) see; the body parse must agree with it. remark follows list-item containers
 * and the scanner does not, so "- item" then "   ```" is a fence inside the item for remark (closed
 * when the item ends, after which a later "```" opens a new one) but a top-level fence for the
 * scanner. Without the blanking, lines the scanner calls code could hold list items for remark
 * (a fix that turned "TODO" into "- [ ] TODO" above such a fence exposed them to the next fix-all),
 * and a line a fix appended after the scanner's closing fence could be code for remark.
 */
function bodyText(doc: ParsedDocument, start: number, end: number): string {
  let masked = false;
  for (let i = start; i < end && !masked; i++) masked = isCodeOrComment(doc.lineKinds[i]);
  if (!masked) return sliceLines(doc, start, end);
  const lines: string[] = [];
  for (let i = start; i < end; i++) lines.push(isCodeOrComment(doc.lineKinds[i]) ? '' : doc.lines[i]);
  return lines.join('\n');
}

const isCodeOrComment = (kind: ParsedDocument['lineKinds'][number]): boolean => kind === 'fence' || kind === 'code' || kind === 'comment' || kind === 'html';

/** Cached bodies are relative to their first line; rules want document lines. */
function shift(content: BodyContent, by: number): BodyContent {
  if (by === 0) return content;
  return {
    ...content,
    listItems: content.listItems.map((i) => ({ ...i, line: i.line + by, endLine: i.endLine + by })),
    paragraphs: content.paragraphs.map((p) => ({ ...p, line: p.line + by, endLine: p.endLine + by })),
    links: content.links.map((l) => ({ ...l, line: l.line + by, endLine: l.endLine + by })),
  };
}
