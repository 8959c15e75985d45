import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, codes, read, tempDir, writeFiles } from './helpers';
import { writeExclusive } from '../../server/src/cli/fix';
import { makeService } from '../support/service';
import { exampleSentences, foreignSentences } from '../support/honest';

describe('cli: new', () => {
  before(ensureBuilt);

  it('creates a spec with front matter, title and every required section, in new folders', () => {
    const dir = tempDir();
    const r = cli(['new', 'spec', 'docs/specs/export-invoices.spec.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created docs\/specs\/export-invoices\.spec\.md/);
    const text = read(dir, 'docs/specs/export-invoices.spec.md');
    assert.match(text, /^---\ntype: spec\ntitle: Export invoices\n---\n/);
    assert.match(text, /^# Export invoices$/m);
    for (const h of ['## Summary', '## System context', '## Scope', '## Technical specifics', '## Acceptance criteria'])
      assert.ok(text.includes(`\n${h}\n`), h);
    // The new document has no errors.
    const check = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(check.code, 0);
    assert.equal(fileOf(check.json, 'docs/specs/export-invoices.spec.md').kind, 'spec');
    assert.ok(!codes(fileOf(check.json, 'docs/specs/export-invoices.spec.md')).includes('SH001'));
  });

  it('a new spec is not ready for pickup and holds no example text (issue 13, reproduction 1)', () => {
    const dir = tempDir();
    assert.equal(cli(['new', 'spec', 'docs/login.spec.md', '--title', 'Passwordless login'], { cwd: dir }).code, 0);
    const text = read(dir, 'docs/login.spec.md');
    assert.deepEqual(foreignSentences(text, exampleSentences(makeService().registry.kinds)), []);
    assert.match(text, /## Summary\n\n<!-- State in two or three sentences [\s\S]*?-->\n\nTODO\n/);
    const r = cli(['check', 'docs/login.spec.md'], { cwd: dir });
    assert.equal(r.code, 0, 'warnings only: the exit code is as documented');
    assert.match(r.stdout, /^ {2}not ready: sections not written: \d+ empty, \d+ open items$/m);
    assert.doesNotMatch(r.stdout, /ready for pickup/);
    const json = cliJson(['check', 'docs/login.spec.md', '--format', 'json'], { cwd: dir });
    assert.equal(fileOf(json.json, 'docs/login.spec.md').readiness?.ready, false);
    const report = JSON.parse(cli(['report', 'docs', '--format', 'json'], { cwd: dir }).stdout) as {
      summary: { documents: number; ready: number };
    };
    assert.deepEqual(report.summary, { documents: 1, ready: 0 });
  });

  it('uses --title and the handoff title template', () => {
    const dir = tempDir();
    const r = cli(['new', 'handoff', 'h.handoff.md', '--title', 'CSV export'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(read(dir, 'h.handoff.md'), /^# Handoff: CSV export$/m);
  });

  it('refuses to overwrite an existing file (exit 1, file untouched)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.spec.md': 'mine\n' });
    const r = cli(['new', 'spec', 'x.spec.md'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /x\.spec\.md already exists; not overwritten\. Give another file name/);
    assert.equal(read(dir, 'x.spec.md'), 'mine\n');
  });

  it('writes new files atomically (temporary file, then link) and leaves no temporary file behind', () => {
    const dir = tempDir();
    assert.equal(cli(['new', 'spec', 'a.spec.md'], { cwd: dir }).code, 0);
    assert.deepEqual(fs.readdirSync(dir), ['a.spec.md']);
    // A file created between the existence check and the write (a race) is not replaced either.
    writeFiles(dir, { 'b.spec.md': 'written by someone else\n' });
    assert.throws(() => writeExclusive(path.join(dir, 'b.spec.md'), 'generated\n'), /EEXIST/);
    assert.equal(read(dir, 'b.spec.md'), 'written by someone else\n');
    writeExclusive(path.join(dir, 'c.spec.md'), 'generated\n');
    assert.equal(read(dir, 'c.spec.md'), 'generated\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.spec.md', 'b.spec.md', 'c.spec.md']);
  });

  it('refuses paths outside the current folder with exit 2', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'cwd'));
    for (const target of ['../x.md', 'a/../../x.md', path.join(dir, 'x.md')]) {
      const r = cli(['new', 'spec', target], { cwd: path.join(dir, 'cwd') });
      assert.equal(r.code, 2, target);
      assert.match(r.stderr, /outside the current folder/, target);
    }
    assert.ok(!fs.existsSync(path.join(dir, 'x.md')));
  });

  it('refuses to write through a symlinked folder that leads outside', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'cwd'));
    fs.mkdirSync(path.join(dir, 'outside'));
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'cwd', 'link'));
    const r = cli(['new', 'spec', 'link/x.spec.md'], { cwd: path.join(dir, 'cwd') });
    assert.equal(r.code, 2);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'outside')), []);
  });

  it('exits 2 for an unknown kind or missing arguments', () => {
    const dir = tempDir();
    const unknown = cli(['new', 'memo', 'x.md'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown kind "memo"\. Known kinds: /);
    assert.ok(!fs.existsSync(path.join(dir, 'x.md')));
    assert.equal(cli(['new', 'spec'], { cwd: dir }).code, 2);
    fs.mkdirSync(path.join(dir, 'docs'));
    const folder = cli(['new', 'spec', 'docs'], { cwd: dir });
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /docs is a folder/);
  });

  it('notes when the new file would not be matched as its kind by name (but front matter still matches)', () => {
    const dir = tempDir();
    const r = cli(['new', 'spec', 'plain.md'], { cwd: dir });
    assert.equal(r.code, 0);
    // Front matter `type: spec` makes it a spec even without the .spec.md suffix: no note.
    assert.doesNotMatch(r.stderr, /not matched/);
    const j = cliJson(['check', '--format', 'json', 'plain.md'], { cwd: dir });
    assert.equal(fileOf(j.json, 'plain.md').kind, 'spec');
  });
});
