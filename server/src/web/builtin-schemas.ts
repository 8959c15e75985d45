/**
 * The built-in schemas (schemas/*.yaml) and presets
 * (schemas/presets/<preset>/<kind id>.yaml) for the web worker server, which
 * has no folder to read them from. Empty in the sources: scripts/build.mjs
 * replaces this module in dist/server-web.js with every file's path below
 * schemas/ and its text: the built-ins in name order (as node/workspace.ts
 * `builtinSchemaFiles` reads them), then the presets.
 */
export const BUILTIN_SCHEMA_TEXTS: readonly { name: string; text: string }[] = [];
