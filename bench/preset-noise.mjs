#!/usr/bin/env node
// Noise of the Rust RFC preset on real RFCs (issue 15): findings per rule on
// the Rust RFC corpus, before (the example schema as it was at the issue's
// base commit, examples/schemas/rust-rfc.yaml at dc0ee1a) and after (the
// preset schemas/presets/rust-rfc/rust-rfc.yaml of this tree). Prints a
// Markdown table: per rule, the findings, the findings per file and the files
// with at least one, for both schemas. Needs the built CLI (node
// scripts/build.mjs) and git (for the "before" schema).
//
// Usage: node bench/preset-noise.mjs [--corpus DIR] [--before-rev REV]
// The corpus defaults to ../shared/corpus/rust-rfcs next to the repository.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'corpus', 'rust-rfcs') },
    'before-rev': { type: 'string', default: 'dc0ee1a' },
  },
});
const corpus = path.resolve(values.corpus);
if (!fs.existsSync(corpus)) {
  console.error(`preset-noise: no corpus at ${corpus} (pass --corpus DIR)`);
  process.exit(2);
}
const cli = path.join(root, 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('preset-noise: dist/cli.js is missing; run node scripts/build.mjs first');
  process.exit(2);
}

const beforeText = spawnSync('git', ['show', `${values['before-rev']}:examples/schemas/rust-rfc.yaml`], {
  cwd: root,
  encoding: 'utf8',
});
if (beforeText.status !== 0) {
  console.error(`preset-noise: cannot read the "before" schema: ${beforeText.stderr.trim()}`);
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preset-noise-'));
const beforeSchema = path.join(tmp, 'rust-rfc.yaml');
fs.writeFileSync(beforeSchema, beforeText.stdout);

/** Runs `check --schema SCHEMA --format json` on the corpus; returns { files, byRule: Map<code, {findings, files}> }. */
function measure(schema) {
  // No config file applies: run from a fresh folder so a .spec-handoff.yaml above the corpus cannot interfere.
  const run = spawnSync(process.execPath, [cli, 'check', '--schema', schema, '--format', 'json', corpus], {
    cwd: tmp,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0 && run.status !== 1) {
    console.error(`preset-noise: check failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(2);
  }
  const report = JSON.parse(run.stdout);
  const byRule = new Map();
  for (const file of report.files) {
    const seen = new Set();
    for (const d of file.diagnostics) {
      const entry = byRule.get(d.code) ?? { findings: 0, files: 0 };
      entry.findings++;
      if (!seen.has(d.code)) {
        entry.files++;
        seen.add(d.code);
      }
      byRule.set(d.code, entry);
    }
  }
  return { files: report.files.length, byRule };
}

const before = measure(beforeSchema);
const after = measure(path.join(root, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml'));
const codes = [...new Set([...before.byRule.keys(), ...after.byRule.keys()])].sort();
const perFile = (n, files) => (n / files).toFixed(2);
const lines = [
  `Rust RFC corpus: ${after.files} files (${corpus === path.resolve(root, '..', 'shared', 'corpus', 'rust-rfcs') ? '../shared/corpus/rust-rfcs' : corpus}); before = examples/schemas/rust-rfc.yaml at ${values['before-rev']}, after = schemas/presets/rust-rfc/rust-rfc.yaml`,
  '',
  '| rule | before: findings | per file | files with one | after: findings | per file | files with one |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
const total = (m) => [...m.byRule.values()].reduce((a, e) => a + e.findings, 0);
for (const code of codes) {
  const b = before.byRule.get(code) ?? { findings: 0, files: 0 };
  const a = after.byRule.get(code) ?? { findings: 0, files: 0 };
  lines.push(
    `| ${code} | ${b.findings} | ${perFile(b.findings, before.files)} | ${b.files} | ${a.findings} | ${perFile(a.findings, after.files)} | ${a.files} |`,
  );
}
lines.push(
  `| **all** | ${total(before)} | ${perFile(total(before), before.files)} | | ${total(after)} | ${perFile(total(after), after.files)} | |`,
);
console.log(lines.join('\n'));
fs.rmSync(tmp, { recursive: true, force: true });
