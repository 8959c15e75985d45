/**
 * Differential test: on every file of the Rust RFC corpus, the engine's fast
 * reading (headings with level, text, line and GitHub anchor; code and HTML
 * block line ranges) equals the reference reading by remark-parse +
 * remark-gfm + github-slugger (test/support/reference.ts). Generated
 * documents get the same comparison in test/unit/properties.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir } from '../support/service';
import { readingDifferences } from '../support/reference';

describe('differential: the engine reads Markdown as remark + GitHub do', () => {
  it('every Rust RFC: same headings, anchors, code and HTML blocks', function () {
    this.timeout(600_000);
    if (!fs.existsSync(corpusDir)) {
      console.warn(`    (skipped: corpus not found at ${corpusDir}; it lives in ../shared beside the repo)`);
      this.skip();
    }
    const files = fs
      .readdirSync(corpusDir)
      .filter((f) => f.endsWith('.md'))
      .sort();
    assert.ok(files.length > 100, `expected the whole corpus, found ${files.length} files`);
    const failures: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
      for (const d of readingDifferences(text, 3)) failures.push(`${file}:${d}`);
    }
    assert.deepEqual(failures, [], `${failures.length} differences:\n${failures.slice(0, 30).join('\n')}`);
  });
});
