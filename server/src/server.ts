/**
 * Entry of the bundled language server (dist/server.js). `createConnection`
 * picks the transport from argv (`--node-ipc`, `--stdio`, `--socket=N`,
 * `--pipe=NAME`), as vscode-languageclient passes it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './lsp/start';

startLanguageServer(createConnection(ProposedFeatures.all));
