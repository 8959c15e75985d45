import * as assert from 'node:assert/strict';
import { cli, cliJson, ensureBuilt, fileOf, tempDir, writeFiles, read, type JsonFile } from './helpers';
import { SPEC_OK, SPEC_BAD } from './fixtures';

/** SPEC_OK with two acceptance criteria, each with a vague word (SH014). */
const SUMMARY = '- [ ] AC-2: Given a large account, when the admin exports, then the download is intuitive.';
const CRITERION = '- [ ] AC-1: Given the filtered page, when the admin exports, then the export is fast.';
const VAGUE = SPEC_OK.replace(
  '- [ ] AC-1: Given the filtered page, when the admin exports, then the file has the listed rows.',
  `${SUMMARY}\n${CRITERION}`,
);

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const sh014Lines = (f: JsonFile): number[] => f.diagnostics.filter((d) => d.code === 'SH014').map((d) => d.line);

function check(files: Record<string, string>, args: string[] = []) {
  const dir = tempDir();
  writeFiles(dir, files);
  return { dir, ...cliJson(['check', '--format', 'json', ...args], { cwd: dir }) };
}

describe('cli: inline suppressions (<!-- spec-handoff-disable … -->)', () => {
  before(ensureBuilt);

  it('without comments both vague words are reported', () => {
    const { json } = check({ 'v.spec.md': VAGUE });
    assert.deepEqual(
      sh014Lines(fileOf(json, 'v.spec.md')),
      [lineOf(VAGUE, SUMMARY), lineOf(VAGUE, CRITERION)].sort((a, b) => a - b),
    );
  });

  it('disable-next-line silences the next line only, by code, name or lower-case code', () => {
    for (const name of ['SH014', 'vague-words', 'sh014', 'SH013, SH014', 'SH014 -- "fast" is the product name here']) {
      const text = VAGUE.replace(CRITERION, `<!-- spec-handoff-disable-next-line ${name} -->\n${CRITERION}`);
      const { json } = check({ 'v.spec.md': text });
      assert.deepEqual(sh014Lines(fileOf(json, 'v.spec.md')), [lineOf(text, SUMMARY)], name);
    }
    // Another rule named: nothing of SH014 is silenced.
    const other = VAGUE.replace(CRITERION, `<!-- spec-handoff-disable-next-line SH013 -->\n${CRITERION}`);
    assert.equal(sh014Lines(fileOf(check({ 'v.spec.md': other }).json, 'v.spec.md')).length, 2);
  });

  it('disable … enable silences the lines between them; disable without rules silences every rule', () => {
    const text = VAGUE.replace(
      SUMMARY,
      `<!-- spec-handoff-disable SH014 -->\n${SUMMARY}\n<!-- spec-handoff-enable SH014 -->`,
    );
    assert.deepEqual(sh014Lines(fileOf(check({ 'v.spec.md': text }).json, 'v.spec.md')), [lineOf(text, CRITERION)]);
    // Never enabled again: to the end of the file.
    const open = VAGUE.replace(SUMMARY, `<!-- spec-handoff-disable vague-words -->\n${SUMMARY}`);
    assert.deepEqual(sh014Lines(fileOf(check({ 'v.spec.md': open }).json, 'v.spec.md')), []);
    // All rules off from the comment on: the findings above it stay.
    const all = SPEC_BAD.replace('## Scope', '<!-- spec-handoff-disable -->\n## Scope');
    const before = fileOf(check({ 'b.spec.md': SPEC_BAD }).json, 'b.spec.md').diagnostics.length;
    const after = fileOf(check({ 'b.spec.md': all }).json, 'b.spec.md').diagnostics;
    assert.ok(before > 0 && after.length > 0 && after.length < before);
    assert.ok(after.every((d) => d.line < lineOf(all, 'spec-handoff-disable')));
    // A blanket disable, then enable of one rule: that rule is back.
    const back = VAGUE.replace(
      SUMMARY,
      `<!-- spec-handoff-disable -->\n<!-- spec-handoff-enable SH014 -->\n${SUMMARY}`,
    );
    assert.deepEqual(
      sh014Lines(fileOf(check({ 'v.spec.md': back }).json, 'v.spec.md')),
      [lineOf(back, SUMMARY), lineOf(back, CRITERION)].sort((a, b) => a - b),
    );
  });

  it('disable-file silences the rule anywhere in the file, wherever the comment is', () => {
    const text = `${VAGUE}\n<!-- spec-handoff-disable-file SH014 -->\n`;
    const f = fileOf(check({ 'v.spec.md': text }).json, 'v.spec.md');
    assert.deepEqual(sh014Lines(f), []);
    assert.ok(
      f.diagnostics.some((d) => d.code === 'SH013'),
      'other rules still report',
    );
  });

  it('comments inside fenced code are text, not suppressions', () => {
    const text = VAGUE.replace(
      '## Acceptance criteria',
      '```\n<!-- spec-handoff-disable-file SH014 -->\n```\n\n## Acceptance criteria',
    );
    assert.equal(sh014Lines(fileOf(check({ 'v.spec.md': text }).json, 'v.spec.md')).length, 2);
  });

  it('--report-unused-disable warns (SH099) about comments that suppress nothing and names that are no rule', () => {
    const text = VAGUE.replace(CRITERION, `<!-- spec-handoff-disable-next-line SH014 -->\n${CRITERION}`)
      .replace('## Scope', '<!-- spec-handoff-disable-next-line SH014 -->\n## Scope')
      .replace('## Summary', '<!-- spec-handoff-disable-next-line vauge-words -->\n## Summary');
    const plain = check({ 'v.spec.md': text });
    assert.ok(!fileOf(plain.json, 'v.spec.md').diagnostics.some((d) => d.code === 'SH099'), 'only when asked for');
    const r = check({ 'v.spec.md': text }, ['--report-unused-disable']);
    const unused = fileOf(r.json, 'v.spec.md').diagnostics.filter((d) => d.code === 'SH099');
    assert.deepEqual(
      unused.map((d) => [d.line, d.severity, d.rule]),
      [
        [lineOf(text, 'vauge-words'), 'warning', 'unused-disable'],
        [lineOf(text, '## Scope') - 1, 'warning', 'unused-disable'],
      ],
    );
    assert.ok(unused.some((d) => /"vauge-words" .* is no rule/.test(d.message)));
    assert.ok(unused.some((d) => /Unused spec-handoff-disable-next-line for SH014/.test(d.message)));
    // The used comment above the criterion is not reported.
    assert.ok(!unused.some((d) => d.line === lineOf(text, CRITERION) - 1));
    // As warnings they fail CI with --max-warnings 0, and the text output names them.
    const t = cli(['check', '--report-unused-disable', '--max-warnings', '0', '--quiet', 'v.spec.md'], { cwd: r.dir });
    assert.equal(t.code, 1);
    const text2 = cli(['check', '--report-unused-disable', 'v.spec.md'], { cwd: r.dir });
    assert.match(text2.stdout, /SH099\/unused-disable/);
  });

  it('--report-unused-disable reaches the worker threads (--jobs 2, many files)', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`d${i}.spec.md`] = `${SPEC_OK}\n<!-- spec-handoff-disable-file SH014 -->\n`;
    const r = check(files, ['--report-unused-disable', '--jobs', '2']);
    assert.equal(r.json.files.length, 8);
    for (const f of r.json.files)
      assert.deepEqual(
        f.diagnostics.filter((d) => d.code === 'SH099').map((d) => d.line),
        [lineOf(files['d0.spec.md'], 'disable-file')],
        f.path,
      );
  });

  it('--fix does not insert a section whose SH001 finding is suppressed, and inserts the others', () => {
    const dir = tempDir();
    const text = SPEC_BAD.replace(/^# (.*)$/m, '<!-- spec-handoff-disable-next-line SH001 -->\n# $1');
    writeFiles(dir, { 'b.spec.md': text });
    const before = cliJson(['check', '--format', 'json'], { cwd: dir }).json;
    assert.ok(
      !fileOf(before, 'b.spec.md').diagnostics.some((d) => d.code === 'SH001' && d.line === lineOf(text, '# ')),
      'SH001 on the title is silenced',
    );
    cli(['check', '--fix'], { cwd: dir });
    const fixed = read(dir, 'b.spec.md');
    assert.ok(!/^## System context$/m.test(fixed), 'the silenced top-level section is not inserted');
    const plain = tempDir();
    writeFiles(plain, { 'b.spec.md': SPEC_BAD });
    cli(['check', '--fix'], { cwd: plain });
    assert.match(read(plain, 'b.spec.md'), /^## System context$/m, 'without the comment it is');
  });
});

describe('cli: overrides in .spec-handoff.yaml', () => {
  before(ensureBuilt);

  it('rules under overrides apply to the files their globs match, after rules:', () => {
    const { json, code } = check({
      '.spec-handoff.yaml':
        'rules:\n  SH014: error\noverrides:\n  - files: "legacy/**"\n    rules:\n      vague-words: off\n  - files: ["drafts/*.md", "other/**"]\n    rules:\n      SH014: hint\n',
      'legacy/a.spec.md': VAGUE,
      'drafts/b.spec.md': VAGUE,
      'c.spec.md': VAGUE,
    });
    assert.equal(code, 1);
    assert.deepEqual(sh014Lines(fileOf(json, 'legacy/a.spec.md')), []);
    assert.deepEqual(
      fileOf(json, 'drafts/b.spec.md')
        .diagnostics.filter((d) => d.code === 'SH014')
        .map((d) => d.severity),
      ['hint', 'hint'],
    );
    assert.deepEqual(
      fileOf(json, 'c.spec.md')
        .diagnostics.filter((d) => d.code === 'SH014')
        .map((d) => d.severity),
      ['error', 'error'],
    );
  });

  it('an override without files, or with a wrong severity, is a configuration error (exit 2); an unknown rule in it is a warning', () => {
    const dir = tempDir();
    writeFiles(dir, { '.spec-handoff.yaml': 'overrides:\n  - rules:\n      SH014: off\n', 'ok.spec.md': SPEC_OK });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.spec-handoff\.yaml:2:\d+: error: .*files/);
    writeFiles(dir, { '.spec-handoff.yaml': 'overrides:\n  - files: "*.md"\n    rules:\n      vauge-words: off\n' });
    const w = cli(['check'], { cwd: dir });
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /\.spec-handoff\.yaml:4:7: warning: Unknown rule "vauge-words" in overrides.*vague-words/);
  });
});

