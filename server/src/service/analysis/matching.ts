/**
 * Which heading is which schema section: exact (normalised) title or alias
 * matches first, then near misses ("Acceptence Criteria") for sections that
 * are still missing. Every rule about sections reads this one result.
 */
import type { DocSection, ParsedDocument } from '../parse/document';
import type { DocumentKind, RawCondition, SectionSpec } from '../schema/types';
import { charMask, nearMissDistance, normalizeTitle } from '../parse/titles';
import { decorationFinder, withoutDecorations, type DecorationFinder } from '../parse/decorations';

export interface SectionMatching {
  /** The document's H1 title, when the kind has one. */
  title: DocSection | undefined;
  /** Spec id → headings matched exactly, in document order (more than one means duplicates). */
  bySpec: Map<string, DocSection[]>;
  /** Heading → spec, for exact matches. */
  specOf: Map<DocSection, SectionSpec>;
  /** Unmatched heading → the missing spec section it is probably a misspelling of. */
  nearMisses: Map<DocSection, SectionSpec>;
  /** Required sections absent (not even as a near miss) whose parent is present; absent parents cover their children. */
  missing: SectionSpec[];
  /** Every absent section (required or optional), in schema order. */
  absent: SectionSpec[];
}

/** The kind's heading decorations (`headingDecorations`), as a finder of their spans in a heading's text. */
export function decorationsOf(kind: DocumentKind): DecorationFinder {
  let find = kindDecorations.get(kind);
  if (!find) {
    find = decorationFinder(kind.headingDecorations, kind.headingDecorationsAreDefault);
    kindDecorations.set(kind, find);
  }
  return find;
}
const kindDecorations = new WeakMap<DocumentKind, DecorationFinder>();

/**
 * A title as matching compares it: decorations (`*(mandatory)*`,
 * `(Optional)`) cut out, then normalised. A title that is nothing but a
 * decoration keeps its words.
 */
function matchName(text: string, find: DecorationFinder): string {
  const stripped = withoutDecorations(text, find);
  if (stripped === text) return normalizeTitle(text);
  return normalizeTitle(stripped) || normalizeTitle(text);
}

/** A heading's name for matching (its `normalized` title, without the kind's decorations). */
export function headingName(section: DocSection, kind: DocumentKind): string {
  const find = decorationsOf(kind);
  return find(section.heading.text).length ? matchName(section.heading.text, find) : section.normalized;
}

/** Normalised names a spec answers to (title and aliases, without the kind's decorations); worked out once per kind. */
export function namesOf(spec: SectionSpec, kind: DocumentKind): readonly string[] {
  let byKind = kindNames.get(kind);
  if (!byKind) {
    byKind = new Map();
    kindNames.set(kind, byKind);
  }
  let names = byKind.get(spec);
  if (!names) {
    const find = decorationsOf(kind);
    names = [spec.title, ...spec.aliases].map((t) => matchName(t, find));
    byKind.set(spec, names);
  }
  return names;
}
const kindNames = new WeakMap<DocumentKind, Map<SectionSpec, readonly string[]>>();

/** The kind's sections by each name they answer to, in schema order; worked out once per kind. */
function specsByName(kind: DocumentKind): Map<string, SectionSpec[]> {
  let byName = kindSpecsByName.get(kind);
  if (!byName) {
    byName = new Map();
    for (const spec of kind.allSections) {
      for (const name of namesOf(spec, kind)) {
        const list = byName.get(name) ?? [];
        if (!list.includes(spec)) list.push(spec);
        byName.set(name, list);
      }
    }
    kindSpecsByName.set(kind, byName);
  }
  return byName;
}
const kindSpecsByName = new WeakMap<DocumentKind, Map<string, SectionSpec[]>>();

/** Whether a `requiredWhen` condition holds for this front matter: every key has the value (or one of the values). */
export function conditionHolds(
  condition: RawCondition | undefined,
  frontMatter: Record<string, unknown> | undefined,
): boolean {
  if (!condition || !frontMatter) return false;
  return Object.entries(condition.frontMatter).every(([key, wanted]) =>
    (Array.isArray(wanted) ? wanted : [wanted]).some((w) => frontMatter[key] === w),
  );
}

