/**
 * The server's connection for each transport (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`, as editors and vscode-languageclient pass
 * them), with two things the library does not do for us:
 *
 * - **The protocol's lifecycle** (`LifecycleGate`): a request before
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
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type DataCallback,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

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

type LifecycleState = 'uninitialized' | 'running' | 'shuttingDown';

/** What the server may still be asked, per the protocol's lifecycle; answers the requests it may not. */
export class LifecycleGate {
  private state: LifecycleState = 'uninitialized';

  constructor(private readonly writer: MessageWriter) {}

  /** Whether `message` goes on to the connection's handlers; a refused request is answered here. */
  admit(message: Message): boolean {
    if (Message.isRequest(message)) {
      if (this.state === 'uninitialized') {
        if (message.method === 'initialize') {
          this.state = 'running';
          return true;
        }
        this.refuse(
          message.id,
          ErrorCodes.ServerNotInitialized,
          `The server is not initialized: send "initialize" before "${message.method}".`,
        );
        return false;
      }
      if (this.state === 'shuttingDown') {
        this.refuse(
          message.id,
          ErrorCodes.InvalidRequest,
          `The server is shutting down ("shutdown" was received): "${message.method}" is not accepted; send "exit".`,
        );
        return false;
      }
      if (message.method === 'initialize') {
        this.refuse(
          message.id,
          ErrorCodes.InvalidRequest,
          'The server is already initialized: "initialize" may be sent only once.',
        );
        return false;
      }
      if (message.method === 'shutdown') this.state = 'shuttingDown';
      return true;
    }
    if (Message.isNotification(message)) return this.state !== 'uninitialized' || message.method === 'exit';
    return true; // responses to the server's own requests
  }

  private refuse(id: number | string | null, code: number, text: string): void {
    this.writer.write({ jsonrpc: '2.0', id, error: { code, message: text } } as Message).catch(() => undefined);
  }
}

/** `reader`, with every incoming message passed through `gate` first. */
export function gatedReader(reader: MessageReader, gate: LifecycleGate): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback: DataCallback) =>
      reader.listen((message) => {
        if (gate.admit(message)) callback(message);
      }),
    dispose: () => reader.dispose(),
  };
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
