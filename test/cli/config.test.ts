import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, codes, tempDir, writeFiles } from './helpers';
import { SPEC_OK, SPEC_BAD, README, NOTE_SCHEMA, BROKEN_SCHEMA } from './fixtures';

/** The acceptance criteria of SPEC_OK with a vague word (SH014) in them. */
const VAGUE = SPEC_OK.replace('then the file has the listed rows.', 'then the export is fast.');

describe('cli: .spec-handoff.yaml', () => {
  before(ensureBuilt);

  it('rule severities change the results and the exit code (SH014 off / error)', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/vague.spec.md': VAGUE });
    const plain = cliJson(['check', '--format', 'json'], { cwd: dir });
    const sh014 = fileOf(plain.json, 'docs/vague.spec.md').diagnostics.find((d) => d.code === 'SH014');
    assert.equal(sh014?.severity, 'warning', 'found by default');
    assert.equal(plain.code, 0);

    writeFiles(dir, { '.spec-handoff.yaml': 'rules:\n  SH014: off\n' });
    const off = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.ok(!codes(fileOf(off.json, 'docs/vague.spec.md')).includes('SH014'));

    writeFiles(dir, { '.spec-handoff.yaml': 'rules:\n  vague-words: error\n' });
    const err = cli(['check'], { cwd: dir });
    assert.equal(err.code, 1);
    assert.match(err.stdout, /error +.*"fast".* SH014\/vague-words/);
  });

  it('associations give files a kind; paths are relative to the config folder, found from a subfolder', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'associations:\n  "design/**/*.md": spec\n',
      'design/export.md': SPEC_BAD,
      'design/sub/README.md': README,
      'other/README.md': README,
    });
    const top = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(fileOf(top.json, 'design/export.md').kind, 'spec');
    assert.equal(fileOf(top.json, 'design/sub/README.md').kind, 'spec');
    assert.equal(fileOf(top.json, 'other/README.md').kind, null);
    assert.equal(top.code, 1);
    // From inside design/, the glob still applies to the workspace-relative path; output paths are relative to cwd.
    const sub = cliJson(['check', '--format', 'json', '.'], { cwd: path.join(dir, 'design') });
    assert.equal(fileOf(sub.json, 'export.md').kind, 'spec');
  });

  it('excludes globs while walking folders', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'exclude:\n  - "drafts/**"\n  - "**/*.wip.md"\n',
      'drafts/a.spec.md': SPEC_BAD,
      'b.wip.md': SPEC_BAD,
      'c.spec.md': SPEC_OK,
    });
    const j = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.deepEqual(
      j.json.files.map((f) => f.path),
      ['c.spec.md'],
    );
    assert.equal(j.code, 0);
    // Named explicitly, an excluded file is still not checked, and the user is told why.
    const named = cli(['check', 'drafts/a.spec.md', 'c.spec.md'], { cwd: dir });
    assert.equal(named.code, 0);
    assert.match(named.stderr, /^drafts\/a\.spec\.md: warning: excluded by \.spec-handoff\.yaml, not checked$/m);
    assert.match(named.stdout, /^1 file checked/m);
  });

  it('custom schemas from the config are used; an invalid one is reported with file:line and the built-ins still work', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'schemas:\n  - schemas/note.yaml\n  - schemas/broken.yaml\n',
      'schemas/note.yaml': NOTE_SCHEMA,
      'schemas/broken.yaml': BROKEN_SCHEMA,
      'notes/n.md': '# N\n\n## Details\n\nSomething.\n',
      'bad.spec.md': SPEC_BAD,
    });
    // A listed schema that cannot be loaded is a configuration error (exit 2), reported at its line.
    const broken = cli(['check', '--format', 'json'], { cwd: dir });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^schemas\/broken\.yaml:4:1: error: Unknown key "colour"/m);
    writeFiles(dir, { '.spec-handoff.yaml': 'schemas:\n  - schemas/note.yaml\n' });
    const j = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(j.code, 1, 'findings, not a configuration error');
    assert.equal(fileOf(j.json, 'notes/n.md').kind, 'note');
    assert.deepEqual(
      fileOf(j.json, 'notes/n.md')
        .diagnostics.filter((d) => d.code === 'SH001')
        .map((d) => d.sectionId),
      ['context'],
    );
    assert.equal(fileOf(j.json, 'bad.spec.md').kind, 'spec');
    assert.ok(codes(fileOf(j.json, 'bad.spec.md')).includes('SH001'));
  });

  it('a listed custom schema that is not YAML at all, or missing, is a configuration error (exit 2)', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'schemas:\n  - garbage.yaml\n  - missing.yaml\n',
      'garbage.yaml': 'id: [unclosed\n  : : :\n',
      'ok.spec.md': SPEC_OK,
    });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^garbage\.yaml:\d+:\d+: error: YAML/m);
    assert.match(
      r.stderr,
      /^\.spec-handoff\.yaml:3:5: error: The schema file "missing\.yaml" listed under schemas: cannot be read: no such file/m,
    );
    assert.equal(r.stdout, '');
  });

  it('an invalid config file exits 2 with its problems at path:line:col', () => {
    const dir = tempDir();
    writeFiles(dir, { '.spec-handoff.yaml': 'rules:\n  SH014: loud\n', 'ok.spec.md': SPEC_OK });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^\.spec-handoff\.yaml:2:\d+: error: .*must be one of: error, warning, information, hint, off/m,
    );
    assert.match(r.stderr, /is invalid/);
    assert.equal(r.stdout, '');
  });

  it('--config FILE is used instead of discovery; a missing one exits 2', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'rules:\n  SH014: error\n',
      'ci/strict.yaml': 'rules:\n  SH014: off\n',
      'v.spec.md': VAGUE,
    });
    assert.equal(cli(['check'], { cwd: dir }).code, 1);
    const other = cliJson(['check', '--format', 'json', '--config', 'ci/strict.yaml'], { cwd: dir });
    assert.equal(other.code, 0);
    assert.ok(!codes(fileOf(other.json, 'v.spec.md')).includes('SH014'));
    const missing = cli(['check', '--config', 'nope.yaml'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read the config file nope\.yaml/);
  });

  it('warns about unknown rule keys and associations to unknown kinds, with their lines', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'rules:\n  SH999: off\nassociations:\n  "x/*.md": nosuchkind\n',
      'ok.spec.md': SPEC_OK,
    });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^\.spec-handoff\.yaml:2:3: warning: Unknown rule "SH999"/m);
    assert.match(
      r.stderr,
      /^\.spec-handoff\.yaml:4:3: warning: Association "x\/\*\.md" names the unknown kind "nosuchkind"/m,
    );
  });
});
