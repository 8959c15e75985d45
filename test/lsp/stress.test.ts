/**
 * Stress through the real server over stdio: a burst of incremental edits
 * across many documents must end in exactly the diagnostics a fresh CLI check
 * of the final texts gives; opening and closing many documents repeatedly must
 * not grow the server's memory without bound.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { TestClient, tempWorkspace, repoRoot } from './client';
import { SPEC_MISSING } from './fixtures';
import { prng } from '../../scripts/prng.cjs';

/** Snippets that move findings around: headings, placeholders, criteria, vague words. */
const INSERTS = [
  '\n## Scope\n',
  '\n### In scope\n\n- the export\n',
  ' TODO ',
  '\n- [ ] AC-9: fast\n',
  '\n## Acceptence Criteria\n',
  'x',
  '\n',
  '\n## Summary\n\nAgain.\n',
  ' etc. ',
];

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** One random incremental change (insert or delete) against `text`. */
function randomChange(text: string, random: () => number): TextDocumentContentChangeEvent {
  const at = Math.floor(random() * (text.length + 1));
  if (random() < 0.3 && text.length > 10) {
    const end = Math.min(text.length, at + 1 + Math.floor(random() * 12));
    return { range: { start: positionAt(text, at), end: positionAt(text, end) }, text: '' };
  }
  const start = positionAt(text, at);
  return { range: { start, end: start }, text: INSERTS[Math.floor(random() * INSERTS.length)] };
}

const key = (code: unknown, line: number, character: number): string => `${String(code)}@${line}:${character}`;

describe('lsp: stress', function () {
  this.timeout(180_000);

  it('1,000 rapid incremental edits across 20 documents end in the diagnostics of a fresh CLI check', async () => {
    const root = tempWorkspace();
    const client = await TestClient.start({ root });
    try {
      const random = prng(20261125);
      const uris: string[] = [];
      for (let i = 0; i < 20; i++) uris.push(await client.open(path.join(root, `doc${i}.spec.md`), SPEC_MISSING));
      // Fire the edits without waiting for diagnostics in between: the server must keep up and publish for the latest version.
      for (let n = 0; n < 1000; n++) {
        const uri = uris[Math.floor(random() * uris.length)];
        await client.change(uri, [randomChange(client.text(uri), random)]);
      }
      const fromServer = new Map<string, string[]>();
      for (const uri of uris) {
        const diagnostics = await client.waitForDiagnostics(uri, { timeout: 60_000 });
        fromServer.set(uri, diagnostics.map((d) => key(d.code, d.range.start.line, d.range.start.character)).sort());
      }
      // The same final texts, checked from scratch by the CLI.
      const finalDir = fs.mkdtempSync(path.join(root, 'final-'));
      for (const [i, uri] of uris.entries()) fs.writeFileSync(path.join(finalDir, `doc${i}.spec.md`), client.text(uri));
      const cli = spawnSync(
        process.execPath,
        [path.join(repoRoot, 'dist', 'cli.js'), 'check', '--format', 'json', finalDir],
        { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      assert.ok(cli.status === 0 || cli.status === 1, cli.stderr);
      const report = JSON.parse(cli.stdout) as {
        files: { path: string; diagnostics: { code: string; line: number; column: number }[] }[];
      };
      assert.equal(report.files.length, 20);
      for (const file of report.files) {
        const i = Number(/doc(\d+)\.spec\.md$/.exec(file.path)![1]);
        const expected = file.diagnostics.map((d) => key(d.code, d.line - 1, d.column - 1)).sort();
        assert.deepEqual(fromServer.get(uris[i]), expected, `doc${i}: server and CLI disagree on the final text`);
      }
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('opening and closing 200 documents five times does not keep growing the server', async function () {
    const root = tempWorkspace();
    const client = await TestClient.start({ root });
    const rssMb = (): number => {
      const status = fs.readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    };
    if (!fs.existsSync(`/proc/${client.proc.pid}/status`)) {
      await client.stop();
      this.skip(); // no /proc (not Linux): memory cannot be read this way
    }
    try {
      const cycle = async (round: number): Promise<void> => {
        const uris: string[] = [];
        for (let i = 0; i < 200; i++) {
          const text = SPEC_MISSING.replace('Export invoices', `Export invoices ${round}-${i}`);
          uris.push(await client.open(path.join(root, `r${round}-${i}.spec.md`), text));
        }
        for (const uri of uris) await client.waitForDiagnostics(uri, { timeout: 60_000 });
        for (const uri of uris) await client.close(uri);
      };
      await cycle(0);
      const afterFirst = rssMb();
      for (let round = 1; round < 5; round++) await cycle(round);
      const afterLast = rssMb();
      // Generous: a leak of per-document state would add tens of MB per round; GC timing adds noise, not growth.
      assert.ok(
        afterLast < afterFirst * 1.5 + 30,
        `RSS grew from ${afterFirst.toFixed(0)} MB to ${afterLast.toFixed(0)} MB over 4 more rounds`,
      );
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
