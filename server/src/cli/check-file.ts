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
import {
  applyEdits,
  MAX_FILE_BYTES,
  ownCopy,
  tooLargeMessage,
  type Analysis,
  type Finding,
  type LanguageService,
  type SectionSpec,
} from '../service';
import type { FileFinding, FileResult, SectionLocation } from './model';
import { relativeFilePath } from './paths';
import { describeFsError } from './io';
import { FixWriteError, sha256, writeFixedFile } from './fix';
import { findingInUnit, type ColumnUnit } from './columns';

/** Plain data (it is also part of a worker's `workerData`). */
export interface CheckFileOptions {
  cwd: string;
  root: string;
  /** Folders links may lead into (the workspace): outside them nothing is read. */
  roots: string[];
  kindId: string | undefined;
  fix: boolean;
  /** What the reported findings' columns count (`--column-unit`); default UTF-16 code units, as the analysis. */
  columnUnit?: ColumnUnit;
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
  let read: FileRead;
  try {
    read = readFileForCheck(absPath);
  } catch (error) {
    return failed(absPath, options, { error: `cannot read the file: ${describeFsError(error)}` });
  }
  if ('notFile' in read)
    return failed(absPath, options, {
      error: `cannot read the file: it is not a regular file (${fileType(read.notFile)})`,
    });
  if ('tooLarge' in read) return failed(absPath, options, { skipped: capitalise(tooLargeMessage(read.tooLarge)) });
  return checkBytes(service, absPath, read.bytes, options);
}

/** The result of a file that was not analysed: why (`error` or `skipped`). */
function failed(absPath: string, options: CheckFileOptions, why: { error?: string; skipped?: string }): FileCheck {
  const result = emptyResult(absPath, options);
  result.error = why.error;
  result.skipped = why.skipped;
  return { result };
}

/** A file read for a check: its bytes (valid until the next read, see `readOpenFile`), or why there are none. */
export type FileRead = { bytes: Buffer } | { notFile: fs.Stats } | { tooLarge: number };

/**
 * Opened without waiting where the platform can: `open` of a named pipe would otherwise block until something
 * writes to it. Reading a regular file is the same either way.
 */
const OPEN_FLAGS =
  fs.constants.O_NONBLOCK === undefined ? fs.constants.O_RDONLY : fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

/**
 * Reads a file to check through one descriptor: `fstat` says whether it is a regular file and how big (one size
 * cap, checked before reading: a huge file costs a stat, not the run), then its bytes. A stat by path before
 * `readFileSync` (which stats again) was two lookups per file; this is one open and one fstat. Throws what
 * opening or reading throws, except for a special file that cannot be opened (a socket): that is `notFile`.
 */
export function readFileForCheck(absPath: string): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(absPath, OPEN_FLAGS);
  } catch (error) {
    const stat = statOrUndefined(absPath);
    if (stat && !stat.isFile()) return { notFile: stat };
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { notFile: stat };
    if (stat.size > MAX_FILE_BYTES) return { tooLarge: stat.size };
    const bytes = readOpenFile(fd, stat.size);
    return bytes.length > MAX_FILE_BYTES ? { tooLarge: bytes.length } : { bytes };
  } finally {
    fs.closeSync(fd);
  }
}

function statOrUndefined(absPath: string): fs.Stats | undefined {
  try {
    return fs.statSync(absPath);
  } catch {
    return undefined;
  }
}

/** Files up to this size are read into one buffer each thread keeps for the next file (`readOpenFile`). */
const KEPT_BUFFER_BYTES = 1 << 20;
let keptBuffer: Buffer | undefined;

/**
 * The bytes of the open file `fd`, read into the buffer this thread keeps when they fit (else into a buffer of
 * their own): valid only until the next call, so `checkBytes` uses them before it returns and keeps none.
 * `readFileSync` allocated a fresh buffer per file; reading the RFC corpus (648 files) and decoding it took
 * ~45 ms that way and ~35 ms this way in one thread. Like `readFileSync`, it reads the `size` bytes the file's
 * fstat gave and stops there (no read to see the end: a system call per file); a size of 0, as files of /proc
 * and some file systems report, is read to the end, stopping once past MAX_FILE_BYTES (the caller skips it).
 */
