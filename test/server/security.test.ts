import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { git } from '../../adapters/git/testing.ts';
import { memoryContext } from '../../cli/context.ts';
import { startServe } from '../../cli/serve/run-serve.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { api } from './contract.ts';
import { buildFixture, evohub, type Fixture, gitEnv, serveFixture } from './fixture.ts';

let fx: Fixture;
let readKey: string;
let writeKey: string;
let writeKeyId: string;
/** A provider key in the server's environment: it must never reach a response. */
const SECRET = `sk-${'test'.repeat(6)}`;

before(async () => {
  fx = await buildFixture({ evolve: false });
  readKey = (
    JSON.parse(await evohub(fx.dir, ['serve', 'keys', 'create', '--scope', 'read', '--json'])) as {
      key: string;
    }
  ).key;
  const w = JSON.parse(
    await evohub(fx.dir, ['serve', 'keys', 'create', '--scope', 'write', '--name', 'ops', '--json']),
  ) as {
    key: string;
    id: string;
  };
  writeKey = w.key;
  writeKeyId = w.id;
  // A run whose note quotes the secret (as a provider error might).
  const store = new DuckDbResultsStore(path.join(fx.dir, '.evohub', 'results.duckdb'), { mode: 'write' });
  const run = await store.getRun(fx.evalRun);
  await store.saveRun({
    ...(run as NonNullable<typeof run>),
    id: 'leaky',
    note: `provider said: bad key ${SECRET}`,
  });
  await store.close();
});
after(() => fx?.remove());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const json = { 'content-type': 'application/json' };

