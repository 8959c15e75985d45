/**
 * Rule fixtures: each file in test/fixtures/rules carries its expected
 * findings inline, in a closing comment `<!-- expect: CODE@line[#sectionId] … -->`
 * (1-based lines). A fixture passes when the findings are exactly those.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeService, memoryHost, fixturesDir, repoRoot, isSubsequence } from '../support/service';
import { RULES, applyEdits, type Finding, type LanguageService } from '../../server/src/service';
import { expectedOf } from '../support/expectations';

const rulesDir = path.join(fixturesDir, 'rules');
const fixtureSchemas = fs
  .readdirSync(path.join(fixturesDir, 'schemas'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({
    source: path.join(fixturesDir, 'schemas', f),
    text: fs.readFileSync(path.join(fixturesDir, 'schemas', f), 'utf8'),
  }));
const fixtureFiles = fs
  .readdirSync(rulesDir)
  .filter((f) => f.endsWith('.md'))
  .sort();

/** A finding as the fixture writes it; the section id is compared only when the fixture names one. */
function token(f: Finding, withSection: boolean): string {
  return `${f.code}@${f.range.start.line + 1}${withSection && f.sectionId ? `#${f.sectionId}` : ''}`;
}

function serviceFor(): LanguageService {
  return makeService({ extraSchemas: fixtureSchemas, host: memoryHost([path.join(rulesDir, 'exists.md')]) });
}

function analyzeFixture(service: LanguageService, name: string, text?: string) {
  const file = path.join(rulesDir, name);
  return service.analyze({
    text: text ?? fs.readFileSync(file, 'utf8'),
    path: file,
    relativePath: `test/fixtures/rules/${name}`,
  });
}

describe('rule fixtures', () => {
  const service = serviceFor();
  for (const name of fixtureFiles) {
    it(name, () => {
      const text = fs.readFileSync(path.join(rulesDir, name), 'utf8');
      const expected = expectedOf(text);
      const analysis = analyzeFixture(service, name, text);
      assert.ok(analysis.kind, 'fixture matched no kind');
      const actual = analysis.findings
        .map((f) => {
          const withSection = expected.some((e) => e.startsWith(`${f.code}@${f.range.start.line + 1}#`));
          return token(f, withSection);
        })
        .sort();
      assert.deepEqual(actual, expected, analysis.findings.map((f) => `${token(f, true)} ${f.message}`).join('\n'));
    });
  }

  it('every rule has a fixture that triggers it and a documentation page', () => {
    const traceDir = path.join(fixturesDir, 'trace');
    const all = [
      ...fixtureFiles.map((f) => path.join(rulesDir, f)),
      ...fs
        .readdirSync(traceDir)
        .filter((f) => f.endsWith('.handoff.md'))
        .map((f) => path.join(traceDir, f)),
    ];
    const triggered = new Set(all.flatMap((f) => expectedOf(fs.readFileSync(f, 'utf8')).map((t) => t.split('@')[0])));
    for (const rule of RULES) {
      assert.ok(triggered.has(rule.code), `no fixture triggers ${rule.code} (${rule.name})`);
      assert.ok(
        fs.existsSync(path.join(repoRoot, 'docs', 'rules', `${rule.code}.md`)),
        `docs/rules/${rule.code}.md is missing`,
      );
    }
  });

  it('rule codes and names are unique and stable in shape', () => {
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.code, /^SH\d{3}$/);
      assert.match(r.name, /^[a-z]+(-[a-z]+)*$/);
    }
  });
});

describe('fixes on every fixture', () => {
  const service = serviceFor();
  const key = (f: Finding) => `${f.code}|${f.sectionId ?? ''}|${f.message}`;
  const count = (findings: Finding[], k: string) => findings.filter((f) => key(f) === k).length;

  for (const name of fixtureFiles) {
    it(`${name}: each fix keeps the text and removes its finding`, () => {
      const original = fs.readFileSync(path.join(rulesDir, name), 'utf8');
      const before = analyzeFixture(service, name, original);
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          const changed = applyEdits(original, fix.edits);
          if (fix.kind === 'insert') {
            assert.ok(isSubsequence(original, changed), `${fix.title}: original text is not a subsequence`);
          } else {
            // A rename replaces one heading line's marker or words; every other line survives in order.
            assert.equal(fix.edits.length, 1);
            const edited = fix.edits[0].range.start.line;
            assert.equal(fix.edits[0].range.end.line, edited);
            const keep = original
              .split('\n')
              .filter((_, i) => i !== edited)
              .join('\n');
            assert.ok(isSubsequence(keep, changed), `${fix.title}: text outside the heading was lost`);
          }
          const after = analyzeFixture(service, name, changed);
          assert.ok(
            count(after.findings, key(finding)) < count(before.findings, key(finding)),
            `${fix.title} did not remove "${finding.message}"`,
          );
        }
      }
    });
  }

  it('insert all missing sections leaves nothing missing', () => {
    const name = 'sh001-missing-section.mini.md';
    const original = fs.readFileSync(path.join(rulesDir, name), 'utf8');
    const before = analyzeFixture(service, name, original);
    const fix = service.insertAllMissing(before);
    assert.ok(fix);
    const after = analyzeFixture(service, name, applyEdits(original, fix.edits));
    assert.deepEqual(
      after.findings.filter((f) => f.code === 'SH001'),
      [],
    );
  });

  it('fix-all is idempotent on every fixture', () => {
    for (const name of fixtureFiles) {
      const original = fs.readFileSync(path.join(rulesDir, name), 'utf8');
      const once = applyEdits(original, service.fixAllEdits(analyzeFixture(service, name, original)));
      const again = service.fixAllEdits(analyzeFixture(service, name, once));
      assert.deepEqual(again, [], `${name}: a second fix-all still changes text`);
    }
  });
});

describe('finding messages', () => {
  it('quote document text on one line, shortened with "…" (a multi-line item does not break a Problems row)', () => {
    const service = serviceFor();
    const text =
      '---\ntype: spec\ntitle: Export\n---\n\n# Export\n\n## Acceptance criteria\n\nCriteria:\n2. AC-1: Given a list, when exported, then a CSV downloads.\n3. AC-2: Given no rows, when exported, then the CSV has a header only.\n';
    const sh008 = service.analyze({ text, kindId: 'spec' }).findings.filter((f) => f.code === 'SH008');
    assert.equal(sh008.length, 1);
    assert.doesNotMatch(sh008[0].message, /[\r\n]/);
    assert.match(sh008[0].message, /write "- \[ \] Criteria: 2\. AC-1: Given a list, when e…"/);
  });
});
