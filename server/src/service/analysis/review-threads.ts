/**
 * Review comments as threads: each top-level item of a section with
 * `labels` is a comment; it may point at code (a code anchor) and its nested
 * items are the replies.
 *
 * Anchor forms (the first one in the comment's own text counts):
 * - a Markdown link whose target ends in `#L42` (GitHub's form, `#L42-L48`
 *   too): resolved like any link, relative to the review file;
 * - `path/file.ts:42` (in backticks or bare; the path has an extension):
 *   resolved against the review's folder, then each folder above it, the
 *   first that has the file wins (so `src/a.ts:3` works from `docs/reviews/`).
 *
 * Replies are nested items `- who: text`. A thread is closed when its last
 * reply is by the reviewer (`reviewer:` or the front matter `reviewer:` name)
 * and starts with "confirmed" (or "resolved"); an author reply after that
 * reopens it.
 */
import * as nodePath from 'node:path';
import type { RuleContext } from './context';
import type { Range } from '../types';
import type { DocSection } from '../parse/document';
import type { SectionSpec } from '../schema/types';

export interface CodeAnchor {
  /** The path as written. */
  written: string;
  /** 1-based line in the code file. */
  line: number;
  /** Absolute path of the code file; undefined for URLs and when it cannot be found. */
  absolutePath: string | undefined;
  /** Whether the anchor is a URL (not checked, not shown in the editor). */
  isUrl: boolean;
  /** `link`: a Markdown link `[…](path#L42)`; `plain`: `path:42`. */
  form: 'link' | 'plain';
  /** Where the anchor is written in the review. */
  range: Range;
  /** Lines in the code file, when the host can read it. */
  fileLines: number | undefined;
}

export interface ThreadReply {
  who: string;
  text: string;
  line: number;
}

export interface ReviewComment {
  section: DocSection;
  spec: SectionSpec;
  /** Lowercased label (`blocking`), or undefined when the item has none. */
  label: string | undefined;
  line: number;
  endLine: number;
  /** The comment's first line, from the label on. */
  range: Range;
  /** The comment's own text (without replies). */
  text: string;
  anchor: CodeAnchor | undefined;
  replies: ThreadReply[];
  closed: boolean;
}

const LABEL = /^(?:\[[ xX]\]\s+)?(?:\*\*|__)?([A-Za-z-]+)(?:\s*\([^)]*\))?\s*:/;
const LINK_ANCHOR = /\]\(\s*<?([^)\s>]+?)#L(\d+)(?:-L?\d+)?>?\s*\)/;
const PLAIN_ANCHOR = /(?:^|[\s`(])((?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.[A-Za-z0-9]+):(\d+)(?::\d+)?(?=[`\s),.;]|$)/;
const REPLY = /^(?:\*\*|__)?([\w@.-]+(?: [\w@.-]+)?)(?:\*\*|__)?\s*:\s*(.*)$/;
const CLOSING = /^(?:\*\*|__)?(?:confirmed|resolved)\b/i;

/** One reading per analysis: SH030, SH031, the checklist and the editor's anchors share it (and its file reads). */
const cache = new WeakMap<RuleContext, ReviewComment[]>();

/** Every comment of every labelled section, in document order. */
export function reviewComments(ctx: RuleContext): ReviewComment[] {
  let comments = cache.get(ctx);
  if (!comments) {
    comments = readComments(ctx);
    cache.set(ctx, comments);
  }
  return comments;
}

function readComments(ctx: RuleContext): ReviewComment[] {
  const out: ReviewComment[] = [];
  const reviewer =
    typeof ctx.frontMatter.data?.reviewer === 'string' ? ctx.frontMatter.data.reviewer.trim().toLowerCase() : undefined;
  for (const section of ctx.doc.sections) {
    const spec = ctx.specFor(section);
    if (!spec?.rules.labels?.length) continue;
    const items = ctx.body(section).listItems;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.depth !== 0) continue;
      const lineText = ctx.doc.lines[item.line];
      const label = LABEL.exec(lineText.slice(item.contentColumn))?.[1].toLowerCase();
      const replies: ThreadReply[] = [];
      let ownEnd = item.endLine;
      for (let j = i + 1; j < items.length && items[j].line <= item.endLine; j++) {
        const child = items[j];
        if (child.depth !== 1) continue;
        if (child.line - 1 < ownEnd) ownEnd = child.line - 1;
        const m = REPLY.exec(child.text.trim());
        if (m) replies.push({ who: m[1].toLowerCase(), text: m[2], line: child.line });
      }
      const ownLines = ctx.doc.lines.slice(item.line, Math.max(item.line, ownEnd) + 1);
      const text = ownLines.join('\n').slice(item.contentColumn);
      const last = replies[replies.length - 1];
      const closed =
        last !== undefined && (last.who === 'reviewer' || last.who === reviewer) && CLOSING.test(last.text.trim());
      out.push({
        section,
        spec,
        label,
        line: item.line,
        endLine: item.endLine,
        text,
        replies,
        closed,
        range: {
          start: { line: item.line, character: item.contentColumn },
          end: { line: item.line, character: lineText.length },
        },
        anchor: anchorOf(ctx, ownLines, item.line, item.contentColumn),
      });
    }
  }
  return out;
}

function anchorOf(ctx: RuleContext, lines: string[], firstLine: number, firstColumn: number): CodeAnchor | undefined {
  for (let k = 0; k < lines.length; k++) {
    const lineText = k === 0 ? ' '.repeat(firstColumn) + lines[k].slice(firstColumn) : lines[k];
    const link = LINK_ANCHOR.exec(lineText);
    const plain = link ? undefined : PLAIN_ANCHOR.exec(lineText);
    const m = link ?? plain;
    if (!m) continue;
    const written = m[1];
    const start = m.index + m[0].indexOf(written);
    const range = {
      start: { line: firstLine + k, character: start },
      end: { line: firstLine + k, character: m.index + m[0].length },
    };
    const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('//');
    const absolutePath = isUrl ? undefined : resolveAnchor(ctx, written, link ? 'link' : 'plain');
    let fileLines: number | undefined;
    if (absolutePath && ctx.host.readFile) {
      const content = ctx.host.readFile(absolutePath);
      if (content !== undefined)
        fileLines = content.split(/\r\n|\r|\n/).length - (/(?:\r\n|\r|\n)$/.test(content) ? 1 : 0);
    }
    return { written, line: Number(m[2]), absolutePath, isUrl, form: link ? 'link' : 'plain', range, fileLines };
  }
  return undefined;
}

function resolveAnchor(ctx: RuleContext, written: string, form: 'link' | 'plain'): string | undefined {
  if (!ctx.path) return undefined;
  let target = written;
  try {
    target = decodeURIComponent(written);
  } catch {
    // keep as written
  }
  const dir = nodePath.dirname(ctx.path);
  if (form === 'link' || target.startsWith('./') || target.startsWith('../')) {
    const absolute = nodePath.resolve(dir, target);
    return ctx.host.exists(absolute) ? absolute : undefined;
  }
  for (let d = dir; ; d = nodePath.dirname(d)) {
    const absolute = nodePath.resolve(d, target);
    if (ctx.host.exists(absolute)) return absolute;
    if (nodePath.dirname(d) === d) return undefined;
  }
}
