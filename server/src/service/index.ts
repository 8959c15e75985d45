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
import { nonOverlapping } from './edits';
import { buildChecklist, type Checklist } from './features/checklist';
import { newDocumentText } from './templates';

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
    return insertAllMissingFix(analysis.doc, analysis.kind, analysis.matching);
  }

  /**
   * Every preferred fix at once (fix all / on save / CLI --fix): all missing
   * sections, then each finding's preferred fix, skipping any that would
   * overlap an edit already taken.
   */
  fixAllEdits(analysis: Analysis): TextEdit[] {
    const edits: TextEdit[] = [];
    const all = this.insertAllMissing(analysis);
    if (all) edits.push(...all.edits);
    for (const finding of analysis.findings) {
      if (finding.code === 'SH001') continue; // covered by insert-all
      const fix = finding.fixes.find((f) => f.isPreferred);
      if (fix) edits.push(...fix.edits);
    }
    return nonOverlapping(dedupe(edits), analysis.doc.text);
  }

  checklist(analysis: Analysis): Checklist | undefined {
    return buildChecklist(analysis);
  }

  /** The text of a new document of a kind; undefined for an unknown kind. */
  newDocument(kindId: string, title: string, eol = '\n', extraFrontMatter?: Record<string, string>): string | undefined {
    const kind = this.options.registry.get(kindId);
    return kind ? newDocumentText(kind, title, eol, extraFrontMatter) : undefined;
  }
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
