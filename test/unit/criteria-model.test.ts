/**
 * The criteria model (issue 15): where criteria are (`criteria.in`, else the
 * `rules.checklist` sections), how they are written (`style`), ID headings
 * (`headings`), IDs matched whole, and that every reader — SH008, SH022,
 * SH023, the checklist, readiness, traceability and Generate Handoff — sees
 * the same criteria. The fixtures in test/fixtures/rules/criteria-*.md cover
 * the false findings of the issue; these tests cover the keys one by one.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SchemaRegistry, applyEdits, type Analysis, type LanguageService } from '../../server/src/service';
import { builtinSchemaFiles } from '../../server/src/node/workspace';
import { makeService } from '../support/service';
import { hasNumberWithUnit } from '../../server/src/service/rules/sh009-number-with-unit';

/** A service with one extra kind `kit` (plus the built-ins), written as YAML lines after the header. */
function kitService(criteria: string, sections?: string): LanguageService {
  const text = [
    'id: kit',
    'title: Kit',
    'titleRequired: false',
    criteria,
    'sections:',
    sections ??
      [
        '  - id: requirements',
        '    title: Requirements',
        '    sections:',
        '      - id: functional-requirements',
        '        title: Functional requirements',
        '  - id: release-checklist',
        '    title: Release checklist',
        '    required: false',
        '    rules:',
        '      checklist: true',
      ].join('\n'),
  ].join('\n');
  return makeService({ extraSchemas: [{ source: '/schemas/kit.yaml', text }] });
}

const KIT_DOC = [
  '---',
  'type: kit',
  '---',
  '',
  '## Requirements',
  '',
  '### Functional requirements',
  '',
  '- **FR-001**: System MUST export invoices as CSV.',
  '',
  '#### Export',
  '',
  '- **FR-002**: System MUST write a header row.',
  '',
  '### FR-003: Import',
  '',
  'Given a CSV written by the export, when it is imported, then each row becomes an invoice.',
  '',
  '- Rows with unknown currencies are skipped.',
  '',
  '## Release checklist',
  '',
  '- [ ] Docs are updated.',
  '',
].join('\n');

const codes = (a: Analysis, code: string): number[] =>
  a.findings.filter((f) => f.code === code).map((f) => f.range.start.line + 1);

