/** The CLI's dispatcher: command name → command; usage errors → stderr and exit code 2. */
import { didYouMean } from '../service';
import { type CliIo, UsageError, EXIT_OK, EXIT_USAGE } from './io';
import { MAIN_HELP } from './help';
import { packageInfo } from './package-info';
import { runCheck } from './commands/check';
import { runSchemas } from './commands/schemas';
import { runReport } from './commands/report';
import { runNew } from './commands/new';
import { runHandoff } from './commands/handoff';
import { runLsp } from './commands/lsp';
import { runMergeSarif } from './commands/merge-sarif';
import { runMcp } from './commands/mcp';

/** The command names, for "did you mean". */
const COMMANDS = ['check', 'report', 'schemas', 'new', 'handoff', 'lsp', 'mcp', 'merge-sarif', 'version', 'help'];

/** Runs a command line; resolves to the exit code, or undefined when a long-running server was started. */
export async function main(argv: string[], io: CliIo): Promise<number | undefined> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(io, rest);
      case 'report':
        return await runReport(io, rest);
      case 'schemas':
        return runSchemas(io, rest);
      case 'new':
        return runNew(io, rest);
      case 'handoff':
        return await runHandoff(io, rest);
      case 'lsp':
        return await runLsp(io, rest);
      case 'merge-sarif':
        return runMergeSarif(io, rest);
      case 'mcp':
        return await runMcp(io, rest);
      case '--version':
      case '-v':
      case 'version':
        io.out(`${packageInfo().version}\n`);
        return EXIT_OK;
      case '--help':
      case '-h':
      case 'help':
        io.out(MAIN_HELP);
        return EXIT_OK;
      case undefined:
        io.err(MAIN_HELP);
        return EXIT_USAGE;
      default:
        throw new UsageError(
          `Unknown command "${command}".${didYouMean(command, COMMANDS)}`,
          'Run "spec-handoff --help" for the commands.',
        );
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`spec-handoff: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
