import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../server/src/service';
import { makeService, isSubsequence, corpusDir, repoRoot } from '../support/service';
import { loadWorkspace } from '../../server/src/node/workspace';
import { hasNumberWithUnit } from '../../server/src/service/rules/sh009-number-with-unit';

const specHead = '---\ntype: spec\ntitle: Export\n---\n\n# Export\n';

describe('language service', () => {
  const service = makeService();

  it('gives unmatched markdown no findings at all', () => {
    const a = service.analyze({ text: '# README\n\nTODO: everything\n', relativePath: 'README.md' });
    assert.equal(a.kind, undefined);
    assert.deepEqual(a.findings, []);
  });

  it('skips binary content with a reason instead of failing', () => {
    const a = service.analyze({ text: 'PK\u0003\u0004\u0000\u0000binary', relativePath: 'x.spec.md' });
    assert.match(a.skipped ?? '', /binary/);
    assert.deepEqual(a.findings, []);
  });

  it('reports all missing sections in one pass, in schema order', () => {
    const a = service.analyze({ text: specHead });
    const missing = a.findings.filter((f) => f.code === 'SH001').map((f) => f.sectionId);
    assert.deepEqual(missing, ['summary', 'system-context', 'scope', 'technical-specifics', 'acceptance-criteria']);
  });

  it('a new document has every required section as a skeleton: no example text, no structural findings, not ready', () => {
    const examples = service.registry.kinds.flatMap((k) => k.allSections.map((s) => s.example)).filter((e) => e);
    for (const kind of service.registry.kinds.map((k) => k.id)) {
      const text = service.newDocument(kind, 'Export invoices as CSV')!;
      const a = service.analyze({ text });
      assert.equal(a.kind?.id, kind);
      // What a person still has to write: empty sections (SH002), TODO placeholders (SH007), and what the
      // placeholders cannot satisfy (SH009 a number with a unit, SH018 consequences, SH021 a review label, SH022 a criterion ID). SH024: no spec link yet.
      const structural = a.findings.filter(
        (f) => !['SH002', 'SH007', 'SH009', 'SH018', 'SH021', 'SH022', 'SH024'].includes(f.code),
      );
      assert.deepEqual(
        structural.map((f) => `${f.code} ${f.message}`),
        [],
        `${kind} new document is not clean`,
      );
      assert.ok(
        a.findings.some((f) => f.code === 'SH002' && /is empty/.test(f.message)),
        `${kind}: sections are reported empty`,
      );
      assert.ok(
        a.findings.some((f) => f.code === 'SH007'),
        `${kind}: the TODO placeholders are reported`,
      );
      assert.equal(
        a.findings.filter((f) => f.code === 'SH002' && f.data?.state === 'template').length,
        0,
        `${kind}: no example text`,
      );
      for (const example of examples)
        for (const line of example.split('\n').filter((l) => l.trim().length > 20))
          assert.ok(!text.includes(line.trim()), `${kind} new document holds example text: ${line}`);
      assert.equal(service.checklist(a)!.readiness.ready, false, `${kind} new document is ready`);
    }
  });

  it('treats a heading that repeats its enclosing section as a subsection, not a duplicate', () => {
    const text = `${specHead}\n## Scope\n\n### Scope\n\nDetails.\n\n### In scope\n\n- the export\n`;
    const a = service.analyze({ text });
    assert.deepEqual(
      a.findings.filter((f) => f.code === 'SH004'),
      [],
    );
    assert.equal(a.matching!.bySpec.get('scope')!.length, 1);
    assert.equal(a.matching!.bySpec.get('in-scope')!.length, 1);
  });

  it('fix-all puts front matter, then the title, then the sections, with one blank line between', () => {
    for (const text of ['', '---\ntype: spec\ntitle: T\n---']) {
      const fixed = applyEdits(text, service.fixAllEdits(service.analyze({ text, relativePath: 'x.spec.md' })));
      assert.match(fixed, /^---\ntype: spec\ntitle: [^\n]+\n---\n\n# [^\n]+\n\n## Summary\n\n/);
      const again = service.analyze({ text: fixed, relativePath: 'x.spec.md' });
      assert.deepEqual(service.fixAllEdits(again), []);
      assert.deepEqual(
        again.findings.filter((f) => !['SH002', 'SH007', 'SH009', 'SH022'].includes(f.code)).map((f) => f.code),
        [],
      );
      assert.equal(
        service.checklist(again)!.readiness.ready,
        false,
        'sections inserted by fix-all still have to be written',
      );
    }
  });

  it('keeps CRLF line endings in inserted sections', () => {
    const text =
      specHead.replace(/\n/g, '\r\n') +
      '\r\n## Summary\r\n\r\nThe export lets finance admins download every invoice they can see as one CSV file with filters applied.\r\n';
    const a = service.analyze({ text });
    const fixed = applyEdits(text, service.fixAllEdits(a));
    assert.ok(isSubsequence(text, fixed));
    assert.doesNotMatch(fixed.replace(/\r\n/g, ''), /\n/, 'a bare LF was inserted into a CRLF document');
  });

  it('fixes a document with a BOM without touching the BOM', () => {
    const text = '\uFEFF' + specHead;
    const a = service.analyze({ text });
    assert.equal(a.kind?.id, 'spec');
    const fixed = applyEdits(text, service.fixAllEdits(a));
    assert.ok(fixed.startsWith('\uFEFF---\ntype: spec'));
  });

  it('builds the checklist model with sections, criteria and open items', () => {
    const text = `${specHead}\n## Summary\n\nTBD\n\n## Acceptance criteria\n\n- [x] AC-1: Given a list, when exported, then a CSV downloads.\n- [ ] AC-2: The CSV has a header row.\n`;
    const a = service.analyze({ text });
    const checklist = service.checklist(a)!;
    const byId = Object.fromEntries(checklist.sections.map((s) => [s.id, s.state]));
    assert.equal(byId.summary, 'warning');
    assert.equal(byId.scope, 'missing');
    assert.equal(byId['acceptance-criteria'], 'warning');
    assert.equal(byId.decisions, 'optional-missing');
    assert.deepEqual(
      checklist.criteria.map((c) => c.checked),
      [true, false],
    );
    assert.equal(checklist.openItems[0].placeholder, 'TBD');
    assert.equal(checklist.summary.criteriaChecked, 1);
    assert.match(
      checklist.summaryLine,
      /^Spec · 2\/\d+ sections · 1\/2 criteria checked · 1 open item · not ready \(\d\/6 checks\)$/,
    );
    assert.equal(checklist.readiness.ready, false);
    const sections = checklist.readiness.checks.find((c) => c.id === 'sections')!;
    assert.equal(sections.ok, false);
  });

  it('counts unanswered open questions as open items, and a clean document as ready', () => {
    const text = `${specHead}\n## Open questions\n\n- Should voided invoices be exported?\n- ~~Which separator?~~ Comma.\n- Which timezone? Answer: UTC.\n- [x] Who owns the bucket?\n`;
    const open = service.checklist(service.analyze({ text }))!.openItems.filter((o) => o.kind === 'question');
    assert.deepEqual(
      open.map((o) => o.text),
      ['Should voided invoices be exported?'],
    );
  });

  it('a complete example spec is ready for pickup', () => {
    const text = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'complete.spec.md'), 'utf8');
    const a = service.analyze({ text });
    assert.deepEqual(
      a.findings.map((f) => `${f.code}@${f.range.start.line + 1} ${f.message}`),
      [],
    );
    const checklist = service.checklist(a)!;
    assert.equal(checklist.readiness.ready, true, JSON.stringify(checklist.readiness.checks));
    assert.match(checklist.summaryLine, /ready for pickup$/);
  });

  it('loads a workspace config with a custom schema and association from disk', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sh-ws-'));
    fs.copyFileSync(path.join(repoRoot, 'examples', 'schemas', 'adr.yaml'), path.join(dir, 'adr.yaml'));
    fs.writeFileSync(
      path.join(dir, '.spec-handoff.yaml'),
      'schemas: [adr.yaml, missing.yaml]\nassociations:\n  "decisions/*.md": adr\n',
    );
    const ws = loadWorkspace({ configSearchFrom: path.join(dir, 'decisions'), configSearchStop: dir });
    assert.equal(ws.configFile, path.join(dir, '.spec-handoff.yaml'));
    assert.ok(ws.service.registry.get('adr'));
    // A missing listed schema is a problem of the config file, at its entry (line 1, column of "missing.yaml").
    const missing = ws.problems.find((p) => p.message.includes('"missing.yaml"'));
    assert.ok(missing, 'a missing schema file is reported');
    assert.deepEqual([missing.source, missing.line, missing.column], [path.join(dir, '.spec-handoff.yaml'), 0, 20]);
    assert.match(missing.message, /cannot be read: no such file/);
    const a = ws.service.analyze({ text: '# Use Postgres\n', relativePath: 'decisions/0001.md' });
    assert.equal(a.kind?.id, 'adr');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('Rust RFC example schema over the corpus', () => {
  before(function () {
    if (!fs.existsSync(corpusDir)) {
      console.warn(`    (skipped: corpus not found at ${corpusDir}; it lives in ../shared beside the repo)`);
      this.skip();
    }
  });

  it('analyses every RFC without throwing, with every range inside its document', () => {
    const schema = path.join(repoRoot, 'schemas', 'presets', 'rust-rfc', 'rust-rfc.yaml');
    const service = makeService({ extraSchemas: [{ source: schema, text: fs.readFileSync(schema, 'utf8') }] });
    const files = fs
      .readdirSync(corpusDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'));
    assert.ok(files.length > 600);
    let withMissing = 0;
    for (const f of files) {
      const text = fs.readFileSync(path.join(corpusDir, f), 'utf8');
      const a = service.analyze({ text, path: path.join(corpusDir, f), kindId: 'rust-rfc' });
      const lines = text.split(/\r\n|\n|\r/);
      for (const finding of a.findings) {
        for (const p of [finding.range.start, finding.range.end]) {
          assert.ok(
            p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length,
            `${f}: ${finding.code} range outside the document`,
          );
        }
      }
      if (a.findings.some((x) => x.code === 'SH001')) withMissing++;
    }
    // Old RFCs predate the modern template, so some lack sections; most modern ones are complete.
    assert.ok(
      withMissing > 0 && withMissing < files.length,
      `${withMissing} of ${files.length} RFCs miss a required section`,
    );
  });
});

describe('review follow-ups', () => {
  it('rule keys in configuration are case-insensitive', () => {
    const text = '---\ntype: spec\ntitle: T\n---\n# T\n';
    const a = makeService({ config: { rules: { sh001: 'off', 'Too-Short': 'off' } } }).analyze({ text });
    assert.equal(a.findings.filter((f) => f.code === 'SH001').length, 0);
  });

  it('each configuration keeps its own severities, however analyses of several configurations interleave', () => {
    // severityOf remembers answers per severities object (issue 20): one object's answer must never leak to another.
    const text = '---\ntype: spec\ntitle: T\n---\n# T\n';
    const off = makeService({ config: { rules: { sh001: 'off' } } });
    const warning = makeService({ config: { rules: { ' Sh001 ': 'warning' } } });
    const plain = makeService({ config: { rules: { SH014: 'off' } } });
    const severities = (s: ReturnType<typeof makeService>) => [
      ...new Set(
        s
          .analyze({ text })
          .findings.filter((f) => f.code === 'SH001')
          .map((f) => f.severity),
      ),
    ];
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(severities(off), []);
      assert.deepEqual(severities(warning), ['warning']);
      assert.deepEqual(severities(plain), ['error']);
    }
  });

  it('turning SH001 off stops fix-all from inserting sections', () => {
    const text = '---\ntype: spec\ntitle: T\n---\n\n# T\n';
    const s = makeService({ config: { rules: { SH001: 'off' } } });
    assert.deepEqual(s.fixAllEdits(s.analyze({ text })), []);
  });

  it('a document whose front matter YAML is broken is still recognised by its type, and told why', () => {
    const a = makeService().analyze({ text: '---\ntype: spec\ntitle: "unclosed\n---\n# T\n' });
    assert.equal(a.kind?.id, 'spec');
    assert.ok(a.findings.some((f) => f.code === 'SH011'));
  });

  it('numbers with multipliers count as numbers with units; digits inside words do not', () => {
    for (const ok of ['10k req/s', '2M users', 'p95 under 300 ms', '99.9 %']) assert.ok(hasNumberWithUnit(ok), ok);
    // A counted noun is a unit (issue 15: "1000 concurrent users"); a function word after the number is not.
    for (const no of ['fast', 'k8s', '10 of them']) assert.ok(!hasNumberWithUnit(no), no);
  });
});
