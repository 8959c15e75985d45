/**
 * The reference reading for the differential tests: what remark-parse +
 * remark-gfm (CommonMark + GFM, as GitHub renders) and github-slugger make of
 * a document — every heading (level, text, line, anchor) and the line ranges
 * of code blocks and HTML blocks — next to the same facts from the engine's
 * own fast scanner (server/src/service/parse/scanner.ts, parse/slug.ts).
 *
 * Front matter is blanked for remark (GitHub shows it as a table, not as a
 * thematic break and a setext heading); a BOM is dropped. A heading's text is
 * its rendered text (links, emphasis and code read as their words, raw HTML
 * and images dropped), with line breaks of multi-line setext headings read as
 * spaces; the anchor slugs that text untrimmed, as GitHub does ("Goals ![x]"
 * is `#goals-`). Texts are compared trimmed.
 */
import GithubSlugger from 'github-slugger';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { scanDocument } from '../../server/src/service/parse/scanner';
import { documentAnchors, headingPlainText, linkDefinitionLines, mdastText } from '../../server/src/service/parse/slug';

export interface Reading {
  headings: { level: number; text: string; line: number; anchor: string }[];
  /** "code 3-7", "html 10-12": first and last line, zero-based. */
  blocks: string[];
}

interface Node {
  type: string;
  depth?: number;
  value?: string;
  children?: Node[];
  position?: { start: { line: number }; end: { line: number; column: number } };
}

const processor = unified().use(remarkParse).use(remarkGfm);
const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);
const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

export function referenceReading(text: string): Reading {
  const scan = scanDocument(text);
  let body = text.replace(/^\uFEFF/, '');
  if (scan.frontMatter) {
    const lines = scan.lines.slice();
    for (let i = 0; i <= scan.frontMatter.endLine; i++) lines[i] = '';
    body = lines.join('\n').replace(/^\uFEFF/, '');
  }
  const tree = processor.parse(body) as Node;
  const headings: Reading['headings'] = [];
  const blocks: string[] = [];
  const slugger = new GithubSlugger();
  const walk = (node: Node, parent: string): void => {
    const start = (node.position?.start.line ?? 1) - 1;
    // An end at column 1 of a later line covers no character of that line (remark ends a block that a
    // following container start closed there): the block's last line is the one before.
    const endPoint = node.position?.end ?? { line: 1, column: 1 };
    const end = endPoint.line - 1 - (endPoint.column === 1 && endPoint.line - 1 > start ? 1 : 0);
    if (node.type === 'heading') {
      const t = mdastText(node).replace(/[ \t]*[\r\n]+[ \t]*/g, ' ');
      headings.push({ level: node.depth ?? 0, text: oneLine(t), line: start, anchor: slugger.slug(t) });
    } else if (node.type === 'code') blocks.push(`code ${start}-${end}`);
    else if (node.type === 'html' && FLOW_PARENTS.has(parent)) blocks.push(`html ${start}-${end}`);
    for (const child of node.children ?? []) walk(child, node.type);
  };
  walk(tree, '');
  return { headings, blocks };
}

export function engineReading(text: string): Reading {
  const scan = scanDocument(text);
  const anchors = documentAnchors(scan);
  const definitions = linkDefinitionLines(scan);
  return {
    headings: scan.headings.map((h, i) => ({
      level: h.level,
      text: oneLine(headingPlainText(h.multiLineText ?? h.text, definitions)),
      line: h.line,
      anchor: anchors[i],
    })),
    blocks: scan.blocks.map((b) => `${b.type} ${b.start}-${b.end}`),
  };
}

/** Differences between the engine's reading and the reference, one message each ("line 12: …"), at most `limit`. */
export function readingDifferences(text: string, limit = 10): string[] {
  const ours = engineReading(text);
  const ref = referenceReading(text);
  const out: string[] = [];
  const n = Math.max(ours.headings.length, ref.headings.length);
  for (let i = 0; i < n && out.length < limit; i++) {
    const a = ours.headings[i];
    const b = ref.headings[i];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(
        `line ${(a ?? b).line + 1}: heading ${i + 1} is ${a ? JSON.stringify(a) : 'missing'} for the engine, ${b ? JSON.stringify(b) : 'missing'} for remark`,
      );
      break; // later headings shift with the first difference
    }
  }
  const refBlocks = new Set(ref.blocks);
  const ourBlocks = new Set(ours.blocks);
  for (const b of ours.blocks)
    if (!refBlocks.has(b) && out.length < limit)
      out.push(`line ${Number(/\d+/.exec(b)![0]) + 1}: the engine reads ${b}, remark does not`);
  for (const b of ref.blocks)
    if (!ourBlocks.has(b) && out.length < limit)
      out.push(`line ${Number(/\d+/.exec(b)![0]) + 1}: remark reads ${b}, the engine does not`);
  return out;
}