/** `frontMatter` (the parsed YAML data) decides conditionally required sections (`requiredWhen`). */
export function matchSections(
  doc: ParsedDocument,
  kind: DocumentKind,
  frontMatter?: Record<string, unknown>,
): SectionMatching {
  const byName = specsByName(kind);
  const bySpec = new Map<string, DocSection[]>();
  const specOf = new Map<DocSection, SectionSpec>();
  let title: DocSection | undefined;
  const unmatched: DocSection[] = [];
  const nameOf = (section: DocSection): string => headingName(section, kind);

  const accept = (section: DocSection, spec: SectionSpec): void => {
    specOf.set(section, spec);
    const list = bySpec.get(spec.id) ?? [];
    list.push(section);
    bySpec.set(spec.id, list);
  };
  // First pass: a subsection is looked for under its schema parent. A heading
  // with a subsection's name elsewhere waits for the second pass.
  const elsewhere: { section: DocSection; spec: SectionSpec }[] = [];
  for (const section of doc.sections) {
    const candidates = byName.get(nameOf(section));
    if (!candidates) {
      if (!title && kind.titleRequired && section.heading.level === 1 && !specOf.size && !unmatched.length) {
        title = section;
      } else {
        unmatched.push(section);
      }
      continue;
    }
    const picked = candidates.length === 1 ? candidates[0] : pickByParent(candidates, section, specOf);
    const spec = insideOtherSection(picked, section, specOf, kind) ? undefined : picked;
    if (!spec) {
      unmatched.push(section);
      continue;
    }
    if (spec.parentId && !underSpec(section, spec.parentId, specOf)) {
      elsewhere.push({ section, spec });
      continue;
    }
    accept(section, spec);
  }
  // Second pass: a subsection found only outside its parent still counts (at
  // the wrong place: SH003/SH005 say so); one that is also present under its
  // parent makes the other heading an ordinary heading, not a duplicate.
  for (const { section, spec } of elsewhere) {
    if (bySpec.has(spec.id) && !bySpec.get(spec.id)!.some((s) => !underSpec(s, spec.parentId!, specOf))) {
      unmatched.push(section);
      continue;
    }
    accept(section, spec);
  }
  if (elsewhere.length) {
    for (const list of bySpec.values()) list.sort((a, b) => a.index - b.index);
    unmatched.sort((a, b) => a.index - b.index);
  }

  // Near misses: an unmatched heading close to the name of a section that is not present.
  // A heading with exactly a section's name that was set aside as a subsection of
  // another section (distance 0) stands for that section when it is otherwise absent:
  // the section is there, at the wrong level (SH005), not missing.
  const nearMisses = new Map<DocSection, SectionSpec>();
  const claimed = new Set<string>();
  // Bounded: names are normalised once and bucketed by length, so a heading is only compared with
  // names whose length is within the largest typo budget of its own; and the comparisons per
  // document are capped (a 5,000-section schema against 300 headings took 35-51 s before).
  const candidates = absentNamesByLength(kind, bySpec);
  let comparisons = 0;
  for (const section of unmatched) {
    const heading = nameOf(section);
    if (!heading || comparisons > MAX_NEAR_MISS_COMPARISONS) continue;
    let best: { spec: SectionSpec; distance: number } | undefined;
    const length = heading.length;
    const headingMask = charMask(heading);
    for (let l = Math.max(0, length - MAX_BUDGET); l <= length + MAX_BUDGET; l++) {
      const list = candidates.get(l);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const { name, spec, mask } = list[i];
        if (claimed.has(spec.id)) continue;
        comparisons++;
        const distance = heading === name ? 0 : nearMissDistance(heading, headingMask, name, mask);
        if (distance < 0) continue;
        if (
          !best ||
          distance < best.distance ||
          (distance === best.distance && specIndex(kind, spec) < specIndex(kind, best.spec))
        )
          best = { spec, distance };
      }
    }
    if (best) {
      nearMisses.set(section, best.spec);
      claimed.add(best.spec.id);
    }
  }

  const present = (spec: SectionSpec): boolean => bySpec.has(spec.id) || claimed.has(spec.id);
  const missing: SectionSpec[] = [];
  const absent: SectionSpec[] = [];
  const walk = (specs: SectionSpec[], parentPresent: boolean): void => {
    for (const spec of specs) {
      const here = present(spec);
      if (!here) {
        absent.push(spec);
        if ((spec.required || conditionHolds(spec.requiredWhen, frontMatter)) && parentPresent) missing.push(spec);
      }
      walk(spec.children, here);
    }
  };
  walk(kind.sections, true);
  return { title, bySpec, specOf, nearMisses, missing, absent };
}

/** The largest edit budget `nearMissBudget` gives: names further apart in length can never be near misses. */
const MAX_BUDGET = 3;
/** Name comparisons for near misses per document; past this, remaining headings are not checked for near misses. */
const MAX_NEAR_MISS_COMPARISONS = 50_000;

