/**
 * Issue 15's schema-language keys: a section `level` as a list or range, a
 * section's required text (`boilerplate`, SH032), heading decorations
 * ignored when matching (`headingDecorations`), and user patterns that RE2
 * accepts or refuses with a sentence and a line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaRegistry, applyEdits, type LanguageService } from '../../server/src/service';
import { loadSchemaText } from '../../server/src/service/schema/load';
import { compileUserPattern } from '../../server/src/service/regex';
import { DEFAULT_HEADING_DECORATIONS } from '../../server/src/service/parse/decorations';
import { sectionHover } from '../../server/src/service/features/hover';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import { fixturesDir, makeService } from '../support/service';

function service(yaml: string): LanguageService {
  return makeService({ extraSchemas: [{ source: '/ws/k.yaml', text: yaml }] });
}

const codes = (s: LanguageService, text: string, kindId = 'k'): string[] =>
  s
    .analyze({ text, kindId })
    .findings.map((f) => `${f.code}@${f.range.start.line + 1}`)
    .sort();

const KEP = [
  'id: k',
  'title: K',
  'titleRequired: false',
  'sections:',
  '  - id: design',
  '    title: Design details',
  '    sections:',
  '      - id: test-plan',
  '        title: Test plan',
  '        level: 4',
  '        sections:',
  '          - id: prerequisite',
  '            title: Prerequisite testing updates',
  '            level: [5, 4]',
  '          - id: unit',
  '            title: Unit tests',
  '            level: { min: 4, max: 6 }',
  '',
].join('\n');

describe('schema language: level as a list or range', () => {
  it('a list accepts each listed level, a range each level in it; others get SH005 naming them all', () => {
    const s = service(KEP);
    const doc = (a: number, b: number) =>
      `## Design details\n\n#### Test plan\n\nText.\n\n${'#'.repeat(a)} Prerequisite testing updates\n\nText.\n\n${'#'.repeat(b)} Unit tests\n\nText.\n`;
    assert.deepEqual(codes(s, doc(4, 4)), []);
    assert.deepEqual(codes(s, doc(5, 6)), []);
    const a = s.analyze({ text: doc(3, 3), kindId: 'k' });
    const messages = a.findings.filter((f) => f.code === 'SH005').map((f) => f.message);
    assert.deepEqual(messages, [
      'Section "Prerequisite testing updates" should be a level 4 or 5 heading, not level 3.',
      'Section "Unit tests" should be a level 4, 5 or 6 heading, not level 3.',
    ]);
    // The fix turns the heading into the first listed level / the range's minimum.
    const fixed = a.findings.filter((f) => f.code === 'SH005').map((f) => f.fixes[0].edits[0].newText);
    assert.deepEqual(fixed, ['#####', '####']);
  });

  it('inserted sections use the first listed level or the range minimum', () => {
    const s = service(KEP);
    const text = s.newDocument('k', 'Plan', '\n')!;
    assert.match(text, /^#{5} Prerequisite testing updates$/m);
    assert.match(text, /^#{4} Unit tests$/m);
    const kind = SchemaRegistry.fromTexts([{ source: '/ws/k.yaml', text: KEP }]).get('k')!;
    const byId = (id: string) => kind.allSections.find((x) => x.id === id)!;
    assert.deepEqual(byId('prerequisite').levels, [5, 4]);
    assert.deepEqual(byId('unit').levels, [4, 5, 6]);
  });

  it('children of a section with several levels accept one level deeper than each', () => {
    const yaml = [
      'id: k',
      'title: K',
      'titleRequired: false',
      'sections:',
      '  - id: a',
      '    title: Alpha',
      '    level: [2, 3]',
      '    sections:',
      '      - id: b',
      '        title: Beta',
      '',
    ].join('\n');
    const kind = SchemaRegistry.fromTexts([{ source: '/ws/k.yaml', text: yaml }]).get('k')!;
    assert.deepEqual(kind.allSections.find((x) => x.id === 'b')!.levels, [3, 4]);
    assert.deepEqual(codes(service(yaml), '### Alpha\n\nText.\n\n#### Beta\n\nText.\n'), []);
  });

  it('a range whose min is above its max, and a level outside 1-6, are schema problems with their line', () => {
    const bad = loadSchemaText(
      'id: k\ntitle: K\nsections:\n  - id: a\n    title: A\n    level: { min: 5, max: 3 }\n',
      'k.yaml',
    );
    assert.equal(bad.kind, undefined);
    assert.deepEqual(
      bad.problems.map((p) => [p.line, p.message]),
      [[5, "sections.0.level: the range's min (5) is greater than its max (3)."]],
    );
    const out = loadSchemaText('id: k\ntitle: K\nsections:\n  - id: a\n    title: A\n    level: [2, 7]\n', 'k.yaml');
    assert.equal(out.kind, undefined);
    assert.ok(out.problems.length && out.problems.every((p) => p.line === 5), JSON.stringify(out.problems));
  });

  it('a child kind keeps the levels of a parent section it does not change', () => {
    const child = 'id: c\ntitle: C\nextends: k\nsections:\n  - id: design\n    title: Design details\n';
    const registry = SchemaRegistry.fromTexts([
      { source: '/ws/k.yaml', text: KEP },
      { source: '/ws/c.yaml', text: child },
    ]);
    assert.deepEqual(registry.problems, []);
    assert.deepEqual(registry.get('c')!.allSections.find((x) => x.id === 'unit')!.levels, [4, 5, 6]);
  });
});

const REQ = [
  'id: k',
  'title: K',
  'titleRequired: false',
  'sections:',
  '  - id: scenarios',
  '    title: User scenarios and testing',
  '  - id: requirements',
  '    title: Requirements',
  '    sections:',
  '      - id: entities',
  '        title: Key entities',
  '        required: false',
  '',
].join('\n');

describe('schema language: heading decorations', () => {
  it('"## Requirements *(mandatory)*" is Requirements, and other built-in decorations are ignored too', () => {
    const s = service(REQ);
    const text = [
      '## User Scenarios & Testing *(mandatory)*',
      '',
      'Text.',
      '',
      '## Requirements *(mandatory)*',
      '',
      'Text.',
      '',
      '### Key Entities *(include if the feature involves data)*',
      '',
      'Text.',
      '',
    ].join('\n');
    assert.deepEqual(codes(s, text), []);
    for (const decoration of ['_(optional)_', '(Optional)', '[optional]', '(include if the feature involves data)']) {
      const t = `## User scenarios and testing\n\nText.\n\n## Requirements ${decoration}\n\nText.\n`;
      assert.deepEqual(codes(s, t), [], decoration);
    }
  });

  it('a decorated near miss is renamed without losing its decoration; decorated duplicates are duplicates', () => {
    const s = service(REQ);
    const text = '## User scenarios and testing\n\nText.\n\n## Requirments *(mandatory)*\n\nText.\n';
    const a = s.analyze({ text, kindId: 'k' });
    const near = a.findings.find((f) => f.code === 'SH006');
    assert.ok(near, JSON.stringify(a.findings));
    const renamed = applyEdits(text, near.fixes[0].edits);
    assert.match(renamed, /^## Requirements \*\(mandatory\)\*$/m);
    assert.deepEqual(codes(s, renamed), []);
    const dup =
      '## User scenarios and testing\n\nText.\n\n## Requirements\n\nText.\n\n## Requirements (optional)\n\nMore.\n';
    assert.deepEqual(codes(s, dup), ['SH004@9']);
  });

  it('headingDecorations: false keeps decorations as words; a list of patterns replaces the built-in list', () => {
    const off = service(`${REQ}headingDecorations: false\n`);
    const text = '## User scenarios and testing\n\nText.\n\n## Requirements *(mandatory)*\n\nText.\n';
    assert.ok(codes(off, text).includes('SH001@1'), codes(off, text).join(' '));
    const own = service(`${REQ}headingDecorations: ['\\s*\\{must\\}$']\n`);
    assert.deepEqual(codes(own, '## User scenarios and testing\n\nText.\n\n## Requirements {MUST}\n\nText.\n'), []);
    // The own list replaces the built-in one: *(mandatory)* is words again.
    assert.ok(codes(own, text).includes('SH001@1'));
  });

  it('a decoration pattern RE2 refuses is a schema problem on its line, said in words', () => {
    const bad = loadSchemaText(`${REQ}headingDecorations:\n  - ok\n  - '(?<=x)y'\n`, 'k.yaml');
    assert.equal(bad.kind, undefined);
    assert.equal(bad.problems.length, 1);
    assert.equal(bad.problems[0].line, REQ.split('\n').length + 1);
    assert.match(bad.problems[0].message, /^headingDecorations\[1\]: not supported: it uses look-around/);
  });

  it('each built-in decoration pattern is valid RE2 too (copying one into a schema behaves the same)', () => {
    for (const p of DEFAULT_HEADING_DECORATIONS) assert.notEqual(typeof compileUserPattern(`(?i)${p}`), 'string', p);
  });

  it('the built-in kinds still load and keep their names', () => {
    const registry = SchemaRegistry.fromTexts(builtinSchemaFiles());
    assert.deepEqual(registry.problems, []);
    assert.ok(registry.kinds.every((k) => k.headingDecorationsAreDefault));
  });
});

const RELEASE = [
  'id: k',
  'title: K',
  'titleRequired: false',
  'sections:',
  '  - id: release',
  '    title: Release checklist',
  '    guidance: Tick each item before the release.',
  '    boilerplate:',
  '      - "- [ ] I/we understand the owners may require updates."',
  '      - |',
  '        Approvals:',
  '        - [ ] SIG lead',
  '    example: |',
  '      - [ ] I/we understand the owners may require updates.',
  '      - [x] Docs updated.',
  '',
].join('\n');

describe('schema language: boilerplate', () => {
  it('new documents and inserted sections carry the boilerplate verbatim, and that alone is still an empty section', () => {
    const s = service(RELEASE);
    const text = s.newDocument('k', 'Plan', '\n')!;
    assert.ok(
      text.includes(
        '<!-- Tick each item before the release. -->\n\n- [ ] I/we understand the owners may require updates.\n\nApprovals:\n- [ ] SIG lead\n\nTODO',
      ),
      text,
    );
    assert.deepEqual(codes(s, text), ['SH002@1', 'SH007@10']);
    const inserted = s.insertSections({ text: 'Intro.\n', kindId: 'k' });
    assert.ok(inserted);
    const after = applyEdits('Intro.\n', inserted.edits);
    assert.match(after, /- \[ \] I\/we understand the owners may require updates\./);
  });

  it('the boilerplate alone, even ticked and reflowed, is empty; with other text, filled; with the example, still example', () => {
    const s = service(RELEASE);
    const head = '## Release checklist\n\n';
    const bp = '- [x] I/we understand the owners may\n  require updates.\n\nApprovals:\n* [X] SIG lead\n';
    assert.deepEqual(codes(s, head + bp), ['SH002@1']);
    assert.deepEqual(codes(s, `${head + bp}- [x] Release notes written by Ana.\n`), []);
    assert.deepEqual(codes(s, `${head + bp}- [x] Docs updated.\n`), ['SH002@1']);
    assert.match(
      s.analyze({ text: `${head + bp}- [x] Docs updated.\n`, kindId: 'k' }).findings[0].message,
      /still holds the schema's example text/,
    );
  });

  it('SH032 reports each removed entry; its fix puts it back under the heading and nothing else changes', () => {
    const s = service(RELEASE);
    const text = '## Release checklist\n\n- [x] Release notes written by Ana.\n';
    const a = s.analyze({ text, kindId: 'k' });
    const sh032 = a.findings.filter((f) => f.code === 'SH032');
    assert.equal(sh032.length, 2);
    assert.match(sh032[0].message, /must keep the text "- \[ \] I\/we understand the owners may require updates\."/);
    assert.match(sh032[1].message, /"Approvals:" \(and the lines after it\)/);
    let fixed = text;
    for (const f of sh032) fixed = applyEdits(fixed, f.fixes[0].edits);
    assert.deepEqual(codes(s, fixed), []);
    assert.ok(fixed.startsWith('## Release checklist\n\n'));
    assert.ok(fixed.endsWith('- [x] Release notes written by Ana.\n'));
  });

  it('a generated handoff section copied from its spec still starts with the required text', () => {
    const child = [
      'id: kep-handoff',
      'title: KEP handoff',
      'extends: handoff',
      'sections:',
      '  - id: acceptance-criteria-status',
      '    title: Acceptance criteria status',
      '    boilerplate: "- [ ] I/we checked every criterion against the spec."',
      'trace:',
      '  criteriaSection: acceptance-criteria-status',
      '  itemsFrom: out-of-scope',
      '  itemsTo: not-addressed',
      '',
    ].join('\n');
    const s = makeService({ extraSchemas: [{ source: '/ws/kh.yaml', text: child }] });
    const specFile = path.join(fixturesDir, 'trace', 'export.spec.md');
    const spec = s.analyze({ text: fs.readFileSync(specFile, 'utf8'), path: specFile });
    const generated = s.generate(spec, specFile, { kindId: 'kep-handoff' });
    if ('error' in generated) assert.fail(generated.error);
    const status = generated.text.split('## Acceptance criteria status')[1].split('\n## ')[0];
    assert.match(
      status,
      /^\s*- \[ \] I\/we checked every criterion against the spec\.\n\n<!--[\s\S]*?-->\n\n- \[ \] AC-1/,
    );
    const again = s.analyze({ text: generated.text, kindId: 'kep-handoff' });
    assert.deepEqual(
      again.findings.filter((f) => f.code === 'SH032'),
      [],
    );
  });

  it('the hover of the section shows the required text apart from the example', () => {
    const kind = SchemaRegistry.fromTexts([{ source: '/ws/k.yaml', text: RELEASE }]).get('k')!;
    const hover = sectionHover(kind, kind.allSections[0]);
    assert.match(
      hover,
      /\*Required text that must stay in this section \(SH032\):\*\n\n- \[ \] I\/we understand the owners may require updates\.\n\nApprovals:\n- \[ \] SIG lead\n\n---\n\n\*Example/,
    );
  });

  it('a string boilerplate is one entry; a section without boilerplate never gets SH032', () => {
    const yaml = RELEASE.replace(/ {4}boilerplate:\n.*\n.*\n.*\n.*\n/, '    boilerplate: "Keep this line."\n');
    const kind = SchemaRegistry.fromTexts([{ source: '/ws/k.yaml', text: yaml }]).get('k')!;
    assert.deepEqual(kind.allSections[0].boilerplate, ['Keep this line.']);
    assert.ok(codes(service(yaml), '## Release checklist\n\nOther text.\n').includes('SH032@1'));
    const builtins = SchemaRegistry.fromTexts(builtinSchemaFiles());
    assert.ok(builtins.kinds.every((k) => k.allSections.every((x) => x.boilerplate.length === 0)));
  });
});

describe('schema language: user patterns (RE2)', () => {
  it('the spec-kit ID pattern (a bounded optional group) is accepted', () => {
    const loaded = loadSchemaText(
      'id: k\ntitle: K\ncriteria:\n  idPattern: "(?:FR|SC)-\\\\d+(?:-\\\\d{3})?[a-z]?"\n',
      'k.yaml',
    );
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.kind?.criteria?.idPattern, '(?:FR|SC)-\\d+(?:-\\d{3})?[a-z]?');
  });

  const refused: [string, RegExp][] = [
    ['FR-\\\\d+(?!\\\\d)', /it uses look-around \("\(\?!…\)"\), which the linear-time \(RE2\) engine does not have/],
    ['(?<=- )FR-\\\\d+', /it uses look-around \("\(\?<=…\)"\)/],
    ['(FR)-\\\\d+-\\\\1', /it uses a back-reference \("\\1"\)[\s\S]*Repeat the group's pattern/],
    ['(?>FR)-\\\\d+', /atomic group or a possessive quantifier/],
    ['FR-[0-9', /not a pattern the linear-time \(RE2\) engine accepts: missing closing \]/],
  ];
  for (const [pattern, message] of refused) {
    it(`idPattern "${pattern}" is refused on its line, explained in words`, () => {
      const loaded = loadSchemaText(`id: k\ntitle: K\ncriteria:\n  idPattern: "${pattern}"\n`, 'k.yaml');
      assert.equal(loaded.kind, undefined);
      assert.equal(loaded.problems.length, 1);
      assert.equal(loaded.problems[0].line, 3);
      assert.match(loaded.problems[0].message, /^criteria\.idPattern: /);
      assert.match(loaded.problems[0].message, message);
    });
  }
});

describe('schema language: keys that name sections', () => {
  const problemsOf = (text: string) => {
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), { source: '/ws/x.yaml', text }]);
    return {
      left: registry.get('x') === undefined,
      problems: registry.problems.filter((p) => p.source === '/ws/x.yaml').map((p) => `${p.line + 1}: ${p.message}`),
    };
  };

  it('a section id used twice in one file is a problem at the second, with the first line', () => {
    const r = problemsOf(
      'id: x\ntitle: X\nsections:\n  - id: a\n    title: A\n  - id: c\n    title: C\n    sections:\n      - id: a\n        title: Inner\n',
    );
    assert.ok(r.left);
    assert.deepEqual(r.problems, [
      '9: sections.1.sections.0.id: the section id "a" is already used at line 4; section ids must be unique within a kind.',
    ]);
  });

  it('trace keys and prefillFrom must name sections of this kind / of the linked kind', () => {
    const r = problemsOf(
      [
        'id: x',
        'title: X',
        'trace:',
        '  criteriaSection: nowhere',
        '  itemsFrom: out-of-scop',
        '  itemsTo: left-out',
        'sections:',
        '  - id: left-out',
        '    title: Left out',
        '    prefillFrom: [out-of-scope, ghost]',
        '',
      ].join('\n'),
    );
    assert.ok(r.left);
    assert.deepEqual(r.problems, [
      '4: trace.criteriaSection: "nowhere" is not a section of the kind "x".',
      '5: trace.itemsFrom: "out-of-scop" is not a section of the linked kind "spec".',
      '10: Section "left-out": prefillFrom "ghost" is not a section of the linked kind "spec".',
    ]);
  });

  it('an unknown linked kind, and prefillFrom without a trace block, are said too', () => {
    const unknown = problemsOf(
      'id: x\ntitle: X\ntrace:\n  kind: rfc\n  criteriaSection: a\nsections:\n  - id: a\n    title: A\n',
    );
    assert.deepEqual(unknown.problems, [
      '4: trace.kind: "rfc" is not a known kind, so the documents this kind links to cannot be checked.',
    ]);
    const untraced = problemsOf('id: x\ntitle: X\nsections:\n  - id: a\n    title: A\n    prefillFrom: [scope]\n');
    assert.deepEqual(untraced.problems, [
      '6: Section "a" has prefillFrom, but the kind "x" has no trace block saying which document to fill it from.',
    ]);
  });

  it('the built-in handoff (every trace key, prefillFrom) and a kind extending it load without problems', () => {
    const child = 'id: x\ntitle: X\nextends: handoff\nsections:\n  - id: not-addressed\n    title: Not addressed\n';
    const r = problemsOf(child);
    assert.deepEqual(r.problems, []);
    assert.equal(r.left, false);
  });
});
