/**
 * Transport-free editor features: completion, hover, document symbols and the
 * summary code lens, on a small inline schema (so the expectations do not
 * move when the built-in schemas' wording changes).
 */
import * as assert from 'node:assert/strict';
import { completions, escapeSnippet } from '../../server/src/service/features/completion';
import { hover } from '../../server/src/service/features/hover';
import { documentSymbols, type OutlineSymbol } from '../../server/src/service/features/symbols';
import { codeLenses } from '../../server/src/service/features/code-lens';
import { makeService } from '../support/service';

const FEAT_SCHEMA = `
id: feat
title: Feature
description: A tiny feature description for tests.
match:
  frontMatterType: [feat]
  globs: ["**/*.feat.md"]
frontMatter:
  type: object
  required: [type, title]
  properties:
    type: { enum: [feat], description: Document kind. }
    title: { type: string, description: The feature's name. }
    status: { enum: [draft, approved], description: Where it stands. }
    urgent: { type: boolean }
sections:
  - id: summary
    title: Summary
    aliases: [Overview]
    guidance: |
      Say what exists when this is done, what it costs ($5 per {month}?) and \\ why.
    template: |
      Costs $5 per {month} with a \\ backslash.
  - id: context
    title: Context
    guidance: What exists today.
    sections:
      - id: current
        title: Current system
        guidance: The services and tables today.
        template: |
          The billing service.
      - id: adjacent
        title: Adjacent systems
        required: false
  - id: criteria
    title: Acceptance criteria
    guidance: Checkable statements.
    rules:
      checklist: true
    template: |
      - [ ] AC-1: A CSV downloads.
  - id: notes
    title: Notes
    required: false
`;

const service = makeService({ extraSchemas: [{ source: '/schemas/feat.yaml', text: FEAT_SCHEMA }] });
const head = '---\ntype: feat\ntitle: Export\n---\n\n# Export\n';
const analyze = (text: string) => service.analyze({ text, relativePath: 'docs/x.md' });
const lineOf = (text: string, needle: string): number => text.split('\n').indexOf(needle);

