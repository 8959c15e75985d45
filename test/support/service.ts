/** Test helpers: a LanguageService over the built-in schemas with an in-memory workspace host. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  LanguageService,
  SchemaRegistry,
  emptyConfig,
  type SpecHandoffConfig,
  type WorkspaceHost,
} from '../../server/src/service';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import type { SchemaFileText } from '../../server/src/service/schema/registry';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'rust-rfcs');

/** A host whose files are exactly the given set (absolute paths). */
export function memoryHost(files: Iterable<string> = []): WorkspaceHost {
  const set = new Set(files);
  return { exists: (p) => set.has(p) || [...set].some((f) => f.startsWith(p + path.sep)) };
}

export function makeService(
  options: { extraSchemas?: SchemaFileText[]; config?: Partial<SpecHandoffConfig>; host?: WorkspaceHost } = {},
): LanguageService {
  const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), ...(options.extraSchemas ?? [])]);
  if (registry.problems.length) throw new Error(`built-in schemas have problems: ${JSON.stringify(registry.problems)}`);
  return new LanguageService({
    registry,
    host: options.host ?? memoryHost(),
    config: { ...emptyConfig(), ...options.config },
  });
}

export function readFixture(...parts: string[]): string {
  return fs.readFileSync(path.join(fixturesDir, ...parts), 'utf8');
}

/** Whether `original` survives in `changed` as a subsequence (insert-only edits guarantee it). */
export function isSubsequence(original: string, changed: string): boolean {
  let j = 0;
  for (let i = 0; i < changed.length && j < original.length; i++) if (changed[i] === original[j]) j++;
  return j === original.length;
}
