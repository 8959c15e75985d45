/**
 * A real editor other than VS Code against `spec-handoff lsp --stdio`:
 * Emacs with Eglot, headless (`emacs --batch`), configured with the README's
 * Eglot snippet (read from README.md; only the command is pointed at the
 * built dist/cli.js, and `markdown-mode`, not part of Emacs, is defined as a
 * plain text mode). Skipped where Emacs or Eglot is not installed (Debian:
 * `apt-get install emacs-nox elpa-eglot`).
 *
 * What it shows: the settings from `eglot-workspace-configuration` are used;
 * diagnostics land on the right characters after an emoji and CJK text; a
 * completion is inserted as plain text (Eglot without yasnippet declares no
 * snippet support: no `$0` left in the buffer); no `specHandoff/*`
 * notification reaches Eglot; the server writes nothing to stderr.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, tempWorkspace } from './client';

const DOC =
  '---\ntype: spec\ntitle: Export invoices\n---\n\n# Export invoices\n\n## Summary\n\n🚨 漢字 TBD here.\n\n## \n';

/** The README's Eglot snippet, with the command pointed at this checkout's build. */
function readmeEglotSnippet(): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const m = /\*\*Emacs with Eglot\*\*[\s\S]*?```elisp\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(m, 'README.md has an Eglot snippet');
  const command = '("npx" "spec-handoff" "lsp" "--stdio")';
  assert.ok(m[1].includes(command), m[1]);
  assert.ok(m[1].includes('(:SH014 "information")'), m[1]);
  return (
    m[1]
      .replace(command, `("${process.execPath}" "${path.join(repoRoot, 'dist', 'cli.js')}" "lsp" "--stdio")`)
      // A setting this document shows: SH013 (Summary too short) off.
      .replace('(:SH014 "information")', '(:SH013 "off")')
  );
}

function eglotInstalled(): boolean {
  const run = spawnSync('emacs', ['--batch', '-q', '--eval', '(progn (require \'eglot) (princ "eglot"))'], {
    encoding: 'utf8',
  });
  return run.status === 0 && run.stdout.includes('eglot');
}

describe('editors: Emacs with Eglot (headless)', function () {
  this.timeout(120_000);

  it('uses the settings, places diagnostics after emoji and CJK text, inserts completions as plain text, gets no specHandoff/* notification', function () {
    if (!eglotInstalled()) {
      console.log('      (skipped: emacs with eglot is not installed; apt-get install emacs-nox elpa-eglot)');
      return this.skip();
    }
    const root = tempWorkspace({ 'a.md': DOC });
    try {
      fs.mkdirSync(path.join(root, '.git')); // project.el finds the project root by its VC folder
      const script = `
(define-derived-mode markdown-mode text-mode "Markdown")
(add-to-list 'auto-mode-alist '("\\\\.md\\\\'" . markdown-mode))
(require 'eglot)
(require 'flymake)
${readmeEglotSnippet()}
(find-file ${JSON.stringify(path.join(root, 'a.md'))})
(eglot-ensure)
(run-hooks 'post-command-hook)
(let ((n 0))
  (while (and (< n 600) (not (and (eglot-current-server) (flymake-diagnostics))))
    (accept-process-output nil 0.1) (setq n (1+ n))))
(dolist (d (flymake-diagnostics))
  (princ (format "DIAG %d %s %s\\n" (line-number-at-pos (flymake-diagnostic-beg d))
                 (buffer-substring-no-properties (flymake-diagnostic-beg d) (min (point-max) (+ 3 (flymake-diagnostic-beg d))))
                 (flymake-diagnostic-text d))))
(goto-char (point-max)) (forward-line -1) (end-of-line)
(let* ((capf (eglot-completion-at-point))
       (cands (all-completions "" (nth 2 capf)))
       (c (seq-find (lambda (s) (string-prefix-p "## Scope" s)) cands)))
  (when c
    (delete-region (nth 0 capf) (nth 1 capf)) (goto-char (nth 0 capf)) (insert c)
    (funcall (plist-get (nthcdr 3 capf) :exit-function) c 'finished)
    (princ (format "INSERTED %S\\n" (save-excursion (goto-char (point-min)) (search-forward "\\n## Scope") (buffer-substring-no-properties (line-beginning-position) (point-max)))))))
(let ((proc (jsonrpc--process (eglot-current-server))))
  (dolist (b (buffer-list))
    (when (string-match-p "EGLOT.*events" (buffer-name b))
      (with-current-buffer b (princ (format "CUSTOM %d\\n" (count-matches "specHandoff/" (point-min) (point-max)))))))
  (eglot-shutdown (eglot-current-server))
  (dolist (b (buffer-list))
    (when (string-match-p "EGLOT.*stderr" (buffer-name b))
      (with-current-buffer b (princ (format "STDERR %S\\n" (buffer-substring-no-properties (point-min) (point-max))))))))
`;
      const file = path.join(root, 'eglot-test.el');
      fs.writeFileSync(file, script);
      const run = spawnSync('emacs', ['--batch', '-q', '-l', file], { cwd: root, encoding: 'utf8', input: '' });
      const out = run.stdout;
      assert.equal(run.status, 0, `${out}\n${run.stderr}`);
      const diags = out.split('\n').filter((l) => l.startsWith('DIAG '));
      assert.ok(
        diags.some((l) => l.startsWith('DIAG 10 TBD') && l.includes('SH007')),
        `the placeholder diagnostic starts on "TBD":\n${out}\n${run.stderr.slice(-2000)}`,
      );
      assert.ok(
        diags.some((l) => l.includes('SH001')),
        out,
      );
      assert.ok(
        !diags.some((l) => l.includes('SH013')),
        `SH013 is off in eglot-workspace-configuration:\n${diags.join('\n')}`,
      );
      const inserted = /^INSERTED (".*)$/ms.exec(out);
      assert.ok(inserted, `a completion was accepted:\n${out}`);
      const text = JSON.parse(inserted[1].split('\nCUSTOM')[0].replace(/\n/g, '\\n')) as string;
      assert.match(text, /^## Scope\n/);
      assert.ok(!/\$0|\\[}$\\]/.test(text), `plain text, no snippet syntax: ${text}`);
      assert.match(out, /^CUSTOM 0$/m);
      // The server wrote nothing to stderr (Eglot keeps it in a buffer; an empty one may also not exist).
      assert.ok(!/^STDERR "./m.test(out), out.slice(out.indexOf('STDERR')));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
