/**
 * The near-miss rename (SH006, CLI --fix and the editor's "Rename to …"
 * quick fix are the same fix data) replaces the title's words only: numbering,
 * an emoji, a trailing comment and trailing markup stay (issue 23, item 2).
 */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/service';
import { titleWordsSpan } from '../../server/src/service/fixes/rename';
import { makeService, isSubsequence } from '../support/service';

const service = makeService();
const doc = (heading: string) =>
  `---\ntype: spec\ntitle: X\n---\n\n# X\n\n${heading}\n\n- [ ] AC-1: Given a list, when exported, then a CSV downloads.\n`;

function renamed(heading: string): string | undefined {
  const text = doc(heading);
  const sh006 = service.analyze({ text }).findings.filter((f) => f.code === 'SH006');
  assert.equal(sh006.length, 1, `${heading}: one near miss`);
  const fix = sh006[0].fixes[0];
  if (!fix) return undefined;
  const fixed = applyEdits(text, fix.edits);
  return fixed.split('\n')[7];
}

describe('heading rename keeps everything but the title words', () => {
  for (const [before, after] of [
    ['## 5. Acceptence criteria <!-- keep -->', '## 5. Acceptance criteria <!-- keep -->'],
    ['## 🚀 Acceptence criteria', '## 🚀 Acceptance criteria'],
    ['## Acceptence criteria \\#', '## Acceptance criteria \\#'],
    ['## 2.1 Acceptence criteria', '## 2.1 Acceptance criteria'],
    ['## ✅ 3. Acceptence criteria <a id="ac"></a>', '## ✅ 3. Acceptance criteria <a id="ac"></a>'],
    ['## Acceptence criteria ##', '## Acceptance criteria ##'],
  ] as const) {
    it(`${before} → ${after}`, () => {
      assert.equal(renamed(before), after);
    });
  }

  it('a title with markup inside its words gets no automatic rename (it would drop the markup)', () => {
    assert.equal(renamed('## **Acceptence** criteria'), undefined);
  });

  it('fix-all keeps the original as a subsequence on a heading with all of these', () => {
    const text = doc('## 5. 🚀 Acceptence criteria <!-- keep --> \\#');
    const fixed = applyEdits(text, service.fixAllEdits(service.analyze({ text })));
    assert.match(fixed, /^## 5\. 🚀 Acceptance criteria <!-- keep --> \\#$/m);
    assert.ok(isSubsequence(text.replace('Acceptence', 'Accept'), fixed));
  });

  it('titleWordsSpan: no words, nothing to replace', () => {
    assert.equal(titleWordsSpan('🚀 <!-- x -->'), undefined);
    assert.deepEqual(titleWordsSpan('1. Scope'), { start: 3, end: 8 });
  });
});
