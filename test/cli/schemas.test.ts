import * as assert from 'node:assert/strict';
import { cli, ensureBuilt, tempDir, writeFiles } from './helpers';
import { NOTE_SCHEMA, BROKEN_SCHEMA } from './fixtures';

interface SchemasJson {
  version: number;
  configFile: string | null;
  kinds: {
    id: string;
    title: string;
    source: string;
    builtin: boolean;
    match: { frontMatterType: string[]; globs: string[]; associations: string[] };
    sections: number;
    requiredSections: number;
  }[];
  problems: { path: string; line: number; severity: string; message: string }[];
}

describe('cli: schemas', () => {
  before(ensureBuilt);

  it('lists the built-in spec and handoff kinds', () => {
    const dir = tempDir();
    const r = cli(['schemas'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^spec +Spec +built-in: .*spec\.yaml$/m);
    assert.match(r.stdout, /^handoff +Handoff +built-in: .*handoff\.yaml$/m);
    assert.match(r.stdout, /globs: \*\*\/\*\.spec\.md/);
    const j = JSON.parse(cli(['schemas', '--format', 'json'], { cwd: dir }).stdout) as SchemasJson;
    const spec = j.kinds.find((k) => k.id === 'spec');
    assert.ok(spec?.builtin);
    assert.deepEqual(spec?.match.frontMatterType, ['spec']);
    assert.ok((spec?.sections ?? 0) > (spec?.requiredSections ?? 0) && (spec?.requiredSections ?? 0) > 5);
    assert.ok(j.kinds.some((k) => k.id === 'handoff' && k.builtin));
  });

  it('includes custom kinds with their associations; a broken listed schema is a configuration error (exit 2)', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'schemas: [note.yaml, broken.yaml]\nassociations:\n  "meetings/*.md": note\n',
      'note.yaml': NOTE_SCHEMA,
      'broken.yaml': BROKEN_SCHEMA,
    });
    const bad = cli(['schemas', '--format', 'json'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /broken\.yaml:4:1: error: Unknown key "colour"/);
    writeFiles(dir, { '.spec-handoff.yaml': 'schemas: [note.yaml]\nassociations:\n  "meetings/*.md": note\n' });
    const r = cli(['schemas', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0);
    const j = JSON.parse(r.stdout) as SchemasJson;
    assert.equal(j.configFile, '.spec-handoff.yaml');
    const note = j.kinds.find((k) => k.id === 'note');
    assert.deepEqual(
      note && {
        source: note.source,
        builtin: note.builtin,
        associations: note.match.associations,
        sections: note.sections,
        required: note.requiredSections,
      },
      { source: 'note.yaml', builtin: false, associations: ['meetings/*.md'], sections: 2, required: 1 },
    );
    assert.ok(!j.kinds.some((k) => k.id === 'broken'));
    assert.deepEqual(j.problems, []);
  });

  it('exits 2 on an invalid config', () => {
    const dir = tempDir();
    writeFiles(dir, { '.spec-handoff.yaml': 'nonsense: true\n' });
    const r = cli(['schemas'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.spec-handoff\.yaml:1:1: error: Unknown key "nonsense"/);
  });
});
