import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../../server/openapi.ts';
import { api } from './contract.ts';
import { buildFixture, evohub, type Fixture, serveFixture } from './fixture.ts';

let fx: Fixture;
let server: Awaited<ReturnType<typeof serveFixture>>;

before(async () => {
  fx = await buildFixture();
  server = await serveFixture(fx.dir);
});
after(async () => {
  await server?.close();
  fx?.remove();
});

// biome-ignore lint/suspicious/noExplicitAny: each JSON answer is validated against the OpenAPI schema first.
type Body = Record<string, any>;
const get = async (template: string, path: string) => {
  const r = await api(server.url, 'GET', template, path);
  return r as { status: number; body: Body; headers: Headers };
};

describe('read API on the quick-start repository, every answer valid against the OpenAPI document', () => {
  test('the document is served and is OpenAPI 3.1', async () => {
    const { body } = await get('/api/v1/openapi.json', '/api/v1/openapi.json');
    assert.equal(body.openapi, '3.1.0');
    assert.deepEqual(Object.keys(body.paths).sort(), Object.keys(openApiDocument.paths).sort());
  });

  test('prompts: the list with environment pins, versions, a revision, a diff', async () => {
    const list = await get('/api/v1/prompts', '/api/v1/prompts');
    const p = list.body.prompts.find((x: Body) => x.name === 'ticket-triage');
    assert.equal(p.version, 1);
    assert.deepEqual(p.environments.production, { pin: 1, version: 1 });
    assert.deepEqual(list.body.environments, ['production', 'staging']);
    const versions = await get('/api/v1/prompts/{name}/versions', '/api/v1/prompts/ticket-triage/versions');
    assert.equal(versions.body.total, 1);
    assert.equal(versions.body.versions[0].version, 1);
    const rev = await get(
      '/api/v1/prompts/{name}/revision',
      `/api/v1/prompts/ticket-triage/revision?rev=${encodeURIComponent(fx.branch)}`,
    );
    assert.equal(rev.body.version, 2, 'the winner on its branch is version 2');
    const diff = await get(
      '/api/v1/prompts/{name}/diff',
      `/api/v1/prompts/ticket-triage/diff?a=1&b=${encodeURIComponent(fx.branch)}`,
    );
    assert.ok(diff.body.messages.length > 0 || diff.body.fields.length > 0, 'the evolved version differs');
    assert.match(diff.body.a.text, /Ticket triage/);
    const byPath = await get(
      '/api/v1/prompts/{name}/revision',
      `/api/v1/prompts/${encodeURIComponent('prompts/ticket-triage.prompt.yml')}/revision?rev=1`,
    );
    assert.equal(byPath.body.resolvedBy, 'version');
    const byEnv = await get(
      '/api/v1/prompts/{name}/revision',
      '/api/v1/prompts/ticket-triage/revision?rev=production',
    );
    assert.equal(byEnv.body.resolvedBy, 'environment');
    // The evolved version (on its branch) against every version in HEAD's history: its original, v1.
    const similar = await get(
      '/api/v1/prompts/{name}/similar',
      `/api/v1/prompts/ticket-triage/similar?rev=${encodeURIComponent(fx.branch)}&samePrompt=true&top=3`,
    );
    assert.equal(similar.body.query.version, 2);
    assert.deepEqual(
      similar.body.results.map((x: Body) => [x.name, x.version]),
      [['ticket-triage', 1]],
    );
    assert.ok(similar.body.results[0].similarity > 0 && similar.body.results[0].similarity <= 1);
  });

  test('lineage: the winner back to the human-written original', async () => {
    const { body } = await get(
      '/api/v1/prompts/{name}/lineage',
      `/api/v1/prompts/ticket-triage/lineage?rev=${encodeURIComponent(fx.branch)}`,
    );
    assert.ok(body.nodes.length >= 2);
    const original = body.nodes.find((n: Body) => n.parents.length === 0);
    assert.ok(original, 'reaches a node without parents');
    assert.ok(body.edges.some((e: Body) => e.from === original.hash));
  });

  test('runs: filters, one run, per-case rows, failed-only and search, compare', async () => {
    const all = await get('/api/v1/runs', '/api/v1/runs');
    assert.equal(all.body.total, 3);
    const evolves = await get('/api/v1/runs', '/api/v1/runs?kind=evolve&limit=1');
    assert.equal(evolves.body.total, 2);
    assert.equal(evolves.body.runs.length, 1);
    assert.equal(evolves.body.runs[0].summary.evolve, undefined, 'the list leaves out the evolve report');
    assert.ok(evolves.body.runs[0].summary.metrics.length > 0);
    const one = await get('/api/v1/runs/{id}', `/api/v1/runs/${fx.evalRun}`);
    assert.equal(one.body.kind, 'eval');
    const cases = await get('/api/v1/runs/{id}/cases', `/api/v1/runs/${fx.evalRun}/cases?limit=500`);
    assert.ok(cases.body.total > 10);
    assert.deepEqual(cases.body.metrics.includes('exact-label'), true);
    const failed = await get(
      '/api/v1/runs/{id}/cases',
      `/api/v1/runs/${fx.evalRun}/cases?failed=true&limit=500`,
    );
    assert.ok(failed.body.total > 0 && failed.body.total < cases.body.total);
    assert.ok(failed.body.cases.every((c: Body) => c.failed));
    const q = cases.body.cases[0].output as string;
    const searched = await get(
      '/api/v1/runs/{id}/cases',
      `/api/v1/runs/${fx.evalRun}/cases?q=${encodeURIComponent(q)}`,
    );
    assert.ok(
      searched.body.cases.every((c: Body) => JSON.stringify(c).toLowerCase().includes(q.toLowerCase())),
    );
    const evolveCases = await get('/api/v1/runs/{id}/cases', `/api/v1/runs/${fx.evolveRun}/cases`);
    assert.equal(evolveCases.body.source, `${fx.evolveRun}/held-out/winner`);
    assert.ok(evolveCases.body.total > 0);
    const cmp = await get('/api/v1/runs/compare', `/api/v1/runs/compare?a=${fx.evalRun}&b=${fx.evolveRun}`);
    assert.ok(cmp.body.summary['exact-label'].n > 0, 'the held-out cases are shared');
  });

  test('evolutions: report, candidates, MAP-Elites archive; the event stream of a finished run', async () => {
    const evo = await get('/api/v1/evolutions/{runId}', `/api/v1/evolutions/${fx.evolveRun}`);
    assert.equal(evo.body.history.length, 2);
    assert.ok(evo.body.report.front.length > 0);
    assert.ok(evo.body.candidates.length > 2);
    assert.equal(evo.body.archive, null);
    const me = await get('/api/v1/evolutions/{runId}', `/api/v1/evolutions/${fx.mapElitesRun}`);
    assert.deepEqual(me.body.archive.descriptors, ['length', 'fewShot']);
    assert.ok(me.body.archive.cells.length > 0);
    const events = await get(
      '/api/v1/evolutions/{runId}/events',
      `/api/v1/evolutions/${fx.evolveRun}/events`,
    );
    assert.match(events.headers.get('content-type') ?? '', /text\/event-stream/);
    const text = events.body as unknown as string;
    assert.match(text, /event: progress\ndata: \{.*"done":true/);
    assert.match(text, /event: done/);
  });

  test('candidates: a front member by full hash and by prefix; parents; unknown is 404', async () => {
    const evo = await get('/api/v1/evolutions/{runId}', `/api/v1/evolutions/${fx.evolveRun}`);
    const child = evo.body.candidates.find((c: Body) => c.parents.length > 0);
    const full = await get('/api/v1/candidates/{hash}', `/api/v1/candidates/${child.hash}`);
    assert.deepEqual(full.body.parents, child.parents);
    assert.ok(full.body.prompt, 'its prompt');
    assert.ok(Object.keys(full.body.scores).length > 0, 'its scores');
    assert.ok(full.body.runIds.includes(fx.evolveRun), 'the run that evaluated it');
    const prefix = await get('/api/v1/candidates/{hash}', `/api/v1/candidates/${child.hash.slice(0, 10)}`);
    assert.equal(prefix.body.hash, child.hash);
    const short = await get('/api/v1/candidates/{hash}', `/api/v1/candidates/${child.hash.slice(0, 5)}`);
    assert.equal(short.status, 400, 'fewer than 7 hex digits');
    const missing = await get('/api/v1/candidates/{hash}', '/api/v1/candidates/0000000000000000');
    assert.equal(missing.status, 404);
  });

  test('canary decisions, ab analyze, audit, info', async () => {
    const d = await get('/api/v1/canary/decisions', '/api/v1/canary/decisions?rollout=ticket-triage');
    assert.deepEqual(
      d.body.decisions.map((x: Body) => x.decision),
      ['continue', 'promote'],
    );
    assert.deepEqual(d.body.rollouts, ['ticket-triage']);
    const doc = await readFile(new URL('../../docs/ab/checkout.json', import.meta.url), 'utf8');
    const ab = await api(server.url, 'POST', '/api/v1/ab/analyze', '/api/v1/ab/analyze', {
      headers: { 'content-type': 'application/json' },
      body: doc,
    });
    assert.equal(ab.status, 200);
    const cli = JSON.parse(
      await evohub(fx.dir, [
        'ab',
        'analyze',
        fileURLToPath(new URL('../../docs/ab/checkout.json', import.meta.url)),
        '--json',
      ]),
    );
    assert.deepEqual(ab.body, cli, 'the same report as `evohub ab analyze --json`');
    const broken = await api(server.url, 'POST', '/api/v1/ab/analyze', '/api/v1/ab/analyze', {
      headers: { 'content-type': 'application/json' },
      body: '{"variants": ',
    });
    assert.equal(broken.status, 400);
    const audit = await get('/api/v1/audit', '/api/v1/audit');
    assert.deepEqual(audit.body.entries, []);
    const info = await get('/api/v1/info', '/api/v1/info');
    assert.equal(info.body.auth, false);
  });

  test('unknown runs and prompts are 404 with a message; bad parameters 400', async () => {
    const run = await get('/api/v1/runs/{id}', '/api/v1/runs/nope');
    assert.equal(run.status, 404);
    assert.match(run.body.error.message, /no run "nope"/);
    const prompt = await get('/api/v1/prompts/{name}/revision', '/api/v1/prompts/nope/revision');
    assert.equal(prompt.status, 404);
    const limit = await get('/api/v1/runs', '/api/v1/runs?limit=-1');
    assert.equal(limit.status, 400);
    assert.equal(limit.body.error.field, 'limit');
  });
});

describe('write actions answer in the documented shapes', () => {
  test('propose: the committed winner becomes a local proposal; a run without one is a failed check (422)', async () => {
    const key = (
      JSON.parse(await evohub(fx.dir, ['serve', 'keys', 'create', '--scope', 'write', '--json'])) as {
        key: string;
      }
    ).key;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const post = (body: unknown) =>
      api(server.url, 'POST', '/api/v1/actions/propose', '/api/v1/actions/propose', {
        headers,
        body: JSON.stringify(body),
      });
    const ok = (await post({ run: fx.evolveRun })) as { status: number; body: Body };
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.output.proposed, true);
    assert.equal(ok.body.output.forge, 'local');
    const none = await post({ run: fx.mapElitesRun });
    assert.equal(none.status, 422);
    const audit = await get('/api/v1/audit', '/api/v1/audit');
    assert.deepEqual(
      audit.body.entries.map((e: Body) => [e.action, e.result]),
      [
        ['propose', 'error'],
        ['propose', 'ok'],
      ],
    );
  });
});
