/** The CLI's own name, version and home page, read from package.json next to the bundle when it can be found. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  version: string;
  /** Web home of the project (for SARIF informationUri and rule help links). */
  homepage: string;
}

export const DEFAULT_HOMEPAGE = 'https://github.com/spec-handoff/spec-handoff';

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  cached = { version: '0.0.0', homepage: DEFAULT_HOMEPAGE };
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
        homepage?: string;
        repository?: string | { url?: string };
      };
      if (pkg.name === 'spec-handoff') {
        const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
        cached = {
          version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
          homepage: webUrl(pkg.homepage) ?? webUrl(repo) ?? DEFAULT_HOMEPAGE,
        };
        break;
      }
    } catch {
      /* no package.json here */
    }
    if (path.dirname(dir) === dir) break;
  }
  return cached;
}

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`; undefined for anything that is not http(s). */
function webUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const cleaned = url
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
    .replace(/#.*$/, '');
  return /^https?:\/\//.test(cleaned) ? cleaned.replace(/\/+$/, '') : undefined;
}

/** The documentation page of a rule. */
export function ruleHelpUri(code: string, info: PackageInfo = packageInfo()): string {
  return `${info.homepage}/blob/main/docs/rules/${code}.md`;
}
