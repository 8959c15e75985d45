import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { TestClient, tempWorkspace, uriOf, writeFile } from './client';

describe('lsp: built-in presets from .spec-handoff.yaml', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestClient;

  beforeEach(() => {
    root = tempWorkspace();
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('presets: [madr] checks docs/decisions/NNNN-*.md as MADR; an unknown preset is an error on the config file', async () => {
    writeFile(root, '.spec-handoff.yaml', 'presets:\n  - madr\n  - kepp\n');
    client = await TestClient.start({ root });
    const problems = await client.waitForDiagnostics(uriOf(path.join(root, '.spec-handoff.yaml')), { version: null });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].severity, DiagnosticSeverity.Error);
    assert.deepEqual(problems[0].range.start, { line: 2, character: 4 });
    assert.match(String(problems[0].message), /Unknown preset "kepp"\. Did you mean "kep"\?/);

    writeFile(root, '.spec-handoff.yaml', 'presets: [madr]\n');
    await client.stop();
    client = await TestClient.start({ root });
    const doc = await client.open(
      path.join(root, 'docs/decisions/0001-use-x.md'),
      '# Use X\n\n## Context and Problem Statement\n\nWe need a queue for exports that outlive a request.\n',
    );
    const ds = await client.waitForDiagnostics(doc, { version: 1 });
    assert.deepEqual(
      ds
        .filter((d) => d.code === 'SH001')
        .map((d) => (d.data as { sectionId: string }).sectionId)
        .sort(),
      ['considered-options', 'decision-outcome'],
    );
  });
});
