/**
 * Completion: the service's entries as LSP items (text edits over the typed
 * prefix, snippets where marked). A client that does not declare
 * `completionItem.snippetSupport` gets every item as plain text: no tab stops,
 * no `$0`, no backslash escapes left in the buffer.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver';
import type { CompletionEntryKind } from '../service';
import type { ServerContext } from './context';
import { toRange } from './convert';

export const COMPLETION_TRIGGER_CHARACTERS = ['#', ':'];

const KINDS: Record<CompletionEntryKind, CompletionItemKind> = {
  section: CompletionItemKind.Snippet,
  frontMatterKey: CompletionItemKind.Property,
  frontMatterValue: CompletionItemKind.EnumMember,
};

export function completion(ctx: ServerContext, params: CompletionParams): CompletionList | null {
  const analysis = ctx.analysisFor(params.textDocument.uri);
  if (!analysis) return null;
  const entries = ctx.load.service.completions(analysis, params.position);
  if (!entries.length) return null;
  const snippets = ctx.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  const items: CompletionItem[] = entries.map((e) => ({
    label: e.label,
    kind: KINDS[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
    sortText: e.sortText,
    filterText: e.filterText,
    insertTextFormat: e.isSnippet && snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: toRange(e.range), newText: snippets ? e.insertText : e.plainText },
  }));
  return { isIncomplete: false, items };
}
