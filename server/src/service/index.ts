/**
 * The language service: the one API the language server, the CLI and the
 * tests call, and the only module of the service they import. Transport-free:
 * it knows neither LSP nor VS Code, and does no I/O of its own (other files
 * are reached through the injected host).
 */
import * as nodePath from 'node:path';
import { analyzeDocument } from './analyze';
import type { Analysis, AnalyzeInput, WorkspaceHost } from './analysis/context';
import { criteriaOf, type Criterion } from './analysis/criteria';
import { headingFor } from './analysis/matching';
import type { SchemaRegistry } from './schema/registry';
import type { DocumentKind } from './schema/types';
import { configWarnings, severitiesFor, type ConfigWarning, type SpecHandoffConfig } from './config';
import type { Finding, Fix, Position, Severity, TextEdit } from './types';
import { disableFixes } from './features/disable-fixes';
import { allMissingSectionsFix, missingSectionFix } from './fixes/missing-sections';
import { appendLinesEdits } from './fixes/append';
import { nonOverlapping, rejoinLoneCr, separateFromLoneCr } from './edits';
import { buildChecklist, type Checklist } from './features/checklist';
import { codeLenses, type SummaryLens } from './features/code-lens';
import { completions, type CompletionEntry } from './features/completion';
import { hover, type HoverResult } from './features/hover';
import { documentSymbols, type OutlineSymbol } from './features/symbols';
import { newDocumentText } from './templates';
import { generateFromLinked } from './features/handoff';
import { decisionRecord, type DecisionRecord } from './features/decisions';
import { reviewAnchors, type ReviewAnchor } from './features/review-anchors';
import { linkedFileName, newDocumentFileName } from './features/file-names';
import { agentCheckText, agentMissingText } from './features/agent-tools';
import { InsertionTracker } from './fixes/insertions';
import type { SectionSpec } from './schema/types';
import type { DocSection } from './parse/document';

export interface LanguageServiceOptions {
  registry: SchemaRegistry;
  host: WorkspaceHost;
  config: SpecHandoffConfig;
  /** Today's date, YYYY-MM-DD; default the current UTC date (tests inject a fixed one). */
  today?: () => string;
  /** Report suppression comments that silence nothing (`check --report-unused-disable`) at this severity. */
  reportUnusedDisable?: Severity;
}

/** A document generated from a source (a handoff from its spec), planned but not written: the front end checks the target and writes it. */
export interface GeneratedDocument {
  kind: DocumentKind;
  /** Absolute path of the new file: the one asked for, else beside the source (`export.spec.md` → `export.handoff.md`). */
  targetPath: string;
  /** The source's path relative to the new file's folder, forward slashes (what `spec:` says). */
  link: string;
  text: string;
}

/** Why a document cannot be generated, with a next step when there is one. */
export interface GenerateRefusal {
  error: string;
  hint?: string;
}

export interface GenerateOptions {
  /** The kind to generate; default: the kind whose schema traces to the source's kind (the handoff for a spec). */
  kindId?: string;
  /** Absolute path of the new file; default beside the source. */
  targetPath?: string;
  /** How to name the source in messages (a path relative to the workspace); default its file name. */
  shownPath?: string;
  /**
   * The decision records and answered questions of the workspace (`decisionRecord` of each document; the front end
   * gathers them: the CLI walks the folder, the server reads its index). Those whose front matter `spec:` resolves
   * to the source are listed under the generated document's decisions section.
   */
  decisions?: { path: string; record: DecisionRecord }[];
}

/** Sections inserted into a document's text: insert-only edits against the text analysed, and what was or was not inserted. */
export interface SectionInsertion {
  /** Pure inserts into the input text (empty when nothing was inserted). */
  edits: TextEdit[];
  /** The text with the sections inserted. */
  text: string;
  /** Titles of the sections inserted, in the order asked (a parent inserted for a child counts as the child's). */
  inserted: string[];
  /** Why some asked-for sections were not inserted (unknown id, already present). */
  notInserted: string[];
}

export class LanguageService {
  constructor(private options: LanguageServiceOptions) {}

  get registry(): SchemaRegistry {
    return this.options.registry;
  }

  get config(): SpecHandoffConfig {
    return this.options.config;
  }

  get reportUnusedDisable(): Severity | undefined {
    return this.options.reportUnusedDisable;
  }

  /** Swaps schemas/configuration (after a reload); analyses made before keep their own kind objects. */
  update(options: Partial<LanguageServiceOptions>): void {
    this.options = { ...this.options, ...options };
  }

