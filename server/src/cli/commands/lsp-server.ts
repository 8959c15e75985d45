/** The language server on stdio; imported lazily by `spec-handoff lsp --stdio`. */
import { createServerConnection } from '../../lsp/transport';
import { startLanguageServer } from '../../lsp/start';

export function serveStdio(): void {
  startLanguageServer(createServerConnection({ kind: 'stdio' }));
}
