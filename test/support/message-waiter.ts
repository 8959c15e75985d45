/**
 * Waiting for what a language server sends, without sleeps: a test client
 * calls `notify()` on every incoming message, and `waitFor` re-checks its
 * condition then, until it holds or the timeout passes (with a message saying
 * what was awaited and what was seen). Shared by the stdio test client
 * (test/lsp/client.ts) and the in-process server (in-process-server.ts).
 */
export abstract class MessageWaiter {
  private listeners: (() => void)[] = [];

  /** What a timeout message adds about the state seen so far (publishes, logs, stderr). */
  protected abstract describeState(): string;

  protected notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves with the first value `check` returns (re-checked on each incoming message), or rejects after `timeout` ms. */
  waitFor<T>(what: string, check: () => T | undefined, timeout = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const first = check();
      if (first !== undefined) return resolve(first);
      const listener = (): void => {
        const value = check();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeout} ms waiting for ${what}; ${this.describeState()}`));
      }, timeout);
      const done = (): void => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
      this.listeners.push(listener);
    });
  }
}
