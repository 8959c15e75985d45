/**
 * Hostile documents through the real server over stdio: each gets a clear
 * answer (a notice, a front matter finding, bounded findings), none takes the
 * server down, and a normal spec opened after all of them is still checked.
 * The service-level details are in test/unit/hostile.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { ServerInfoRequest } from '../../server/src/protocol';
import { serverForSuite, messageText } from './client';
import { MISSING_IDS, SPEC_MISSING } from './fixtures';

const HEAD = '---\ntype: spec\ntitle: Hostile\n---\n\n# Hostile\n\n';

describe('lsp: hostile documents', function () {
  this.timeout(120_000);
  const suite = serverForSuite();

  it('answers binary, huge, one-line, deeply nested and malformed documents, and keeps checking the next spec', async () => {
    const { client, root } = suite;
    const pid = (await client.connection.sendRequest(ServerInfoRequest.type)).pid;
    const open = (name: string, text: string) => client.open(path.join(root, name), text);

    const binary = await open('binary.spec.md', `${HEAD}## Summary\n\n\u0000\u0001\u0002 not text\n`);
    const huge = await open(
      'huge.spec.md',
      `${HEAD}## Summary\n\n${'The export writes one row per invoice. '.repeat(150_000)}\n`,
    );
    const oneLine = await open('line.spec.md', `${HEAD}## Summary\n\n${'x'.repeat(1_000_000)}\n`);
    const deep = await open(
      'deep.spec.md',
      `${HEAD}## Acceptance criteria\n\n${Array.from({ length: 10_000 }, (_, i) => `${'  '.repeat(i)}- [ ] AC-${i + 1}: nested`).join('\n')}\n`,
    );
    const badYaml = await open('bad-yaml.spec.md', '---\ntype: spec\ntitle: "unclosed\n---\n\n# Bad\n');
    const good = await open('good.spec.md', SPEC_MISSING);

    const binaryDs = await client.waitForDiagnostics(binary, { version: 1, timeout: 60_000 });
    assert.equal(binaryDs.length, 1);
    assert.equal(binaryDs[0].severity, DiagnosticSeverity.Information);
    assert.match(messageText(binaryDs[0].message), /NUL bytes.*not checked/);

    const hugeDs = await client.waitForDiagnostics(huge, { version: 1, timeout: 60_000 });
    assert.ok(
      hugeDs.some((d) => d.code === 'SH000' && d.severity === DiagnosticSeverity.Information),
      'a 6 MB spec gets the SH000 notice',
    );

    const lineDs = await client.waitForDiagnostics(oneLine, { version: 1, timeout: 60_000 });
    assert.ok(lineDs.length < 50, `a 1 MB line gives bounded findings (${lineDs.length})`);

    const deepDs = await client.waitForDiagnostics(deep, { version: 1, timeout: 60_000 });
    assert.ok(
      deepDs.every((d) => !/Internal error/.test(messageText(d.message))),
      'no rule crashed on 10,000-deep nesting',
    );

    const yamlDs = await client.waitForDiagnostics(badYaml, { version: 1, timeout: 60_000 });
    assert.ok(
      yamlDs.some((d) => d.code === 'SH011' && d.range.start.line >= 1 && d.range.start.line <= 3),
      'malformed YAML is reported on the front matter',
    );

    const goodDs = await client.waitForDiagnostics(good, { version: 1, timeout: 60_000 });
    assert.deepEqual(
      goodDs
        .filter((d) => d.code === 'SH001')
        .map((d) => (d.data as { sectionId?: string }).sectionId)
        .sort(),
      [...MISSING_IDS].sort(),
    );
    assert.equal(
      (await client.connection.sendRequest(ServerInfoRequest.type)).pid,
      pid,
      'the same server process answered everything',
    );
  });
});
