/**
 * `check --format json` renders each file's part of the output in the thread
 * that checked it (check-file.ts `json`, format-json.ts `fileJsonText`) and
 * puts the parts together at the end: the text must be byte for byte what
 * formatting the whole report at once gives.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkFile, type CheckFileOptions } from '../../server/src/cli/check-file';
import { fileJsonText, formatJson } from '../../server/src/cli/format-json';
import { computeTotals, type CheckReport, type FileResult } from '../../server/src/cli/model';
import { makeService, fixturesDir } from '../support/service';

/** What formatJson gave before the parts: the whole report in one JSON.stringify. */
function wholeAtOnce(report: CheckReport): string {
  return formatJson(report);
}

function reportOf(files: FileResult[], cwd: string): CheckReport {
  return {
    cwd,
    root: cwd,
    fix: false,
    quiet: false,
    files,
    problems: [
      {
        source: path.join(cwd, 'schemas', 'x.yaml'),
        line: 2,
        column: 0,
        message: 'a "quoted"\nproblem',
        severity: 'warning',
      },
    ],
    totals: computeTotals(files),
  };
}

describe('check --format json: files rendered where they were checked', () => {
  const service = makeService();
  const files = fs
    .readdirSync(path.join(fixturesDir, 'rules'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join(fixturesDir, 'rules', f));
  const options: CheckFileOptions = {
    cwd: fixturesDir,
    root: fixturesDir,
    roots: [fixturesDir],
    kindId: 'spec', // every file as a spec: findings in most of them
    fix: false,
  };

  it('checkFile renders the JSON part only when asked, and never with --fix', () => {
    assert.equal(checkFile(service, files[0], options).json, undefined);
    const check = checkFile(service, files[0], { ...options, json: true });
    assert.equal(check.json, fileJsonText(check.result));
    assert.equal(checkFile(service, files[0], { ...options, json: true, fix: true }).json, undefined);
  });

  it('the parts put together are the whole report formatted at once (rule fixtures, a missing file, a folder, no files)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-handoff-json-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'unicode "é" 😀.spec.md'),
        '# Ünïcödé 😀\n\n## Goal\n\n"quoted" \\ back\tslash\n',
      );
      fs.writeFileSync(path.join(dir, 'empty.md'), '');
      fs.mkdirSync(path.join(dir, 'folder.md'));
      const all = [
        ...files,
        path.join(dir, 'unicode "é" 😀.spec.md'),
        path.join(dir, 'empty.md'),
        path.join(dir, 'folder.md'),
        path.join(dir, 'missing.md'),
      ];
      const checks = all.map((f) => checkFile(service, f, { ...options, json: true }));
      assert.ok(
        checks.some((c) => c.result.error),
        'a file that cannot be read is among them',
      );
      assert.ok(
        checks.some((c) => c.result.findings.length > 0),
        'files with findings are among them',
      );
      for (const n of [all.length, 1, 2]) {
        const part = checks.slice(0, n);
        const report = reportOf(
          part.map((c) => c.result),
          fixturesDir,
        );
        const rendered = part.map((c) => c.json);
        const text = formatJson(report, rendered);
        assert.equal(text, wholeAtOnce(report), `${n} files`);
        assert.deepEqual(JSON.parse(text).files.length, n);
      }
      // Nothing to put in, or a part missing: formatted at once, still the same text.
      const none = reportOf([], fixturesDir);
      assert.equal(formatJson(none, []), wholeAtOnce(none));
      assert.match(formatJson(none, []), /"files": \[\],/);
      const two = reportOf(
        checks.slice(0, 2).map((c) => c.result),
        fixturesDir,
      );
      assert.equal(formatJson(two, [checks[0].json, undefined]), wholeAtOnce(two));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
