/**
 * `spec-handoff mcp`: the built CLI driven over stdio by the official MCP
 * SDK's client, as a coding agent would: list the tools and resources, check
 * a spec with a missing section, insert it, generate a handoff, and get tool
 * errors (not a crash) for paths outside the workspace and bad arguments.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AGENT_TEXT_LIMIT } from '../../server/src/service';
import { CLI, ROOT, cli, ensureBuilt, read, tempDir, writeFiles } from './helpers';

const SPEC = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'trace', 'export.spec.md'), 'utf8');
const COMPLETE = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'complete.spec.md'), 'utf8');
/** A complete spec without its Summary section (a required section). */
const SPEC_WITHOUT_SUMMARY = COMPLETE.replace(/## Summary\n[\s\S]*?\n(?=## System context)/, '');

interface TextResult {
  text: string;
  isError: boolean;
}

async function connect(
  cwd: string,
  args: string[] = [],
): Promise<{ client: Client; stderr: () => string; close: () => Promise<void> }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'SPEC_HANDOFF_SCHEMAS_DIR') env[k] = v;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    cwd,
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'spec-handoff-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<TextResult> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text?: string }[];
  assert.equal(content.length, 1, 'one text part');
  assert.equal(content[0].type, 'text');
  return { text: content[0].text ?? '', isError: result.isError === true };
}

