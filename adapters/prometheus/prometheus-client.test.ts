import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { createPrometheusClient } from './prometheus-client.ts';

/** A local HTTP server answering like (or unlike) Prometheus, by path. */
let server: Server;
let base = '';
const seen: URL[] = [];

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url);
    const prefix = url.pathname.split('/')[1];
    const reply = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (prefix === 'ok') {
      reply(
        200,
        JSON.stringify({
          status: 'success',
          data: { resultType: 'matrix', result: [{ metric: { __name__: 'm' }, values: [[1, '2']] }] },
        }),
      );
    } else if (prefix === 'bad-query') {
      reply(400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }));
    } else if (prefix === 'vector') {
      reply(200, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    } else {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

after(() => new Promise<void>((r) => server.close(() => r())));

test('a range query returns the matrix series; path prefix, query and time are passed on', async () => {
  const client = createPrometheusClient({ url: `${base}/ok/` });
  const series = await client.queryRange('up[5m]', 1234.5);
  assert.deepEqual(series, [{ metric: { __name__: 'm' }, values: [[1, '2']] }]);
  const last = seen.at(-1);
  assert.equal(last?.pathname, '/ok/api/v1/query');
  assert.equal(last?.searchParams.get('query'), 'up[5m]');
  assert.equal(last?.searchParams.get('time'), '1234.5');
});

test('Prometheus errors, wrong result types and non-JSON answers are clear IO errors', async () => {
  await assert.rejects(
    createPrometheusClient({ url: `${base}/bad-query` }).queryRange('x[', 1),
    (e: Error) => {
      assert.match(e.message, /Prometheus query failed \(HTTP 400, bad_data\): parse error at char 3/);
      return true;
    },
  );
  await assert.rejects(
    createPrometheusClient({ url: `${base}/vector` }).queryRange('x', 1),
    /a vector result/,
  );
  await assert.rejects(
    createPrometheusClient({ url: `${base}/proxy` }).queryRange('x[1m]', 1),
    /HTTP 502 .*not JSON/,
  );
  await assert.rejects(
    createPrometheusClient({ url: 'http://127.0.0.1:1' }).queryRange('x[1m]', 1),
    /cannot reach Prometheus at http:\/\/127\.0\.0\.1:1/,
  );
});
