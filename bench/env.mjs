// Environments for the bench's runs (bench/run.mjs).

/**
 * `env` without NODE_EXTRA_CA_CERTS, or undefined when `env` does not set it (or sets it empty: Node reads no
 * file then). Node 20 reads and parses the certificate file that variable names at every start, before any
 * script runs (about 45 ms on this project's VMs, whose environment sets it): stage a times ours once more
 * without it, to show that cost apart.
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
