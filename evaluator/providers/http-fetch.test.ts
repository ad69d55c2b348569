import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createHttpFetch } from './http-fetch.ts';

let url = '';
const seen: { method?: string; body: string; headers: Record<string, unknown> }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({ method: req.method, body: Buffer.concat(chunks).toString(), headers: req.headers });
    if (req.url === '/gzip') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'x-thing': 'yes',
      });
      return res.end(gzipSync('{"ok":true}'));
    }
    if (req.url === '/empty') {
      res.writeHead(204);
      return res.end();
    }
    if (req.url === '/hang') return;
    res.writeHead(429, { 'retry-after': '7' });
    res.end('slow down');
  });
});

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test('posts the body with headers, decodes gzip, exposes status and headers', async () => {
  const f = createHttpFetch();
  const res = await f(`${url}/gzip`, {
    method: 'POST',
    body: '{"a":1}',
    headers: { 'content-type': 'application/json', 'x-key': 'v' },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-thing'), 'yes');
  assert.deepEqual(await res.json(), { ok: true });
  const last = seen.at(-1)!;
  assert.equal(last.method, 'POST');
  assert.equal(last.body, '{"a":1}');
  assert.equal(last.headers['x-key'], 'v');
  assert.equal(last.headers['content-length'], '7');
});

test('error statuses and their headers come through; 204 has no body', async () => {
  const f = createHttpFetch();
  const res = await f(new URL(`${url}/limited`), { method: 'POST', body: 'x' });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '7');
  assert.equal(await res.text(), 'slow down');
  const empty = await f(`${url}/empty`);
  assert.equal(empty.status, 204);
  assert.equal(await empty.text(), '');
});

test('an abort signal cancels a hanging request; a refused connection rejects', async () => {
  const f = createHttpFetch();
  const controller = new AbortController();
  const pending = f(`${url}/hang`, { method: 'POST', body: 'x', signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  await assert.rejects(f('http://127.0.0.1:9/', { method: 'POST', body: 'x' }), /ECONNREFUSED/);
});
