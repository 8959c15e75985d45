#!/usr/bin/env node
// The language server's own share of "first diagnostics": spawn dist/server.js
// over stdio (with server/src/server-flags.json and server-env.json), initialize with settings in
// initializationOptions, then didOpen a 6 KB spec (test/fixtures/complete.spec.md)
// in a fresh folder; times from spawn to the initialize answer and to the
// first publishDiagnostics for the spec. Two servers alternate, N times each.
//
// Usage: node bench/first-diagnostics.mjs BEFORE/server.js AFTER/server.js N
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [a, b, n] = process.argv.slice(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
const file = path.join(dir, 'complete.spec.md');
fs.copyFileSync(new URL('../test/fixtures/complete.spec.md', import.meta.url), file);
function once(server) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const flags = JSON.parse(
      fs.readFileSync(path.join(path.dirname(server), '..', 'server', 'src', 'server-flags.json'), 'utf8'),
    );
    const env = JSON.parse(
      fs.readFileSync(path.join(path.dirname(server), '..', 'server', 'src', 'server-env.json'), 'utf8'),
    );
    const child = spawn(process.execPath, [...flags, server, '--stdio'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, ...env },
    });
    let buf = Buffer.alloc(0);
    const send = (m) => {
      const body = Buffer.from(JSON.stringify(m));
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    let initAt;
    child.stdout.on('data', (c) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())[1]);
        if (buf.length < end + 4 + len) return;
        const m = JSON.parse(buf.subarray(end + 4, end + 4 + len));
        buf = buf.subarray(end + 4 + len);
        if (m.id === 1 && !m.method) {
          initAt = performance.now() - t0;
          send({ jsonrpc: '2.0', method: 'initialized', params: {} });
          send({
            jsonrpc: '2.0',
            method: 'textDocument/didOpen',
            params: {
              textDocument: {
                uri: pathToFileURL(file).href,
                languageId: 'markdown',
                version: 1,
                text: fs.readFileSync(file, 'utf8'),
              },
            },
          });
        } else if (m.id !== undefined && m.method) send({ jsonrpc: '2.0', id: m.id, result: null });
        else if (m.method === 'textDocument/publishDiagnostics' && m.params.uri === pathToFileURL(file).href) {
          const t = performance.now() - t0;
          child.kill();
          resolve([initAt, t]);
          return;
        }
      }
    });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }],
        capabilities: {},
        initializationOptions: { settings: {} },
      },
    });
  });
}
const r = { a: [], b: [] };
for (let i = 0; i < +n; i++)
  for (const [k, s] of i % 2
    ? [
        ['b', b],
        ['a', a],
      ]
    : [
        ['a', a],
        ['b', b],
      ])
    r[k].push(await once(s));
const med = (x) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
for (const k of ['a', 'b'])
  console.log(
    k,
    'initialize answered',
    med(r[k].map((x) => x[0])).toFixed(0),
    'ms; first diagnostics',
    med(r[k].map((x) => x[1])).toFixed(0),
    'ms after spawn',
  );
console.log(
  'ratio b/a (first diagnostics)',
  (med(r.b.map((x) => x[1])) / med(r.a.map((x) => x[1]))).toFixed(3),
  'load',
  os.loadavg()[0].toFixed(1),
);
