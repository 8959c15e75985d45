/**
 * Acceptance criteria as data: where a kind's criteria are (`criteria.in`,
 * else the `rules.checklist` sections), every top-level list item in those
 * sections' whole subtree and every heading there that starts with an ID,
 * with their IDs (`AC-1`, `FR-001`, per the kind's pattern, matched whole),
 * ticked state and whether an open one is explained. SH008 (with style
 * `checklist`), SH022, SH023, readiness, the checklist, traceability and
 * handoff generation read this one list.
 */
import type { DocSection } from '../parse/document';
import type { BodyListItem } from '../parse/content';
import { asciiClasses, compileUserPattern, OUTSIDE_ASCII_CLASSES } from '../regex';
import type { DocumentKind, SectionSpec } from '../schema/types';
import { DEFAULT_CRITERIA_ID } from '../schema/load';
import type { RuleContext } from './context';
import { findPlaceholders } from '../parse/placeholders';
import { headingName, namesOf } from './matching';

export interface Criterion {
  id: string | undefined;
  /** The criterion's text without checkbox and ID. */
  text: string;
  /** The item's (or heading's) own text as written, ID included: what the checklist shows. */
  fullText: string;
  checked: boolean | null;
  line: number;
  /** Column where the ID goes (after marker and checkbox). */
  idColumn: number;
  /** Column range of the ID, when present. */
  idStart: number;
  idEnd: number;
  /** More than one sentence, or nested lines, and no placeholder left: the writer said something beyond the criterion itself. */
  explained: boolean;
  section: DocSection;
  /** The list item it is, or undefined for a criterion written as a heading (`### FR-001: Export`). */
  item: BodyListItem | undefined;
}

/** Whether the kind has criteria at all (readiness then expects some). */
export function kindHasCriteria(kind: DocumentKind): boolean {
  return kind.criteria.in ? kind.criteria.in.length > 0 : kind.allSections.some((s) => s.rules.checklist === true);
}

/** Whether a schema section is one the kind declares criteria in (`criteria.in`, else `rules.checklist`). */
function isCriteriaSpec(kind: DocumentKind, spec: SectionSpec): boolean {
  return kind.criteria.in ? kind.criteria.in.includes(spec.id) : spec.rules.checklist === true;
}

/** A schema section that is a criteria section or lies under one in the schema. */
function underCriteriaSpec(kind: DocumentKind, spec: SectionSpec): boolean {
  for (let s: SectionSpec | undefined = spec; s; s = kind.allSections.find((p) => p.id === s!.parentId))
    if (isCriteriaSpec(kind, s)) return true;
  return false;
}

/**
 * How each section of the document takes part in the criteria: `items` — its
 * top-level list items are criteria (a criteria section, or a heading under
 * one that the schema does not place elsewhere); `heading` — its heading
 * starts with an ID and is a criterion, its content explains it; absent — no
 * criteria. Computed once per analysis.
 */
export type CriteriaRole = 'items' | 'heading';

const rolesCache = new WeakMap<RuleContext, Map<string, Map<DocSection, CriteriaRole>>>();

export function criteriaRoles(
  ctx: RuleContext,
  idPattern = ctx.kind.criteria.idPattern,
): Map<DocSection, CriteriaRole> {
  let byPattern = rolesCache.get(ctx);
  if (!byPattern) {
    byPattern = new Map();
    rolesCache.set(ctx, byPattern);
  }
  let roles = byPattern.get(idPattern);
  if (roles) return roles;
  roles = new Map();
  const idRe = criterionIdRegex(ctx.kind, idPattern);
  const { elsewhere, inside, underCriteria } = criteriaSpecsOf(ctx.kind);
  // Also remembers the role a section hands down to its subsections ('explain': inside an ID heading).
  const inherited = new Map<DocSection, 'items' | 'explain' | undefined>();
  for (const section of ctx.doc.sections) {
    const spec = ctx.specFor(section);
    let own: 'items' | 'explain' | undefined;
    if (spec && isCriteriaSpec(ctx.kind, spec)) own = 'items';
    // A heading the schema knows as a section elsewhere (say "### Decisions" written one level too deep) is
    // not part of it, whether or not it is matched (a second "Performance requirements" is not: the first is).
    else if (
      spec
        ? !underCriteria.has(spec)
        : elsewhere.has(headingName(section, ctx.kind)) && !inside.has(headingName(section, ctx.kind))
    )
      own = undefined;
    else own = section.parent ? inherited.get(section.parent) : undefined;
    if (
      own &&
      ctx.kind.criteria.headings &&
      (!spec || !isCriteriaSpec(ctx.kind, spec)) &&
      idRe.exec(section.heading.text)
    ) {
      roles.set(section, 'heading');
      inherited.set(section, 'explain');
      continue;
    }
    if (own === 'items') roles.set(section, 'items');
    inherited.set(section, own);
  }
  byPattern.set(idPattern, roles);
  return roles;
}

