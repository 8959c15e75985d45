/**
 * Code actions: one quick fix per fix of each finding under the cursor (with
 * its diagnostic attached; the fix's `isPreferred` kept), "Insert all missing
 * sections", and `source.fixAll.specHandoff` (every preferred fix at once,
 * for `editor.codeActionsOnSave`).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { FIX_ALL_CODE_ACTION_KIND } from '../protocol';
import type { Fix, TextEdit } from '../service';
import type { ServerContext } from './context';
import { rangesIntersect, toDiagnostic, toWorkspaceEdit, uriToPath } from './convert';
import { editorTextReencodes } from '../node/encoding';

export const INSERT_ALL_SOURCE_KIND = `${CodeActionKind.Source}.insertMissingSections.specHandoff`;

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, INSERT_ALL_SOURCE_KIND, FIX_ALL_CODE_ACTION_KIND];

/** Whether an action of `kind` was asked for (`only` lists kinds or their parents, e.g. `source.fixAll`). */
function wanted(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

export function codeActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const analysis = ctx.matchedAnalysis(uri);
  const doc = ctx.documents.get(uri);
  if (!analysis || !doc) return [];
  // Text decoded with U+FFFD from a file that is not UTF-8: applying any fix and saving would re-encode it.
  if (editorTextReencodes(uriToPath(uri), doc.getText())) return [];
  const only = params.context.only;
  const version = doc.version;
  const edit = (edits: readonly TextEdit[]) => toWorkspaceEdit(uri, version, edits, ctx.supportsDocumentChanges);
  const actions: CodeAction[] = [];

  if (wanted(only, CodeActionKind.QuickFix)) {
    // The same fix (e.g. "Insert all 3 missing sections", attached to every SH001) becomes one action listing all its diagnostics.
    const byKey = new Map<string, { fix: Fix; diagnostics: Diagnostic[] }>();
    for (const finding of analysis.findings) {
      if (!finding.fixes.length || !rangesIntersect(finding.range, params.range)) continue;
      const diagnostic = toDiagnostic(finding);
      for (const fix of finding.fixes) {
        const key = JSON.stringify([fix.title, fix.edits]);
        const entry = byKey.get(key);
        if (entry) entry.diagnostics.push(diagnostic);
        else byKey.set(key, { fix, diagnostics: [diagnostic] });
      }
    }
    for (const { fix, diagnostics } of byKey.values()) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: fix.isPreferred, edit: edit(fix.edits) });
    }
  }

  const insertAll = ctx.load.service.insertAllMissing(analysis);
  if (insertAll) {
    const alreadyOffered = actions.some((a) => a.title === insertAll.title);
    const missingDiagnostics = analysis.findings.filter((f) => f.code === 'SH001').map(toDiagnostic);
    if (!alreadyOffered && wanted(only, CodeActionKind.QuickFix) && missingDiagnostics.some((d) => rangesIntersect(d.range, params.range))) {
      actions.push({ title: insertAll.title, kind: CodeActionKind.QuickFix, diagnostics: missingDiagnostics, isPreferred: false, edit: edit(insertAll.edits) });
    } else if (!alreadyOffered && wanted(only, INSERT_ALL_SOURCE_KIND)) {
      actions.push({ title: insertAll.title, kind: INSERT_ALL_SOURCE_KIND, diagnostics: missingDiagnostics, edit: edit(insertAll.edits) });
    }
  }

  if (wanted(only, FIX_ALL_CODE_ACTION_KIND)) {
    const edits = ctx.load.service.fixAllEdits(analysis);
    if (edits.length) {
      actions.push({ title: 'Fix all auto-fixable Spec & Handoff problems', kind: FIX_ALL_CODE_ACTION_KIND, diagnostics: [], edit: edit(edits) });
    }
  }
  return actions;
}
