// Helpers for in-editor tests: bounded polling instead of fixed sleeps, and
// access to the (temporary copy of the) sample workspace the runner opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Identifier of the extension under test: `<publisher>.<name>` from package.json. */
export const EXTENSION_ID = 'spec-handoff.spec-handoff';

/**
 * Polls `check` every `intervalMs` until it returns a value other than
 * undefined/false, or fails with `description` after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  description: string,
  { timeoutMs = 15_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The single folder the runner opened (a temp copy of examples/workspace). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open; the runner should open a copy of examples/workspace');
  return folder;
}

/** Opens a workspace file (path relative to the workspace root) in an editor. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/**
 * Waits until the extension under test is active. Opening a markdown file is
 * what should activate it (activationEvents), so this does not activate it
 * itself — unless the wait times out, when activating explicitly surfaces the
 * activation error in the failure message.
 */
export async function waitForExtensionActive(timeoutMs = 20_000): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(
    extension,
    `extension ${EXTENSION_ID} is not installed in this VS Code (installed: ${
      vscode.extensions.all
        .filter((e) => !e.id.startsWith('vscode.'))
        .map((e) => e.id)
        .join(', ') || 'none besides built-ins'
    })`,
  );
  try {
    await waitFor(() => extension.isActive, `${EXTENSION_ID} to become active`, { timeoutMs });
  } catch (timeout) {
    let why = 'activate() then succeeded, so no activation event fired';
    try {
      await extension.activate();
    } catch (err) {
      why = `activate() fails: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    }
    throw new Error(`${(timeout as Error).message}; ${why}`);
  }
  return extension;
}

/** The extension activated and its language server ready; `T` is the part of its exported API a suite uses. */
export async function activatedApi<T extends { ready: Promise<unknown> }>(): Promise<T> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(extension);
  const exported = await extension.activate();
  await exported.ready;
  return exported;
}

/** Writes a file into the workspace copy and opens it. */
export async function openNew(relativePath: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}