/**
 * What `criteriaRoles` reads from the schema alone, worked out once per kind: the sections in or
 * under a criteria section, and the names of the schema's sections outside the criteria (a
 * heading with such a name is never part of them) and inside.
 */
const criteriaSpecs = new WeakMap<
  DocumentKind,
  { elsewhere: Set<string>; inside: Set<string>; underCriteria: Set<SectionSpec> }
>();

function criteriaSpecsOf(kind: DocumentKind): {
  elsewhere: Set<string>;
  inside: Set<string>;
  underCriteria: Set<SectionSpec>;
} {
  let specs = criteriaSpecs.get(kind);
  if (specs) return specs;
  specs = { elsewhere: new Set(), inside: new Set(), underCriteria: new Set() };
  for (const spec of kind.allSections) {
    const under = underCriteriaSpec(kind, spec);
    if (under) specs.underCriteria.add(spec);
    for (const name of namesOf(spec, kind)) (under ? specs.inside : specs.elsewhere).add(name);
  }
  criteriaSpecs.set(kind, specs);
  return specs;
}

/** The schema section a criterion's section stands for: its own, else its nearest ancestor's (a grouping heading the schema does not know). */
export function schemaSectionOf(ctx: RuleContext, section: DocSection): SectionSpec | undefined {
  for (let s: DocSection | undefined = section; s; s = s.parent) {
    const spec = ctx.specFor(s);
    if (spec) return spec;
  }
  return undefined;
}

/**
 * `^(ID)` anchored after optional bold/brackets, on RE2 (linear time: the ID
 * pattern is the user's), matched whole: the ID is not followed by a letter,
 * digit or `_` (`FR-003a` is not `FR-003`). `exec` returns, like a RegExp,
 * the match with the ID's closing markup, separator and spaces as `m[0]` and
 * the ID as `m[1]`.
 */
export function criterionIdRegex(
  kind: DocumentKind,
  idPattern = kind.criteria.idPattern,
): { exec(text: string): [string, string] | null } {
  if (BUILT_IN_ID_PATTERNS.has(idPattern)) return builtInIdRegex(idPattern);
  // Compiled at the first use (once per pattern, compileUserPattern remembers it): most documents of a kind
  // without criteria sections never match an ID, and a worker thread would compile it for nothing.
  let re: ReturnType<typeof compileUserPattern> | undefined;
  return {
    exec(text) {
      // RE2 has no look-ahead: the character after the ID is matched (or the end), then given back.
      re ??= compileUserPattern(`^(?:\\*\\*|__|\\[)?(${idPattern})(?:$|[^\\p{L}\\p{N}_])`);
      if (typeof re === 'string') return null; // refused when the schema loaded; never reached
      const m = re.matcher(text);
      if (!m.find()) return null;
      const id = m.group(1) ?? '';
      const end = m.end(1);
      const after = /^(?:\*\*|__|\])?\s*[:.)\-–—]?\s*/.exec(text.slice(end, end + 40))![0];
      return [text.slice(0, end) + after, id];
    },
  };
}

/**
 * The ID patterns of the built-in kinds and presets (the default, spec-kit's,
 * kiro's): the engine's own, reviewed, so they run as JavaScript RegExps like
 * the engine's other patterns (regex.ts). Compiling one on RE2 took 5–6 ms, a
 * tenth of `check one.md` (issue 20: re2js builds its case-folding tables on
 * its first compile). A test checks every built-in schema's pattern is here and
 * that both engines find the same IDs.
 */
export const BUILT_IN_ID_PATTERNS: ReadonlySet<string> = new Set([
  DEFAULT_CRITERIA_ID,
  '(?:FR|SC)-\\d+[a-z]?',
  '\\d+(?:\\.\\d+)*',
]);

const builtInIdRegexes = new Map<string, RegExp>();

/**
 * criterionIdRegex for a built-in pattern: the same match, with a look-ahead for the character after the ID.
 * A text without letters or numbers outside ASCII is matched with the look-ahead's classes cut to ASCII
 * (`asciiClasses`, regex.ts: the same match, without compiling `\p{L}` on every start, issue 20).
 */
