import * as assert from 'node:assert/strict';
import { normalizeTitle, editDistance, isNearMiss, nearMissBudget } from '../../server/src/service/parse/titles';
import { prng } from '../../scripts/prng.cjs';
import { withTypos } from '../support/typos';

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

  it('normalises plain titles (letters, digits, spaces) exactly as the full pipeline does', () => {
    // The full pipeline as it reads in titles.ts, for any title.
    const full = (title: string): string => {
      let t = title
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, ' ')
        .trim()
        .replace(/^(?:\d+(?:\.\d+)*\.?|[A-Za-z][.)])\s+/, '');
      t = t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      t = t.toLowerCase().replace(/&/g, ' and ');
      return t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    };
    const random = prng(20261202);
    const pieces = [
      'A',
      'b',
      'Z',
      '1',
      '2',
      '10',
      ' ',
      '  ',
      'Summary',
      'API',
      'x',
      'e',
      '.',
      ')',
      'É',
      '\t',
      '&',
      '-',
    ];
    let plain = 0;
    for (let i = 0; i < 20_000; i++) {
      let title = '';
      for (let n = Math.floor(random() * 8); n > 0; n--) title += pieces[Math.floor(random() * pieces.length)];
      if (/^[A-Za-z0-9 ]*$/.test(title)) plain++;
      assert.equal(normalizeTitle(title), full(title), JSON.stringify(title));
    }
    assert.ok(plain > 1000, `plain titles among them: ${plain}`);
  });

  it('edit distance agrees with a plain optimal-string-alignment table, near misses included', () => {
    // A reference: the whole table, Math.min, no early stop; then the cutoff applied to its answer.
    const reference = (a: string, b: string): number => {
      const d: number[][] = [];
      for (let i = 0; i <= a.length; i++)
        d.push(Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          const cost = a[i - 1] === b[j - 1] ? 0 : 1;
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      return d[a.length][b.length];
    };
    // Each title against itself with 0-4 random edits (near misses and not), over a small alphabet.
    const random = prng(20261201);
    const pick = (): string => 'abcde '[Math.floor(random() * 6)];
    const title = (): string => {
      let w = '';
      const n = 1 + Math.floor(random() * 20);
      for (let i = 0; i < n; i++) w += pick();
      return w;
    };
    const edited = (w: string): string => withTypos(w, Math.floor(random() * 5), random, pick);
    let near = 0;
    for (let i = 0; i < 20_000; i++) {
      const t = title();
      const h = edited(t);
      const expected = reference(h, t);
      for (const max of [0, 1, 2, 3]) {
        const got = editDistance(h, t, max);
        assert.equal(got <= max ? got : max + 1, expected <= max ? expected : max + 1, `"${h}" vs "${t}", max ${max}`);
      }
      const budget = nearMissBudget(Math.min(h.length, t.length));
      const nearMiss = h !== t && budget > 0 && expected <= budget;
      assert.equal(isNearMiss(h, t), nearMiss, `"${h}" vs "${t}"`);
      if (nearMiss) near++;
    }
    assert.ok(near > 1000, `near misses among the pairs: ${near}`);
  });
});
