/**
 * `utcToday` (service/analyze.ts) makes the date once per UTC day: it must
 * still say what `new Date(now).toISOString()` says at every moment, across
 * midnights, leap days and a clock set back.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { utcToday } from '../../server/src/service/analyze';

const reference = (now: number): string => new Date(now).toISOString().slice(0, 10);
const DAY = 24 * 60 * 60 * 1000;

describe('utcToday', () => {
  it('around midnights, a leap day and the epoch, forwards and back', () => {
    const midnights = [
      Date.UTC(2026, 11, 1),
      Date.UTC(2024, 1, 29),
      Date.UTC(2024, 2, 1),
      Date.UTC(1970, 0, 1),
      Date.UTC(1969, 11, 31),
    ];
    const moments = midnights.flatMap((m) => [m - DAY, m - 1, m, m + 1, m + DAY - 1, m + DAY]);
    for (const now of [...moments, ...[...moments].reverse()]) assert.equal(utcToday(now), reference(now), String(now));
  });

  it('any sequence of moments (a clock that jumps either way) gives the reference date each time', () => {
    const moment = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });
    const near = fc.tuple(moment, fc.array(fc.integer({ min: -3 * DAY, max: 3 * DAY }), { maxLength: 30 }));
    fc.assert(
      fc.property(near, ([start, steps]) => {
        let now = start;
        assert.equal(utcToday(now), reference(now));
        for (const step of steps) {
          now += step;
          assert.equal(utcToday(now), reference(now));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('without an argument: the current date', () => {
    const before = reference(Date.now());
    const got = utcToday();
    const after = reference(Date.now());
    assert.ok(got === before || got === after, got);
  });
});
