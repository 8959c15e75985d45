import * as path from 'node:path';
import type { Rule, RuleFinding } from './rule';
import { headingSlug } from '../parse/slug';

/** SH012: a relative link to a file that does not exist, or an in-page anchor no heading has. */
export const brokenLink: Rule = {
  code: 'SH012',
  name: 'broken-link',
  description: 'A relative link points at a file that does not exist, or a "#anchor" that no heading in the document has.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    let slugs: Set<string> | undefined;
    {
      for (const link of ctx.links()) {
        const url = link.url.trim();
        if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue; // absolute URLs, mailto:, etc.
        const range = { start: { line: link.line, character: link.column }, end: { line: link.endLine, character: link.endColumn } };
        if (url.startsWith('#')) {
          slugs ??= new Set(ctx.doc.sections.map((s) => headingSlug(s.heading.text)));
          const anchor = safeDecode(url.slice(1)).toLowerCase();
          if (anchor && !slugs.has(anchor)) out.push({ message: `Link to "#${anchor}": no heading in this document has that anchor.`, range, fixes: [] });
          continue;
        }
        if (!ctx.path || url.startsWith('/')) continue; // untitled documents and root-relative links cannot be resolved reliably
        const target = safeDecode(url.replace(/[#?].*$/, ''));
        if (!target) continue;
        const absolute = path.resolve(path.dirname(ctx.path), target);
        if (ctx.host.contains && !ctx.host.contains(absolute)) out.push({ message: `Link target "${target}" is outside the workspace; it was not checked.`, range, fixes: [] });
        else if (!ctx.host.exists(absolute)) out.push({ message: `Link target "${target}" does not exist.`, range, fixes: [] });
      }
    }
    return out;
  },
};

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
