import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, ensureBuilt, fileOf, codes, tempDir, writeFiles, ROOT } from './helpers';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'presets');
const fixture = (...parts: string[]) => fs.readFileSync(path.join(FIXTURES, ...parts), 'utf8');

describe('cli: built-in presets', () => {
  before(ensureBuilt);

  it('--schema PRESET with one kind checks every file as that kind', () => {
    const dir = tempDir();
    writeFiles(dir, { 'proposal.md': fixture('kep', 'filled', 'README.md'), 'empty.md': '# KEP-1: x\n' });
    const r = cliJson(['check', '--schema', 'kep', '--format', 'json', '.'], { cwd: dir });
    assert.equal(fileOf(r.json, 'proposal.md').kind, 'kep');
    assert.deepEqual(codes(fileOf(r.json, 'proposal.md')), []);
    assert.equal(fileOf(r.json, 'empty.md').kind, 'kep');
    assert.ok(codes(fileOf(r.json, 'empty.md')).includes('SH001'));
    assert.equal(r.code, 1);
  });

  it("--schema PRESET with several kinds picks each file's kind by the preset's globs", () => {
    const dir = tempDir();
    writeFiles(dir, {
      'specs/042-export/spec.md': fixture('spec-kit', 'filled', 'spec.md'),
      'specs/042-export/plan.md': fixture('spec-kit', 'filled', 'plan.md'),
      'specs/042-export/tasks.md': fixture('spec-kit', 'filled', 'tasks.md'),
    });
    const r = cliJson(['check', '--schema', 'spec-kit', '--format', 'json', 'specs'], { cwd: dir });
    assert.equal(fileOf(r.json, 'specs/042-export/spec.md').kind, 'spec-kit-spec');
    assert.equal(fileOf(r.json, 'specs/042-export/plan.md').kind, 'spec-kit-plan');
    assert.equal(fileOf(r.json, 'specs/042-export/tasks.md').kind, 'spec-kit-tasks');
    assert.equal(r.code, 0, JSON.stringify(r.json.files.map((f) => [f.path, codes(f)])));
  });

  it('--schema PRESET-KIND forces one kind of a preset', () => {
    const dir = tempDir();
    writeFiles(dir, { 'notes/plan.md': fixture('spec-kit', 'upstream', 'plan.md') });
    const r = cliJson(['check', '--schema', 'spec-kit-plan', '--format', 'json', 'notes/plan.md'], { cwd: dir });
    assert.equal(fileOf(r.json, 'notes/plan.md').kind, 'spec-kit-plan');
    assert.ok(codes(fileOf(r.json, 'notes/plan.md')).includes('SH007'), 'NEEDS CLARIFICATION is a placeholder');
  });

  it('an unknown --schema name is a usage error with a did-you-mean over kinds and presets', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.md': '# A\n' });
    const r = cli(['check', '--schema', 'nygard-ard', 'a.md'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown kind "nygard-ard"\. Did you mean "nygard-adr"\?/);
    assert.match(r.stderr, /Built-in presets: kep, kiro, madr, nygard-adr, rust-rfc, spec-kit\./);
  });

  it('presets: in .spec-handoff.yaml selects presets; an unknown one fails the configuration (exit 2) at its line', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'presets: [madr]\n',
      'docs/decisions/0007-stream-small-exports.md': fixture('madr', 'filled', '0007-stream-small-exports.md'),
    });
    const ok = cliJson(['check', '--format', 'json'], { cwd: dir });
    assert.equal(fileOf(ok.json, 'docs/decisions/0007-stream-small-exports.md').kind, 'madr');
    assert.equal(ok.code, 0);

    writeFiles(dir, { '.spec-handoff.yaml': 'presets:\n  - madr\n  - kirro\n' });
    const bad = cli(['check'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.spec-handoff\.yaml:3:5: error: Unknown preset "kirro"\. Did you mean "kiro"\?/);
  });

  it('spec-handoff schemas lists the kinds of the selected presets and names the presets not in use', () => {
    const dir = tempDir();
    writeFiles(dir, { '.spec-handoff.yaml': 'presets: [kep]\n' });
    const text = cli(['schemas'], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^kep +Kubernetes Enhancement Proposal \(KEP\) +built-in: /m);
    assert.match(text.stdout, /Built-in presets not in use: kiro, madr, nygard-adr, rust-rfc, spec-kit \(/);
    const json = cliJson<{ presets: { name: string; selected: boolean }[] }>(['schemas', '--format', 'json'], {
      cwd: dir,
    });
    assert.deepEqual(
      json.json.presets.filter((p) => p.selected).map((p) => p.name),
      ['kep'],
    );
  });
});
