import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, tempDir, writeFiles } from './helpers';
import { SPEC_OK, SPEC_BAD, NOTE_SCHEMA } from './fixtures';

/** A spec with nothing left for a stranger to trip over. */
const SPEC_READY = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'complete.spec.md'), 'utf8');

/** The acceptance criteria of SPEC_OK with a vague word (SH014) in them. */
const VAGUE = SPEC_OK.replace('then the file has the listed rows.', 'then the export is fast.');

describe('cli: readiness in check output', () => {
  before(ensureBuilt);

  it('ends each checked file block with a readiness line naming what is missing', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'bad.spec.md': SPEC_BAD,
      'ok.spec.md': SPEC_OK,
      'vague.spec.md': VAGUE,
      'ready.spec.md': SPEC_READY,
    });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // SPEC_BAD: 2 of 13 required sections, Summary holds only "TBD", no criteria, the TBD, 5 errors.
    assert.match(
      r.stdout,
      /SH001\/missing-section\n {2}not ready: 11 required sections missing, sections not written: 1 empty, no acceptance criteria, 1 open item, 5 errors\n\n/,
    );
    // Warnings only, but ten sections too short for a stranger: not ready (exit code unchanged by readiness).
    assert.match(
      r.stdout,
      /^ok\.spec\.md \(spec\)\n(?: {2}ok\.spec\.md:.*\n)+ {2}not ready: sections not written: 10 too short\n/m,
    );
    assert.match(r.stdout, /^ {2}not ready: sections not written: 10 too short, 1 vague word$/m);
    assert.match(r.stdout, /^ready\.spec\.md \(spec\): no problems; ready for pickup$/m);
  });

  it('puts the verdict on the line of a file without findings, and leaves it out with --quiet', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'schemas:\n  - note.yaml\n',
      'note.yaml': NOTE_SCHEMA,
      'notes/done.md': '# Done\n\n## Context\n\nThe importer was rewritten last week.\n',
      'notes/open.md': '# Open\n\n## Context\n\nThe importer is TBD.\n',
    });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^notes\/done\.md \(note\): no problems; ready for pickup$/m);
    assert.match(r.stdout, /^ {2}not ready: 1 open item$/m);
    const q = cli(['check', '--quiet'], { cwd: dir });
    assert.doesNotMatch(q.stdout, /ready/);
  });

  it('is in the JSON as readiness {ready, passed, total, checks}, null for an unmatched file', () => {
    const dir = tempDir();
    writeFiles(dir, { 'vague.spec.md': VAGUE, 'README.md': '# Readme\n' });
    const { json } = cliJson(['check', '--format', 'json'], { cwd: dir });
    const r = fileOf(json, 'vague.spec.md').readiness;
    assert.deepEqual(r && { ready: r.ready, passed: r.passed, total: r.total }, { ready: false, passed: 4, total: 6 });
    assert.deepEqual(
      r?.checks.find((c) => c.id === 'content'),
      { id: 'content', label: 'Every section written', ok: false, detail: '10 too short' },
    );
    assert.deepEqual(
      r?.checks.find((c) => c.id === 'vague-words'),
      { id: 'vague-words', label: 'No vague wording', ok: false, detail: '1 vague word' },
    );
    assert.equal(fileOf(json, 'README.md').readiness, null);
  });
});
