/**
 * One analysis of one document: parse, pick the kind, match sections, run
 * every enabled rule, apply configured severities. Pure: text in, data out.
 */
import { parseDocument, sliceLines, type DocSection, type ParsedDocument } from './parse/document';
import { analyzeBody, countWords, type BodyContent, type BodyLink } from './parse/content';
import { linksInLines, proseOfLines } from './parse/inline';
import { readFrontMatter, frontMatterType, type FrontMatterInfo } from './parse/frontmatter';
import type { DocumentKind, SectionSpec } from './schema/types';
import type { SchemaRegistry } from './schema/registry';
import type { Finding, Severity, SeveritySetting } from './types';
import * as nodePath from 'node:path';
import { RULES, type Rule, type RuleFinding } from './rules';
import type { Analysis, AnalyzeInput, LinkedDocument, RuleContext, WorkspaceHost } from './analysis/context';
import { matchSections, type SectionMatching } from './analysis/matching';
import { linkTargetOf } from './analysis/link';
import { separateFromLoneCr } from './edits';
import { MAX_FINDINGS_PER_DOCUMENT, MAX_FINDINGS_PER_RULE } from './limits';
import { applySuppressions } from './suppressions';

export interface AnalyzeOptions {
  registry: SchemaRegistry;
  host: WorkspaceHost;
  /** Rule code or name → severity (configuration and settings, already merged). */
  severities?: Record<string, SeveritySetting>;
  associations?: Record<string, string>;
  /** Report suppression comments that silence nothing (and unknown rule names in them) at this severity. */
  reportUnusedDisable?: Severity;
  /** Today's date, YYYY-MM-DD (injected so date rules are testable); default the current UTC date. */
  today?: () => string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The last date `utcToday` made, and the UTC day it stands for (ms since the epoch): its start and end. */
let todayText = '';
let todayStart = 0;
let todayEnd = 0;

/**
 * The current UTC date as YYYY-MM-DD (`now`: ms since the epoch). Made once per UTC day, not per analysis: a
 * `Date` and its ISO string per document were 0.5 % of a corpus run (issue 20). A clock set back is followed.
 */
export function utcToday(now: number = Date.now()): string {
  if (now < todayStart || now >= todayEnd) {
    todayStart = Math.floor(now / DAY_MS) * DAY_MS;
    todayEnd = todayStart + DAY_MS;
    todayText = new Date(todayStart).toISOString().slice(0, 10);
  }
  return todayText;
}

/** Beyond these sizes the deep, per-section parse is replaced by a line-based reading (see parse/content.ts). */
export const HUGE_DOCUMENT_CHARS = 5_000_000;

export function analyzeDocument(input: AnalyzeInput, options: AnalyzeOptions): Analysis {
  const empty = (skipped?: string): Analysis => ({
    doc: parseDocument(''),
    frontMatter: readFrontMatter(parseDocument('')),
    kind: undefined,
    matching: undefined,
    findings: [],
    suppressed: [],
    skipped,
    context: undefined,
  });
  if (input.text.includes('\u0000'))
    return empty('The file contains NUL bytes: it looks binary, so it was not checked.');

  const doc = parseDocument(input.text, input.previous);
  const frontMatter = readFrontMatter(doc);
  const kind = options.registry.match({
    override: input.kindId,
    relativePath: input.relativePath,
    frontMatterType: frontMatterType(frontMatter) ?? rawFrontMatterType(doc),
    associations: options.associations,
  });
  if (!kind)
    return {
      doc,
      frontMatter,
      kind: undefined,
      matching: undefined,
      findings: [],
      suppressed: [],
      skipped: undefined,
      context: undefined,
    };

  const matching = matchSections(doc, kind, frontMatter.data);
  const linkedLoader = (): LinkedDocument | undefined => {
    const target = input.noLinks ? undefined : linkTargetOf(kind, frontMatter.data, input.path);
    if (!target) return undefined;
    const { written, absolutePath } = target;
    // Outside the workspace: never read (a `spec: ../../etc/shadow` must not leak a byte, or whether it exists).
    if (!target.isUrl && options.host.contains && !options.host.contains(absolutePath))
      return { written, absolutePath, analysis: undefined, outside: true };
    const text = input.path && options.host.readFile && !target.isUrl ? options.host.readFile(absolutePath) : undefined;
    if (text === undefined) return { written, absolutePath, analysis: undefined };
    const relativePath =
      input.relativePath && input.path
        ? nodePath.posix.join(nodePath.posix.dirname(input.relativePath), written.trim())
        : undefined;
    return {
      written,
      absolutePath,
      analysis: analyzeDocument({ text, path: absolutePath, relativePath, noLinks: true }, options),
    };
  };
  const context = createContext(
    doc,
    kind,
    matching,
    frontMatter,
    input.path,
    options.host,
    linkedLoader,
    options.today ? options.today() : utcToday(),
  );
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = severityOf(rule, options.severities);
    if (severity === 'off') continue;
    let produced: RuleFinding[];
    try {
      produced = rule.check(context);
    } catch (error) {
      // A rule bug must cost one finding, not the whole document or the server.
      produced = [
        {
          message: `Internal error in rule ${rule.code} (${rule.name}): ${(error as Error).message}`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          fixes: [],
        },
      ];
    }
    // Bounded: a document with a TODO on each of a million lines gets the first ones and one "N more".
    const shown = produced.length > MAX_FINDINGS_PER_RULE ? produced.slice(0, MAX_FINDINGS_PER_RULE) : produced;
    for (const f of shown)
      findings.push({
        code: rule.code,
        rule: rule.name,
        severity,
        ...f,
        fixes: f.fixes.map((fix) => ({ ...fix, edits: separateFromLoneCr(doc, fix.edits) })),
      });
    if (produced.length > shown.length) {
      const last = shown[shown.length - 1].range.start;
      findings.push({
        code: rule.code,
        rule: rule.name,
        severity,
        message: `${produced.length - shown.length} more ${rule.code} (${rule.name}) findings in this document are not listed (at most ${MAX_FINDINGS_PER_RULE} per rule); fix these first.`,
        range: { start: last, end: last },
        fixes: [],
      });
    }
  }
  if (input.text.length > HUGE_DOCUMENT_CHARS) {
    findings.push({
      code: 'SH000',
      rule: 'large-document',
      severity: 'information',
      message: `This document is larger than ${HUGE_DOCUMENT_CHARS / 1_000_000} MB: structure checks ran in full; content checks are bounded (very large sections are read line by line, very long lines are not scanned).`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      fixes: [],
    });
  }
  // Inline suppression comments (suppressions.ts) are applied here, once, for every front end.
  const { kept, suppressed, unused } = applySuppressions(
    doc,
    findings,
    input.noLinks ? undefined : options.reportUnusedDisable,
  );
  kept.push(...unused);
  kept.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      // Codes are "SH" and three digits: code-unit order is their order, without localeCompare's collation.
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  if (kept.length > MAX_FINDINGS_PER_DOCUMENT) {
    const rest = kept.splice(MAX_FINDINGS_PER_DOCUMENT);
    const at = kept[kept.length - 1].range.start;
    const errors = rest.filter((f) => f.severity === 'error').length;
    kept.push({
      code: 'SH000',
      rule: 'large-document',
      severity: errors ? 'error' : 'warning',
      message: `${rest.length} more findings in this document are not listed (at most ${MAX_FINDINGS_PER_DOCUMENT} per document${errors ? `; ${errors} of them errors` : ''}); fix the ones above first.`,
      range: { start: at, end: at },
      fixes: [],
    });
  }
  return { doc, frontMatter, kind, matching, findings: kept, suppressed, skipped: undefined, context };
}

