/**
 * The `spec-handoff` command line: check, report, schemas, new, lsp. Bundled to
 * dist/cli.js (its worker threads: dist/cli-worker.js, from cli-worker.ts).
 * The work is in ./cli/; this file only connects it to the
 * process. Exit codes: 0 no errors, 1 error findings, 2 usage/config errors
 * (and unexpected crashes).
 */
import { main } from './cli/main';
import { type CliIo, exitOnWriteError, processIo } from './cli/io';

// A reader that stops early (`spec-handoff check | head`) or a full disk is not an error worth a stack trace
// (io.ts `exitOnWriteError`). The handler is attached when a stream is first used (the getter wrapped): `check`
// writes files and pipes without the streams (io.ts `descriptorWriter`), and creating them costs start-up time
// (issue 20).
for (const name of ['stdout', 'stderr'] as const) {
  const fd = name === 'stdout' ? 1 : 2;
  const onStreamError = (error: NodeJS.ErrnoException): void => exitOnWriteError(error, fd);
  const descriptor = Object.getOwnPropertyDescriptor(process, name);
  const get = descriptor?.get;
  if (!get || !descriptor.configurable) {
    process[name].on('error', onStreamError);
    continue;
  }
  let guarded = false;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: descriptor.enumerable,
    get() {
      const stream = get.call(process) as NodeJS.WriteStream;
      if (!guarded) {
        guarded = true;
        stream.on('error', onStreamError);
      }
      return stream;
    },
  });
}

/** The process's io, or undefined (said on stderr, exit code 2) when the current folder cannot be read. */
function openIo(): CliIo | undefined {
  try {
    return processIo();
  } catch (error) {
    // process.cwd() of a folder removed under the shell (ENOENT) or not readable (EACCES): say so, no stack.
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    process.stderr.write(
      `spec-handoff: cannot read the current folder (${code}); it may have been removed. Run the command from an existing folder.\n`,
    );
    process.exitCode = 2;
    return undefined;
  }
}

const io = openIo();
if (io) run(io);

function run(io: CliIo): void {
  main(process.argv.slice(2), io).then(
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
}
