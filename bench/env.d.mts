/** `env` without NODE_EXTRA_CA_CERTS, or undefined when it does not set it or sets it empty (see env.mjs). */
export declare function envWithoutCaCerts(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined;
