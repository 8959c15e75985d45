/** A binary from an npm package in a cache folder, installed there first if missing: it, and its `--version`. */
export declare function binaryFromNpm(options: {
  label: string;
  cache: string;
  spec: string;
  bin: string;
  npm?: string;
}): { bin: string; reported: string } | { skipped: string };
