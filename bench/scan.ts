/**
 * Scanner micro-benchmark, run by bench/run.mjs (stage b) through tsx:
 *   node --require tsx/cjs bench/scan.ts <file> <edits> <seed>
 * Makes the same seeded one-character edits as the edit-latency stage and
 * times, for each, the incremental rescan the server does
 * (parse/incremental.ts) against a full scan of the same text, alternating
 * which goes first. Prints one JSON object.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { scanDocument } from '../server/src/service/parse/scanner';
import { addChange, rescanDocument } from '../server/src/service/parse/incremental';
import { prng } from '../scripts/prng.cjs';

const [file, editsArg = '200', seedArg = '20261125'] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/scan.ts <file> [edits] [seed]');
const edits = Number(editsArg);
const random = prng(Number(seedArg));

let text = fs.readFileSync(file, 'utf8');
let previous = scanDocument(text);
const lines = text.split('\n');
const rescans: number[] = [];
const fulls: number[] = [];
let reused = 0;
for (let i = 0; i < edits; i++) {
  const line = Math.floor(random() * lines.length);
  const character = Math.floor(random() * (lines[line].length + 1));
  const ch = String.fromCharCode(97 + Math.floor(random() * 26));
  lines[line] = lines[line].slice(0, character) + ch + lines[line].slice(character);
  text = lines.join('\n'); // join builds a flat string: neither timed call pays for flattening a rope
  const changed = addChange(undefined, line, line, 0);
  const timeRescan = () => {
    const t = performance.now();
    const next = rescanDocument(previous, text, changed);
    rescans.push(performance.now() - t);
    return next;
  };
  const timeFull = () => {
    const t = performance.now();
    scanDocument(text);
    fulls.push(performance.now() - t);
  };
  let next: ReturnType<typeof rescanDocument>;
  if (i % 2) {
    next = timeRescan();
    timeFull();
  } else {
    timeFull();
    next = timeRescan();
  }
  // The last heading object is reused when the rescan stopped early instead of running to the end.
  if (
    next.headings.length &&
    next.headings[next.headings.length - 1] === previous.headings[previous.headings.length - 1]
  )
    reused++;
  previous = next;
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
console.log(
  JSON.stringify({
    file,
    lines: previous.lines.length,
    edits,
    stoppedEarly: reused,
    rescan: { p50: quantile(rescans, 0.5), p95: quantile(rescans, 0.95) },
    full: { p50: quantile(fulls, 0.5), p95: quantile(fulls, 0.95) },
    ratioP50: quantile(rescans, 0.5) / quantile(fulls, 0.5),
  }),
);
