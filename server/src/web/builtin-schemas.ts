/**
 * The built-in schemas (schemas/*.yaml) for the web worker server, which has
 * no folder to read them from. Empty in the sources: scripts/build.mjs
 * replaces this module in dist/server-web.js with every file's name and text,
 * in name order (as node/workspace.ts `builtinSchemaFiles` reads them).
 */
export const BUILTIN_SCHEMA_TEXTS: readonly { name: string; text: string }[] = [];
