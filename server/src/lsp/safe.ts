/** Handlers never take the server down: an exception is logged and the request gets a neutral answer. */
import type { ServerContext } from './context';

export function safe<A extends unknown[], R>(
  ctx: ServerContext,
  name: string,
  fallback: R,
  handler: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      ctx.logError(name, error);
      return fallback;
    }
  };
}

/** For notifications: same, nothing to return. */
export function safeNotify<A extends unknown[]>(
  ctx: ServerContext,
  name: string,
  handler: (...args: A) => void | Promise<void>,
): (...args: A) => void {
  return (...args: A) => {
    void (async () => {
      try {
        await handler(...args);
      } catch (error) {
        ctx.logError(name, error);
      }
    })();
  };
}
