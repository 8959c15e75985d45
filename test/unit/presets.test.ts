/**
 * Built-in presets (schemas/presets/<preset>/<kind>.yaml): every upstream
 * template passes its own preset with nothing but "not written yet"
 * findings, every filled-in example is clean, and presets are selected by
 * `.spec-handoff.yaml`'s `presets:`, found as `extends:` parents, and refused
 * with a did-you-mean when the name is unknown.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LanguageService, SchemaRegistry, emptyConfig, type PresetFile } from '../../server/src/service';
import { builtinSchemaFiles, loadWorkspace, nodeHost, presetFiles } from '../../server/src/node/workspace';
import { fixturesDir } from '../support/service';

const PRESET_FIXTURES = path.join(fixturesDir, 'presets');

/**
 * Findings an untouched template may have, because it is a template:
 * SH002 (a section is empty or holds only comments/placeholders: the
 * template's sections are HTML-comment instructions), SH007 (a placeholder
 * such as `[NEEDS CLARIFICATION: …]`, `NUMBER`, `KEP-NNNN`) and SH013 (a
 * section shorter than its minimum: the template's one-line instruction).
 * Anything else on a template is a false finding of the preset.
 */
const TEMPLATE_CODES = new Set(['SH002', 'SH007', 'SH013']);

/** Each preset kind with its upstream template and filled-in example (relative to test/fixtures/presets/<preset>/). */
const CASES: { preset: string; kind: string; upstream: string; filled: string }[] = [
  { preset: 'spec-kit', kind: 'spec-kit-spec', upstream: 'upstream/spec.md', filled: 'filled/spec.md' },
  { preset: 'spec-kit', kind: 'spec-kit-plan', upstream: 'upstream/plan.md', filled: 'filled/plan.md' },
  { preset: 'spec-kit', kind: 'spec-kit-tasks', upstream: 'upstream/tasks.md', filled: 'filled/tasks.md' },
  { preset: 'kiro', kind: 'kiro-requirements', upstream: 'upstream/requirements.md', filled: 'filled/requirements.md' },
  { preset: 'kiro', kind: 'kiro-design', upstream: 'upstream/design.md', filled: 'filled/design.md' },
  { preset: 'kiro', kind: 'kiro-tasks', upstream: 'upstream/tasks.md', filled: 'filled/tasks.md' },
  { preset: 'kep', kind: 'kep', upstream: 'upstream/README.md', filled: 'filled/README.md' },
  { preset: 'rust-rfc', kind: 'rust-rfc', upstream: 'upstream/0000-template.md', filled: 'filled/0000-sum-checked.md' },
  { preset: 'madr', kind: 'madr', upstream: 'upstream/adr-template.md', filled: 'filled/0007-stream-small-exports.md' },
  {
    preset: 'nygard-adr',
    kind: 'nygard-adr',
    upstream: 'upstream/template.md',
    filled: 'filled/0002-use-postgresql.md',
  },
];

/** A service with every preset selected. */
function allPresets(): LanguageService {
  const available = presetFiles();
  const registry = SchemaRegistry.fromTexts(builtinSchemaFiles(), {
    available,
    use: [...new Set(available.map((p) => p.preset))].map((name) => ({ name, source: 'test', line: 0, column: 0 })),
  });
  assert.deepEqual(registry.problems, [], 'the preset schema files load without problems');
  // The disk: the filled examples link each other (plan.md → spec.md).
  return new LanguageService({ registry, host: nodeHost, config: emptyConfig() });
}

function check(service: LanguageService, preset: string, file: string, kindId: string) {
  const full = path.join(PRESET_FIXTURES, preset, file);
  const text = fs.readFileSync(full, 'utf8');
  return service.analyze({ text, path: full, kindId }).findings;
}

function tempWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-presets-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('presets: the shipped files', () => {
  it('every preset kind has fixtures here, and every case names a shipped preset kind', () => {
    const shipped = presetFiles()
      .map((p) => `${p.preset}/${p.kindId}`)
      .sort();
    assert.deepEqual(CASES.map((c) => `${c.preset}/${c.kind}`).sort(), shipped);
    for (const preset of new Set(CASES.map((c) => c.preset)))
      assert.ok(
        fs.existsSync(path.join(PRESET_FIXTURES, preset, 'UPSTREAM.md')),
        `${preset}: UPSTREAM.md names the source and licence`,
      );
  });

  it('each schema file documents the upstream template it follows (repository and commit or version)', () => {
    for (const p of presetFiles()) {
      const text = fs.readFileSync(p.source, 'utf8');
      assert.match(text, /^id: (\S+)$/m);
      assert.equal(/^id: (\S+)$/m.exec(text)![1], p.kindId, `${p.source}: the file is named after its kind id`);
      assert.match(text, /(commit [0-9a-f]{40}|tag \d+\.\d+\.\d+|kiro\.dev\/docs)/, `${p.source}: upstream version`);
    }
  });

  const service = allPresets();
  for (const c of CASES) {
    it(`${c.kind}: the untouched upstream template has only template findings (${[...TEMPLATE_CODES].join(', ')})`, () => {
      const findings = check(service, c.preset, c.upstream, c.kind);
      const other = findings.filter((f) => !TEMPLATE_CODES.has(f.code));
      assert.deepEqual(
        other.map((f) => `${f.range.start.line + 1}: ${f.code} ${f.message}`),
        [],
      );
    });
    it(`${c.kind}: the filled-in example is clean`, () => {
      const findings = check(service, c.preset, c.filled, c.kind);
      assert.deepEqual(
        findings.map((f) => `${f.range.start.line + 1}: ${f.code} ${f.message}`),
        [],
      );
    });
  }

  it('a filled example with a required section removed is reported (the presets do check something)', () => {
    for (const c of CASES) {
      const kind = service.registry.get(c.kind)!;
      const required = kind.sections.find((s) => s.required);
      if (!required) continue;
      const full = path.join(PRESET_FIXTURES, c.preset, c.filled);
      const lines = fs.readFileSync(full, 'utf8').split('\n');
      const names = [required.title, ...required.aliases].map(escapeRegExp).join('|');
      const at = lines.findIndex((l) => new RegExp(`^#{${required.level}} (?:${names})`, 'i').test(l));
      assert.ok(at >= 0, `${c.kind}: "${required.title}" heading found in the filled example`);
      lines[at] = lines[at].replace(/^#+ /, '');
      const findings = service.analyze({ text: lines.join('\n'), path: full, kindId: c.kind }).findings;
      assert.ok(
        findings.some((f) => f.code === 'SH001' && f.message.includes(required.title)),
        `${c.kind}: SH001 for "${required.title}"`,
      );
    }
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('presets: selection', () => {
  it('nothing is selected by default: no preset kind matches a document', () => {
    const dir = tempWorkspace({ 'specs/001-export/spec.md': '# Feature Specification: X\n' });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    assert.equal(load.service.registry.get('spec-kit-spec'), undefined);
    assert.deepEqual(load.problems, []);
  });

  it('`presets: [spec-kit, kep]` in .spec-handoff.yaml adds their kinds, matched by their globs', () => {
    const dir = tempWorkspace({ '.spec-handoff.yaml': 'presets: [spec-kit, kep]\n' });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    assert.deepEqual(load.problems, []);
    const ids = load.service.registry.kinds.map((k) => k.id);
    for (const id of ['spec-kit-spec', 'spec-kit-plan', 'spec-kit-tasks', 'kep']) assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes('madr'), 'presets not listed stay out');
    const match = (relativePath: string) => load.service.registry.match({ relativePath })?.id;
    assert.equal(match('specs/001-export/spec.md'), 'spec-kit-spec');
    assert.equal(match('specs/001-export/plan.md'), 'spec-kit-plan');
    assert.equal(match('specs/001-export/tasks.md'), 'spec-kit-tasks');
    assert.equal(match('keps/sig-node/9999-restart-budget/README.md'), 'kep');
    assert.equal(match('docs/export.spec.md'), 'spec', 'the built-in kinds still match their own files');
  });

  it('a selected preset is tried before the built-in kinds (MADR files under decisions/)', () => {
    const plain = loadWorkspace({ configSearchFrom: tempWorkspace({}) });
    assert.equal(plain.service.registry.match({ relativePath: 'docs/decisions/0001-use-x.md' })?.id, 'decision');
    const dir = tempWorkspace({ '.spec-handoff.yaml': 'presets:\n  - madr\n' });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    assert.equal(load.service.registry.match({ relativePath: 'docs/decisions/0001-use-x.md' })?.id, 'madr');
  });

  it('one preset kind can be selected by its id', () => {
    const dir = tempWorkspace({ '.spec-handoff.yaml': 'presets: [spec-kit-plan]\n' });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    const ids = load.service.registry.kinds.map((k) => k.id);
    assert.ok(ids.includes('spec-kit-plan'));
    assert.ok(!ids.includes('spec-kit-spec'));
  });

  it('an association to a preset kind loads that kind without a presets: entry', () => {
    const dir = tempWorkspace({ '.spec-handoff.yaml': 'associations:\n  "docs/rfcs/*.md": rust-rfc\n' });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    assert.deepEqual(load.problems, []);
    assert.equal(
      load.service.registry.match({ relativePath: 'docs/rfcs/0001-x.md', associations: load.config.associations })?.id,
      'rust-rfc',
    );
    assert.equal(load.service.registry.get('madr'), undefined);
  });

  it('an unknown preset is a problem of the config file at its entry, with a did-you-mean and the list', () => {
    const dir = tempWorkspace({ '.spec-handoff.yaml': 'rules: {}\npresets:\n  - kep\n  - spec-kitt\n' });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    assert.equal(load.problems.length, 1);
    const [p] = load.problems;
    assert.equal(p.source, path.join(dir, '.spec-handoff.yaml'));
    assert.equal(p.line, 3);
    assert.equal(p.column, 4);
    assert.match(p.message, /^Unknown preset "spec-kitt"\. Did you mean "spec-kit"\? Built-in presets: /);
    assert.match(p.message, /spec-kit \(spec-kit-plan, spec-kit-spec, spec-kit-tasks\)/);
    assert.ok(load.service.registry.get('kep'), 'the known preset is still loaded');
  });

  it('`presets:` must be a list of names (the config schema says so)', () => {
    const dir = tempWorkspace({ '.spec-handoff.yaml': 'presets: kep\n' });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    assert.equal(load.problems.length, 1);
    assert.match(load.problems[0].message, /presets must be array/);
  });

  it('a custom kind extends a preset kind without selecting the preset; the parent itself matches nothing', () => {
    const dir = tempWorkspace({
      '.spec-handoff.yaml': 'schemas: [our-adr.yaml]\n',
      'our-adr.yaml': [
        'id: our-adr',
        'title: Our decision record',
        'extends: madr',
        'match:',
        '  globs: ["architecture/*.md"]',
        'sections:',
        '  - id: review-date',
        '    title: Review date',
        '    level: 2',
        '',
      ].join('\n'),
    });
    const load = loadWorkspace({ configSearchFrom: dir, configSearchStop: dir });
    assert.deepEqual(load.problems, []);
    const ours = load.service.registry.get('our-adr')!;
    assert.deepEqual(
      ours.sections.map((s) => s.id),
      [
        'context-and-problem-statement',
        'decision-drivers',
        'considered-options',
        'decision-outcome',
        'pros-and-cons-of-the-options',
        'more-information',
        'review-date',
      ],
    );
    assert.equal(load.service.registry.get('madr'), undefined, 'the parent is not a kind of its own');
    assert.equal(load.service.registry.match({ relativePath: 'docs/decisions/0001-x.md' })?.id, 'decision');
  });

  it('an extends: naming no kind suggests the preset kind meant', () => {
    const registry = SchemaRegistry.fromTexts(
      [
        {
          source: 'ours.yaml',
          text: 'id: ours\ntitle: Ours\nextends: nygard-ard\nsections:\n  - id: a\n    title: A\n',
        },
      ],
      { available: presetFiles(), use: [] },
    );
    assert.equal(registry.get('ours'), undefined);
    assert.match(
      registry.problems[0].message,
      /extends "nygard-ard", which is not a known kind\. Did you mean "nygard-adr"\?/,
    );
  });

  it('preset files are read only when used (selected or extended)', () => {
    const reads: string[] = [];
    const file = (preset: string, kindId: string, text: string): PresetFile => ({
      preset,
      kindId,
      source: `builtin:${kindId}`,
      read: () => {
        reads.push(kindId);
        return text;
      },
    });
    const kind = (id: string, extra = '') => `id: ${id}\ntitle: ${id}\n${extra}sections:\n  - id: a\n    title: A\n`;
    const available = [
      file('one', 'one', kind('one')),
      file('two', 'two-a', kind('two-a', 'extends: base\n')),
      file('two', 'two-b', kind('two-b')),
      file('base', 'base', kind('base')),
      file('unused', 'unused', kind('unused')),
    ];
    const registry = SchemaRegistry.fromTexts([{ source: 'mine.yaml', text: kind('mine', 'extends: one\n') }], {
      available,
      use: [{ name: 'two', source: 'cfg', line: 0, column: 0 }],
    });
    assert.deepEqual(registry.problems, []);
    assert.deepEqual(reads.sort(), ['base', 'one', 'two-a', 'two-b']);
    assert.deepEqual(registry.kinds.map((k) => k.id).sort(), ['mine', 'two-a', 'two-b']);
  });

  it('a preset file that cannot be read is a problem, not a crash', () => {
    const registry = SchemaRegistry.fromTexts([], {
      available: [{ preset: 'gone', kindId: 'gone', source: '/x/gone.yaml', read: () => undefined }],
      use: [{ name: 'gone', source: 'cfg', line: 0, column: 0 }],
    });
    assert.equal(registry.kinds.length, 0);
    assert.match(registry.problems[0].message, /Cannot read the preset file of "gone"/);
  });
});

describe('presets: what the new schema keys fix for real templates (issue 15)', () => {
  const service = allPresets();
  const analyze = (kindId: string, text: string) =>
    service.analyze({ text, path: path.join(os.tmpdir(), 'preset-doc.md'), kindId }).findings;

  it('spec-kit-spec: criteria under sub-headings and in ID headings count, IDs match whole, no checkbox asked', () => {
    const spec = fs
      .readFileSync(path.join(PRESET_FIXTURES, 'spec-kit', 'filled', 'spec.md'), 'utf8')
      .replace(
        /### Functional Requirements\n\n[\s\S]*?\n\n### Key Entities/,
        [
          '### Functional Requirements',
          '',
          '#### Export',
          '',
          '- **FR-001**: System MUST export the filtered invoices as CSV.',
          '- **FR-003**: System MUST quote fields that hold separators.',
          '- **FR-003a**: System MUST escape embedded quotes by doubling them.',
          '',
          '#### Import',
          '',
          '- **FR-001**: System MUST read a CSV file exported by this system.',
          '',
          '#### FR-004: Separator choice',
          '',
          'Users MUST be able to choose comma or semicolon.',
          '',
          '### Key Entities',
        ].join('\n'),
      );
    const findings = analyze('spec-kit-spec', spec);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['SH023'],
      'only the repeated FR-001 (under another sub-heading) is reported; FR-003a is not FR-003',
    );
    assert.match(findings[0].message, /FR-001/);
  });

  it('spec-kit-spec: plain list criteria are counted, never shown as "0/N checked"; a checkbox kind still counts ticks', () => {
    const service = allPresets();
    const full = path.join(PRESET_FIXTURES, 'spec-kit', 'filled', 'spec.md');
    const checklist = service.checklist(
      service.analyze({ text: fs.readFileSync(full, 'utf8'), path: full, kindId: 'spec-kit-spec' }),
    )!;
    assert.ok(checklist.summary.criteriaTotal > 0);
    assert.equal(checklist.summary.criteriaTicked, false);
    assert.match(checklist.summaryLine, new RegExp(` · ${checklist.summary.criteriaTotal} criteria · `));
    assert.doesNotMatch(checklist.summaryLine, /checked/);
    const tasks = path.join(PRESET_FIXTURES, 'kiro', 'filled', 'tasks.md');
    const ticked = service.checklist(
      service.analyze({ text: fs.readFileSync(tasks, 'utf8'), path: tasks, kindId: 'kiro-tasks' }),
    )!;
    assert.equal(ticked.summary.criteriaTicked, true);
    assert.match(ticked.summaryLine, /\d+\/\d+ criteria checked/);
  });

  it('spec-kit-spec: a success criterion without a number is reported, "90% of users" is fine', () => {
    const spec = fs
      .readFileSync(path.join(PRESET_FIXTURES, 'spec-kit', 'filled', 'spec.md'), 'utf8')
      .replace('- **SC-002**:', '- **SC-003**: Admins find the export easy to use.\n- **SC-002**:');
    assert.deepEqual(
      analyze('spec-kit-spec', spec).map((f) => f.code),
      ['SH009'],
    );
  });

  it('kep: the Test Plan boilerplate must stay (ticked is fine); testing subsections may be level 4 or 5', () => {
    const kep = fs.readFileSync(path.join(PRESET_FIXTURES, 'kep', 'filled', 'README.md'), 'utf8');
    assert.deepEqual(analyze('kep', kep.replace(/##### /g, '#### ')), []);
    // Boxes as real KEPs tick them (kubernetes/enhancements has "[X]", "[ X ]", "[x ]", "- [x]").
    for (const box of ['[X]', '[ X ]', '[x ]', '- [x]', '[ ]'])
      assert.deepEqual(analyze('kep', kep.replace('[x] I/we understand', `${box} I/we understand`)), [], box);
    // Older KEPs write the subsections of Design Details at level 2.
    assert.deepEqual(analyze('kep', kep.replace('### Graduation Criteria', '## Graduation Criteria')), []);
    const removed = kep.replace(/\[x\] I\/we understand[\s\S]*?enhancement\.\n/, '');
    assert.notEqual(removed, kep);
    assert.deepEqual(
      analyze('kep', removed).map((f) => f.code),
      ['SH032'],
    );
  });

  it('kiro-tasks: each task is a checkbox with its number as ID; a repeated number is reported', () => {
    const findings = analyze('kiro-tasks', '# Implementation Plan\n\n- [ ] 1. Model\n- [ ] 1. API\n- Docs\n');
    assert.deepEqual(findings.map((f) => f.code).sort(), ['SH008', 'SH022', 'SH023']);
  });
});
