/** `spec-handoff mcp`: the Model Context Protocol server over stdin/stdout, for coding agents. */
import { parse } from '../args';
import { type CliIo, UsageError, EXIT_OK } from '../io';
import { MCP_HELP } from '../help';

const OPTIONS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Resolves to undefined when the server runs (the process then lives as long as stdin is open). */
export async function runMcp(io: CliIo, args: string[]): Promise<number | undefined> {
  const { values, positionals } = parse(args, OPTIONS, 'mcp');
  if (values.help) {
    io.out(MCP_HELP);
    return EXIT_OK;
  }
  if (positionals.length)
    throw new UsageError(`"mcp" takes no arguments (got ${positionals.join(' ')}).`, 'Run "spec-handoff mcp --help".');
  // Loaded only now: the MCP SDK costs start-up time that the other commands do not need.
  const { serveMcpStdio } = await import('./mcp-server');
  await serveMcpStdio(io, values.config);
  return undefined;
}
