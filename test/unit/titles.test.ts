import * as assert from 'node:assert/strict';
import { normalizeTitle, editDistance, isNearMiss } from '../../server/src/service/parse/titles';

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
});
