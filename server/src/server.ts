/**
 * Entry of the bundled language server (dist/server.js). The transport comes
 * from argv (`--node-ipc`, `--stdio`, `--socket=N`, `--pipe=NAME`), as
 * vscode-languageclient and other editors pass it; see lsp/transport.ts for
 * the lifecycle gate and the quiet exit at the end of stdin.
 */
import { connectionFromArgv } from './lsp/transport';
import { startLanguageServer } from './lsp/start';

startLanguageServer(connectionFromArgv(process.argv.slice(2)));
