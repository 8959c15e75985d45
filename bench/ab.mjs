#!/usr/bin/env node
// Before/after of one change, in one sitting (the machine is shared: only a
// comparison made in the same run means anything). Runs two Node entry
// points with the same arguments, alternating which goes first, N times each,
// and prints both medians and their ratio with the load average.
//
// Usage: node bench/ab.mjs BEFORE.js AFTER.js N ARGS...
// e.g.   node bench/ab.mjs /tmp/old/dist/cli.js dist/cli.js 11 check one.spec.md
// (a "before" build: `git archive COMMIT | tar -x -C DIR`, link node_modules, `node scripts/build.mjs` there).
import { spawnSync } from 'node:child_process';
const [a, b, n, ...rest] = process.argv.slice(2);
const t = { a: [], b: [] };
for (let i = 0; i < +n; i++)
  for (const [k, f] of i % 2
    ? [
        ['b', b],
        ['a', a],
      ]
    : [
        ['a', a],
        ['b', b],
      ]) {
    const s = performance.now();
    spawnSync(process.execPath, [f, ...rest], { stdio: 'ignore' });
    t[k].push(performance.now() - s);
  }
const med = (x) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
console.log(
  `before ${med(t.a).toFixed(0)} ms, after ${med(t.b).toFixed(0)} ms, ratio ${(med(t.b) / med(t.a)).toFixed(3)} (medians of ${n}; load ${(await import('node:os')).loadavg()[0].toFixed(1)})`,
);
