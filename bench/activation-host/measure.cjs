// Runs inside a real VS Code extension host (the Node one of code-server, the
// same host our extension runs in), loaded as `extensionTestsPath` by
// bench/activation.mjs; VS Code calls run() once the extension host is up and
// its eager (`*`, workspaceContains) activations are done.
//
// It times ONE subject per extension host, the activation of which it
// triggers itself with `vscode.extensions.getExtension(id).activate()`:
//   ours      spec-handoff.spec-handoff
//   markdown  vscode.markdown-language-features (built into VS Code)
// and writes the figures as JSON to $SPEC_HANDOFF_BENCH_RESULTS (the
// extension host's stdout does not reach the bench in the web setup).
//
// Sequence (all times from performance.now() in this process):
//   enter   run() called: the extension host is ready
//   (ours only) activate the built-in Markdown extension, untimed: it is part
//           of every VS Code and opening the spec would otherwise activate it
//           in the middle of our timing
//   settle  wait SPEC_HANDOFF_BENCH_SETTLE_MS (the workbench finishes its own
//           startup on the same two cores)
//   t0      activate() called (the subject must not be active yet)
//   t1      activate()'s promise resolved: what VS Code counts as activation
//   t2      language server ready: ours `exports.ready` (activate returns
//           before the server is up); Markdown's activate() itself awaits its
//           language client's start(), so t2 = t1
//   tOpen   the spec is opened and shown in an editor
//   t3      first vscode.languages.onDidChangeDiagnostics event for the spec
//           from the subject (VS Code debounces that event by 50 ms, for both)
//   (ours only) tDidOpen / tPublish: the moment our language client sends
//           didOpen for the spec, and the moment it hands the server's
//           publishDiagnostics for it to VS Code (client middleware hooks,
//           set right after activate() returns)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

const SUBJECTS = {
  ours: 'spec-handoff.spec-handoff',
  markdown: 'vscode.markdown-language-features',
};

async function run() {
  const enter = performance.now();
  const resultsFile = process.env.SPEC_HANDOFF_BENCH_RESULTS;
  const result = {
    subject: process.env.SPEC_HANDOFF_BENCH_SUBJECT,
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    remoteName: vscode.env.remoteName,
  };
  try {
    Object.assign(result, await measure(result.subject, enter));
  } catch (err) {
    result.error = err instanceof Error ? err.stack || err.message : String(err);
  }
  // Write-then-rename: the bench polls for this file and must never read half of it.
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(`${resultsFile}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${resultsFile}.tmp`, resultsFile);
}

