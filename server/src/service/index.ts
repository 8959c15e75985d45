/**
 * The language service: the one API the language server, the CLI and the
 * tests call. Transport-free: it knows neither LSP nor VS Code, and does no
 * I/O of its own (other files are reached through the injected host).
 */
import { analyzeDocument, type Analysis, type AnalyzeInput } from './analysis/analyze';
import type { SchemaRegistry } from './schema/registry';
import type { WorkspaceHost } from './rules';
import type { SpecHandoffConfig } from './config';
import type { Fix, TextEdit } from './types';
import { insertAllMissingFix } from './fixes/insert-section';
import { linkedSectionBodies } from './rules/trace';
import { nonOverlapping, rejoinLoneCr, separateFromLoneCr } from './edits';
import { buildChecklist, type Checklist } from './features/checklist';
import { newDocumentText } from './templates';
import { generateFromLinked } from './features/handoff';
import { headingFor } from './analysis/matching';
import type { SectionSpec } from './schema/types';
import type { DocSection } from './parse/document';

export interface LanguageServiceOptions {
  registry: SchemaRegistry;
  host: WorkspaceHost;
  config: SpecHandoffConfig;
}

export class LanguageService {
  constructor(private options: LanguageServiceOptions) {}

  get registry(): SchemaRegistry {
    return this.options.registry;
  }

  get config(): SpecHandoffConfig {
    return this.options.config;
  }

  /** Swaps schemas/configuration (after a reload); analyses made before keep their own kind objects. */
  update(options: Partial<LanguageServiceOptions>): void {
    this.options = { ...this.options, ...options };
  }

  analyze(input: AnalyzeInput): Analysis {
    return analyzeDocument(input, {
      registry: this.options.registry,
      host: this.options.host,
      severities: this.options.config.rules,
      associations: this.options.config.associations,
    });
  }

  /** "Insert all missing sections" for an analysis, if anything is missing. */
  insertAllMissing(analysis: Analysis): Fix | undefined {
    if (!analysis.kind || !analysis.matching) return undefined;
    const fix = insertAllMissingFix(analysis.doc, analysis.kind, analysis.matching, analysis.context && linkedSectionBodies(analysis.context));
    return fix && { ...fix, edits: separateFromLoneCr(analysis.doc, fix.edits) };
  }

  /**
   * Every preferred fix at once (fix all / on save / CLI --fix): all missing
   * sections, then each finding's preferred fix, skipping any that would
   * overlap an edit already taken.
   */
  fixAllEdits(analysis: Analysis): TextEdit[] {
    const edits: TextEdit[] = [];
    const preferred = (codes: (code: string) => boolean) => {
      for (const finding of analysis.findings) {
        if (!codes(finding.code)) continue;
        const fix = finding.fixes.find((f) => f.isPreferred);
        if (fix) edits.push(...fix.edits);
      }
    };
    // Inserts at the same spot apply in order: front matter and the title go before any section.
    preferred((code) => DOCUMENT_HEAD_RULES.has(code));
    // Lines appended to an existing section come before sections inserted at the same point
    // (the end of the file, when that section is last), or they would land in the new sections.
    preferred((code) => code !== 'SH001' && !DOCUMENT_HEAD_RULES.has(code)); // SH001 is covered by insert-all
    // Only when SH001 is enabled: turning the rule off means "do not insert sections for me".
    const all = analysis.findings.some((f) => f.code === 'SH001') ? this.insertAllMissing(analysis) : undefined;
    if (all) edits.push(...all.edits);
    const joined = joinInsertsAtSamePoint(nonOverlapping(dedupe(rejoinLoneCr(edits)), analysis.doc.text), analysis.doc.eol);
    return separateFromLoneCr(analysis.doc, joined);
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

  /**
   * A document of `kindId` (default `handoff`) generated from an analysed
   * source (a spec): undefined when the kind does not trace to the source's kind.
   * `sourceLink` is the source's path relative to the new file's folder.
   */
  generateFrom(source: Analysis, sourceLink: string, kindId = 'handoff', eol = source.doc.eol): string | undefined {
    const kind = this.options.registry.get(kindId);
    return kind ? generateFromLinked(source, { kind, sourceLink, eol }) : undefined;
  }

  /** The text of a new document of a kind; undefined for an unknown kind. */
  newDocument(kindId: string, title: string, eol = '\n', extraFrontMatter?: Record<string, string>): string | undefined {
    const kind = this.options.registry.get(kindId);
    return kind ? newDocumentText(kind, title, eol, extraFrontMatter) : undefined;
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
  const isInsert = (e: TextEdit) => e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character;
  // At one point, inserts go before a replacement that starts there (a heading rename), or applying them would overlap.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range.start.line - b.e.range.start.line || a.e.range.start.character - b.e.range.start.character || Number(!isInsert(a.e)) - Number(!isInsert(b.e)) || a.i - b.i);
  const out: TextEdit[] = [];
  for (const { e } of sorted) {
    const prev = out[out.length - 1];
    if (prev && isInsert(prev) && isInsert(e) && prev.range.start.line === e.range.start.line && prev.range.start.character === e.range.start.character) {
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

export type { Analysis, AnalyzeInput } from './analysis/analyze';
export type { Finding, Fix, TextEdit, Range, Position, Severity, SeveritySetting } from './types';
export type { DocumentKind, SectionSpec } from './schema/types';
export type { Checklist, ChecklistSection, ChecklistSummary, ChecklistCriterion, ChecklistOpenItem } from './features/checklist';
export type { Readiness, ReadinessCheck } from './features/readiness';
export type { WorkspaceHost } from './rules';
export { SchemaRegistry } from './schema/registry';
export { RULES, findRule } from './rules';
export { applyEdits } from './edits';
export { summaryLine } from './features/checklist';
export { parseConfig, mergeConfig, emptyConfig, CONFIG_FILE_NAME, type SpecHandoffConfig } from './config';
export { slugifyFileName } from './templates';
export { addChange, countLineBreaks, rescanCounts, type ChangedLines } from './parse/incremental';
export { linkTargetOf, type LinkTarget } from './analysis/link';
