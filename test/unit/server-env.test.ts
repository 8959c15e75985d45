/**
 * The environment the extension starts the language server with (server/src/server-env.json through
 * protocol.ts `serverEnvironment`; the benchmark applies the same data through bench/env.mjs).
 */
import * as assert from 'node:assert/strict';
import { SERVER_ENV, serverEnvironment } from '../../server/src/protocol';
import { serverEnvironment as benchServerEnvironment } from '../../bench/env.mjs';

describe('serverEnvironment (the language server process environment)', () => {
  const editor = {
    PATH: '/usr/bin',
    HOME: '/home/dev',
    MALLOC_ARENA_MAX: '8',
    NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corporate.pem',
    NODE_OPTIONS: '--max-old-space-size=4096',
  };

  it("sets MALLOC_ARENA_MAX=1 over the editor's value, removes NODE_EXTRA_CA_CERTS, keeps everything else", () => {
    assert.deepEqual(serverEnvironment(editor), {
      PATH: '/usr/bin',
      HOME: '/home/dev',
      MALLOC_ARENA_MAX: '1',
      NODE_OPTIONS: '--max-old-space-size=4096',
    });
    assert.equal(editor.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/corporate.pem', "the editor's environment is not changed");
  });

  it('an environment without the removed variable gets none; an empty one gets only what is set', () => {
    assert.deepEqual(serverEnvironment({ PATH: '/bin' }), { PATH: '/bin', MALLOC_ARENA_MAX: '1' });
    assert.deepEqual(serverEnvironment({}), { MALLOC_ARENA_MAX: '1' });
  });

  it('the benchmark starts the server with the same environment as the extension', () => {
    for (const base of [editor, {}, { PATH: '/bin', NODE_EXTRA_CA_CERTS: '' }])
      assert.deepEqual(benchServerEnvironment(base, { ...SERVER_ENV }), serverEnvironment(base));
  });
});