async function measure(subject, enter) {
  const id = SUBJECTS[subject];
  if (!id)
    throw new Error(`SPEC_HANDOFF_BENCH_SUBJECT must be one of ${Object.keys(SUBJECTS).join(', ')}, not "${subject}"`);
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not installed in this VS Code`);
  const spec = vscode.Uri.file(process.env.SPEC_HANDOFF_BENCH_SPEC);
  const specKey = spec.toString();
  const settleMs = Number(process.env.SPEC_HANDOFF_BENCH_SETTLE_MS || 2000);
  const activeAtEnter = activeExtensions();

  // The other subject must not run beside the measured one.
  const other = vscode.extensions.getExtension(subject === 'ours' ? SUBJECTS.markdown : SUBJECTS.ours);
  let markdownPreActivateMs;
  if (subject === 'ours') {
    const t = performance.now();
    await other.activate();
    markdownPreActivateMs = performance.now() - t;
  } else if (other) {
    throw new Error(
      `${SUBJECTS.ours} is installed in the Markdown run; opening the spec would activate it during the timing`,
    );
  }

  await new Promise((resolve) => setTimeout(resolve, settleMs));
  if (extension.isActive)
    throw new Error(
      `${id} was already active before the bench called activate() (active: ${activeExtensions().join(', ')})`,
    );
  const activeBefore = activeExtensions();

  // Diagnostics for the spec, from the subject only.
  let oursApi;
  let firstDiagnostics;
  let resolveDiagnostics;
  const diagnosticsSeen = new Promise((resolve) => (resolveDiagnostics = resolve));
  const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
    if (firstDiagnostics !== undefined || !event.uris.some((uri) => uri.toString() === specKey)) return;
    // In the "ours" run the Markdown extension is active too: only count the
    // event once our own collection has an entry for the spec.
    if (subject === 'ours' && !oursApi?.client?.diagnostics?.has(spec)) return;
    firstDiagnostics = performance.now();
    resolveDiagnostics();
  });

  try {
    const t0 = performance.now();
    const exported = await extension.activate();
    const t1 = performance.now();

    let publishAt;
    let didOpenAt;
    let t2 = t1;
    if (subject === 'ours') {
      oursApi = exported;
      if (!oursApi || typeof oursApi.ready?.then !== 'function')
        throw new Error(`${id} did not return its API (with "ready") from activate()`);
      // Read by the language client at every publishDiagnostics, so it can be
      // set now, before the server is even up.
      const middleware = oursApi.client.clientOptions.middleware;
      const { handleDiagnostics, didOpen } = middleware;
      middleware.handleDiagnostics = (uri, diagnostics, next) => {
        if (publishAt === undefined && uri.toString() === specKey) publishAt = performance.now();
        return handleDiagnostics ? handleDiagnostics(uri, diagnostics, next) : next(uri, diagnostics);
      };
      middleware.didOpen = (document, next) => {
        if (didOpenAt === undefined && document.uri.toString() === specKey) didOpenAt = performance.now();
        return didOpen ? didOpen(document, next) : next(document);
      };
      await oursApi.ready;
      t2 = performance.now();
    }

    const tOpen = performance.now();
    const document = await vscode.workspace.openTextDocument(spec);
    await vscode.window.showTextDocument(document);
    const tShown = performance.now();
    if (document.languageId !== 'markdown')
      throw new Error(`the spec opened as "${document.languageId}", not markdown`);

    // Our server always publishes for an opened document (an empty list for a
    // clean one); the Markdown extension may publish nothing (its link
    // validation is off by default), so its wait ends without a figure.
    const limit = subject === 'ours' ? 30_000 : 10_000;
    await Promise.race([diagnosticsSeen, new Promise((resolve) => setTimeout(resolve, limit))]);
    if (subject === 'ours' && firstDiagnostics === undefined)
      throw new Error(`no diagnostics for ${specKey} from ${id} within ${limit / 1000} s`);

    const since = (from, at) => (at === undefined ? null : at - from);
    return {
      extensionId: id,
      extensionVersion: extension.packageJSON.version,
      settleMs,
      enterToT0Ms: t0 - enter,
      markdownPreActivateMs: markdownPreActivateMs ?? null,
      activateMs: t1 - t0,
      serverReadyMs: t2 - t0,
      openMs: tShown - tOpen,
      openToDiagnosticsMs: since(tOpen, firstDiagnostics),
      toDiagnosticsMs: since(t0, firstDiagnostics),
      openToPublishMs: since(tOpen, publishAt),
      toPublishMs: since(t0, publishAt),
      didOpenToPublishMs: didOpenAt === undefined || publishAt === undefined ? null : publishAt - didOpenAt,
      openToDidOpenMs: since(tOpen, didOpenAt),
      diagnosticsOnSpec: vscode.languages
        .getDiagnostics(spec)
        .map((d) => `${d.source ?? ''} ${typeof d.code === 'object' ? d.code.value : (d.code ?? '')}`.trim()),
      activeAtEnter,
      activeBefore,
    };
  } finally {
    subscription.dispose();
  }
}

function activeExtensions() {
  return vscode.extensions.all
    .filter((e) => e.isActive)
    .map((e) => e.id)
    .sort();
}

module.exports = { run };
