import * as assert from 'node:assert/strict';
import { normalizeTitle, editDistance, isNearMiss, nearMissBudget } from '../../server/src/service/parse/titles';
import { prng } from '../../scripts/prng.cjs';

describe('title matching', () => {
  it('is case-, punctuation- and accent-insensitive and drops section numbers', () => {
    assert.equal(normalizeTitle('2. Acceptance Criteria:'), 'acceptance criteria');
    assert.equal(normalizeTitle('3.1 Out-of-scope'), 'out of scope');
    assert.equal(normalizeTitle('**Données** & `API`'), 'donnees and api');
    assert.equal(normalizeTitle('[Summary](#summary)'), 'summary');
    assert.equal(normalizeTitle('TL;DR'), 'tl dr');
  });

  it('measures edit distance with transpositions and a cutoff', () => {
    assert.equal(editDistance('acceptence', 'acceptance', 3), 1);
    assert.equal(editDistance('scpoe', 'scope', 3), 1);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  });

  it('treats small typos of long titles as near misses but not unrelated or tiny words', () => {
    assert.ok(isNearMiss('acceptence criteria', 'acceptance criteria'));
    assert.ok(isNearMiss('sumary', 'summary'));
    assert.ok(!isNearMiss('scope', 'scope'));
    assert.ok(!isNearMiss('api', 'ui'));
    assert.ok(!isNearMiss('drawbacks', 'summary'));
  });

  it('remembers near-miss answers without changing them, past the point where the memory is cleared', () => {
    // Each title against itself with 0-4 random edits (near misses and not); 30,000 pairs cross the 20,000-entry bound.
    const random = prng(20261201);
    const pick = (): string => 'abcde '[Math.floor(random() * 6)];
    const title = (): string => {
      let w = '';
      const n = 3 + Math.floor(random() * 18);
      for (let i = 0; i < n; i++) w += pick();
      return w;
    };
    const edited = (w: string): string => {
      for (let k = Math.floor(random() * 5); k > 0; k--) {
        const at = Math.floor(random() * (w.length + 1));
        const op = Math.floor(random() * 3);
        w =
          op === 0
            ? w.slice(0, at) + pick() + w.slice(at)
            : op === 1
              ? w.slice(0, at) + w.slice(at + 1)
              : w.slice(0, at) + pick() + w.slice(at + 1);
      }
      return w;
    };
    const direct = (h: string, t: string): boolean => {
      if (h === t) return false;
      const budget = nearMissBudget(Math.min(h.length, t.length));
      return budget > 0 && editDistance(h, t, budget) <= budget;
    };
    const pairs: [string, string][] = [];
    for (let i = 0; i < 30_000; i++) {
      const t = title();
      pairs.push([edited(t), t]);
    }
    let near = 0;
    for (const round of [1, 2])
      for (const [h, t] of pairs) {
        const expected = direct(h, t);
        if (expected && round === 1) near++;
        assert.equal(isNearMiss(h, t), expected, `round ${round}: "${h}" vs "${t}"`);
      }
    assert.ok(near > 1000, `near misses among the pairs: ${near}`);
  });
});
