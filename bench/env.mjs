// Environments for the bench's runs (bench/run.mjs).

/**
 * `env` without NODE_EXTRA_CA_CERTS, or undefined when `env` does not set it (empty: Node reads nothing). Node 20 reads and parses the
 * certificate file that variable names at every start, before any script runs (about 40 ms on this project's
 * VMs, whose environment sets it): stage a times ours once more without it, to show that cost apart.
 *
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv | undefined}
 */
export function envWithoutCaCerts(env = process.env) {
  if (!env.NODE_EXTRA_CA_CERTS) return undefined;
  const copy = { ...env };
  delete copy.NODE_EXTRA_CA_CERTS;
  return copy;
}

/**
 * `base` as the extension starts the language server with it (client/src/client.ts, through
 * server/src/protocol.ts `serverEnvironment`): the strings of server/src/server-env.json set, its nulls removed.
 *
 * @param {NodeJS.ProcessEnv} base
 * @param {Record<string, string | null>} changes the parsed server-env.json
 * @returns {NodeJS.ProcessEnv}
 */
export function serverEnvironment(base, changes) {
  const env = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete env[name];
    else env[name] = value;
  }
  return env;
}
