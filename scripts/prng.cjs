'use strict';
// mulberry32: a small seeded PRNG, so benchmarks and stress tests make the
// same "random" edits on every run and a failure replays exactly. Shared by
// bench/run.mjs, bench/scan.ts and test/lsp/stress.test.ts.

/** @param {number} seed @returns {() => number} numbers in [0, 1) */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

exports.prng = prng;
