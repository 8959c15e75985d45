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

  describe('--validate FILE', () => {
    it('prints each problem of the file with file:line:column and exits 1, the format and RE2 problems together', () => {
      const dir = tempDir();
      writeFiles(dir, {
        'schemas/bad.yaml': [
          'id: bad',
          'title: Bad',
          'criteria:',
          '  idPattern: "FR-\\\\d+(?!\\\\d)"',
          'sections:',
          '  - id: a',
          '    title: A',
          '    colour: red',
          '  - id: b',
          '    title: B',
          '    level: { min: 4, max: 3 }',
          '',
        ].join('\n'),
      });
      const r = cli(['schemas', '--validate', 'schemas/bad.yaml'], { cwd: dir });
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.deepEqual(
        lines.map((l) => l.replace(/: error: .*/, '')),
        [
          'schemas/bad.yaml:4:14',
          'schemas/bad.yaml:8:5',
          'schemas/bad.yaml:11:12',
          'schemas/bad.yaml: 3 problems; the kind is left out until they are fixed.',
        ],
      );
      assert.match(lines[1], /Unknown key "colour" in sections\.0\./);
      assert.match(lines[0], /criteria\.idPattern: not supported: it uses look-around \("\(\?!…\)"\)/);
      assert.match(lines[2], /sections\.1\.level: the range's min \(4\) is greater than its max \(3\)\./);
      const j = JSON.parse(
        cli(['schemas', '--validate', 'schemas/bad.yaml', '--format', 'json'], { cwd: dir }).stdout,
      ) as {
        valid: boolean;
        kind: unknown;
        problems: { path: string; line: number; column: number; severity: string }[];
      };
      assert.equal(j.valid, false);
      assert.equal(j.kind, null);
      assert.deepEqual(
        j.problems.map((p) => `${p.path}:${p.line}:${p.column}:${p.severity}`),
        ['schemas/bad.yaml:4:14:error', 'schemas/bad.yaml:8:5:error', 'schemas/bad.yaml:11:12:error'],
      );
    });

    it('a valid file exits 0 and says what it defines; extends resolves against the built-in and configured kinds', () => {
      const dir = tempDir();
      writeFiles(dir, {
        '.spec-handoff.yaml': 'schemas: [note.yaml]\n',
        'note.yaml': NOTE_SCHEMA,
        'child.yaml':
          'id: child\ntitle: Child\nextends: note\nsections:\n  - id: extra\n    title: Extra\n    level: [2, 3]\n',
        'api.yaml': 'id: api\ntitle: API\nextends: spec\nheadingDecorations: false\nsections: []\n',
        'orphan.yaml': 'id: orphan\ntitle: Orphan\nextends: nowhere\n',
      });
      const child = cli(['schemas', '--validate', 'child.yaml'], { cwd: dir });
      assert.equal(child.code, 0, child.stdout + child.stderr);
      assert.match(child.stdout, /^child\.yaml: valid: kind "child" \(Child\), 3 sections \(2 required\)\.$/m);
      const api = cli(['schemas', '--validate', 'api.yaml', '--format', 'json'], { cwd: dir });
      assert.equal(api.code, 0);
      const j = JSON.parse(api.stdout) as { valid: boolean; kind: { id: string; sections: number } };
      assert.equal(j.valid, true);
      assert.equal(j.kind.id, 'api');
      assert.ok(j.kind.sections > 10);
      const orphan = cli(['schemas', '--validate', 'orphan.yaml'], { cwd: dir });
      assert.equal(orphan.code, 1);
      assert.match(
        orphan.stdout,
        /^orphan\.yaml:3:1: error: Kind "orphan" extends "nowhere", which is not a known kind\.$/m,
      );
    });

    it('a file that cannot be read, or a broken configuration, is a usage error (exit 2)', () => {
      const dir = tempDir();
      const missing = cli(['schemas', '--validate', 'nope.yaml'], { cwd: dir });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Cannot read the schema file nope\.yaml: no such file\./);
      writeFiles(dir, { '.spec-handoff.yaml': 'nonsense: true\n', 'ok.yaml': 'id: ok\ntitle: OK\n' });
      const broken = cli(['schemas', '--validate', 'ok.yaml'], { cwd: dir });
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /\.spec-handoff\.yaml:1:1: error: Unknown key "nonsense"/);
    });
  });
});
