import type { Rule, RuleContext } from './rule';
import type { DocSection } from '../parse/document';
import { headingRange } from './ranges';
import { stripPlaceholders } from '../parse/placeholders';
import { withoutBoilerplate } from '../analysis/boilerplate';

/**
 * SH002: a section with nothing in it but whitespace, comments, placeholders
 * (the skeleton fixes insert), or the schema's worked example left in. The
 * section's required text (`boilerplate`) is neither content nor example.
 */
export const emptySection: Rule = {
  code: 'SH002',
  name: 'empty-section',
  description:
    "A section has no content of its own: only whitespace, comments, placeholders, or the schema's example text.",
  defaultSeverity: 'warning',
  check(ctx) {
    const out = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec) continue;
      const state = sectionEmptiness(ctx, section, spec.example, spec.boilerplate);
      if (state === 'filled') continue;
      out.push({
        message:
          state === 'template'
            ? `Section "${spec.title}" still holds the schema's example text; replace it with this document's own content.`
            : `Section "${spec.title}" is empty.${spec.guidance ? ' Hover the heading to see what belongs here.' : ''}`,
        range: headingRange(ctx.doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
        // Readiness tells "example text left in" from "not written yet".
        data: { state },
      });
    }
    return out;
  },
};

/**
 * 'empty' when the section (with its subsections) has no real content,
 * 'template' when its own body is the schema's example verbatim (lines that
 * hold only placeholders, such as a skeleton's `TODO`, do not count).
 */
export function sectionEmptiness(
  ctx: RuleContext,
  section: DocSection,
  example: string,
  boilerplate: readonly string[] = [],
): 'empty' | 'template' | 'filled' {
  const { doc } = ctx;
  const ownLines: string[] = [];
  let hasContent = false;
  for (let i = section.bodyStart; i < section.ownEnd; i++) {
    const kind = doc.lineKinds[i];
    if (kind === 'blank' || kind === 'comment') continue;
    if (kind === 'code' || kind === 'fence') {
      ownLines.push(doc.lines[i]);
      hasContent = true;
      continue;
    }
    const stripped = stripPlaceholders(doc.lines[i], ctx.kind.placeholders);
    const letters = /[\p{L}\p{N}]/u.test(stripped);
    if (letters) hasContent = true;
    // A line of placeholders only (a skeleton's `- [ ] TODO`) is not compared with the example; markup such as a table rule is.
    if (letters || stripped === doc.lines[i]) ownLines.push(doc.lines[i]);
  }
  if (hasContent && boilerplate.length) {
    // The section's required text (`boilerplate`) is cut out of the section and of the example before both questions.
    const own = withoutBoilerplate(ownLines, boilerplate);
    const code = hasCodeLine(doc, section);
    if (!code && !/[\p{L}\p{N}]/u.test(stripPlaceholders(own, ctx.kind.placeholders))) hasContent = false;
    else if (example && own === withoutBoilerplate(example.split('\n'), boilerplate)) return 'template';
    else return 'filled';
  }
  if (hasContent) {
    if (example && squashedEquals(ownLines, squashedExample(example))) return 'template';
    return 'filled';
  }
  // A parent whose content lives in its subsections is not empty.
  return section.children.length > 0 ? 'filled' : 'empty';
}

/** Whether the section's own body has a line of code. */
function hasCodeLine(doc: RuleContext['doc'], section: DocSection): boolean {
  for (let i = section.bodyStart; i < section.ownEnd; i++)
    if (doc.lineKinds[i] === 'code' || doc.lineKinds[i] === 'fence') return true;
  return false;
}

/** A schema's examples are few and fixed: each squashed once. */
const squashedExamples = new Map<string, string>();
function squashedExample(example: string): string {
  let s = squashedExamples.get(example);
  if (s === undefined) {
    if (squashedExamples.size >= 1_000) squashedExamples.clear();
    s = squash(example);
    squashedExamples.set(example, s);
  }
  return s;
}

/** JavaScript's `\s` (what squash collapses and trim removes), by UTF-16 code unit. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * squash(lines.join('\n')) === target, without building either string: most
 * sections differ from the example within a few characters.
 */
export function squashedEquals(lines: readonly string[], target: string): boolean {
  let j = 0;
  let started = false;
  let pendingSpace = false;
  for (let l = 0; l < lines.length; l++) {
    if (l > 0 && started) pendingSpace = true; // the '\n' between lines
    const text = lines[l];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        if (started) pendingSpace = true;
        continue;
      }
      if (pendingSpace) {
        if (target.charCodeAt(j) !== 32) return false;
        j++;
        pendingSpace = false;
      }
      if (target.charCodeAt(j) !== c) return false;
      j++;
      started = true;
    }
  }
  return j === target.length;
}

export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