describe('cli: configuration that cannot be loaded exits 2', () => {
  before(ensureBuilt);

  it('a schema file listed in .spec-handoff.yaml that does not exist: the config file, the line, a fix, no errno code', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'rules:\n  SH014: warning\nschemas:\n  - tools/schemas/adr.yaml\n',
      'ok.spec.md': SPEC_OK,
    });
    const r = cli(['check'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^\.spec-handoff\.yaml:4:5: error: The schema file "tools\/schemas\/adr\.yaml" listed under schemas: cannot be read: no such file .*Fix the path \(it is relative to the folder of \.spec-handoff\.yaml\) or remove the entry\./m,
    );
    assert.doesNotMatch(r.stderr, /ENOENT/);
    assert.equal(r.stdout, '');
  });

  it('a listed custom schema with a typo (titel:) is an error at its line, and the run stops with exit 2', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'schemas:\n  - schemas/adr.yaml\n',
      'schemas/adr.yaml': 'id: adr\ntitel: Decision record\nsections:\n  - id: context\n    title: Context\n',
      'ok.spec.md': SPEC_OK,
    });
    for (const command of [['check'], ['check', '--format', 'sarif'], ['report'], ['schemas'], ['new', 'adr', 'X']]) {
      const r = cli(command, { cwd: dir });
      assert.equal(r.code, 2, `${command.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^schemas\/adr\.yaml:2:1: error: .*titel/m, command.join(' '));
      assert.match(r.stderr, /A schema file listed in \.spec-handoff\.yaml cannot be loaded/);
    }
  });
});