  analyze(input: AnalyzeInput): Analysis {
    return analyzeDocument(input, {
      registry: this.options.registry,
      host: this.options.host,
      severities: severitiesFor(this.options.config, input.relativePath),
      associations: this.options.config.associations,
      today: this.options.today,
      reportUnusedDisable: this.options.reportUnusedDisable,
    });
  }

  /**
   * Quick fixes that silence one finding with an inserted comment: for its
   * line (`disable-next-line`, above the line, same indentation) and for the
   * file (`disable-file`, appended at the end). Not preferred: never applied
   * by fix-all. No line fix inside front matter or code.
   */
  disableFixes(analysis: Analysis, finding: Finding): Fix[] {
    return disableFixes(analysis.doc, finding);
  }

  /** Inserts one missing section by id (the sidebar's Insert): the same text as the SH001 quick fix, prefilled from a linked spec. */
  insertSection(analysis: Analysis, sectionId: string): Fix | undefined {
    if (!analysis.kind || !analysis.matching || !analysis.context) return undefined;
    const spec = analysis.kind.allSections.find((s) => s.id === sectionId);
    if (!spec || headingFor(analysis.matching, spec.id)) return undefined;
    const fix = missingSectionFix(analysis.context, spec);
    return { ...fix, edits: separateFromLoneCr(analysis.doc, fix.edits) };
  }

  /** "Insert all missing sections" for an analysis, if anything is missing. */
  insertAllMissing(analysis: Analysis): Fix | undefined {
    if (!analysis.context) return undefined;
    const fix = allMissingSectionsFix(analysis.context);
    return fix && { ...fix, edits: separateFromLoneCr(analysis.doc, fix.edits) };
  }

  /**
   * Inserts sections into a document's text (the agents' insert tool): the
   * ids given, one after another (each at its schema place, prefilled as the
   * SH001 fix does), else every missing required section. The result is only
   * inserts into `input.text`. Undefined when the document matches no kind.
   */
  insertSections(input: AnalyzeInput, sectionIds?: readonly string[]): SectionInsertion | undefined {
    let analysis = this.analyze(input);
    const kind = analysis.kind;
    if (!kind || analysis.skipped || !analysis.matching) return undefined;
    const tracker = new InsertionTracker(input.text);
    const inserted: string[] = [];
    const notInserted: string[] = [];
    if (sectionIds === undefined) {
      const fix = this.insertAllMissing(analysis);
      if (fix && tracker.apply(fix.edits)) inserted.push(...analysis.matching.missing.map((s) => s.title));
    } else {
      for (const id of sectionIds) {
        const spec = kind.allSections.find((s) => s.id === id);
        if (!spec) {
          notInserted.push(
            `"${id}" is not a section of the ${kind.title.toLowerCase()} schema (its ids: ${kind.allSections.map((s) => s.id).join(', ')}).`,
          );
          continue;
        }
        const fix = this.insertSection(analysis, id);
        if (!fix) {
          notInserted.push(`"${spec.title}" is already there.`);
          continue;
        }
        if (!tracker.apply(fix.edits)) {
          notInserted.push(`"${spec.title}" could not be inserted without changing existing text.`);
          continue;
        }
        inserted.push(spec.title);
        analysis = this.analyze({ ...input, text: tracker.text, previous: undefined });
      }
    }
    return { edits: tracker.edits(), text: tracker.text, inserted, notInserted };
  }

  /** The check tool's answer for agents: readiness verdict, failing checks and findings as compact text, bounded in size. */
  agentCheckText(analysis: Analysis, shownPath: string): string {
    return agentCheckText(analysis, this.checklist(analysis), shownPath);
  }

  /** The missing-sections tool's answer for agents: each missing section with its id and guidance, bounded in size. */
  agentMissingText(analysis: Analysis, shownPath: string): string {
    return agentMissingText(analysis, this.checklist(analysis), shownPath);
  }

  /**
   * Every preferred fix at once (fix all / on save / CLI --fix): all missing
   * sections, then each finding's preferred fix, skipping any that would
   * overlap an edit already taken.
   */
  fixAllEdits(analysis: Analysis): TextEdit[] {
    return this.fixAll(analysis).edits;
  }

