/** `spec-handoff lsp --stdio`: the language server over stdin/stdout. */
import { parse } from '../args';
import { type CliIo, UsageError, EXIT_OK } from '../io';
import { LSP_HELP } from '../help';

const OPTIONS = {
  stdio: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Resolves to undefined when the server runs (the process then lives as long as the connection). */
export async function runLsp(io: CliIo, args: string[]): Promise<number | undefined> {
  const { values, positionals } = parse(args, OPTIONS, 'lsp');
  if (values.help) {
    io.out(LSP_HELP);
    return EXIT_OK;
  }
  if (positionals.length) throw new UsageError(`"lsp" takes no arguments (got ${positionals.join(' ')}).`);
  if (!values.stdio)
    throw new UsageError('"lsp" needs --stdio (the only transport supported).', 'Run "spec-handoff lsp --stdio".');
  // Loaded only now: the server's dependencies cost start-up time that the other commands do not need.
  const { serveStdio } = await import('./lsp-server');
  serveStdio();
  return undefined;
}