describe('criteria model: where criteria are', () => {
  it('criteria.in: items at any depth of the subtree and ID headings are criteria; other checklist sections are not', () => {
    const service = kitService("criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\n  idPrefix: FR-");
    const a = service.analyze({ text: KIT_DOC, kindId: 'kit' });
    const criteria = service.criteria(a);
    assert.deepEqual(
      criteria.map((c) => [c.id, c.line + 1, c.text]),
      [
        ['FR-001', 9, 'System MUST export invoices as CSV.'],
        ['FR-002', 13, 'System MUST write a header row.'],
        ['FR-003', 15, 'Import'],
      ],
    );
    // The heading's paragraph explains it; its list item is part of the explanation, not a criterion.
    assert.equal(criteria[2].explained, true);
    // The release checklist holds no criteria: no SH022 for "Docs are updated".
    assert.deepEqual(codes(a, 'SH022'), []);
    // style defaults to `any` with `in`: nothing asks FR items to become checkboxes.
    assert.deepEqual(codes(a, 'SH008'), []);
  });

  it('without criteria.in the rules.checklist sections hold the criteria (the old model), checkboxes asked for', () => {
    const service = kitService("criteria:\n  idPattern: 'FR-\\d+'");
    const a = service.analyze({ text: KIT_DOC, kindId: 'kit' });
    assert.deepEqual(
      service.criteria(a).map((c) => c.line + 1),
      [23],
    );
    assert.deepEqual(codes(a, 'SH022'), [23]);
    assert.deepEqual(codes(a, 'SH008'), []);
    const plain = service.analyze({ text: KIT_DOC.replace('- [ ] Docs', '- Docs'), kindId: 'kit' });
    assert.deepEqual(codes(plain, 'SH008'), [23]);
  });

  it('style: checklist asks for a checkbox on every criterion item, under sub-headings too, never on an ID heading or its details', () => {
    const service = kitService("criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\n  style: checklist");
    const a = service.analyze({ text: KIT_DOC, kindId: 'kit' });
    assert.deepEqual(codes(a, 'SH008'), [9, 13]);
    // Under the grouping heading "#### Export", the finding names the schema section it belongs to.
    assert.equal(
      a.findings.find((f) => f.code === 'SH008' && f.range.start.line === 12)?.sectionId,
      'functional-requirements',
    );
  });

  it('style: checklist takes no paragraph for a criterion where the section does not ask for a checklist itself', () => {
    const service = kitService(
      "criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\n  style: checklist",
      '  - id: requirements\n    title: Requirements',
    );
    const text = '---\ntype: kit\n---\n\n## Requirements\n\nTODO\n';
    const a = service.analyze({ text, kindId: 'kit' });
    assert.deepEqual(codes(a, 'SH008'), []);
    // So a skeleton inserted by fix-all is not changed again by a second fix-all.
    const empty = service.analyze({ text: '---\ntype: kit\n---\n', kindId: 'kit' });
    const once = applyEdits(empty.doc.lines.join('\n'), service.fixAllEdits(empty));
    assert.match(once, /## Requirements/);
    assert.deepEqual(service.fixAllEdits(service.analyze({ text: once, kindId: 'kit' })), []);
  });

  it('style: list never asks for a checkbox, even on a section that also has rules.checklist', () => {
    const service = kitService(
      "criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\n  style: list",
      '  - id: requirements\n    title: Requirements\n    rules:\n      checklist: true',
    );
    const a = service.analyze({ text: '---\ntype: kit\n---\n\n## Requirements\n\n- FR-1: Export.\n', kindId: 'kit' });
    // rules.checklist still means "items are checkboxes" for its own body: the section asks, not the criteria style.
    assert.deepEqual(codes(a, 'SH008'), [7]);
    const noRule = kitService(
      "criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\n  style: list",
      '  - id: requirements\n    title: Requirements',
    ).analyze({ text: '---\ntype: kit\n---\n\n## Requirements\n\n- FR-1: Export.\n', kindId: 'kit' });
    assert.deepEqual(codes(noRule, 'SH008'), []);
  });

  it('headings: false makes an ID heading a grouping heading whose list items are criteria', () => {
    const service = kitService("criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\n  headings: false");
    const a = service.analyze({ text: KIT_DOC, kindId: 'kit' });
    assert.deepEqual(
      service.criteria(a).map((c) => [c.id, c.line + 1]),
      [
        ['FR-001', 9],
        ['FR-002', 13],
        [undefined, 19],
      ],
    );
    assert.deepEqual(codes(a, 'SH022'), [19]);
  });

  it('a schema section written under a criteria section is not part of it', () => {
    const service = kitService(
      "criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'",
      '  - id: requirements\n    title: Requirements\n  - id: notes\n    title: Notes\n    required: false',
    );
    const a = service.analyze({
      text: '---\ntype: kit\n---\n\n## Requirements\n\n- FR-1: Export.\n\n### Notes\n\n- Talk to finance.\n',
      kindId: 'kit',
    });
    assert.deepEqual(
      service.criteria(a).map((c) => c.id),
      ['FR-1'],
    );
  });

  it('a heading named like a schema section outside the criteria is not part of them, even when the real one is elsewhere', () => {
    const service = kitService(
      "criteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\n  style: checklist",
      '  - id: requirements\n    title: Requirements\n  - id: design\n    title: Design\n    sections:\n      - id: performance\n        title: Performance',
    );
    // The second "Performance" is the one under Design; the first, under Requirements, is matched to nothing.
    const a = service.analyze({
      text: '---\ntype: kit\n---\n\n## Requirements\n\n- [ ] FR-1: Export.\n\n### Performance\n\n- p95 under 2 s.\n\n## Design\n\n### Performance\n\n- Streams rows.\n',
      kindId: 'kit',
    });
    assert.deepEqual(
      service.criteria(a).map((c) => c.id),
      ['FR-1'],
    );
    assert.deepEqual(codes(a, 'SH008'), []);
  });

  it('a kind that extends another inherits its criteria declaration', () => {
    const parent =
      "id: kit\ntitle: Kit\ntitleRequired: false\ncriteria:\n  in: [requirements]\n  idPattern: 'FR-\\d+'\nsections:\n  - id: requirements\n    title: Requirements\n";
    const child = 'id: kit-child\ntitle: Kit child\nextends: kit\n';
    const service = makeService({
      extraSchemas: [
        { source: '/schemas/kit.yaml', text: parent },
        { source: '/schemas/kit-child.yaml', text: child },
      ],
    });
    const a = service.analyze({
      text: '---\ntype: kit-child\n---\n\n## Requirements\n\n- FR-1: Export.\n- Import.\n',
      kindId: 'kit-child',
    });
    assert.deepEqual(
      service.criteria(a).map((c) => c.id),
      ['FR-1', undefined],
    );
    assert.deepEqual(codes(a, 'SH008'), []);
  });
});

describe('criteria model: IDs match whole', () => {
  const service = kitService("criteria:\n  in: [requirements]\n  idPattern: '(?:FR-\\d|FR-\\d+)'");
  const ids = (line: string) =>
    service
      .criteria(service.analyze({ text: `---\ntype: kit\n---\n\n## Requirements\n\n${line}\n`, kindId: 'kit' }))
      .map((c) => c.id);

  it('an ID followed by a letter, digit or _ is no ID, and the longer alternative is tried', () => {
    assert.deepEqual(ids('- FR-12: Export.'), ['FR-12']);
    assert.deepEqual(ids('- **FR-12**: Export.'), ['FR-12']);
    assert.deepEqual(ids('- FR-12a: Export.'), [undefined]);
    assert.deepEqual(ids('- FR-12_b Export.'), [undefined]);
    assert.deepEqual(ids('- FR-1é: Export.'), [undefined]);
    assert.deepEqual(ids('- [FR-3] Export.'), ['FR-3']);
    assert.deepEqual(ids('- FR-3'), ['FR-3']);
  });
});

describe('criteria model: schema problems', () => {
  it('a section id in criteria.in that the kind does not have is reported with its line, and the kind still loads', () => {
    const text =
      'id: kit\ntitle: Kit\ncriteria:\n  idPattern: FR-\\d+\n  in: [requirements, sucess-criteria]\nsections:\n  - id: requirements\n    title: Requirements\n';
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), { source: '/schemas/kit.yaml', text }]);
    assert.equal(registry.problems.length, 1);
    assert.equal(registry.problems[0].line, 4);
    assert.match(registry.problems[0].message, /criteria\.in: "sucess-criteria" is not a section of kind "kit"/);
    assert.ok(registry.get('kit'));
  });

  it('criteria.style takes checklist, list or any', () => {
    const text = 'id: kit\ntitle: Kit\ncriteria:\n  style: bullets\n';
    const registry = SchemaRegistry.fromTexts([...builtinSchemaFiles(), { source: '/schemas/kit.yaml', text }]);
    assert.equal(registry.problems.length, 1);
    assert.match(registry.problems[0].message, /criteria\.style must be one of: checklist, list, any/);
  });
});

