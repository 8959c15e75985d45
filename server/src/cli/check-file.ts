/**
 * Checking one file: read it once, strip (and remember) a BOM, analyse,
 * optionally work out the preferred fixes and analyse the fixed text, then
 * report what remains. The same function runs in the main thread and in the
 * worker threads (cli/worker.ts); what it returns is plain data either way.
 *
 * Fixed text is not written here: `check --fix` writes every file only after
 * all files were analysed (`settleFix`), so cross-document checks (a handoff
 * reading its spec) always see the files as they were when the run started,
 * whichever thread or order they were checked in.
 */
import * as fs from 'node:fs';
import { applyEdits, type Analysis, type Finding, type LanguageService, type TextEdit } from '../service';
import type { FileFinding, FileResult, SectionLocation } from './model';
import { relativePath } from './paths';
import { FixWriteError, sha256, writeFixedFile } from './fix';

/** Plain data (it is also part of a worker's `workerData`). */
export interface CheckFileOptions {
  cwd: string;
  root: string;
  kindId: string | undefined;
  fix: boolean;
}

/** Fixed text waiting to be written, and the report for the file once it is. */
export interface PendingFix {
  /** The whole new file content, byte-order mark included when the file had one. */
  text: string;
  /** SHA-256 of the bytes that were read: the file is written only if it still holds exactly them. */
  originalSha256: string;
  /** The file's result after the fixes (its `fixed` counts them). */
  result: FileResult;
}

export interface FileCheck {
  /** The file as it is on disk now. */
  result: FileResult;
  /** With `fix`: what to write, if any fix changes the text. */
  fix?: PendingFix;
}

const BOM = '\ufeff';

export function checkFile(service: LanguageService, absPath: string, options: CheckFileOptions): FileCheck {
  const result = emptyResult(absPath, options);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absPath);
  } catch (error) {
    result.error = `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return { result };
  }
  const raw = bytes.toString('utf8');
  const hasBom = raw.startsWith(BOM);
  const text = hasBom ? raw.slice(1) : raw;
  const input = { path: absPath, relativePath: relativePath(options.root, absPath), kindId: options.kindId };
  const analysis = service.analyze({ ...input, text });
  fill(result, service, analysis);

  if (options.fix && analysis.kind && !analysis.skipped) {
    const edits = service.fixAllEdits(analysis);
    if (edits.length) {
      const fixedText = applyEdits(text, edits);
      if (fixedText !== text) {
        const after = fill(emptyResult(absPath, options), service, service.analyze({ ...input, text: fixedText }));
        after.fixed = countFixes(service, analysis, edits);
        return { result, fix: { text: (hasBom ? BOM : '') + fixedText, originalSha256: sha256(bytes), result: after } };
      }
    }
  }
  return { result };
}

/**
 * Writes a pending fix (atomically, only inside the workspace root, never
 * over a read-only file or one that changed since it was read) and returns
 * the file's final result. A file that cannot be written keeps its unfixed
 * result with the reason in `error`. `written` holds the real paths written
 * so far in this run: a second name for the same file (a symbolic link) is
 * checked again as it is now instead of being written twice.
 */
export function settleFix(service: LanguageService, check: FileCheck, options: CheckFileOptions, written: Set<string>): FileResult {
  const { result, fix } = check;
  if (!fix) return result;
  const real = realPath(result.absPath);
  if (written.has(real)) {
    const again = checkFile(service, result.absPath, options);
    return again.fix ? write(again.result, again.fix, options, written, real) : again.result;
  }
  return write(result, fix, options, written, real);
}

function write(result: FileResult, fix: PendingFix, options: CheckFileOptions, written: Set<string>, real: string): FileResult {
  try {
    writeFixedFile(result.absPath, options.root, fix.originalSha256, Buffer.from(fix.text, 'utf8'));
    written.add(real);
    return fix.result;
  } catch (error) {
    if (!(error instanceof FixWriteError)) throw error;
    return { ...result, error: error.message };
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function emptyResult(absPath: string, options: CheckFileOptions): FileResult {
  return {
    absPath,
    path: relativePath(options.cwd, absPath),
    kind: undefined,
    skipped: undefined,
    error: undefined,
    findings: [],
    sections: [],
    checklist: undefined,
    fixed: 0,
    analysed: false,
  };
}

function fill(result: FileResult, service: LanguageService, analysis: Analysis): FileResult {
  result.analysed = true;
  result.kind = analysis.kind ? { id: analysis.kind.id, title: analysis.kind.title } : undefined;
  result.skipped = analysis.skipped;
  result.findings = analysis.findings.map(reported);
  result.checklist = service.checklist(analysis);
  result.sections = sectionsOf(service, analysis);
  return result;
}

/** A finding without its fixes and front-end data: what the outputs show (and what a worker sends back). */
function reported(f: Finding): FileFinding {
  const out: FileFinding = { code: f.code, rule: f.rule, severity: f.severity, message: f.message, range: f.range };
  if (f.sectionId !== undefined) out.sectionId = f.sectionId;
  if (f.sectionTitle !== undefined) out.sectionTitle = f.sectionTitle;
  return out;
}

/**
 * Each schema section that is present, in document order: its first exact
 * heading, else the heading that stands for it (a near miss, or the section's
 * own name at the wrong place) — the same "present" the checklist summary and
 * SH001 use.
 */
function sectionsOf(service: LanguageService, analysis: Analysis): SectionLocation[] {
  return service
    .presentSections(analysis)
    .map(({ spec, heading }) => ({ id: spec.id, title: spec.title, heading: heading.heading.text, line: heading.heading.line }))
    .sort((a, b) => a.line - b.line);
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
