/**
 * The few assertions the web suite needs. Node's `assert` does not exist in
 * the web worker extension host, and the suite bundle carries nothing but
 * itself (see test/web/run.mjs).
 */
export class AssertionError extends Error {}

export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected)
    throw new AssertionError(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Every line of `before` is still there, in order, in `after` (a fix inserted; it deleted nothing). */
export function linesKept(before: string, after: string, message: string): void {
  const later = after.split(/\r?\n/);
  let at = 0;
  for (const line of before.split(/\r?\n/)) {
    while (at < later.length && later[at] !== line) at++;
    if (at === later.length) throw new AssertionError(`${message}: the line ${JSON.stringify(line)} is gone`);
    at++;
  }
}
