/**
 * The Node globals that shared code reads (lsp/ and the client), for the web
 * bundles: a web worker has neither. scripts/build.mjs injects these (esbuild
 * `inject`), so a free `process` or `setImmediate` in the web bundles means
 * these objects; the Node bundles never see them.
 */
export const process = {
  platform: 'web',
  pid: 0,
  execArgv: [] as string[],
  env: {} as Record<string, string | undefined>,
  /** path-browserify resolves relative paths against this; the web server's paths are absolute URI paths. */
  cwd: (): string => '/',
  /** The Node server's last-resort handlers (`process.on('uncaughtException')`); server-web.ts has the worker's own. */
  on: (): void => undefined,
};

/** `setImmediate` as the next macrotask (the index yields to the event loop with it). */
export function setImmediate(callback: () => void): void {
  setTimeout(callback, 0);
}