/** A name a section answers to, with its `charMask`. */
interface NamedSpec {
  name: string;
  spec: SectionSpec;
  mask: number;
}

/** Every section's names with their masks, in schema order; worked out once per kind. */
function namedSpecs(kind: DocumentKind): readonly NamedSpec[] {
  let named = kindNamedSpecs.get(kind);
  if (!named) {
    const list: NamedSpec[] = [];
    for (const spec of kind.allSections)
      for (const name of namesOf(spec, kind)) list.push({ name, spec, mask: charMask(name) });
    named = list;
    kindNamedSpecs.set(kind, named);
  }
  return named;
}
const kindNamedSpecs = new WeakMap<DocumentKind, readonly NamedSpec[]>();

/** Normalised names of the sections not matched exactly, by name length, in schema order. */
function absentNamesByLength(kind: DocumentKind, bySpec: Map<string, DocSection[]>): Map<number, NamedSpec[]> {
  const out = new Map<number, NamedSpec[]>();
  for (const named of namedSpecs(kind)) {
    if (bySpec.has(named.spec.id)) continue;
    const list = out.get(named.name.length);
    if (list) list.push(named);
    else out.set(named.name.length, [named]);
  }
  return out;
}

const specIndexes = new WeakMap<DocumentKind, Map<SectionSpec, number>>();
/** A spec's position in schema order (ties between near misses go to the earlier section, as before). */
function specIndex(kind: DocumentKind, spec: SectionSpec): number {
  let m = specIndexes.get(kind);
  if (!m) {
    m = new Map(kind.allSections.map((s, i) => [s, i]));
    specIndexes.set(kind, m);
  }
  return m.get(spec) ?? 0;
}

/**
 * A heading nested in a matched section that names that section again (or an
 * unrelated section at a deeper level than its own) is a subsection of the
 * enclosing one — e.g. "### Alternatives" inside "## Rationale and
 * alternatives" — not a second occurrence.
 */
function insideOtherSection(
  candidate: SectionSpec,
  section: DocSection,
  specOf: Map<DocSection, SectionSpec>,
  kind: DocumentKind,
): boolean {
  for (let p = section.parent; p; p = p.parent) {
    const enclosing = specOf.get(p);
    if (!enclosing) continue;
    if (isAncestorOrSelf(kind, candidate, enclosing)) return true;
    return !isAncestorOrSelf(kind, enclosing, candidate) && section.heading.level > maxLevel(candidate);
  }
  return false;
}

/** The deepest level a section accepts. */
function maxLevel(spec: SectionSpec): number {
  return spec.levels.length > 1 ? Math.max(...spec.levels) : spec.level;
}

/** Whether `a` is `b` or one of b's ancestors in the schema. */
function isAncestorOrSelf(kind: DocumentKind, a: SectionSpec, b: SectionSpec): boolean {
  for (
    let s: SectionSpec | undefined = b;
    s;
    s = s.parentId ? kind.allSections.find((x) => x.id === s!.parentId) : undefined
  ) {
    if (s === a) return true;
  }
  return false;
}

/** Whether a heading lies in a section matched to `parentId` (at any depth above it). */
function underSpec(section: DocSection, parentId: string, specOf: Map<DocSection, SectionSpec>): boolean {
  for (let p = section.parent; p; p = p.parent) if (specOf.get(p)?.id === parentId) return true;
  return false;
}

/** Several sections share a name (e.g. "Overview" under two parents): prefer the one whose parent encloses the heading. */
function pickByParent(
  candidates: SectionSpec[],
  section: DocSection,
  specOf: Map<DocSection, SectionSpec>,
): SectionSpec {
  for (let p = section.parent; p; p = p.parent) {
    const parentSpec = specOf.get(p);
    if (parentSpec) {
      const child = candidates.find((c) => c.parentId === parentSpec.id);
      if (child) return child;
    }
  }
  return candidates.find((c) => c.parentId === undefined) ?? candidates[0];
}

/** The first heading that stands for a spec section (exact match, else near miss). */
export function headingFor(matching: SectionMatching, specId: string): DocSection | undefined {
  const exact = matching.bySpec.get(specId)?.[0];
  if (exact) return exact;
  // Most documents have no near miss: no iterator then (this runs for each schema section of each document).
  if (!matching.nearMisses.size) return undefined;
  for (const [section, spec] of matching.nearMisses) if (spec.id === specId) return section;
  return undefined;
}
