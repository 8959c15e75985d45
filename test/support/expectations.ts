/** Fixture files carry their expected findings in a closing `<!-- expect: CODE@line#section … -->` comment; this reads it. */
export function expectedOf(text: string): string[] {
  const m = /<!--\s*expect:([^>]*)-->\s*$/.exec(text);
  if (!m) throw new Error('fixture has no closing <!-- expect: … --> comment');
  return m[1].trim().split(/\s+/).filter(Boolean).sort();
}
