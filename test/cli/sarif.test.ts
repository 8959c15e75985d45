import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, cli, ensureBuilt, tempDir, writeFiles } from './helpers';
import { SPEC_BAD, SPEC_OK } from './fixtures';

interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: {
          id: string;
          name: string;
          shortDescription: { text: string };
          helpUri: string;
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
      partialFingerprints: Record<string, string>;
    }[];
    invocations: { executionSuccessful: boolean; toolConfigurationNotifications: { message: { text: string } }[] }[];
  }[];
}

describe('cli: check --format sarif', () => {
  before(ensureBuilt);

  function sarifOf(dir: string, extra: string[] = []): { code: number | null; sarif: Sarif } {
    const r = cli(['check', '--format', 'sarif', ...extra], { cwd: dir });
    return { code: r.code, sarif: JSON.parse(r.stdout) as Sarif };
  }

  it("embeds each rule's page (docs/rules) as its help, so code scanning shows it without a web site", () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    const { sarif } = sarifOf(dir);
    const rules = sarif.runs[0].tool.driver.rules as unknown as {
      id: string;
      help?: { text: string; markdown: string };
    }[];
    const sh001 = rules.find((r) => r.id === 'SH001');
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'SH001.md'), 'utf8');
    assert.equal(sh001?.help?.markdown, page);
    assert.ok(
      rules.filter((r) => /^SH\d{3}$/.test(r.id)).every((r) => r.help?.markdown.startsWith('#')),
      'every rule with a page carries it',
    );
  });

  it('is a SARIF 2.1.0 log GitHub code scanning accepts', () => {
    const dir = tempDir();
    writeFiles(dir, { 'docs/bad spec.spec.md': SPEC_BAD, 'ok.spec.md': SPEC_OK });
    const { code, sarif } = sarifOf(dir);
    assert.equal(code, 1);
    assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'spec-handoff');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);

    const ids = driver.rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const code of ['SH001', 'SH007', 'SH013', 'SH016']) assert.ok(ids.includes(code), code);
    for (const rule of driver.rules) {
      assert.match(rule.helpUri, new RegExp(`docs/rules/${rule.id}\\.md$`));
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
      assert.ok(rule.shortDescription.text.length > 10, rule.id);
      assert.match(rule.name, /^[a-z0-9-]+$/);
    }
    assert.equal(driver.rules.find((r) => r.id === 'SH001')?.defaultConfiguration.level, 'error');
    assert.equal(driver.rules.find((r) => r.id === 'SH002')?.defaultConfiguration.level, 'warning');

    assert.ok(run.results.length > 0);
    const fingerprints = new Set<string>();
    for (const result of run.results) {
      assert.ok(ids.includes(result.ruleId), `${result.ruleId} is described in rules`);
      assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      assert.ok(result.message.text.length > 0);
      const loc = result.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(loc.artifactLocation.uri, /^(file:|\/)/, 'relative uri');
      const r = loc.region;
      assert.ok(
        r.startLine >= 1 && r.startColumn >= 1 && r.endLine >= r.startLine && r.endColumn >= 1,
        JSON.stringify(r),
      );
      const fp = Object.values(result.partialFingerprints);
      assert.equal(fp.length, 1);
      assert.ok(!fingerprints.has(fp[0]), 'fingerprints are unique within a run');
      fingerprints.add(fp[0]);
    }
    const missing = run.results.find((r) => r.ruleId === 'SH001');
    assert.equal(missing?.level, 'error');
    assert.equal(
      missing?.locations[0].physicalLocation.artifactLocation.uri,
      'docs/bad%20spec.spec.md',
      'uri is percent-encoded',
    );
    assert.deepEqual(missing?.locations[0].physicalLocation.region, {
      startLine: 5,
      startColumn: 1,
      endLine: 5,
      endColumn: 9,
    });
    assert.equal(run.invocations[0].executionSuccessful, true);
  });

  it('keeps fingerprints stable across runs and across unrelated edits above a finding', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD });
    const first = sarifOf(dir).sarif.runs[0].results.map((r) => r.partialFingerprints);
    const again = sarifOf(dir).sarif.runs[0].results.map((r) => r.partialFingerprints);
    assert.deepEqual(again, first);
    writeFiles(dir, { 'bad.spec.md': SPEC_BAD.replace('# Export\n', '# Export\n\nAn intro paragraph.\n') });
    const shifted = sarifOf(dir).sarif.runs[0].results;
    const placeholder = shifted.find((r) => r.ruleId === 'SH007');
    assert.equal(placeholder?.locations[0].physicalLocation.region.startLine, 11, 'the finding moved down two lines');
    assert.ok(
      first.some((fp) => JSON.stringify(fp) === JSON.stringify(placeholder?.partialFingerprints)),
      'but kept its fingerprint',
    );
  });

  it('maps configured severities to levels and reports schema problems as configuration notifications', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'rules:\n  SH007: information\n  SH999: off\n',
      'bad.spec.md': SPEC_BAD,
    });
    const { sarif } = sarifOf(dir);
    const run = sarif.runs[0];
    assert.equal(run.results.find((r) => r.ruleId === 'SH007')?.level, 'note');
    assert.ok(
      run.invocations[0].toolConfigurationNotifications.some((n) => /Unknown rule "SH999"/.test(n.message.text)),
    );
  });
});
