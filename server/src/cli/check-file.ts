/**
 * Checking one file: read it once, strip (and remember) a BOM, analyse,
 * optionally apply the preferred fixes and write the result back, then
 * report what remains.
 */
import * as fs from 'node:fs';
import { applyEdits, type Analysis, type LanguageService, type TextEdit } from '../service';
import type { FileResult, SectionLocation } from './model';
import { relativePath } from './paths';
import { FixWriteError, writeFixedFile } from './fix';

export interface CheckFileOptions {
  cwd: string;
  root: string;
  kindId: string | undefined;
  fix: boolean;
}

const BOM = '\ufeff';

export function checkFile(service: LanguageService, absPath: string, options: CheckFileOptions): FileResult {
  const result: FileResult = {
    absPath,
    path: relativePath(options.cwd, absPath),
    kind: undefined,
    skipped: undefined,
    error: undefined,
    findings: [],
    sections: [],
    checklist: undefined,
    fixed: 0,
    analysis: undefined,
  };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absPath);
  } catch (error) {
    result.error = `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return result;
  }
  const raw = bytes.toString('utf8');
  const hasBom = raw.startsWith(BOM);
  const text = hasBom ? raw.slice(1) : raw;
  const input = { path: absPath, relativePath: relativePath(options.root, absPath), kindId: options.kindId };
  let analysis = service.analyze({ ...input, text });

  if (options.fix && analysis.kind && !analysis.skipped) {
    const edits = service.fixAllEdits(analysis);
    if (edits.length) {
      const fixedText = applyEdits(text, edits);
      if (fixedText !== text) {
        try {
          writeFixedFile(absPath, options.root, bytes, Buffer.from((hasBom ? BOM : '') + fixedText, 'utf8'));
          result.fixed = countFixes(service, analysis, edits);
          analysis = service.analyze({ ...input, text: fixedText });
        } catch (error) {
          if (!(error instanceof FixWriteError)) throw error;
          result.error = error.message;
        }
      }
    }
  }
  return fill(result, service, analysis);
}

function fill(result: FileResult, service: LanguageService, analysis: Analysis): FileResult {
  result.analysis = analysis;
  result.kind = analysis.kind;
  result.skipped = analysis.skipped;
  result.findings = analysis.findings;
  result.checklist = service.checklist(analysis);
  result.sections = sectionsOf(analysis);
  return result;
}

/** Each schema section with an exact heading match: its first heading, in document order. */
function sectionsOf(analysis: Analysis): SectionLocation[] {
  const { kind, matching } = analysis;
  if (!kind || !matching) return [];
  const out: SectionLocation[] = [];
  for (const spec of kind.allSections) {
    const first = matching.bySpec.get(spec.id)?.[0];
    if (first) out.push({ id: spec.id, title: spec.title, heading: first.heading.text, line: first.heading.line });
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * How many findings the applied edits fix: each missing section inserted by
 * "insert all", plus each other finding whose preferred fix was applied whole.
 */
function countFixes(service: LanguageService, analysis: Analysis, applied: TextEdit[]): number {
  const keys = new Set(applied.map((e) => JSON.stringify(e)));
  const insertAll = service.insertAllMissing(analysis);
  const insertedAll = insertAll !== undefined && insertAll.edits.every((e) => keys.has(JSON.stringify(e)));
  let count = insertedAll ? (analysis.matching?.missing.length ?? 0) : 0;
  for (const finding of analysis.findings) {
    if (finding.code === 'SH001') {
      if (!insertedAll && finding.fixes.some((f) => f.isPreferred && f.edits.every((e) => keys.has(JSON.stringify(e))))) count++;
      continue;
    }
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (fix && fix.edits.length && fix.edits.every((e) => keys.has(JSON.stringify(e)))) count++;
  }
  return count;
}
