/**
 * Diagnostics for open documents: debounced per document, published only if
 * the document is still at the version that was analysed (a newer keystroke
 * has its own timer), followed by `specHandoff/checklistChanged` so the
 * sidebar refreshes (for clients that opted in to it). Unmatched markdown gets an empty publish: a README is
 * never nagged.
 */
import { CodeLensRefreshRequest, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { ChecklistChangedNotification } from '../protocol';
import type { Analysis } from '../service';
import type { ServerContext } from './context';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './convert';

export const DEBOUNCE_MS = 150;

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private disposed = false;
  /** Told after each publish for an open document (the workspace index follows open documents this way). */
  onDidValidate: (uri: string, analysis: Analysis | undefined) => void = () => undefined;

  constructor(private readonly ctx: ServerContext) {}

  /** (Re)starts the document's timer; `delay` 0 for opens and reloads. */
  schedule(uri: string, delay = DEBOUNCE_MS): void {
    if (this.disposed) return;
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      void this.validate(uri);
    }, delay);
    this.timers.set(uri, timer);
  }

  scheduleAll(delay = 0): void {
    for (const doc of this.ctx.documents.all()) this.schedule(doc.uri, delay);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Analyses the document now and publishes, unless it changed or closed meanwhile. */
  async validate(uri: string): Promise<void> {
    try {
      await this.ctx.ready;
      const doc = this.ctx.documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      this.ctx.timing.mark('first analysis started');
      const analysis = this.ctx.analysisFor(uri);
      const current = this.ctx.documents.get(uri);
      if (!current || current.version !== version || this.timers.has(uri)) return; // stale: a newer version is on its way
      const diagnostics = analysis ? analysis.findings.map(toDiagnostic) : [];
      // A file that was not checked (NUL bytes: binary) says so where the user looks, instead of looking clean.
      if (analysis?.skipped) diagnostics.push(skippedDiagnostic(analysis.skipped));
      await this.ctx.connection.sendDiagnostics({ uri, version, diagnostics });
      this.ctx.timing.finish('first publish', (line) => this.ctx.log(line));
      await this.ctx.notifyClient(ChecklistChangedNotification.type, { uri, version });
      this.onDidValidate(uri, analysis);
      // The code lens shows the same summary: ask clients that can to re-read it.
      if (this.ctx.capabilities.workspace?.codeLens?.refreshSupport)
        await this.ctx.connection.sendRequest(CodeLensRefreshRequest.type);
    } catch (error) {
      this.ctx.logError(`diagnostics for ${uri}`, error);
    }
  }

  /** A closed document's diagnostics are cleared (and the sidebar told). */
  async clear(uri: string): Promise<void> {
    this.cancel(uri);
    try {
      await this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
      await this.ctx.notifyClient(ChecklistChangedNotification.type, { uri, version: null });
    } catch (error) {
      this.ctx.logError(`clearing diagnostics for ${uri}`, error);
    }
  }
}

function skippedDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: reason,
  };
}