  /**
   * `fixAllEdits` and how many findings they fix: each missing section
   * inserted by "insert all", plus each other finding whose preferred fix
   * was taken whole (not dropped for overlapping an earlier one). Counted
   * before inserts at one point are joined, so joining cannot hide a fix.
   */
  fixAll(analysis: Analysis): { edits: TextEdit[]; fixed: number } {
    const groups: { edits: TextEdit[]; count: number }[] = [];
    const preferred = (codes: (code: string) => boolean) => {
      for (const finding of analysis.findings) {
        if (!codes(finding.code)) continue;
        const fix = finding.fixes.find((f) => f.isPreferred);
        if (fix && fix.edits.length) groups.push({ edits: rejoinLoneCr(fix.edits), count: 1 });
      }
    };
    // Inserts at the same spot apply in order: front matter and the title go before any section.
    preferred((code) => DOCUMENT_HEAD_RULES.has(code));
    // Lines appended to an existing section come before sections inserted at the same point
    // (the end of the file, when that section is last), or they would land in the new sections.
    preferred((code) => code !== 'SH001' && !DOCUMENT_HEAD_RULES.has(code)); // SH001 is covered by insert-all
    // Only when SH001 is enabled: turning the rule off means "do not insert sections for me".
    // A section whose SH001 finding is suppressed is not inserted: then each reported one is inserted on its own.
    const someSuppressed = analysis.suppressed.some((f) => f.code === 'SH001');
    if (someSuppressed) preferred((code) => code === 'SH001');
    const all =
      !someSuppressed && analysis.findings.some((f) => f.code === 'SH001')
        ? this.insertAllMissing(analysis)
        : undefined;
    if (all) groups.push({ edits: rejoinLoneCr(all.edits), count: analysis.matching?.missing.length ?? 0 });
    const kept = nonOverlapping(dedupe(groups.flatMap((g) => g.edits)), analysis.doc.text);
    const keys = new Set(kept.map((e) => JSON.stringify(e)));
    const fixed = groups.reduce((n, g) => (g.edits.every((e) => keys.has(JSON.stringify(e))) ? n + g.count : n), 0);
    const joined = joinInsertsAtSamePoint(kept, analysis.doc.eol);
    return { edits: separateFromLoneCr(analysis.doc, joined), fixed };
  }

  /**
   * "Insert example": the schema's worked example for the section at `line`
   * (the innermost matched section whose heading or own body holds the line),
   * appended to that section's own body. An explicit action only — never part
   * of fix-all, `--fix` or any quick fix — and the text it adds is reported
   * (SH002, example text left in) until the writer replaces it.
   */
  insertExample(analysis: Analysis, line: number): Fix | undefined {
    const { doc, context } = analysis;
    if (!context) return undefined;
    const section = [...doc.sections]
      .reverse()
      .find((s) => s.heading.line <= line && line < Math.max(s.ownEnd, s.heading.lastLine + 1));
    const spec = section && context.specFor(section);
    if (!section || !spec?.example) return undefined;
    return {
      title: `Insert the schema's example for "${spec.title}" (to be replaced)`,
      kind: 'insert',
      isPreferred: false,
      edits: separateFromLoneCr(doc, appendLinesEdits(doc, section, spec.example.split(/\r?\n/))),
    };
  }

  /**
   * The heading that stands for each present schema section (exact match
   * first, else a near miss or the section's own name at the wrong place),
   * in schema order: what "present" means for the checklist and SH001.
   */
  presentSections(analysis: Analysis): { spec: SectionSpec; heading: DocSection }[] {
    const { kind, matching } = analysis;
    if (!kind || !matching) return [];
    const out: { spec: SectionSpec; heading: DocSection }[] = [];
    for (const spec of kind.allSections) {
      const heading = headingFor(matching, spec.id);
      if (heading) out.push({ spec, heading });
    }
    return out;
  }

  checklist(analysis: Analysis): Checklist | undefined {
    return buildChecklist(analysis);
  }

  /** The kind generated from documents of `sourceKindId` (its schema's `trace` names that kind): the handoff for a spec. */
  generatedKindFor(sourceKindId: string | undefined): DocumentKind | undefined {
    return sourceKindId === undefined
      ? undefined
      : this.options.registry.kinds.find((k) => k.trace !== undefined && k.trace.kind === sourceKindId);
  }