/** When the YAML cannot be parsed, a plain `type: x` line still says what the document is (so SH011 can be reported). */
function rawFrontMatterType(doc: ParsedDocument): string | undefined {
  const fm = doc.frontMatter;
  let yaml = fm?.yaml;
  if (yaml === undefined && doc.unclosedFrontMatterLine !== undefined) {
    // Front matter that is never closed: its leading YAML-looking lines (up to a blank line) still name the type.
    const lines: string[] = [];
    for (let i = doc.unclosedFrontMatterLine + 1; i < doc.lines.length && doc.lines[i].trim() !== ''; i++)
      lines.push(doc.lines[i]);
    yaml = lines.join('\n');
  }
  if (yaml === undefined) return undefined;
  const m = /^type:\s*["']?([A-Za-z][\w-]*)["']?\s*$/m.exec(yaml);
  return m?.[1];
}

/**
 * Configured severity: keys are rule codes or names, in any case (`sh014`, `Vague-Words`). Remembered per
 * severities object and rule (a configuration is not changed once loaded; new settings are new objects):
 * a rule the configuration does not name made every document walk all its keys (issue 20: 30 ms of the
 * corpus with the SH001-only configuration).
 */
export function severityOf(rule: Rule, severities: Record<string, SeveritySetting> | undefined): SeveritySetting {
  if (!severities) return rule.defaultSeverity;
  let known = knownSeverities.get(severities);
  if (!known) {
    known = new Map();
    knownSeverities.set(severities, known);
  }
  let severity = known.get(rule);
  if (severity === undefined) {
    severity = lookUpSeverity(rule, severities);
    known.set(rule, severity);
  }
  return severity;
}
const knownSeverities = new WeakMap<Record<string, SeveritySetting>, Map<Rule, SeveritySetting>>();

function lookUpSeverity(rule: Rule, severities: Record<string, SeveritySetting>): SeveritySetting {
  const direct = severities[rule.code] ?? severities[rule.name];
  if (direct) return direct;
  for (const [key, value] of Object.entries(severities)) {
    const k = key.trim().toLowerCase();
    if (k === rule.code.toLowerCase() || k === rule.name) return value;
  }
  return rule.defaultSeverity;
}

function createContext(
  doc: ParsedDocument,
  kind: DocumentKind,
  matching: SectionMatching,
  frontMatter: FrontMatterInfo,
  path: string | undefined,
  host: WorkspaceHost,
  loadLinked: () => LinkedDocument | undefined,
  today: string,
): RuleContext {
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
    today,
    body,
    localLinks() {
      links ??= linksInLines(doc, doc.frontMatter ? doc.frontMatter.endLine + 1 : 0, doc.lines.length, true);
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

const isCodeOrComment = (kind: ParsedDocument['lineKinds'][number]): boolean =>
  kind === 'fence' || kind === 'code' || kind === 'comment' || kind === 'html';

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
