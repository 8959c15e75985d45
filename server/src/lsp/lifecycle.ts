/**
 * The protocol's lifecycle in front of the handlers, for every transport
 * (transport.ts for the Node server, server-web.ts for the web worker): a
 * request before `initialize` is answered with error -32002
 * (ServerNotInitialized) and never reaches a handler; notifications before it
 * are dropped, except `exit`. A request after `shutdown` is answered with
 * InvalidRequest.
 */
import { ErrorCodes, Message, type DataCallback, type MessageReader, type MessageWriter } from 'vscode-languageserver';

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