  /**
   * Plans a document generated from an analysed source at `sourcePath`: the
   * kind (asked for, else the one tracing to the source's kind), the target
   * (asked for, else beside the source), the `spec:` link relative to it and
   * the text. Writes nothing; a refusal says why.
   */
  generate(source: Analysis, sourcePath: string, options: GenerateOptions = {}): GeneratedDocument | GenerateRefusal {
    const registry = this.options.registry;
    const kind =
      options.kindId !== undefined
        ? registry.get(options.kindId)
        : (this.generatedKindFor(source.kind?.id) ?? registry.kinds.find((k) => k.trace));
    if (!kind)
      return {
        error:
          options.kindId !== undefined
            ? `There is no document kind "${options.kindId}".`
            : 'No document kind is generated from another (no schema has a trace block).',
      };
    if (!kind.trace)
      return {
        error: `The kind "${kind.id}" does not link to another document (it has no trace block), so it cannot be generated from one.`,
      };
    const shown = options.shownPath ?? nodePath.basename(sourcePath);
    if (source.skipped) return { error: `${shown} was not checked: ${source.skipped}` };
    const sourceKind = registry.get(kind.trace.kind);
    if (!sourceKind || source.kind?.id !== sourceKind.id) {
      const wanted = sourceKind?.title.toLowerCase() ?? kind.trace.kind;
      return {
        error: `${shown} is ${source.kind ? `a ${source.kind.title.toLowerCase()}` : 'not a recognised document'}, not a ${wanted}: a ${kind.title.toLowerCase()} is generated from a ${wanted}.`,
        hint: `Give it "type: ${kind.trace.kind}" in its front matter or name it *.${kind.trace.kind}.md.`,
      };
    }
    const targetPath =
      options.targetPath ?? nodePath.join(nodePath.dirname(sourcePath), linkedFileName(sourcePath, sourceKind, kind));
    const link = nodePath.relative(nodePath.dirname(targetPath), sourcePath).split(nodePath.sep).join('/');
    const decisions = this.decisionsLinkingTo(sourcePath, options.decisions ?? []).map(({ path, record }) => ({
      record,
      link: nodePath.relative(nodePath.dirname(targetPath), path).split(nodePath.sep).join('/'),
    }));
    const text = generateFromLinked(source, { kind, sourceLink: link, eol: source.doc.eol, decisions });
    if (text === undefined) return { error: `A ${kind.title.toLowerCase()} cannot be generated from ${shown}.` };
    return { kind, targetPath, link, text };
  }

  /** What a document decided, if it is a decision record or an answered question (the Decisions view, workspace symbols, Generate Handoff). */
  decisionRecord(analysis: Analysis, documentPath: string | undefined): DecisionRecord | undefined {
    return decisionRecord(analysis, documentPath);
  }

  /** The decisions whose front matter `spec:` resolves to `specPath`, by path. */
  decisionsLinkingTo(
    specPath: string,
    decisions: { path: string; record: DecisionRecord }[],
  ): { path: string; record: DecisionRecord }[] {
    const wanted = nodePath.resolve(specPath);
    return decisions
      .filter(({ record }) => record.specPath !== undefined && nodePath.resolve(record.specPath) === wanted)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Review comments with code anchors that resolve to a file in the workspace: shown as comment threads on those code lines. */
  reviewAnchors(analysis: Analysis): ReviewAnchor[] {
    return reviewAnchors(analysis);
  }

  /** The text of a new document of a kind; undefined for an unknown kind. */
  newDocument(
    kindId: string,
    title: string,
    eol = '\n',
    extraFrontMatter?: Record<string, string>,
  ): string | undefined {
    const kind = this.options.registry.get(kindId);
    return kind ? newDocumentText(kind, title, eol, extraFrontMatter) : undefined;
  }

  /** The file name a new document of a kind gets (`export-invoices-as-csv.spec.md`); undefined for an unknown kind. */
  newDocumentFileName(kindId: string, title: string): string | undefined {
    const kind = this.options.registry.get(kindId);
    return kind ? newDocumentFileName(kind, title) : undefined;
  }

  /** Hover guidance at a position: a heading's schema section, the title's kind, a front matter key. */
  hover(analysis: Analysis, position: Position): HoverResult | undefined {
    return hover(analysis, position);
  }

  /** Completion entries at a position: missing section headings with their templates, front matter keys and values. */
  completions(analysis: Analysis, position: Position): CompletionEntry[] {
    return completions(analysis, position, { kinds: this.options.registry.kinds });
  }

  /** The document's headings as an outline. */
  documentSymbols(analysis: Analysis): OutlineSymbol[] {
    return documentSymbols(analysis);
  }

  /** The summary lens on the title (sections, criteria, readiness). */
  codeLenses(analysis: Analysis, checklist = this.checklist(analysis)): SummaryLens[] {
    return codeLenses(analysis, checklist);
  }

  /** The document's acceptance criteria (with and without IDs), as the rules read them. */
  criteria(analysis: Analysis): Criterion[] {
    return analysis.context ? criteriaOf(analysis.context) : [];
  }

  /** What a valid configuration file says that has no effect (unknown rules, associations to unknown kinds), located in its text. */
  configWarnings(configText: string): ConfigWarning[] {
    return configWarnings(
      configText,
      this.options.config,
      this.options.registry.kinds.map((k) => k.id),
    );
  }
}

/** Fixes that write the top of a document (front matter, title). */
const DOCUMENT_HEAD_RULES = new Set(['SH010', 'SH011', 'SH016']);

/**
 * Inserts computed independently (front matter, title, sections) can land on
 * the same point; merged into one edit, each block is separated from the
 * previous one by exactly one blank line.
 */
function joinInsertsAtSamePoint(edits: TextEdit[], eol: string): TextEdit[] {
  const isInsert = (e: TextEdit) =>
    e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character;
  // At one point, inserts go before a replacement that starts there (a heading rename), or applying them would overlap.
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        a.e.range.start.line - b.e.range.start.line ||
        a.e.range.start.character - b.e.range.start.character ||
        Number(!isInsert(a.e)) - Number(!isInsert(b.e)) ||
        a.i - b.i,
    );
  const out: TextEdit[] = [];
  for (const { e } of sorted) {
    const prev = out[out.length - 1];
    if (
      prev &&
      isInsert(prev) &&
      isInsert(e) &&
      prev.range.start.line === e.range.start.line &&
      prev.range.start.character === e.range.start.character
    ) {
      out[out.length - 1] = { range: prev.range, newText: joinBlocks(prev.newText, e.newText, eol) };
    } else {
      out.push(e);
    }
  }
  return out;
}

