/**
 * `check --shard i/n`: which files one machine of a CI matrix checks. A file
 * belongs to the shard given by a hash (FNV-1a, 32 bits) of its path
 * relative to the workspace root with forward slashes, so the split is the
 * same on every machine, whatever the order the files were found in or the
 * folder the command ran from, and every file is in exactly one shard.
 */
import { UsageError } from './io';

export interface Shard {
  /** 1-based, as written. */
  index: number;
  count: number;
}

export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard needs "i/n" with 1 ≤ i ≤ n, e.g. --shard 2/4 (got "${value}").`);
  }
  return { index, count };
}

/** FNV-1a over the UTF-8 bytes of a string: small, fast and the same everywhere. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Whether the file at `rootRelativePath` (forward slashes) is checked by `shard`. */
export function inShard(rootRelativePath: string, shard: Shard): boolean {
  return fnv1a(rootRelativePath) % shard.count === shard.index - 1;
}
