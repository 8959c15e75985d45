/** The language server on stdio; imported lazily by `spec-handoff lsp --stdio`. */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startLanguageServer } from '../../lsp/start';

export function serveStdio(): void {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  startLanguageServer(connection);
}
