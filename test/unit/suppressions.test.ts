/**
 * Suppression comments (service/suppressions.ts) and the quick fixes that
 * insert them (features/disable-fixes.ts), over every rule fixture: each
 * "Disable … for this line / file" fix only inserts, and the finding it was
 * offered for is gone afterwards while the other rules keep reporting.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeService, memoryHost, fixturesDir, isSubsequence } from '../support/service';
import { applyEdits, type Finding } from '../../server/src/service';

const rulesDir = path.join(fixturesDir, 'rules');
const fixtureSchemas = fs
  .readdirSync(path.join(fixturesDir, 'schemas'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({
    source: path.join(fixturesDir, 'schemas', f),
    text: fs.readFileSync(path.join(fixturesDir, 'schemas', f), 'utf8'),
  }));
const service = makeService({ extraSchemas: fixtureSchemas, host: memoryHost([path.join(rulesDir, 'exists.md')]) });
const analyze = (name: string, text: string) =>
  service.analyze({ text, path: path.join(rulesDir, name), relativePath: `test/fixtures/rules/${name}` });
const same = (a: Finding, b: Finding) => a.code === b.code && a.message === b.message;

describe('suppression quick fixes on every rule fixture', () => {
  for (const name of fs
    .readdirSync(rulesDir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    it(name, () => {
      const text = fs.readFileSync(path.join(rulesDir, name), 'utf8');
      const analysis = analyze(name, text);
      let offered = 0;
      for (const finding of analysis.findings) {
        const fixes = service.disableFixes(analysis, finding);
        for (const fix of fixes) {
          offered++;
          assert.equal(fix.kind, 'insert');
          assert.equal(fix.isPreferred, false);
          const fixed = applyEdits(text, fix.edits);
          assert.ok(isSubsequence(text, fixed), `${fix.title}: insert only`);
          const after = analyze(name, fixed);
          // Lines moved by a comment inserted above: compare by code and message, counting.
          const count = (list: Finding[]) => list.filter((f) => same(f, finding)).length;
          assert.ok(
            count(after.findings) < count(analysis.findings),
            `${fix.title} for ${finding.code} at line ${finding.range.start.line + 1}: still reported\n${fixed}`,
          );
          assert.ok(after.suppressed.some((f) => same(f, finding)));
        }
        // The file-level comment goes at the end of the file: not offered when the file ends inside an unclosed fence or front matter.
        const endsOpen =
          analysis.doc.openBlockCloser !== undefined || analysis.doc.unclosedFrontMatterLine !== undefined;
        if (!endsOpen)
          assert.ok(
            fixes.some((f) => /for this file$/.test(f.title)),
            `${finding.code}: a file-level fix is offered`,
          );
        else
          assert.ok(
            !fixes.some((f) => /for this file$/.test(f.title)),
            `${finding.code}: no file-level fix inside an open block`,
          );
      }
      if (analysis.findings.length) assert.ok(offered > 0);
    });
  }
});

describe('suppression comments: details', () => {
  const spec = '---\ntype: spec\n---\n# T\n\n## Acceptance criteria\n\n- [ ] AC-1: Given a, when b, then it is fast.\n';
  const vague = (text: string) => analyze('x.md', text).findings.filter((f) => f.code === 'SH014').length;

  it('a second rule is added into an existing comment instead of writing another', () => {
    const text = spec.replace('- [ ] AC-1', '<!-- spec-handoff-disable-next-line SH013 -->\n- [ ] AC-1');
    const a = analyze('x.md', text);
    const f = a.findings.find((x) => x.code === 'SH014')!;
    const line = service.disableFixes(a, f).find((x) => /line$/.test(x.title))!;
    assert.equal(
      applyEdits(text, line.edits),
      spec.replace('- [ ] AC-1', '<!-- spec-handoff-disable-next-line SH013 SH014 -->\n- [ ] AC-1'),
    );
  });

  it('a comment with a reason is left alone (a new comment is written)', () => {
    const text = `${spec}\n<!-- spec-handoff-disable-file SH013 -- short on purpose -->\n`;
    const a = analyze('x.md', text);
    const fix = service
      .disableFixes(a, a.findings.find((x) => x.code === 'SH014')!)
      .find((x) => /file$/.test(x.title))!;
    assert.ok(
      applyEdits(text, fix.edits).endsWith('short on purpose -->\n\n<!-- spec-handoff-disable-file SH014 -->\n'),
    );
  });

  it('no line fix inside front matter; the indentation and quote markers of the line are kept', () => {
    const quoted = spec.replace(
      '- [ ] AC-1: Given a, when b, then it is fast.',
      '- [ ] AC-1: Given a, when b,\n  then it is fast.',
    );
    const a = analyze('x.md', quoted);
    const f = a.findings.find((x) => x.code === 'SH014')!;
    const line = service.disableFixes(a, f).find((x) => /line$/.test(x.title));
    if (line) assert.match(line.edits[0].newText, /^ {0,2}<!-- spec-handoff-disable-next-line SH014 -->\n$/);
    const fm = analyze('x.md', '---\ntype: spec\nstatus: wrong\n---\n# T\n');
    for (const finding of fm.findings.filter((x) => x.range.start.line < 4)) {
      assert.ok(
        !service.disableFixes(fm, finding).some((x) => /line$/.test(x.title)),
        `${finding.code}: no comment inside front matter`,
      );
    }
  });

  it('the directive forms, case, commas and reasons', () => {
    assert.equal(vague(spec), 1);
    assert.equal(
      vague(spec.replace('- [ ] AC-1', '<!--spec-handoff-disable-next-line VAGUE-WORDS,sh013-->\n- [ ] AC-1')),
      0,
    );
    assert.equal(
      vague(spec.replace('- [ ] AC-1', '<!-- spec-handoff-disable-next-line -->\n- [ ] AC-1')),
      0,
      'no rules: every rule',
    );
    assert.equal(
      vague(spec.replace('- [ ] AC-1', '<!-- spec-handoff-disable-next-line SH014 -->\n\n- [ ] AC-1')),
      1,
      'the next line only, not the next non-blank line',
    );
    assert.equal(
      vague(spec.replace('- [ ] AC-1', '<!-- spec-handoff-disabled SH014 -->\n- [ ] AC-1')),
      1,
      'a near miss of the keyword is not a directive',
    );
    assert.equal(vague(`${spec}\n\`\`\`\n<!-- spec-handoff-disable-file SH014 -->\n\`\`\`\n`), 1, 'inside code: text');
    assert.equal(vague(`${spec}\n<!-- spec-handoff-disable-file SH014 -->\n`), 0);
  });

  it('suppressed findings are kept apart, and unused reports only when asked for', () => {
    const text = spec.replace('- [ ] AC-1', '<!-- spec-handoff-disable-next-line SH014 -->\n- [ ] AC-1');
    const a = analyze('x.md', text);
    assert.deepEqual(
      a.suppressed.map((f) => f.code),
      ['SH014'],
    );
    assert.ok(!a.findings.some((f) => f.code === 'SH099'));
  });
});
