import * as assert from 'node:assert/strict';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
describe('toolchain', () => {
  it('parses gfm task lists with remark-parse', () => {
    const tree = unified().use(remarkParse).use(remarkGfm).parse('- [ ] a\n- [x] b\n');
    const list = tree.children[0] as { children: { checked: boolean | null }[] };
    assert.deepEqual(
      list.children.map((c) => c.checked),
      [false, true],
    );
  });
});
