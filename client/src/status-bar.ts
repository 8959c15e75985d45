/**
 * Status bar item for the active document: "$(checklist) Spec 5/7", the
 * summary line in the tooltip, click → the Checklist view. Hidden when the
 * active document matches no kind, and when `specHandoff.statusBar.enabled`
 * is false (applied as soon as the setting changes).
 */
import * as vscode from 'vscode';
import type { ChecklistProvider } from './views/checklist';
import { COMMANDS, CONFIG_SECTION } from './ids';
import { problemsText, summaryText } from './summary';

export function createStatusBar(provider: ChecklistProvider): {
  item: vscode.StatusBarItem;
  visible(): boolean;
  subscription: vscode.Disposable;
} {
  let shown = false;
  const item = vscode.window.createStatusBarItem('specHandoff.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Spec & Handoff';
  item.command = COMMANDS.focusChecklist;
  // specHandoff.statusBar.enabled, read on every update and on change (no reload needed).
  const enabled = (): boolean =>
    vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('statusBar.enabled', true) !== false;
  const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(`${CONFIG_SECTION}.statusBar.enabled`)) return;
    if (!enabled()) {
      item.hide();
      shown = false;
    } else {
      void provider.refresh();
    }
  });
  provider.onDidChangeChecklist(({ checklist }) => {
    if (!checklist || !enabled()) {
      item.hide();
      shown = false;
      return;
    }
    const s = checklist.summary;
    const complete =
      checklist.readiness?.ready ??
      (s.sectionsPresent === s.sectionsRequired && s.errors === 0 && s.warnings === 0 && s.openItems === 0);
    item.text = `$(${complete ? 'pass' : 'checklist'}) ${summaryText(checklist)}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(`${checklist.summaryLine} · ${problemsText(checklist)}`);
    tooltip.appendMarkdown('\n\nClick to show the checklist.');
    item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: `${checklist.summaryLine}, ${problemsText(checklist)}. Show the checklist.`,
      role: 'button',
    };
    item.show();
    shown = true;
  });
  return { item, visible: () => shown, subscription };
}
