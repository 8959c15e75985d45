#!/usr/bin/env node
// Noise of the Rust RFC preset on real RFCs (issue 15): findings per rule on
// the Rust RFC corpus, before (the example schema as it was at the issue's
// base commit, examples/schemas/rust-rfc.yaml at dc0ee1a) and after (the
// preset schemas/presets/rust-rfc/rust-rfc.yaml of this tree). Prints a
// Markdown table: per rule, the findings, the findings per file and the files
// with at least one, for both schemas. Needs the built CLI (node
// scripts/build.mjs) and git (for the "before" schema).
//
// Usage: node bench/preset-noise.mjs [--corpus DIR] [--before-rev REV] [--before-cli FILE]
// The corpus defaults to ../shared/corpus/rust-rfcs next to the repository.
// --before-cli runs the "before" schema with another build of the CLI (say
// the base commit's, built in a copy: git archive dc0ee1a | tar -x -C DIR,
// then node scripts/build.mjs there), so "before" is the old code too, not
// only the old schema. Without it both runs use this tree's dist/cli.js.
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
    'before-cli': { type: 'string' },
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

/** Runs `check --schema SCHEMA --format json` on the corpus; returns the report's files. */
function run(schema, cliFile) {
  // No config file applies: run from a fresh folder so a .spec-handoff.yaml above the corpus cannot interfere.
  const result = spawnSync(process.execPath, [cliFile, 'check', '--schema', schema, '--format', 'json', corpus], {
    cwd: tmp,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0 && result.status !== 1) {
    console.error(`preset-noise: check failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(2);
  }
  return JSON.parse(result.stdout).files;
}

/** Findings per rule: { files, byRule: Map<code, { findings, files }> }. */
function tally(files) {
  const byRule = new Map();
  for (const file of files) {
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
  return { files: files.length, byRule };
}

const beforeCli = values['before-cli'] ? path.resolve(values['before-cli']) : cli;
const before = tally(run(beforeSchema, beforeCli));
const afterFiles = run(path.join(root, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml'), cli);
const after = tally(afterFiles);
// What the preset's globs select when it is picked by `presets: [rust-rfc]` instead of forced: NNNN-name.md files.
const rfcOnly = tally(afterFiles.filter((f) => /(^|\/)\d{4}-[^/]*\.md$/.test(f.path)));
const columns = [before, after, rfcOnly];
const codes = [...new Set(columns.flatMap((c) => [...c.byRule.keys()]))].sort();
const perFile = (n, files) => (n / files).toFixed(2);
const cell = (c, code) => {
  const e = c.byRule.get(code) ?? { findings: 0, files: 0 };
  return `${e.findings} | ${perFile(e.findings, c.files)} | ${e.files}`;
};
const total = (c) => [...c.byRule.values()].reduce((a, e) => a + e.findings, 0);
const shown =
  corpus === path.resolve(root, '..', 'shared', 'corpus', 'rust-rfcs') ? '../shared/corpus/rust-rfcs' : corpus;
const lines = [
  `Corpus: ${shown}, ${after.files} Markdown files (${rfcOnly.files} named NNNN-*.md).`,
  `before: examples/schemas/rust-rfc.yaml at ${values['before-rev']} (${values['before-cli'] ? values['before-cli'] : 'this dist/cli.js'}), --schema on every file;`,
  'after: schemas/presets/rust-rfc/rust-rfc.yaml (this dist/cli.js), --schema on every file;',
  "after, RFC files: the same run, only the files the preset's globs select (NNNN-*.md).",
  '',
  '| rule | before | per file | files | after | per file | files | after, RFC files | per file | files |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const code of codes) lines.push(`| ${code} | ${columns.map((c) => cell(c, code)).join(' | ')} |`);
lines.push(`| **all** | ${columns.map((c) => `${total(c)} | ${perFile(total(c), c.files)} | `).join(' | ')} |`);
console.log(lines.join('\n'));
fs.rmSync(tmp, { recursive: true, force: true });
