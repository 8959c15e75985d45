/**
 * The environment the extension starts the language server with (server/src/server-env.json, through
 * protocol.ts SERVER_ENV, over the extension host's own environment as vscode-languageclient merges it).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SERVER_ENV } from '../../server/src/protocol';

/** What Node prints at start when NODE_EXTRA_CA_CERTS names a file it cannot load. */
const IGNORED_CERTS = /Ignoring extra certs from/;

/** Node's stderr for an empty script started with `env`. */
function nodeStartStderr(env: NodeJS.ProcessEnv): string {
  const run = spawnSync(process.execPath, ['-e', ''], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stderr;
}

describe('SERVER_ENV (the language server process environment)', () => {
  it('sets MALLOC_ARENA_MAX=1 and an empty NODE_EXTRA_CA_CERTS', () => {
    assert.deepEqual({ ...SERVER_ENV }, { MALLOC_ARENA_MAX: '1', NODE_EXTRA_CA_CERTS: '' });
  });

  it('over an editor environment that names a certificate file, Node reads none at start', () => {
    // The extension host's environment as the client merges it: its own variables, then SERVER_ENV's.
    const editor = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/spec-handoff-test/extra-ca.pem' };
    // Control: Node reads the variable at every start (it warns that the file cannot be loaded).
    assert.match(nodeStartStderr(editor), IGNORED_CERTS);
    assert.doesNotMatch(nodeStartStderr({ ...editor, ...SERVER_ENV }), IGNORED_CERTS);
  });
});
