/**
 * Code actions: one quick fix per fix of each finding under the cursor (with
 * its diagnostic attached; the fix's `isPreferred` kept), "Insert all missing
 * sections", `source.fixAll.specHandoff` (every preferred fix at once,
 * for `editor.codeActionsOnSave`), and "Insert example" (a refactor action,
 * never part of fix-all: the schema's worked example for the section at the
 * cursor), and for each finding under the cursor "Disable SHnnn for this
 * line / for this file" (an inserted suppression comment, never preferred).
 *
 * A client without `codeAction.codeActionLiteralSupport` cannot take
 * CodeAction literals: it gets each action as a `Command` of the server's own
 * `spec-handoff.applyEdit` (see `ServerCommands`), which it executes with
 * `workspace/executeCommand`; the server then sends the edit back with
 * `workspace/applyEdit`.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type Diagnostic,
} from 'vscode-languageserver';
import { FIX_ALL_CODE_ACTION_KIND, ServerCommands, type ApplyEditCommandArguments } from '../protocol';
import type { Fix, TextEdit } from '../service';
import type { ServerContext } from './context';
import { rangesIntersect, toDiagnostic, toWorkspaceEdit, uriToPath } from './convert';
import { editorTextReencodes } from '../node/server-host';

export const INSERT_ALL_SOURCE_KIND = `${CodeActionKind.Source}.insertMissingSections.specHandoff`;

export const INSERT_EXAMPLE_KIND = `${CodeActionKind.Refactor}.insertExample.specHandoff`;

export const CODE_ACTION_KINDS = [
  CodeActionKind.QuickFix,
  INSERT_ALL_SOURCE_KIND,
  FIX_ALL_CODE_ACTION_KIND,
  INSERT_EXAMPLE_KIND,
];

/** Whether an action of `kind` was asked for (`only` lists kinds or their parents, e.g. `source.fixAll`). */
function wanted(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

/** Whether the client takes CodeAction literals; without them it gets Commands. */
export function supportsCodeActionLiterals(ctx: ServerContext): boolean {
  return ctx.capabilities.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
}

/** Whether the client can apply an edit the server sends (`workspace/applyEdit`): what running an `applyEdit` command needs. */
export function supportsApplyEdit(ctx: ServerContext): boolean {
  return ctx.capabilities.workspace?.applyEdit === true;
}

export function codeActions(ctx: ServerContext, params: CodeActionParams): (CodeAction | Command)[] {
  const actions = codeActionLiterals(ctx, params);
  if (supportsCodeActionLiterals(ctx)) return actions;
  // Without literals, only commands; and a command that applies an edit needs a client that can apply one.
  if (!supportsApplyEdit(ctx)) return [];
  return actions
    .filter((a) => a.edit)
    .map((a) => {
      const args: ApplyEditCommandArguments = { label: a.title, edit: a.edit! };
      return { title: a.title, command: ServerCommands.applyEdit, arguments: [args] };
    });
}

function codeActionLiterals(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
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
  // "Disable SH014 for this line / file" (inserted suppression comments), offered after the real fixes.
  const disables = new Map<string, CodeAction>();

  if (wanted(only, CodeActionKind.QuickFix)) {
    for (const finding of analysis.findings) {
      if (!rangesIntersect(finding.range, params.range)) continue;
      for (const fix of ctx.load.service.disableFixes(analysis, finding)) {
        const key = JSON.stringify([fix.title, fix.edits]);
        const existing = disables.get(key);
        if (existing) existing.diagnostics!.push(toDiagnostic(finding));
        else
          disables.set(key, {
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [toDiagnostic(finding)],
            isPreferred: false,
            edit: edit(fix.edits),
          });
      }
    }
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
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics,
        isPreferred: fix.isPreferred,
        edit: edit(fix.edits),
      });
    }
  }

  const insertAll = ctx.load.service.insertAllMissing(analysis);
  if (insertAll) {
    const alreadyOffered = actions.some((a) => a.title === insertAll.title);
    const missingDiagnostics = analysis.findings.filter((f) => f.code === 'SH001').map(toDiagnostic);
    const atMissing = missingDiagnostics.some((d) => rangesIntersect(d.range, params.range));
    if (atMissing && missingDiagnostics.length === 1 && wanted(only, CodeActionKind.QuickFix)) {
      // One section missing: its own "Insert section …" is right there; "Insert all 1 missing section" would be the same edit twice.
    } else if (!alreadyOffered && wanted(only, CodeActionKind.QuickFix) && atMissing) {
      actions.push({
        title: insertAll.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: missingDiagnostics,
        isPreferred: false,
        edit: edit(insertAll.edits),
      });
    } else if (!alreadyOffered && wanted(only, INSERT_ALL_SOURCE_KIND)) {
      actions.push({
        title: insertAll.title,
        kind: INSERT_ALL_SOURCE_KIND,
        diagnostics: missingDiagnostics,
        edit: edit(insertAll.edits),
      });
    }
  }

  if (wanted(only, FIX_ALL_CODE_ACTION_KIND)) {
    const edits = ctx.load.service.fixAllEdits(analysis);
    if (edits.length) {
      actions.push({
        title: 'Fix all auto-fixable Spec & Handoff problems',
        kind: FIX_ALL_CODE_ACTION_KIND,
        diagnostics: [],
        edit: edit(edits),
      });
    }
  }
  // Explicitly asked for only (a refactor kind): fix-all and codeActionsOnSave never request it.
  if (wanted(only, INSERT_EXAMPLE_KIND)) {
    const example = ctx.load.service.insertExample(analysis, params.range.start.line);
    if (example)
      actions.push({ title: example.title, kind: INSERT_EXAMPLE_KIND, diagnostics: [], edit: edit(example.edits) });
  }
  actions.push(...disables.values());
  return actions;
}