function joinBlocks(a: string, b: string, eol: string): string {
  if (!a.endsWith(eol)) return a + b;
  const rest = b.replace(/^(?:\r?\n)+/, '');
  return a + (a.endsWith(eol + eol) ? '' : eol) + rest;
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { Analysis, AnalyzeInput, WorkspaceHost } from './analysis/context';
export type { Criterion } from './analysis/criteria';
export type { Finding, Fix, TextEdit, Range, Position, Severity, SeveritySetting } from './types';
export type { DocumentKind, SectionSpec } from './schema/types';
export type {
  Checklist,
  ChecklistSection,
  ChecklistSummary,
  ChecklistCriterion,
  ChecklistOpenItem,
  SectionState,
} from './features/checklist';
export type { Readiness, ReadinessCheck } from './features/readiness';
export type { HoverResult } from './features/hover';
export type { CompletionEntry, CompletionEntryKind } from './features/completion';
export type { OutlineSymbol, OutlineSymbolKind } from './features/symbols';
export type { SummaryLens } from './features/code-lens';
export type { DecisionRecord } from './features/decisions';
export type { ReviewAnchor } from './features/review-anchors';
export type { ConfigWarning } from './config';
export {
  SchemaRegistry,
  presetFilesFor,
  unknownPresetMessage,
  type SchemaFileText,
  type PresetFile,
  type PresetRequest,
} from './schema/registry';
export type { SchemaProblem } from './schema/load';
export { RULES, findRule } from './rules';
export { UNUSED_DISABLE_CODE, UNUSED_DISABLE_RULE } from './suppressions';
export { applyEdits } from './edits';
export {
  parseConfig,
  mergeConfig,
  emptyConfig,
  configJsonSchema,
  CONFIG_FILE_NAME,
  type SpecHandoffConfig,
  type ConfigOverride,
} from './config';
export {
  assembleWorkspaceConfig,
  type ReadResult,
  type WorkspaceConfig,
  type WorkspaceConfigSources,
} from './workspace-config';
export { fileNameOfKind } from './features/file-names';
export { didYouMean } from './parse/titles';
export { addChange, countLineBreaks, rescanCounts, type ChangedLines } from './parse/incremental';
export { linkTargetOf, type LinkTarget } from './analysis/link';
export {
  AGENT_TOOLS,
  AGENT_TEXT_LIMIT,
  agentArgumentsError,
  agentDocumentsText,
  agentKindsText,
  agentSchemaText,
  boundAgentText,
  type AgentToolDefinition,
  type AgentToolName,
  type AgentDocumentRow,
} from './features/agent-tools';
export { compileUserPattern } from './regex';
export { MAX_FILE_BYTES, tooLargeMessage } from './limits';
export { ownCopy } from './parse/own-copy';