describe('keys', () => {
  test('the key file holds hashes only, mode 0600; list never shows a key', async () => {
    const file = path.join(fx.dir, '.evohub', 'serve-keys.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(readKey) && !text.includes(writeKey.split('_')[2] as string));
    assert.match(writeKey, /^evohub_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const listed = await evohub(fx.dir, ['serve', 'keys', 'list']);
    assert.match(listed, new RegExp(`${writeKeyId}\\s+write`));
    assert.ok(!listed.includes(writeKey));
    await assert.rejects(evohub(fx.dir, ['serve', 'keys', 'create', '--scope', 'admin']), /exited 2/);
  });
});

describe('loopback without --auth', () => {
  let server: Awaited<ReturnType<typeof serveFixture>>;
  before(async () => {
    server = await serveFixture(fx.dir, {}, { OPENAI_API_KEY: SECRET });
  });
  after(() => server.close());
  const post = (p: string, body: unknown, headers: Record<string, string>) =>
    api(server.url, 'POST', p, p, { headers, body: JSON.stringify(body) });

  test('reads are open; strict headers on API and pages', async () => {
    const r = await api(server.url, 'GET', '/api/v1/runs', '/api/v1/runs');
    assert.equal(r.status, 200);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp));
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const page = await fetch(new URL('/assets/vendor/echarts.min.js', server.url));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });

  test('no secret in any response: a stored note quoting a key comes back redacted', async () => {
    const r = await api(server.url, 'GET', '/api/v1/runs/{id}', '/api/v1/runs/leaky');
    const text = JSON.stringify(r.body);
    assert.ok(!text.includes(SECRET));
    assert.match(text, /\[redacted\]/);
    const list = await fetch(new URL('/api/v1/runs?limit=500', server.url)).then((x) => x.text());
    assert.ok(!list.includes(SECRET));
  });

  test('writes need a write key, this origin and a JSON body; each attempt is audited', async () => {
    const body = { spec: 'ticket-triage@1', env: 'staging' };
    assert.equal((await post('/api/v1/actions/promote', body, json)).status, 401);
    assert.equal((await post('/api/v1/actions/promote', body, { ...json, ...bearer(readKey) })).status, 403);
    const foreign = await post('/api/v1/actions/promote', body, {
      ...json,
      ...bearer(writeKey),
      origin: 'http://evil.example',
    });
    assert.equal(foreign.status, 403);
    const site = await post('/api/v1/actions/promote', body, {
      ...json,
      ...bearer(writeKey),
      'sec-fetch-site': 'cross-site',
    });
    assert.equal(site.status, 403);
    const form = await post('/api/v1/actions/promote', body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...bearer(writeKey),
    });
    assert.equal(form.status, 400);
    const origin = new URL(server.url).origin;
    const ok = await post('/api/v1/actions/promote', body, { ...json, ...bearer(writeKey), origin });
    assert.equal(ok.status, 200);
    assert.equal((ok.body as { output: { env: string } }).output.env, 'staging');
    const bad = await post(
      '/api/v1/actions/promote',
      { spec: 'ticket-triage@1', env: 'nowhere' },
      { ...json, ...bearer(writeKey) },
    );
    assert.equal(bad.status, 404);
    const extra = await post(
      '/api/v1/actions/promote',
      { ...body, force: true },
      { ...json, ...bearer(writeKey) },
    );
    assert.equal(extra.status, 400);
    const audit = await api(server.url, 'GET', '/api/v1/audit', '/api/v1/audit');
    const entries = (
      audit.body as { entries: { who: string; action: string; result: string; target: string }[] }
    ).entries;
    assert.deepEqual(
      entries.map((e) => [e.who, e.action, e.result]),
      [
        [writeKeyId, 'promote', 'error'],
        [writeKeyId, 'promote', 'ok'],
      ],
      'refused requests never reach the log; performed ones do, newest first',
    );
  });

  test('concurrent promotes are performed one at a time: both commits land', async () => {
    const headers = { ...json, ...bearer(writeKey) };
    const [a, b] = await Promise.all(
      ['qa', 'canary'].map((env) =>
        post('/api/v1/actions/promote', { spec: 'ticket-triage@1', env, create: true }, headers),
      ),
    );
    assert.deepEqual([a?.status, b?.status], [200, 200]);
    const log = git(fx.dir, 'log', '--format=%s', '-3');
    assert.match(log, /qa/);
    assert.match(log, /canary/);
  });

  test('an evolve starts in the background and its run appears; a bad option is refused at once', async () => {
    const headers = { ...json, ...bearer(writeKey) };
    const refused = await post(
      '/api/v1/actions/evolve',
      { prompt: 'ticket-triage', options: { shell: 'rm -rf /' } },
      headers,
    );
    assert.equal(refused.status, 400);
    const missing = await post('/api/v1/actions/evolve', { prompt: 'no-such-prompt' }, headers);
    assert.equal(missing.status, 404);
    const started = await post(
      '/api/v1/actions/evolve',
      { prompt: 'ticket-triage', options: { generations: 1, population: 2, commit: false } },
      headers,
    );
    assert.equal(started.status, 200);
    const runId = (started.body as { output: { runId: string } }).output.runId;
    let status = '';
    for (let i = 0; i < 120 && status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const run = await fetch(new URL(`/api/v1/runs/${runId}`, server.url));
      if (run.status === 200) status = ((await run.json()) as { status: string }).status;
    }
    assert.equal(status, 'completed');
    for (let i = 0; i < 40; i++) {
      const log = await readFile(path.join(fx.dir, '.evohub', 'audit.jsonl'), 'utf8');
      if (log.includes('evolve-finished')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const log = await readFile(path.join(fx.dir, '.evohub', 'audit.jsonl'), 'utf8');
    assert.match(log, new RegExp(`"action":"evolve-finished","target":"${runId}","result":"ok"`));
  });

  test('path traversal in names, revisions, ids and static paths is refused', async () => {
    for (const p of [
      '/api/v1/prompts/..%2F..%2Fetc%2Fpasswd/revision',
      '/api/v1/prompts/ticket-triage/revision?rev=..%2F..%2Fetc',
      '/api/v1/prompts/ticket-triage/diff?a=1&b=HEAD..main',
      '/api/v1/prompts/%2Fetc%2Fpasswd/versions',
    ]) {
      const r = await fetch(new URL(p, server.url));
      assert.equal(r.status, 400, p);
    }
    for (const p of [
      '/%2e%2e/package.json',
      '/assets/vendor/..%2F..%2Fpackage.json',
      '/.evohub/serve-keys.json',
      '/..%2f.evohub%2fserve-keys.json',
    ]) {
      const r = await fetch(new URL(p, server.url));
      assert.equal(r.status, 404, p);
      assert.ok(!(await r.text()).includes('sha256'));
    }
  });

  test('a foreign Host header is refused (DNS rebinding)', async () => {
    const url = new URL('/api/v1/runs', server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { host: `attacker.example:${url.port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 403);
  });
});

describe('--auth', () => {
  test('every API read needs a valid key; the OpenAPI document stays open', async () => {
    const server = await serveFixture(fx.dir, { auth: true });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.equal((await api(server.url, 'GET', '/api/v1/runs', '/api/v1/runs')).status, 401);
      const wrong = await api(server.url, 'GET', '/api/v1/runs', '/api/v1/runs', {
        headers: bearer(`${readKey.slice(0, -2)}xx`),
      });
      assert.equal(wrong.status, 401);
      assert.equal(
        (await api(server.url, 'GET', '/api/v1/runs', '/api/v1/runs', { headers: bearer(readKey) })).status,
        200,
      );
      assert.equal(
        (await api(server.url, 'GET', '/api/v1/runs', '/api/v1/runs', { headers: bearer(writeKey) })).status,
        200,
      );
      assert.equal(
        (await api(server.url, 'GET', '/api/v1/openapi.json', '/api/v1/openapi.json')).status,
        200,
      );
    } finally {
      await server.close();
    }
  });

  test('a non-loopback host needs --auth, and --auth needs a key', async () => {
    const m = memoryContext(fx.dir, gitEnv);
    await assert.rejects(startServe(m.ctx, { host: '0.0.0.0', port: '0' }), /needs --auth/);
    const empty = await buildFixture({ evolve: false });
    try {
      await assert.rejects(
        startServe(memoryContext(empty.dir, gitEnv).ctx, { auth: true, port: '0' }),
        /at least one API key/,
      );
    } finally {
      empty.remove();
    }
  });
});