describe('criteria model: every reader sees the same criteria', () => {
  // A spec whose criteria are plain FR items under sub-headings and ID headings, and a handoff tracing to it.
  const kitSpec = [
    'id: kit-spec',
    'title: Kit spec',
    'extends: spec',
    'match: { frontMatterType: [kit-spec] }',
    'frontMatter: { type: object }',
    // spec-kit style: criteria are plain items, so the parent's checklist rule is switched off.
    'sections:',
    '  - id: acceptance-criteria',
    '    title: Acceptance criteria',
    '    rules: { checklist: false }',
    'criteria:',
    '  in: [acceptance-criteria]',
    "  idPattern: '(?:AC|FR)-\\d+[a-z]?'",
    '  style: list',
  ].join('\n');
  const kitHandoff = [
    'id: kit-handoff',
    'title: Kit handoff',
    'extends: handoff',
    'match: { frontMatterType: [kit-handoff] }',
    'frontMatter: { type: object }',
    'trace: { kind: kit-spec, criteriaSection: acceptance-criteria-status }',
  ].join('\n');
  const service = makeService({
    extraSchemas: [
      { source: '/schemas/kit-spec.yaml', text: kitSpec },
      { source: '/schemas/kit-handoff.yaml', text: kitHandoff },
    ],
  });
  const specText = [
    '---',
    'type: kit-spec',
    '---',
    '',
    '# Export',
    '',
    '## Acceptance criteria',
    '',
    '- **FR-001**: Admins export the filtered list as CSV.',
    '',
    '### Export',
    '',
    '- **FR-002**: The CSV has a header row.',
    '- **FR-002a**: Fields with commas are quoted.',
    '',
    '### FR-003: Import',
    '',
    'Each row of an exported file becomes an invoice again.',
    '',
  ].join('\n');
  const specPath = path.resolve('/ws/export.spec.md');
  const spec = service.analyze({ text: specText, path: specPath, kindId: 'kit-spec' });

  it('the rules: no SH008 for plain items, no SH022/SH023', () => {
    assert.equal(spec.kind?.id, 'kit-spec');
    assert.deepEqual(
      spec.findings.filter((f) => ['SH008', 'SH022', 'SH023'].includes(f.code)).map((f) => f.code),
      [],
    );
  });

  it('the checklist and readiness count them', () => {
    const checklist = service.checklist(spec)!;
    assert.deepEqual(
      checklist.criteria.map((c) => [c.text, c.line + 1]),
      [
        ['FR-001: Admins export the filtered list as CSV.', 9],
        ['FR-002: The CSV has a header row.', 13],
        ['FR-002a: Fields with commas are quoted.', 14],
        ['FR-003: Import', 16],
      ],
    );
    assert.equal(checklist.summary.criteriaTotal, 4);
    const check = checklist.readiness.checks.find((c) => c.id === 'criteria');
    assert.deepEqual([check?.ok, check?.detail], [true, '4 checkable']);
  });

  it('Generate Handoff copies every one of them, and the copy traces back to each by ID', () => {
    const generated = service.generate(spec, specPath, { kindId: 'kit-handoff' });
    if ('error' in generated) assert.fail(generated.error);
    for (const line of [
      '- [ ] FR-001: Admins export the filtered list as CSV.',
      '- [ ] FR-002: The CSV has a header row.',
      '- [ ] FR-002a: Fields with commas are quoted.',
      '- [ ] FR-003: Import',
    ])
      assert.ok(generated.text.includes(`${line}\n  - Evidence: TODO\n`), `${line} is not copied:\n${generated.text}`);
    const host = {
      exists: (p: string) => p === specPath,
      readFile: (p: string) => (p === specPath ? specText : undefined),
    };
    const traced = makeService({
      extraSchemas: [
        { source: '/schemas/kit-spec.yaml', text: kitSpec },
        { source: '/schemas/kit-handoff.yaml', text: kitHandoff },
      ],
      host,
    }).analyze({ text: generated.text, path: generated.targetPath, kindId: 'kit-handoff' });
    // Every criterion is listed but not yet ticked or explained: SH025 for each, none missing (SH025 "not accounted") or stale (SH026).
    const trace = traced.findings.filter((f) => f.code === 'SH025' || f.code === 'SH026');
    assert.deepEqual(
      trace.map((f) => `${f.code} ${f.data?.criterionId}`),
      ['SH025 FR-001', 'SH025 FR-002', 'SH025 FR-002a', 'SH025 FR-003'],
    );
    assert.ok(trace.every((f) => /neither ticked nor explained/.test(f.message)));
  });
});

