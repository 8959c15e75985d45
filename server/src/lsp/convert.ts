/**
 * Conversions between service data and LSP types. Service positions are
 * already zero-based line / UTF-16 character, so ranges pass through; this
 * file maps severities, findings, edits and URIs.
 */
import * as path from 'node:path';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Range, Severity, TextEdit } from '../service';
import { hostUris, ruleDocsFolder } from '../node/server-host';

export const DIAGNOSTIC_SOURCE = 'spec-handoff';
const RULE_DOCS_WEB = 'https://github.com/spec-handoff/spec-handoff/blob/main/docs/rules/';

/** Where a rule's page is: the shipped `docs/rules/` as a file: URL any editor opens; the web page only when no local copy is found. */
function ruleDocsBase(): string {
  const local = ruleDocsFolder();
  return local ? `${pathToUri(local)}/` : RULE_DOCS_WEB;
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
  }
}

export function toRange(range: Range): LspRange {
  return { start: { ...range.start }, end: { ...range.end } };
}

/** `data` carries what the client and code actions need to recognise a finding again. */
export interface DiagnosticData {
  sectionId?: string;
  rule: string;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const data: DiagnosticData = { rule: finding.rule };
  if (finding.sectionId) data.sectionId = finding.sectionId;
  const diagnostic: Diagnostic = {
    range: toRange(finding.range),
    severity: toSeverity(finding.severity),
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (/^SH\d{3}$/.test(finding.code) && finding.code !== 'SH000')
    diagnostic.codeDescription = { href: `${ruleDocsBase()}${finding.code}.md` };
  return diagnostic;
}

export function toTextEdits(edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(e.range), newText: e.newText }));
}

/** A workspace edit for one document; versioned `documentChanges` when the client supports them. */
export function toWorkspaceEdit(
  uri: string,
  version: number | null,
  edits: readonly TextEdit[],
  documentChanges: boolean,
): WorkspaceEdit {
  const lspEdits = toTextEdits(edits);
  if (documentChanges) return { documentChanges: [{ textDocument: { uri, version }, edits: lspEdits }] };
  return { changes: { [uri]: lspEdits } };
}

/** The path of a document URI (Node: `file:` URIs; web: the workspace's scheme); undefined for URIs with none (untitled, other schemes). */
export function uriToPath(uri: string): string | undefined {
  return hostUris.toPath(uri);
}

/** The URI of a path: `file:` on Node; the web server's workspace scheme in the browser. */
export function pathToUri(file: string): string {
  return hostUris.toUri(file);
}

/** A key for comparing file paths: resolved, and case-folded where the file system usually ignores case (Windows). */
export function pathKey(file: string): string {
  const resolved = path.resolve(file);
  return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}

/** Forward-slash path relative to `root`; undefined outside it (globs are written relative to the root). */
export function relativeTo(root: string | undefined, file: string | undefined): string | undefined {
  if (!root || !file) return undefined;
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

export function rangesIntersect(a: LspRange, b: LspRange): boolean {
  const before = (p: LspRange['start'], q: LspRange['start']): boolean =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
