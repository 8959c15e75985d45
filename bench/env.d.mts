/** `env` without NODE_EXTRA_CA_CERTS, or undefined when it does not set it or sets it empty (see env.mjs). */
export declare function envWithoutCaCerts(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined;
/** `base` as the extension starts the language server with it: server-env.json's strings set, its nulls removed. */
export declare function serverEnvironment(
  base: NodeJS.ProcessEnv,
  changes: Record<string, string | null>,
): NodeJS.ProcessEnv;