describe('cli: mcp (the MCP server over stdio, through the SDK client)', function () {
  this.timeout(120_000);
  before(ensureBuilt);

  it('lists the five tools with input schemas, and the kinds and schemas as resources', async () => {
    const dir = tempDir();
    const { client, close } = await connect(dir);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        ['check_document', 'list_missing_sections', 'insert_missing_sections', 'generate_handoff', 'list_documents'],
      );
      for (const t of tools) {
        assert.ok((t.description ?? '').length > 40, `${t.name} has a description`);
        assert.equal(t.inputSchema.type, 'object');
      }
      assert.deepEqual(tools.find((t) => t.name === 'check_document')?.inputSchema.required, ['path']);
      assert.equal(tools.find((t) => t.name === 'insert_missing_sections')?.annotations?.readOnlyHint, false);
      assert.equal(tools.find((t) => t.name === 'check_document')?.annotations?.readOnlyHint, true);

      const { resources } = await client.listResources();
      const uris = resources.map((r) => r.uri);
      assert.ok(uris.includes('spec-handoff://kinds'), uris.join(' '));
      assert.ok(
        uris.includes('spec-handoff://schemas/spec') && uris.includes('spec-handoff://schemas/handoff'),
        uris.join(' '),
      );
      const kinds = await client.readResource({ uri: 'spec-handoff://kinds' });
      const kindsText = (kinds.contents[0] as { text: string }).text;
      assert.match(kindsText, /## Spec \(id: spec\)/);
      assert.match(kindsText, /## Handoff \(id: handoff\)/);
      assert.match(kindsText, /Required sections: .*Summary/);
      const schema = await client.readResource({ uri: 'spec-handoff://schemas/spec' });
      const schemaText = (schema.contents[0] as { text: string }).text;
      assert.match(schemaText, /^# Spec schema \(id: spec\)/);
      assert.match(schemaText, /## Summary\n\nid: summary; required.*\nGuidance: \S/);
      await assert.rejects(client.readResource({ uri: 'spec-handoff://schemas/nope' }), /no resource/);
    } finally {
      await close();
    }
  });

  it('checks a spec with a missing section, lists it with its guidance, inserts it (adding text only), then the spec is complete', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.spec-handoff.yaml': 'rules: {}\n',
      'docs/export.spec.md': SPEC_WITHOUT_SUMMARY,
      'docs/notes.md': '# Notes\n\nnot a spec\n',
    });
    const { client, close } = await connect(path.join(dir, 'docs')); // the workspace is the config's folder, not the cwd
    try {
      const check = await call(client, 'check_document', { path: 'docs/export.spec.md' });
      assert.equal(check.isError, false, check.text);
      assert.match(
        check.text,
        /^docs\/export\.spec\.md: spec, NOT ready for pickup \(\d\/\d readiness checks pass\)\./,
      );
      assert.notEqual(SPEC_WITHOUT_SUMMARY, COMPLETE);
      assert.match(check.text, /\n- Required sections present: (\d+)\/(?!\1)\d+\n/);
      assert.match(check.text, /\n\d+:1 error SH001 Missing required section "Summary"\./);
      // Deterministic: the same call gives the same text.
      assert.equal((await call(client, 'check_document', { path: 'docs/export.spec.md' })).text, check.text);

      const missing = await call(client, 'list_missing_sections', { path: 'docs/export.spec.md' });
      assert.equal(missing.isError, false, missing.text);
      assert.match(missing.text, /lacks 1 required and \d+ optional section/);
      assert.match(missing.text, /Required:\n- Summary \(id: summary\)\n {2}Guidance: \S/);

      const insert = await call(client, 'insert_missing_sections', { path: 'docs/export.spec.md' });
      assert.equal(insert.isError, false, insert.text);
      assert.match(
        insert.text,
        /^Inserted 1 section into docs\/export\.spec\.md: Summary\. No existing text was changed\./,
      );
      const after = read(dir, 'docs/export.spec.md');
      assert.match(after, /\n## Summary\n/);
      // Only added: every line of the old text is still there, in order.
      const oldLines = SPEC_WITHOUT_SUMMARY.split('\n');
      const newLines = after.split('\n');
      let j = 0;
      for (const line of newLines) if (j < oldLines.length && line === oldLines[j]) j++;
      assert.equal(j, oldLines.length, 'every original line is kept, in order');

      const again = await call(client, 'check_document', { path: 'docs/export.spec.md' });
      assert.doesNotMatch(again.text, /SH001/);
      const nothing = await call(client, 'insert_missing_sections', { path: 'docs/export.spec.md' });
      assert.equal(nothing.isError, false);
      assert.match(nothing.text, /^Nothing to insert/);
      assert.equal(read(dir, 'docs/export.spec.md'), after, 'nothing written the second time');

      // An optional section by id; an unknown id is said, not fatal.
      const optional = await call(client, 'insert_missing_sections', {
        path: 'docs/export.spec.md',
        sections: ['no-such-section'],
      });
      assert.equal(optional.isError, true);
      assert.match(optional.text, /"no-such-section" is not a section of the spec schema/);
      assert.equal(read(dir, 'docs/export.spec.md'), after);

      const notSpec = await call(client, 'check_document', { path: 'docs/notes.md' });
      assert.equal(notSpec.isError, false);
      assert.match(notSpec.text, /is not a spec, a handoff or another known kind/);
    } finally {
      await close();
    }
  });

  it('generates a handoff from a spec, never overwriting, and lists the documents with readiness', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'specs/export.spec.md': SPEC });
    const { client, close } = await connect(dir);
    try {
      const gen = await call(client, 'generate_handoff', { spec: 'specs/export.spec.md' });
      assert.equal(gen.isError, false, gen.text);
      assert.match(
        gen.text,
        /^Wrote specs\/export\.handoff\.md: a handoff generated from specs\/export\.spec\.md \(its "spec:" link is export\.spec\.md\)\./,
      );
      const handoff = read(dir, 'specs/export.handoff.md');
      // The same text the CLI's `handoff` command writes.
      const other = tempDir();
      writeFiles(other, { 'specs/export.spec.md': SPEC });
      assert.equal(cli(['handoff', 'specs/export.spec.md'], { cwd: other }).code, 0);
      assert.equal(handoff, read(other, 'specs/export.handoff.md'));

      fs.writeFileSync(path.join(dir, 'specs/export.handoff.md'), 'my notes\n');
      const again = await call(client, 'generate_handoff', { spec: 'specs/export.spec.md' });
      assert.equal(again.isError, true);
      assert.match(again.text, /already exists; it was not overwritten/);
      assert.equal(read(dir, 'specs/export.handoff.md'), 'my notes\n');

      const elsewhere = await call(client, 'generate_handoff', {
        spec: 'specs/export.spec.md',
        output: 'handoffs/export.md',
      });
      assert.equal(elsewhere.isError, false, elsewhere.text);
      assert.match(read(dir, 'handoffs/export.md'), /^spec: \.\.\/specs\/export\.spec\.md$/m);

      const list = await call(client, 'list_documents', {});
      assert.equal(list.isError, false, list.text);
      assert.match(
        list.text,
        /^3 documents, \d ready for pickup:\n- handoffs\/export\.md: Handoff · \d+\/\d+ sections · .*\n- specs\/export\.handoff\.md: Handoff · 0\/\d+ sections · .*not ready.*\n- specs\/export\.spec\.md: Spec · /,
      );
      const inFolder = await call(client, 'list_documents', { folder: 'specs' });
      assert.match(inFolder.text, /^2 documents under specs, 0 ready for pickup:\n- specs\/export\.handoff\.md: /);
      assert.doesNotMatch(inFolder.text, /handoffs\//);
    } finally {
      await close();
    }
  });

  it('refuses paths outside the workspace and bad arguments with tool errors, and keeps serving', async () => {
    const parent = tempDir();
    const dir = path.join(parent, 'ws');
    writeFiles(parent, {
      'outside.spec.md': SPEC_WITHOUT_SUMMARY,
      'ws/.spec-handoff.yaml': 'rules: {}\n',
      'ws/a.spec.md': SPEC,
    });
    fs.symlinkSync(parent, path.join(dir, 'up'));
    const { client, close, stderr } = await connect(dir);
    try {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['check_document', { path: '../outside.spec.md' }, /outside the workspace folder/],
        ['check_document', { path: path.join(parent, 'outside.spec.md') }, /outside the workspace folder/],
        ['check_document', { path: 'up/outside.spec.md' }, /outside the workspace folder/], // through a symlink
        ['insert_missing_sections', { path: '../outside.spec.md' }, /outside the workspace folder/],
        ['generate_handoff', { spec: 'a.spec.md', output: '../stolen.handoff.md' }, /outside the workspace folder/],
        ['list_documents', { folder: '..' }, /outside the workspace folder/],
        ['check_document', {}, /needs the argument "path"/],
        ['check_document', { path: 42 }, /must be a non-empty string/],
        ['check_document', { path: 'a.spec.md', extra: true }, /has no argument "extra"/],
        ['insert_missing_sections', { path: 'a.spec.md', sections: 'summary' }, /must be a list of strings/],
        ['check_document', { path: 'missing.spec.md' }, /There is no file missing\.spec\.md/],
        ['check_document', { path: '.' }, /is not a file/],
        ['no_such_tool', {}, /There is no tool "no_such_tool"/],
      ];
      for (const [name, args, expected] of cases) {
        const r = await call(client, name, args);
        assert.equal(r.isError, true, `${name} ${JSON.stringify(args)} → ${r.text}`);
        assert.match(r.text, expected, `${name} ${JSON.stringify(args)}`);
      }
      assert.equal(read(parent, 'outside.spec.md'), SPEC_WITHOUT_SUMMARY, 'the outside file is untouched');
      // A read-only document is not written (the permission bits count, even for root).
      writeFiles(dir, { 'locked.spec.md': SPEC_WITHOUT_SUMMARY });
      fs.chmodSync(path.join(dir, 'locked.spec.md'), 0o444);
      const locked = await call(client, 'insert_missing_sections', { path: 'locked.spec.md' });
      assert.equal(locked.isError, true, locked.text);
      assert.match(locked.text, /^locked\.spec\.md was not written: the file is read-only\.$/);
      assert.equal(read(dir, 'locked.spec.md'), SPEC_WITHOUT_SUMMARY);
      assert.ok(!fs.existsSync(path.join(parent, 'stolen.handoff.md')));
      // Still serving after all that.
      const ok = await call(client, 'check_document', { path: 'a.spec.md' });
      assert.equal(ok.isError, false, ok.text);
      assert.equal(stderr(), '', 'nothing went wrong on the server side');
    } finally {
      await close();
    }
  });

  it('bounds the answer for a 10 MB document and says how much was cut', async () => {
    const dir = tempDir();
    const line = '- TBD: something vague maybe, etc.\n';
    const body = line.repeat(Math.ceil(10_000_000 / line.length));
    writeFiles(dir, { 'big.spec.md': `---\ntype: spec\ntitle: Big\n---\n\n# Big\n\n## Summary\n\n${body}` });
    const { client, close } = await connect(dir);
    try {
      const r = await call(client, 'check_document', { path: 'big.spec.md' });
      assert.ok(r.text.length <= AGENT_TEXT_LIMIT, `answer is ${r.text.length} characters`);
      assert.match(
        r.text,
        /\n\[… cut: \d+ more lines \(\d+ characters\) not shown; the answer is limited to 16000 characters\]\n$/,
      );
    } finally {
      await close();
    }
  });

  it('--help describes it; unknown options are usage errors', () => {
    const dir = tempDir();
    const help = cli(['mcp', '--help'], { cwd: dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: spec-handoff mcp/);
    const bad = cli(['mcp', '--nope'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown option '--nope'/);
  });
});
