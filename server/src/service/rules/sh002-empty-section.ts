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
  const tokens = ctx.kind.placeholders;
  const placeholders = holdsPlaceholders(doc, tokens);
  // With boilerplate the section's own lines are kept for the questions below. Without, they are only compared
  // with the example, as they come: once they differ from it (or there is no example), the first content decides.
  const keep = boilerplate.length > 0;
  const ownLines: string[] = [];
  const target = !keep && example ? squashedExample(example) : undefined;
  const compared = target === undefined ? undefined : squashState();
  let differs = !keep && target === undefined;
  let hasContent = false;
  for (let i = section.bodyStart; i < section.ownEnd; i++) {
    const kind = doc.lineKinds[i];
    if (kind === 'blank' || kind === 'comment') continue;
    const line = doc.lines[i];
    let own = true;
    if (kind === 'code' || kind === 'fence') hasContent = true;
    else {
      const stripped = placeholders ? stripPlaceholders(line, tokens) : line;
      const letters = hasLetterOrDigit(stripped);
      if (letters) hasContent = true;
      // A line of placeholders only (a skeleton's `- [ ] TODO`) is not compared with the example; markup such as a table rule is.
      own = letters || stripped === line;
    }
    if (own) {
      if (keep) ownLines.push(line);
      else if (!differs && !feedSquashed(compared!, line, target!)) differs = true;
    }
    if (hasContent && differs) return 'filled';
  }
  if (hasContent && keep) {
    // The section's required text (`boilerplate`) is cut out of the section and of the example before both questions.
    const own = withoutBoilerplate(ownLines, boilerplate);
    const code = hasCodeLine(doc, section);
    if (!code && !LETTER_OR_DIGIT.test(stripPlaceholders(own, tokens))) hasContent = false;
    else if (example && own === withoutBoilerplate(example.split('\n'), boilerplate)) return 'template';
    else return 'filled';
  }
  if (hasContent) return compared && compared.j === target!.length ? 'template' : 'filled';
  // A parent whose content lives in its subsections is not empty.
  return section.children.length > 0 ? 'filled' : 'empty';
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** `LETTER_OR_DIGIT.test(text)`, answered by an ASCII letter or digit when there is one (nearly every line). */
function hasLetterOrDigit(text: string): boolean {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) ascii = false;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  }
  return !ascii && LETTER_OR_DIGIT.test(text);
}

/**
 * Whether any line of the document may hold a placeholder: when the whole text holds none, no line does (a
 * match in a line is a match at the same place in the text: a line's ends and a line break are both non-word
 * positions for `\b`), and stripping placeholders from a line is the line. Once per document and token list.
 */
function holdsPlaceholders(doc: RuleContext['doc'], tokens: readonly string[]): boolean {
  const known = placeholderDocs.get(doc);
  if (known && known.tokens === tokens) return known.holds;
  const holds = stripPlaceholders(doc.text, tokens) !== doc.text;
  placeholderDocs.set(doc, { tokens, holds });
  return holds;
}
const placeholderDocs = new WeakMap<RuleContext['doc'], { tokens: readonly string[]; holds: boolean }>();

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

/** How far `feedSquashed` has compared lines with a squashed target. */
interface SquashState {
  /** Characters of the target matched so far. */
  j: number;
  /** Whether a character other than white space has been seen (leading white space is trimmed). */
  started: boolean;
  /** White space seen since the last character, not yet matched with the target's one space. */
  pendingSpace: boolean;
  /** Lines fed so far. */
  lines: number;
}

function squashState(): SquashState {
  return { j: 0, started: false, pendingSpace: false, lines: 0 };
}

/** The next line of squashedEquals' comparison: false once the lines so far cannot squash to `target`. */
function feedSquashed(state: SquashState, text: string, target: string): boolean {
  if (state.lines++ > 0 && state.started) state.pendingSpace = true; // the '\n' between lines
  let j = state.j;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (state.started) state.pendingSpace = true;
      continue;
    }
    if (state.pendingSpace) {
      if (target.charCodeAt(j) !== 32) return false;
      j++;
      state.pendingSpace = false;
    }
    if (target.charCodeAt(j) !== c) return false;
    j++;
    state.started = true;
  }
  state.j = j;
  return true;
}

/**
 * squash(lines.join('\n')) === target, without building either string: most
 * sections differ from the example within a few characters.
 */
export function squashedEquals(lines: readonly string[], target: string): boolean {
  const state = squashState();
  for (let l = 0; l < lines.length; l++) if (!feedSquashed(state, lines[l], target)) return false;
  return state.j === target.length;
}

export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
