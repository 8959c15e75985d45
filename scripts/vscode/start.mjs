#!/usr/bin/env node
// `npm start`: try the extension by hand in a real VS Code on examples/workspace.
//
// - Desktop VS Code (`code` on PATH, and a display on Linux): opens a window
//   with the extension loaded from this repository as a development extension.
// - Otherwise: starts code-server (VS Code 1.100.3, see
//   scripts/vscode/install-code-server.sh) on 127.0.0.1 with the extension
//   installed and prints the URL to open; runs until Ctrl+C.
//
// `npm start -- --web-extension`: in code-server, the extension runs as a web
// extension (VS Code's web worker extension host, as on github.dev).
//
// Environment: SPEC_HANDOFF_PORT (default: any free port),
// SPEC_HANDOFF_VSCODE_MODE=desktop|web to force one, SPEC_HANDOFF_EXTENSION_PATH
// (default: this repository), SPEC_HANDOFF_VERBOSE=1 (echo code-server's log).
//
// The extension comes from dist/ (built here with scripts/build.mjs if
// missing). code-server loads it through a symlink, so after a rebuild
// "Developer: Reload Window" in the browser picks up the new code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  APT_COMMAND,
  CODE_SERVER_VERSION,
  VSCODE_VERSION,
  HarnessError,
  INSTALL_COMMAND,
  ensureExtensionBuilt,
  linkExtension,
  makeTempDir,
  repoRoot,
  startCodeServer,
  webPrerequisiteProblems,
  which,
} from './lib.mjs';

const workspace = path.join(repoRoot, 'examples', 'workspace');
const extensionPath = path.resolve(process.env.SPEC_HANDOFF_EXTENSION_PATH || repoRoot);
const log = (msg) => console.log(`[start] ${msg}`);
const webExtension = process.argv.includes('--web-extension');

async function main() {
  ensureExtensionBuilt(extensionPath, log);
  const mode = process.env.SPEC_HANDOFF_VSCODE_MODE;
  const code = which('code');
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (mode === 'desktop' || (mode !== 'web' && !webExtension && code && hasDisplay)) {
    if (!code) throw new HarnessError('SPEC_HANDOFF_VSCODE_MODE=desktop but `code` is not on PATH');
    log(`opening desktop VS Code (${code}) with the extension from ${extensionPath}`);
    const child = spawn(code, [`--extensionDevelopmentPath=${extensionPath}`, workspace], { stdio: 'inherit' });
    const exitCode = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    return exitCode;
  }

  const problems = webPrerequisiteProblems().filter((p) => !p.startsWith('Chromium')); // the user brings the browser
  if (problems.length) {
    throw new HarnessError(
      [
        'no desktop VS Code on PATH (or no display), and code-server is not installed:',
        ...problems.map((p) => `  - ${p}`),
        `Set up with: ${APT_COMMAND} && ${INSTALL_COMMAND}`,
      ].join('\n'),
    );
  }

  const stateDir = await makeTempDir('spec-handoff-start-');
  const extensionsDir = path.join(stateDir, 'extensions');
  const { id } = linkExtension(extensionsDir, extensionPath);
  const port = Number(process.env.SPEC_HANDOFF_PORT || 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new HarnessError(`SPEC_HANDOFF_PORT must be a port number, not "${process.env.SPEC_HANDOFF_PORT}"`);
  const server = await startCodeServer({
    stateDir,
    workspace,
    port,
    extensionsDir,
    // The web worker extension host instead of the remote Node one (see test/web/run.mjs).
    settings: webExtension ? { 'remote.extensionKind': { [id]: ['web'] } } : undefined,
    onLine: process.env.SPEC_HANDOFF_VERBOSE === '1' ? (line) => console.log(`  [code-server] ${line}`) : undefined,
  });
  const url = server.workbenchUrl({ folder: workspace });
  console.log(
    [
      '',
      `  VS Code ${VSCODE_VERSION} (code-server ${CODE_SERVER_VERSION}) is running with ${id} installed from ${extensionPath}${webExtension ? ' as a web extension (web worker extension host)' : ''}`,
      `  workspace: ${workspace}`,
      '',
      `  Open:  ${url}`,
      '',
      `  Listening on 127.0.0.1 only; from another machine use: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>`,
      `  Log: ${server.logFile}`,
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  // Runs until Ctrl+C (lib.mjs then stops code-server and removes the temp
  // profile) or until code-server dies on its own.
  const { code: exitCode, signal } = await server.exitPromise;
  console.error(`[start] code-server exited (code ${exitCode}, signal ${signal})\n${server.logTail(30)}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[start] ${err instanceof HarnessError ? err.message : (err?.stack ?? err)}`);
    process.exit(1);
  },
);
