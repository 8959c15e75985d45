/**
 * Quoting document text inside a finding's message: on one line (line
 * breaks and runs of spaces become one space, so a multi-line item does not
 * break the Problems view's row) and at most `max` characters, cut with "…".
 */
export function quote(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
