/**
 * The rule pages (`docs/rules/SHnnn.md`) shipped beside the bundles — the
 * .vsix and the npm package carry them, a checkout has them — found once by
 * walking up from the running bundle. The server links diagnostics to them;
 * SARIF embeds a page's text so code scanning shows it without a web site.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

let folder: string | null | undefined;

/** The `docs/rules` folder next to the running code, or undefined when none is shipped. */
export function ruleDocsFolder(): string | undefined {
  if (folder === undefined) {
    folder = null;
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'docs', 'rules');
      if (fs.existsSync(path.join(candidate, 'SH001.md'))) {
        folder = candidate;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return folder ?? undefined;
}

/** A rule's page as Markdown, or undefined when the pages are not shipped. */
export function ruleDocMarkdown(code: string): string | undefined {
  const dir = ruleDocsFolder();
  if (!dir || !/^SH\d{3}$/.test(code)) return undefined;
  try {
    return fs.readFileSync(path.join(dir, `${code}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