describe('numberWithUnit: a number with a unit, and a bound only when asked for', () => {
  it('accepts what the docs promise: a unit symbol, or a word after the number that is its unit', () => {
    for (const ok of [
      '90% of users complete the task on first attempt',
      'Reduce support tickets by 50%',
      'System handles 1000 concurrent users without degradation',
      'Users complete checkout in under 2 minutes',
      '99.9 % uptime',
      '200 ms',
      'Exports of 10,000 invoices succeed',
      'costs $5 a month',
      '10k req/s',
      '5MB per file',
      '3 retries',
    ])
      assert.ok(hasNumberWithUnit(ok), ok);
  });

  it('refuses numbers inside IDs, versions, dates and times, ordinals, and numbers followed by a function word', () => {
    for (const no of [
      'Users are happy',
      'FR-001: System MUST export',
      '**SC-002** System handles it',
      'Support v2 well',
      'k8s clusters',
      'Ships on 2024-05-14 at the latest',
      'Starts at 10:30',
      'The 1st attempt works',
      'Support version 2 of the export format',
      'Do step 3 and then step 4.',
      'two seconds',
    ])
      assert.ok(!hasNumberWithUnit(no), no);
  });

  it('plain numberWithUnit asks for no bound; { bound: true } (the built-in spec) does', () => {
    const kind = (rule: string) =>
      makeService({
        extraSchemas: [
          {
            source: '/schemas/perf.yaml',
            text: `id: perf\ntitle: Perf\ntitleRequired: false\nsections:\n  - id: performance\n    title: Performance\n    rules:\n      numberWithUnit: ${rule}\n`,
          },
        ],
      });
    const text = '---\ntype: perf\n---\n\n## Performance\n\n- Handles 50 req/s.\n- p95 under 300 ms.\n- Scales well.\n';
    const plain = kind('true').analyze({ text, kindId: 'perf' });
    assert.deepEqual(codes(plain, 'SH009'), [9]);
    const bound = kind('{ bound: true }').analyze({ text, kindId: 'perf' });
    assert.deepEqual(codes(bound, 'SH009'), [7, 9]);
    assert.match(bound.findings[0].message, /gives a number but not what it bounds/);
    assert.deepEqual(codes(kind('{ bound: false }').analyze({ text, kindId: 'perf' }), 'SH009'), [9]);
    const spec = makeService().analyze({
      text: '---\ntype: spec\n---\n\n# T\n\n## Technical specifics\n\n### Performance requirements\n\n- Handles 50 req/s for 10 minutes.\n',
      kindId: 'spec',
    });
    assert.deepEqual(codes(spec, 'SH009'), [11], 'the built-in spec keeps asking for a bound');
  });
});
