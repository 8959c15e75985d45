/**
 * The `spec-handoff` command line: check, report, schemas, new, lsp. Bundled to
 * dist/cli.js (its worker threads: dist/cli-worker.js, from cli-worker.ts).
 * The work is in ./cli/; this file only connects it to the
 * process. Exit codes: 0 no errors, 1 error findings, 2 usage/config errors
 * (and unexpected crashes).
 */
import { main } from './cli/main';
import { processIo } from './cli/io';

// A reader that stops early (`spec-handoff check | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

main(process.argv.slice(2), processIo()).then(
  (code) => {
    // Set the code and let Node exit by itself, so piped output is flushed completely.
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `spec-handoff: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