describe('features: completion', () => {
  it('offers the sections still missing, in schema order, at the schema level', () => {
    const text = `${head}\n## Summary\n\nSomething.\n\n##\n`;
    const line = lineOf(text, '##');
    const items = completions(analyze(text), { line, character: 2 });
    // Subsections of a missing parent are not offered on their own: the parent's entry brings its required ones.
    assert.deepEqual(
      items.map((i) => i.label),
      ['## Context', '## Acceptance criteria', '## Notes'],
    );
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.deepEqual(
      sorted.map((i) => i.label),
      items.map((i) => i.label),
      'sortText keeps the schema order',
    );
    for (const item of items) {
      assert.equal(item.isSnippet, true);
      assert.deepEqual(item.range, { start: { line, character: 0 }, end: { line, character: 2 } });
      assert.ok(item.filterText?.startsWith('## '), 'filtered against the typed hashes');
    }
    const context = items[0];
    assert.equal(context.documentation, 'What exists today.');
    assert.match(context.detail ?? '', /Required section of Feature/);
    // The section comes with its required subsection (as the quick fix inserts it), not the optional one.
    // Its body is the skeleton (guidance comment, TODO), never the schema's example.
    assert.match(
      context.insertText,
      /^## Context\n\n<!-- What exists today\. -->\n\n### Current system\n\n<!-- The services and tables today\. -->\n\nTODO\$0$/,
    );
    assert.doesNotMatch(context.insertText, /billing service/);
    assert.match(items.find((i) => i.label === '## Notes')!.detail ?? '', /Optional/);
  });

  it('offers a subsection only inside its parent section, never under another one', () => {
    const inside = `${head}\n## Context\n\nToday.\n\n###\n`;
    const here = completions(analyze(inside), { line: lineOf(inside, '###'), character: 3 }).map((i) => i.label);
    assert.ok(here.includes('### Current system') && here.includes('### Adjacent systems'), here.join(', '));
    const elsewhere = `${head}\n## Context\n\nToday.\n\n## Acceptance criteria\n\n- [ ] AC-1: x\n\n##\n`;
    const there = completions(analyze(elsewhere), { line: lineOf(elsewhere, '##'), character: 2 }).map((i) => i.label);
    assert.ok(!there.some((l) => l.startsWith('### ')), there.join(', '));
    assert.ok(there.includes('## Notes'));
  });

  it('escapes $, } and \\ of the inserted skeleton for snippet syntax', () => {
    const text = `${head}\n#\n`;
    const items = completions(analyze(text), { line: lineOf(text, '#'), character: 1 });
    const summary = items.find((i) => i.label === '## Summary')!;
    assert.equal(
      summary.insertText,
      '## Summary\n\n<!-- Say what exists when this is done, what it costs (\\$5 per {month\\}?) and \\\\ why. -->\n\nTODO$0',
    );
    assert.equal(escapeSnippet('a$b}c\\d{e'), 'a\\$b\\}c\\\\d{e');
  });

  it('does not count the heading being typed as present', () => {
    const text = `${head}\n## Summary\n`;
    const line = lineOf(text, '## Summary');
    const items = completions(analyze(text), { line, character: '## Summary'.length });
    assert.equal(items[0].label, '## Summary');
    assert.equal(items[0].range.end.character, '## Summary'.length);
  });

  it('offers nothing in code blocks, in body text, or in unmatched documents', () => {
    const fenced = `${head}\n\`\`\`\n##\n\`\`\`\n`;
    assert.deepEqual(completions(analyze(fenced), { line: lineOf(fenced, '##'), character: 2 }), []);
    const prose = `${head}\nSome text\n`;
    assert.deepEqual(completions(analyze(prose), { line: lineOf(prose, 'Some text'), character: 4 }), []);
    const readme = '# README\n\n##\n';
    assert.deepEqual(
      completions(service.analyze({ text: readme, relativePath: 'README.md' }), { line: 2, character: 2 }),
      [],
    );
  });

  it('offers front matter keys not yet present, required first, with enum choices', () => {
    const text = '---\ntype: feat\n\n---\n# X\n';
    const items = completions(analyze(text), { line: 2, character: 0 });
    assert.deepEqual(
      items.map((i) => i.label),
      ['title', 'status', 'urgent'],
    );
    assert.ok(items[0].sortText < items[1].sortText, 'required keys sort first');
    assert.equal(items.find((i) => i.label === 'status')!.insertText, 'status: ${1|draft,approved|}');
    assert.equal(items.find((i) => i.label === 'status')!.documentation, 'Where it stands.');
    assert.equal(items.find((i) => i.label === 'urgent')!.insertText, 'urgent: ${1|true,false|}');
  });

  it('offers enum values after "key: " and adds the space right after the colon', () => {
    const text = '---\ntype: feat\nstatus: dr\n---\n# X\n';
    const items = completions(analyze(text), { line: 2, character: 'status: dr'.length });
    assert.deepEqual(
      items.map((i) => i.label),
      ['draft', 'approved'],
    );
    assert.deepEqual(items[0].range, { start: { line: 2, character: 8 }, end: { line: 2, character: 10 } });
    assert.equal(items[0].insertText, 'draft');
    const bare = '---\ntype: feat\nstatus:\n---\n# X\n';
    const afterColon = completions(analyze(bare), { line: 2, character: 7 });
    assert.equal(afterColon[0].insertText, ' draft');
  });

  it("offers every kind's type value in a document that matches no kind yet", () => {
    const text = '---\ntype: \n---\n';
    const items = completions(service.analyze({ text }), { line: 1, character: 6 }, { kinds: service.registry.kinds });
    assert.ok(items.some((i) => i.label === 'feat'));
    assert.ok(items.some((i) => i.label === 'spec'));
  });
});

