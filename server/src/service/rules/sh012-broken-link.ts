import * as path from 'node:path';
import type { Rule, RuleFinding } from './rule';
import { documentAnchors } from '../parse/slug';
import { isWebAddress, lineAt } from '../parse/inline';
import type { ScannedDocument } from '../parse/scanner';
import type { BodyLink } from '../parse/content';
import type { Range } from '../types';

/** SH012: a relative link to a file that does not exist, or an in-page anchor no heading has. */
export const brokenLink: Rule = {
  code: 'SH012',
  name: 'broken-link',
  description:
    'A relative link points at a file that does not exist, or a "#anchor" that no heading or HTML anchor in the document has.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    let slugs: Set<string> | undefined;
    for (const link of ctx.localLinks()) {
      const url = link.url.trim();
      // In-page anchors first (a third of the RFC corpus's 11,800 links): no test for a scheme needed.
      if (url.charCodeAt(0) === 35 /* # */) {
        slugs ??= anchorsOf(ctx.doc);
        const raw = safeDecode(url.slice(1));
        const anchor = raw.toLowerCase();
        if (anchor && !slugs.has(anchor) && !slugs.has(raw))
          out.push({
            message: `Link to "#${anchor}": no heading in this document has that anchor.`,
            range: rangeOf(link),
            fixes: [],
          });
        continue;
      }
      if (!url || isWebAddress(url)) continue; // absolute URLs, mailto:, etc.
      if (!ctx.path || url.startsWith('/')) continue; // untitled documents and root-relative links cannot be resolved reliably
      const target = safeDecode(url.replace(/[#?].*$/, ''));
      if (!target) continue;
      const absolute = path.resolve(path.dirname(ctx.path), target);
      if (ctx.host.contains && !ctx.host.contains(absolute))
        out.push({
          message: `Link target "${target}" is outside the workspace; it was not checked.`,
          range: rangeOf(link),
          fixes: [],
        });
      else if (!ctx.host.exists(absolute))
        out.push({ message: `Link target "${target}" does not exist.`, range: rangeOf(link), fixes: [] });
    }
    return out;
  },
};

/** The range of a link, made only for a finding (most links are fine). */
function rangeOf(link: BodyLink): Range {
  return { start: { line: link.line, character: link.column }, end: { line: link.endLine, character: link.endColumn } };
}

/**
 * Every anchor a "#…" link can reach on GitHub: each heading's (GitHub's
 * algorithm, repeats numbered, headings in quotes and lists included) and
 * explicit HTML anchors — `id` on any tag, `name` on `<a>` — outside code.
 */
function anchorsOf(doc: ScannedDocument): Set<string> {
  const anchors = new Set(documentAnchors(doc));
  if (!anchorFastPaths.tagSearch) {
    for (let i = 0; i < doc.lines.length; i++) htmlAnchorsOfLine(doc, i, anchors);
    return anchors;
  }
  // Only a line with a `<` can hold one: those lines are found by searching the text, not line by line.
  const { text, lineStarts, lines } = doc;
  for (let at = text.indexOf('<'); at >= 0; ) {
    const line = lineAt(lineStarts, 0, lines.length, at);
    htmlAnchorsOfLine(doc, line, anchors);
    if (line + 1 >= lines.length) break;
    at = text.indexOf('<', lineStarts[line + 1]);
  }
  return anchors;
}

/** Switch for the fast path of `anchorsOf` (for the differential tests): lines with `<` found by a search of the text. */
export const anchorFastPaths = { tagSearch: true };

/** The HTML anchors of line `i` (outside code, comments and front matter) into `anchors`. */
function htmlAnchorsOfLine(doc: ScannedDocument, i: number, anchors: Set<string>): void {
  const kind = doc.lineKinds[i];
  if (kind === 'code' || kind === 'fence' || kind === 'comment' || kind === 'frontMatter') return;
  const line = doc.lines[i];
  if (!line.includes('<') || line.length > 20_000) return;
  HTML_ANCHOR.lastIndex = 0;
  for (let m = HTML_ANCHOR.exec(line); m; m = HTML_ANCHOR.exec(line)) {
    const tag = m[1].toLowerCase();
    const attributes = m[2];
    ATTRIBUTE.lastIndex = 0;
    for (let a = ATTRIBUTE.exec(attributes); a; a = ATTRIBUTE.exec(attributes)) {
      const name = a[1].toLowerCase();
      if (name === 'id' || (name === 'name' && tag === 'a')) {
        const value = a[2] ?? a[3] ?? a[4] ?? '';
        if (value) anchors.add(value);
      }
    }
  }
}

const HTML_ANCHOR = /<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** `s` with its %-escapes decoded (as written when one is malformed). Most link texts have none: no call then. */
function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
