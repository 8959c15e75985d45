import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, cli, cliJson, ensureBuilt, fileOf, tempDir, writeFiles } from './helpers';
import { SPEC_BAD, SPEC_OK, README } from './fixtures';

describe('cli: check --format json', () => {
  before(ensureBuilt);

  it('files[].sections lists a section whose only heading is nested in another section, as the summary counts it (issue 14, case 6)', () => {
    const dir = tempDir();
    const text =
      '---\ntype: spec\ntitle: Nested\n---\n\n# Nested\n\n## Scope\n\n### Summary\n\nAdmins export invoices as CSV files.\n';
    writeFiles(dir, { 'nested.spec.md': text });
    const { json } = cliJson(['check', '--format', 'json', 'nested.spec.md'], { cwd: dir });
    const f = fileOf(json, 'nested.spec.md');
    assert.deepEqual(
      f.sections.map((s) => [s.id, s.heading, s.line]),
      [
        ['scope', 'Scope', 8],
        ['summary', 'Summary', 10],
      ],
    );
    assert.equal(f.summary?.sectionsPresent, f.sections.filter((s) => s.id === 'scope' || s.id === 'summary').length);
    assert.ok(!f.diagnostics.some((d) => d.code === 'SH001' && d.sectionId === 'summary'), 'present, so not missing');
    assert.ok(
      f.diagnostics.some((d) => d.code === 'SH005' && d.line === 10),
      'reported at its level instead',
    );
  });

  it('is the JSON indented by two spaces and one line break after it, to a pipe and to a file alike', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/bad.spec.md': SPEC_BAD, 'README.md': README });
    const piped = cli(['check', '--format', 'json'], { cwd: dir });
    assert.equal(piped.stdout, `${JSON.stringify(JSON.parse(piped.stdout), null, 2)}\n`);
    const out = path.join(tempDir(), 'out.json');
    const fd = fs.openSync(out, 'w');
    try {
      spawnSync(process.execPath, [CLI, 'check', '--format', 'json'], { cwd: dir, stdio: ['ignore', fd, 'ignore'] });
    } finally {
      fs.closeSync(fd);
    }
    assert.equal(fs.readFileSync(out, 'utf8'), piped.stdout);
  });

  it('follows the documented contract: exact keys, 1-based positions, sectionId for a missing section', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/bad.spec.md': SPEC_BAD, 'README.md': README });
    const { code, json } = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(code, 1);
    assert.deepEqual(Object.keys(json), ['version', 'files', 'summary', 'problems']);
    assert.equal(json.version, 1);
    assert.deepEqual(
      json.files.map((f) => f.path),
      ['README.md', 'docs/bad.spec.md'],
    );

    const f = fileOf(json, 'docs/bad.spec.md');
    assert.deepEqual(Object.keys(f), [
      'path',
      'kind',
      'skipped',
      'error',
      'notice',
      'fixed',
      'sections',
      'summary',
      'diagnostics',
      'readiness',
    ]);
    assert.equal(f.kind, 'spec');
    assert.equal(f.skipped, null);
    assert.equal(f.error, null);
    assert.equal(f.fixed, 0);
    // "## Summary" is on line 7 and "## Scope" on line 11 of the fixture.
    assert.deepEqual(f.sections, [
      { id: 'summary', title: 'Summary', heading: 'Summary', line: 7 },
      { id: 'scope', title: 'Scope', heading: 'Scope', line: 11 },
    ]);
    assert.deepEqual(Object.keys(f.summary ?? {}), [
      'sectionsPresent',
      'sectionsRequired',
      'criteriaChecked',
      'criteriaTotal',
      'openItems',
      'errors',
      'warnings',
    ]);
    assert.equal(f.summary?.sectionsPresent, 2);
    assert.equal(f.summary?.openItems, 1, 'the TBD');
    assert.equal(f.summary?.errors, 5);

    for (const d of f.diagnostics) {
      assert.deepEqual(Object.keys(d), [
        'code',
        'rule',
        'severity',
        'message',
        'line',
        'column',
        'endLine',
        'endColumn',
        'sectionId',
        'sectionTitle',
      ]);
      assert.ok(d.line >= 1 && d.column >= 1 && d.endLine >= d.line && d.endColumn >= 1, JSON.stringify(d));
    }
    const missing = f.diagnostics.find((d) => d.code === 'SH001' && d.sectionId === 'system-context');
    assert.deepEqual(missing && { ...missing, message: undefined }, {
      code: 'SH001',
      rule: 'missing-section',
      severity: 'error',
      message: undefined,
      line: 5, // the "# Export" title, 1-based
      column: 1,
      endLine: 5,
      endColumn: 9, // one past the last character of "# Export"
      sectionId: 'system-context',
      sectionTitle: 'System context',
    });
    const tbd = f.diagnostics.find((d) => d.code === 'SH007');
    assert.deepEqual(tbd && [tbd.line, tbd.column, tbd.endColumn], [9, 1, 4], 'TBD is at line 9, columns 1-3');

    // Readiness (added to version 1): the failed checks say why the spec cannot be picked up yet.
    assert.deepEqual(Object.keys(f.readiness ?? {}), ['ready', 'passed', 'total', 'checks']);
    assert.equal(f.readiness?.ready, false);
    assert.equal(f.readiness?.total, f.readiness?.checks.length);
    assert.equal(f.readiness?.passed, f.readiness?.checks.filter((c) => c.ok).length);
    for (const c of f.readiness?.checks ?? []) assert.deepEqual(Object.keys(c), ['id', 'label', 'ok', 'detail']);
    assert.deepEqual(
      f.readiness?.checks.map((c) => [c.id, c.ok, c.detail]),
      [
        ['sections', false, '2/13'],
        ['content', false, '1 empty'],
        ['criteria', false, 'none written'],
        ['open-items', false, '1 open'],
        ['vague-words', true, 'none'],
        ['errors', false, '5 errors'],
      ],
    );

    const readme = fileOf(json, 'README.md');
    assert.deepEqual(readme, {
      path: 'README.md',
      kind: null,
      skipped: null,
      error: null,
      notice: null,
      fixed: 0,
      sections: [],
      summary: null,
      diagnostics: [],
      readiness: null,
    });

    assert.deepEqual(json.summary, {
      files: 2,
      checked: 1,
      notMatched: 1,
      skipped: 0,
      failed: 0,
      errors: 5,
      warnings: f.diagnostics.filter((d) => d.severity === 'warning').length,
      information: 0,
      hints: 0,
      fixed: 0,
      filesFixed: 0,
    });
    assert.deepEqual(json.problems, []);
  });

  it('counts criteria in the summary and gives no SH001 for a complete document', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'ok.spec.md':
        SPEC_OK.replace('- [ ] AC-1', '- [x] AC-1') +
        '- [ ] AC-2: Given no invoices, when exporting, then only the header row is written.\n',
    });
    const { code, json } = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(code, 0);
    const f = fileOf(json, 'ok.spec.md');
    assert.equal(f.summary?.sectionsPresent, f.summary?.sectionsRequired);
    assert.deepEqual([f.summary?.criteriaChecked, f.summary?.criteriaTotal], [1, 2]);
    assert.ok(!f.diagnostics.some((d) => d.code === 'SH001'));
    assert.equal(f.sections[0].id, 'summary');
    assert.equal(f.sections.length, 13, 'every required section found');
  });
});