export function readOpenFile(fd: number, size: number): Buffer {
  if (size < KEPT_BUFFER_BYTES) keptBuffer ??= Buffer.allocUnsafeSlow(KEPT_BUFFER_BYTES);
  let buffer = size < KEPT_BUFFER_BYTES && keptBuffer ? keptBuffer : Buffer.allocUnsafeSlow(size + 1);
  let length = 0;
  for (;;) {
    const read = fs.readSync(fd, buffer, length, (size > 0 ? size : buffer.length) - length, null);
    length += read;
    if (read === 0 || length === size || length > MAX_FILE_BYTES) return buffer.subarray(0, length);
    if (length === buffer.length) {
      // A file of unknown size filled the buffer: a larger one of its own; the kept one stays as it is.
      const larger = Buffer.allocUnsafeSlow(buffer.length * 2);
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
  }
}

/** Checks content already read (a file's bytes, or standard input checked as if it were the file at `absPath`). */
export function checkBytes(
  service: LanguageService,
  absPath: string,
  bytes: Buffer,
  options: CheckFileOptions,
): FileCheck {
  const result = emptyResult(absPath, options);
  const decoded = decode(bytes);
  const hasBom = decoded.text.startsWith(BOM);
  const text = hasBom ? decoded.text.slice(1) : decoded.text;
  const input = { path: absPath, relativePath: relativeFilePath(options.root, absPath), kindId: options.kindId };
  const analysis = service.analyze({ ...input, text });
  fill(result, service, analysis, options.columnUnit);
  if (decoded.readOnly) result.notice = decoded.readOnly;

  if (options.fix && analysis.kind && !analysis.skipped) {
    const { edits, fixed } = service.fixAll(analysis);
    if (edits.length) {
      const fixedText = applyEdits(text, edits);
      if (fixedText !== text) {
        if (decoded.readOnly) {
          // Writing the text back would re-encode it (bytes that are not UTF-8 would become U+FFFD, UTF-16 would become UTF-8).
          result.error = `not written: ${decoded.readOnly}`;
          return { result };
        }
        const after = fill(
          emptyResult(absPath, options),
          service,
          service.analyze({ ...input, text: fixedText }),
          options.columnUnit,
        );
        after.fixed = fixed;
        return { result, fix: { text: (hasBom ? BOM : '') + fixedText, originalSha256: sha256(bytes), result: after } };
      }
    }
  }
  return { result };
}

/**
 * The file's text. UTF-8 is the format; a file that is not valid UTF-8 is
 * still checked (UTF-16 with a byte-order mark decoded as such, anything else
 * with U+FFFD for the bad bytes) but never written: `readOnly` says why.
 */
export function decode(bytes: Buffer): { text: string; readOnly?: string } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes);
    return {
      text,
      readOnly: `the file is UTF-16 (${le ? 'little' : 'big'}-endian); it was checked read-only and is never rewritten (save it as UTF-8 to get fixes)`,
    };
  }
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return {
      text: bytes.toString('utf8'),
      readOnly: `the file is not valid UTF-8 (byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}); it was checked read-only and is never rewritten, since that would replace such bytes`,
    };
  }
}

/** One decoder for every file: a whole-buffer `decode` (no `stream`) keeps no state between calls, and making one per file showed in profiles. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates). */
function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    const second = b[i + 1];
    if (
      (c === 0xe0 && second < 0xa0) ||
      (c === 0xed && second > 0x9f) ||
      (c === 0xf0 && second < 0x90) ||
      (c === 0xf4 && second > 0x8f)
    )
      return i;
    i += n + 1;
  }
  return 0;
}

function fileType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Writes a pending fix (atomically, only inside the workspace root, never
 * over a read-only file or one that changed since it was read) and returns
 * the file's final result. A file that cannot be written keeps its unfixed
 * result with the reason in `error`. `written` holds the real paths written
 * so far in this run: a second name for the same file (a symbolic link) is
 * checked again as it is now instead of being written twice.
 */
export function settleFix(
  service: LanguageService,
  check: FileCheck,
  options: CheckFileOptions,
  written: Set<string>,
): FileResult {
  const { result, fix } = check;
  if (!fix) return result;
  const real = realPath(result.absPath);
  if (written.has(real)) {
    const again = checkFile(service, result.absPath, options);
    return again.fix ? write(again.result, again.fix, options, written, real) : again.result;
  }
  return write(result, fix, options, written, real);
}

function write(
  result: FileResult,
  fix: PendingFix,
  options: CheckFileOptions,
  written: Set<string>,
  real: string,
): FileResult {
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
    path: relativeFilePath(options.cwd, absPath),
    kind: undefined,
    skipped: undefined,
    error: undefined,
    findings: [],
    sections: [],
    checklist: undefined,
    notice: undefined,
    fixed: 0,
    analysed: false,
  };
}

function fill(
  result: FileResult,
  service: LanguageService,
  analysis: Analysis,
  unit: ColumnUnit = 'utf16',
): FileResult {
  result.analysed = true;
  result.kind = analysis.kind ? { id: analysis.kind.id, title: analysis.kind.title } : undefined;
  result.skipped = analysis.skipped;
  result.findings = analysis.findings.map((f) => findingInUnit(reported(f), analysis.doc.lines, unit));
  const checklist = service.checklist(analysis);
  result.checklist = checklist && {
    summary: checklist.summary,
    readiness: checklist.readiness,
    summaryLine: checklist.summaryLine,
  };
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
 *
 * The heading is the schema's own string when it is written as the title or
 * an alias (most are), else a copy (`ownCopy`): as written it is a slice of
 * its line, and V8 keeps a slice's whole parent, the file's text. A batch
 * keeps every result until the report is written, so the main thread kept
 * the text of every file it checked (issue 20: 14.9 → 9.4 MB of heap at the
 * end of a corpus run, its garbage collector 82–90 → 56–60 ms).
 */
function sectionsOf(service: LanguageService, analysis: Analysis): SectionLocation[] {
  return service
    .presentSections(analysis)
    .map(({ spec, heading }) => ({
      id: spec.id,
      title: spec.title,
      heading: schemaString(spec, heading.heading.text),
      line: heading.heading.line,
    }))
    .sort((a, b) => a.line - b.line);
}

/** `text` as the schema's own string when it is the section's title or an alias, else a copy of it. */
function schemaString(spec: SectionSpec, text: string): string {
  if (text === spec.title) return spec.title;
  for (const alias of spec.aliases) if (text === alias) return alias;
  return ownCopy(text);
}
