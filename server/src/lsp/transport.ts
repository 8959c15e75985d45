/**
 * The server's connection for each transport (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`, as editors and vscode-languageclient pass
 * them), with two things the library does not do for us:
 *
 * - **The protocol's lifecycle** (`LifecycleGate`, lifecycle.ts; the web worker server uses it too): a request before
 *   `initialize` is answered with error -32002 (ServerNotInitialized) and
 *   never reaches a handler (so no configuration load can start before the
 *   workspace root is known); notifications before it are dropped, except
 *   `exit`. A request after `shutdown` is answered with InvalidRequest.
 *   `exit` itself is the library's: exit code 0 after `shutdown`, 1 without.
 * - **End of input on stdio**: when stdin ends or closes (the editor went
 *   away, or closed the pipe), the process exits at once with code 0 and
 *   writes nothing to stderr, whatever state it is in (starting up, a
 *   document open, idle). The library's own handling exits with code 1 and
 *   only when it builds the stdin reader itself. A broken stdout (EPIPE)
 *   means the same.
 *
 * On stdio, `console.*` is sent to the client's log (stdout carries the
 * protocol; a stray `console.log` would corrupt it), as the library does when
 * it picks stdio from argv.
 */
import { format } from 'node:util';
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { LifecycleGate, gatedReader } from './lifecycle';

export type Transport =
  | { kind: 'stdio' }
  | { kind: 'ipc' }
  | { kind: 'socket'; port: number }
  | { kind: 'pipe'; name: string };

/** The transport named on the command line (the same flags `createConnection` reads), if any. */
export function transportFromArgv(argv: readonly string[]): Transport | undefined {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[i + 1];
    if (flag === '--stdio') return { kind: 'stdio' };
    if (flag === '--node-ipc') return { kind: 'ipc' };
    if (flag === '--socket' && value !== undefined && /^\d+$/.test(value))
      return { kind: 'socket', port: Number(value) };
    if (flag === '--pipe' && value) return { kind: 'pipe', name: value };
  }
  return undefined;
}

/** The connection for `transport`, gated by the lifecycle; on stdio, ending quietly with stdin. */
export function createServerConnection(transport: Transport): Connection {
  let reader: MessageReader;
  let writer: MessageWriter;
  switch (transport.kind) {
    case 'stdio':
      exitQuietlyWhenStdioEnds();
      reader = new StreamMessageReader(process.stdin);
      writer = new StreamMessageWriter(process.stdout);
      break;
    case 'ipc':
      reader = new IPCMessageReader(process);
      writer = new IPCMessageWriter(process);
      break;
    case 'socket':
      [reader, writer] = createServerSocketTransport(transport.port);
      break;
    case 'pipe':
      [reader, writer] = createServerPipeTransport(transport.name);
      break;
  }
  // Given reader/writer objects (not raw streams), the library adds no exit-on-end handler of its own.
  const connection = createConnection(ProposedFeatures.all, gatedReader(reader, new LifecycleGate(writer)), writer);
  if (transport.kind === 'stdio') sendConsoleToClient(connection);
  return connection;
}

/** The connection for the transport named in `argv`; throws a clear error when none is. */
export function connectionFromArgv(argv: readonly string[]): Connection {
  const transport = transportFromArgv(argv);
  if (!transport)
    throw new Error('No transport given: start the server with --stdio, --node-ipc, --socket=PORT or --pipe=NAME.');
  return createServerConnection(transport);
}

function exitQuietlyWhenStdioEnds(): void {
  const exit = (): never => process.exit(0);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  // The reader on the other end is gone: nothing can be sent any more.
  process.stdout.on('error', exit);
}

function sendConsoleToClient(connection: Connection): void {
  const send =
    (log: (text: string) => void) =>
    (...args: unknown[]): void => {
      try {
        log(format(...args));
      } catch {
        // The connection is closed: there is no one left to tell.
      }
    };
  console.log = send((t) => connection.console.log(t));
  console.info = send((t) => connection.console.info(t));
  console.warn = send((t) => connection.console.warn(t));
  console.error = send((t) => connection.console.error(t));
}