describe('features: hover', () => {
  const text = `${head}\n## Overview\n\nText.\n\n## Contxt\n\nMore.\n\n## Extra\n\nx\n`;
  const a = analyze(text);

  it('shows the section title, required/optional and guidance on a heading (aliases too)', () => {
    const line = lineOf(text, '## Overview');
    const h = hover(a, { line, character: 4 })!;
    assert.match(h.contents, /\*\*Summary\*\* — required section of Feature/);
    assert.match(h.contents, /Say what exists when this is done,/);
    // The worked example is shown (never inserted by a fix).
    assert.match(h.contents, /Example \(from the schema[^\n]*\n\nCosts \$5 per \{month\} with a \\ backslash\./);
    assert.deepEqual(h.range, { start: { line, character: 0 }, end: { line, character: '## Overview'.length } });
  });

  it('suggests the section a misspelt heading stands for', () => {
    const h = hover(a, { line: lineOf(text, '## Contxt'), character: 3 })!;
    assert.match(h.contents, /Did you mean \*\*Context\*\*\?/);
    assert.match(h.contents, /What exists today\./);
  });

  it('describes the kind on the title, and nothing on body text or extra headings', () => {
    assert.match(hover(a, { line: lineOf(text, '# Export'), character: 2 })!.contents, /\*\*Feature\*\* document/);
    assert.equal(hover(a, { line: lineOf(text, 'Text.'), character: 1 }), undefined);
    assert.equal(hover(a, { line: lineOf(text, '## Extra'), character: 1 }), undefined);
  });

  it('describes a front matter key', () => {
    const h = hover(a, { line: 2, character: 2 })!;
    assert.match(h.contents, /\*\*title\*\* — required front matter key of Feature/);
    assert.match(h.contents, /The feature's name\./);
  });

  it('says nothing about unmatched documents', () => {
    assert.equal(
      hover(service.analyze({ text: '# README\n## Summary\n', relativePath: 'README.md' }), { line: 1, character: 3 }),
      undefined,
    );
  });
});

describe('features: document symbols', () => {
  const flat = (symbols: OutlineSymbol[], depth = 0): string[] =>
    symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...flat(s.children, depth + 1)]);

  it('nests the real headings only: missing sections are no symbols (the Checklist shows them)', () => {
    const text = `${head}\n## Summary\n\nText.\n\n## Context\n\nCtx.\n\n## Extra\n\nx\n`;
    const a = analyze(text);
    assert.ok(
      a.findings.some((f) => f.code === 'SH001'),
      'sections are missing',
    );
    const symbols = documentSymbols(a);
    assert.deepEqual(flat(symbols), ['Export', '  Summary', '  Context', '  Extra']);
    const title = symbols[0];
    assert.equal(title.kind, 'title');
    assert.equal(title.detail, 'Feature');
    assert.equal(title.children[2].detail, 'not in the Feature schema');
    assert.ok(!JSON.stringify(symbols).includes('Missing'));
  });

  it('gives section ranges that span their subsections and a selection range on the heading', () => {
    const text = `${head}\n## Context\n\n### Current system\n\nThe db.\n`;
    const symbols = documentSymbols(analyze(text));
    const context = symbols[0].children.find((s) => s.name === 'Context')!;
    const ctxLine = lineOf(text, '## Context');
    assert.deepEqual(context.selectionRange, {
      start: { line: ctxLine, character: 0 },
      end: { line: ctxLine, character: 10 },
    });
    assert.equal(context.range.end.line, text.split('\n').length - 1);
    assert.equal(context.children[0].name, 'Current system');
  });

  it('a document with only its title has one symbol', () => {
    assert.deepEqual(flat(documentSymbols(analyze(head))), ['Export']);
  });

  it("gives unmatched documents no symbols (the editor's markdown outline covers them)", () => {
    assert.deepEqual(
      documentSymbols(service.analyze({ text: '# README\n## Install\n', relativePath: 'README.md' })),
      [],
    );
  });
});

describe('features: code lens', () => {
  it('puts the checklist summary on the title line', () => {
    const text = `${head}\n## Summary\n\nText.\n\n## Acceptance criteria\n\n- [x] AC-1: done.\n- [ ] AC-2: not yet.\n`;
    const a = analyze(text);
    const lenses = codeLenses(a);
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, lineOf(text, '# Export'));
    assert.equal(lenses[0].title, service.checklist(a)!.summaryLine);
    assert.match(lenses[0].title, /^Feature · 2\/4 sections · 1\/2 criteria checked/);
  });

  it('uses line 0 without a title, and nothing for unmatched documents', () => {
    const a = analyze('---\ntype: feat\n---\n\n## Summary\n\nText.\n');
    assert.equal(codeLenses(a)[0].range.start.line, 0);
    assert.deepEqual(codeLenses(service.analyze({ text: '# README\n', relativePath: 'README.md' })), []);
  });
});