function builtInIdRegex(idPattern: string): { exec(text: string): [string, string] | null } {
  const compiled = (ascii: boolean): RegExp => {
    const key = `${ascii ? 'a' : 'u'}${idPattern}`;
    let re = builtInIdRegexes.get(key);
    if (!re) {
      const source = `^(?:\\*\\*|__|\\[)?(${idPattern})(?=$|[^\\p{L}\\p{N}_])`;
      re = new RegExp(ascii ? asciiClasses(source) : source, 'u');
      builtInIdRegexes.set(key, re);
    }
    return re;
  };
  return {
    exec(text) {
      const m = compiled(!OUTSIDE_ASCII_CLASSES.test(text)).exec(text);
      if (!m) return null;
      const end = m[0].length;
      const after = /^(?:\*\*|__|\])?\s*[:.)\-–—]?\s*/.exec(text.slice(end, end + 40))![0];
      return [text.slice(0, end) + after, m[1]];
    },
  };
}

/**
 * Every criterion of the document, in document order: list items of the criteria sections' subtrees and ID
 * headings. `idPattern` is the kind's, except where the IDs are another document's (a handoff lists its spec's).
 */
export function criteriaOf(ctx: RuleContext, idPattern = ctx.kind.criteria.idPattern): Criterion[] {
  const out: Criterion[] = [];
  const idRe = criterionIdRegex(ctx.kind, idPattern);
  for (const [section, role] of criteriaRoles(ctx, idPattern)) {
    if (role === 'heading') {
      out.push(headingCriterion(ctx, section, idRe));
      continue;
    }
    for (const item of ctx.body(section).listItems) {
      if (item.depth !== 0) continue;
      const lineText = ctx.doc.lines[item.line];
      const afterMarker = lineText.slice(item.contentColumn, item.contentColumn + 300);
      const box = /^\[[ xX]\]\s+/.exec(afterMarker);
      const idColumn = item.contentColumn + (box ? box[0].length : 0);
      const rest = lineText.slice(idColumn, idColumn + 300);
      const m = idRe.exec(rest);
      const id = m ? m[1] : undefined;
      const idStart = m ? idColumn + rest.indexOf(m[1]) : -1;
      const text = (m ? item.text.slice(item.text.indexOf(m[1]) + m[1].length) : item.text)
        .replace(/^(?:\*\*|__|\])?\s*[:.)\-–—]?\s*/, '')
        .trim();
      const itemLines = ctx.doc.lines.slice(item.line, item.endLine + 1);
      const full = itemLines.join(' ');
      // An explanation that still holds a placeholder (a generated `- Evidence: TODO`) explains nothing yet.
      const placeholderLeft = itemLines.some((l) => findPlaceholders(l, ctx.kind.placeholders).length > 0);
      const sentences = full
        .slice(item.contentColumn)
        .split(/[.!?](?:\s|$)/)
        .filter((s) => /[\p{L}\p{N}]/u.test(s));
      out.push({
        id,
        text,
        fullText: item.text,
        checked: item.checked,
        line: item.line,
        idColumn,
        idStart,
        idEnd: m ? idStart + m[1].length : -1,
        explained:
          !placeholderLeft &&
          (sentences.length >= 2 ||
            (item.endLine > item.line &&
              /[\p{L}\p{N}]/u.test(ctx.doc.lines.slice(item.line + 1, item.endLine + 1).join(' ')))),
        section,
        item,
      });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** A heading that starts with an ID (`### FR-001: Export`): the criterion is its text, what is under it explains it. */
function headingCriterion(ctx: RuleContext, section: DocSection, idRe: ReturnType<typeof criterionIdRegex>): Criterion {
  const h = section.heading;
  const m = idRe.exec(h.text)!;
  const idStart = h.textStart + h.text.indexOf(m[1]);
  const under: string[] = [];
  for (let l = section.bodyStart; l < section.end; l++) {
    const kind = ctx.doc.lineKinds[l];
    if (kind === 'text' || kind === 'heading') under.push(ctx.doc.lines[l]);
  }
  const placeholderLeft = under.some((l) => findPlaceholders(l, ctx.kind.placeholders).length > 0);
  return {
    id: m[1],
    text: h.text.slice(m[0].length).trim(),
    fullText: h.text,
    checked: null,
    line: h.line,
    idColumn: h.textStart,
    idStart,
    idEnd: idStart + m[1].length,
    explained: !placeholderLeft && /[\p{L}\p{N}]/u.test(under.join(' ')),
    section,
    item: undefined,
  };
}
