/**
 * VS Code's `files.exclude` (globs set to true) as a matcher of root-relative
 * paths, pulled with workspace/configuration when the client supports it.
 * `{ "when": "$(basename).ts" }` values depend on sibling files and are not
 * applied.
 */
import picomatch from 'picomatch';
import type { ServerContext } from './context';
import { pathToUri } from './convert';

export async function filesExcludeMatcher(
  ctx: ServerContext,
): Promise<((rootRelativePath: string) => boolean) | undefined> {
  if (ctx.capabilities.workspace?.configuration !== true) return undefined;
  try {
    const scopeUri = ctx.root ? pathToUri(ctx.root) : undefined;
    const [files] = (await ctx.connection.workspace.getConfiguration([{ section: 'files', scopeUri }])) as unknown[];
    const exclude = files && typeof files === 'object' ? (files as { exclude?: unknown }).exclude : undefined;
    if (!exclude || typeof exclude !== 'object') return undefined;
    const globs = Object.entries(exclude as Record<string, unknown>)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob.replace(/\\/g, '/').replace(/\/+$/, ''));
    return globs.length ? picomatch(globs, { dot: true, nocase: process.platform === 'win32' }) : undefined;
  } catch (error) {
    ctx.logError('reading files.exclude', error);
    return undefined;
  }
}
