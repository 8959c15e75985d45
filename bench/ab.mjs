#!/usr/bin/env node
// Before/after of one change, in one sitting (the machine is shared: only a
// comparison made in the same run means anything). Runs two Node entry
// points with the same arguments, alternating which goes first, N times each,
// and prints both medians and their ratio with the load average: wall time,
// and CPU time (user + system, all threads) where /usr/bin/time exists — on a
// loaded machine wall time blurs, the CPU a change saves shows in the second —
// with the minor page faults (first touches of memory: ~11 µs each on this
// project's VMs, a fifth of a corpus run's CPU in round nine).
//
// Usage: node bench/ab.mjs BEFORE.js AFTER.js N ARGS...
// e.g.   node bench/ab.mjs /tmp/old/dist/cli.js dist/cli.js 11 check one.spec.md
// (a "before" build: `git archive COMMIT | tar -x -C DIR`, link node_modules, `node scripts/build.mjs` there).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
const [a, b, n, ...rest] = process.argv.slice(2);
const TIME = '/usr/bin/time';
const withCpu = fs.existsSync(TIME);
const wall = { a: [], b: [] };
const cpu = { a: [], b: [] };
const faults = { a: [], b: [] };
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
    const run = withCpu
      ? spawnSync(TIME, ['-f', '@cpu %U %S %R', process.execPath, f, ...rest], {
          stdio: ['ignore', 'ignore', 'pipe'],
          encoding: 'utf8',
        })
      : spawnSync(process.execPath, [f, ...rest], { stdio: 'ignore' });
    wall[k].push(performance.now() - s);
    const m = withCpu ? /@cpu ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(run.stderr) : null;
    if (m) {
      cpu[k].push((Number(m[1]) + Number(m[2])) * 1000);
      faults[k].push(Number(m[3]));
    }
  }
const med = (x) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
const line = (label, t) =>
  `${label}: before ${med(t.a).toFixed(0)} ms, after ${med(t.b).toFixed(0)} ms, ratio ${(med(t.b) / med(t.a)).toFixed(3)}`;
console.log(`${line('wall', wall)} (medians of ${n}; load ${os.loadavg()[0].toFixed(1)})`);
if (cpu.a.length === +n && cpu.b.length === +n) {
  console.log(line('cpu ', cpu));
  console.log(
    `faults: before ${med(faults.a)}, after ${med(faults.b)}, ratio ${(med(faults.b) / med(faults.a)).toFixed(3)}`,
  );
}
