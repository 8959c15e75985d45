/**
 * Random typos for near-miss tests: `count` edits of `word`, each an inserted, a deleted, a replaced or two swapped
 * characters, at places and with characters drawn from `random` and `pick` (seeded, so a run repeats).
 */
export function withTypos(word: string, count: number, random: () => number, pick: () => string): string {
  let w = word;
  for (let k = count; k > 0; k--) {
    const at = Math.floor(random() * (w.length + 1));
    const op = Math.floor(random() * 4);
    w =
      op === 0
        ? w.slice(0, at) + pick() + w.slice(at)
        : op === 1
          ? w.slice(0, at) + w.slice(at + 1)
          : op === 2
            ? w.slice(0, at) + pick() + w.slice(at + 1)
            : w.slice(0, at) + w.slice(at + 1, at + 2) + w.slice(at, at + 1) + w.slice(at + 2);
  }
  return w;
}
