import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { buildFixture, evohub, type Fixture, serveFixture } from './fixture.ts';

const REDIS = process.env.EVOHUB_TEST_REDIS ?? 'redis://127.0.0.1:6379';

let fx: Fixture;
let redis: Redis;
const runId = `live-${process.pid}-${Date.now()}`;
const key = `evohub-${runId}:progress`;

before(async () => {
  fx = await buildFixture({ evolve: false });
  redis = new Redis(REDIS, { maxRetriesPerRequest: 1 });
});
after(async () => {
  await redis?.del(key);
  redis?.disconnect();
  fx?.remove();
});

type SseEvent = { event: string; data: Record<string, unknown> };

/** Reads Server-Sent Events, calling `onEvent` after each, until it answers true. */
async function readEvents(url: string, onEvent: (events: SseEvent[]) => Promise<boolean>) {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  let stop = false;
  while (!stop) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let at = buffer.indexOf('\n\n');
    while (at >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) {
        events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        stop = await onEvent(events);
      }
      at = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

test('a running evolution streams its Redis progress, then done when the run finishes', async () => {
  const file = path.join(fx.dir, '.evohub', 'results.duckdb');
  const store = new DuckDbResultsStore(file, { mode: 'write' });
  const startedAt = new Date(Date.now() - 10_000).toISOString();
  const run = {
    id: runId,
    kind: 'evolve',
    promptName: 'ticket-triage',
    promptFile: 'prompts/ticket-triage.prompt.yml',
    provider: 'simulated/ticket-triage',
    simulated: true,
    startedAt,
    options: {
      generations: 4,
      objectives: [{ metric: 'exact-label', goal: 'maximize' }],
      budget: { maxUsd: 2 },
    },
  };
  await store.saveRun({ ...run, status: 'running' });
  await store.close();
  await redis.set(
    key,
    JSON.stringify({ generation: 1, evaluations: 40, costUsd: 0.01, bestFitness: 0.5, done: false }),
  );
  const server = await serveFixture(fx.dir, { redis: REDIS }, {}, 50);
  try {
    const url = new URL(`/api/v1/evolutions/${runId}/events`, server.url).href;
    // Each step waits for the stream to show the previous one: first record, an update, then the run's end.
    const events = await readEvents(url, async (got) => {
      const last = got[got.length - 1] as SseEvent;
      if (last.event === 'done') return true;
      if (got.length === 1) {
        await redis.set(
          key,
          JSON.stringify({ generation: 2, evaluations: 80, costUsd: 0.02, bestFitness: 0.6, done: false }),
        );
      } else if (last.data.generation === 2) {
        const finisher = new DuckDbResultsStore(file, { mode: 'write' });
        await finisher.saveRun({ ...run, status: 'completed', finishedAt: new Date().toISOString() });
        await finisher.close();
      }
      return false;
    });
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    const first = progress[0] as Record<string, unknown>;
    assert.equal(first.source, 'live');
    assert.equal(first.generation, 1);
    assert.equal(first.evaluations, 40);
    assert.equal(first.budgetUsd, 2);
    assert.equal(first.generations, 4);
    // 10 s for one generation of four: about 30 s left.
    assert.ok(
      typeof first.etaMs === 'number' && first.etaMs > 20_000 && first.etaMs < 40_000,
      String(first.etaMs),
    );
    assert.ok(
      progress.some((p) => p.generation === 2 && p.evaluations === 80),
      'the update arrived',
    );
    const done = events.find((e) => e.event === 'done')?.data as Record<string, unknown>;
    assert.equal(done.done, true);
    assert.equal(done.status, 'completed');
  } finally {
    await server.close();
  }
});

test('an evolution started from the dashboard streams its progress within each generation', async () => {
  const key = (
    JSON.parse(await evohub(fx.dir, ['serve', 'keys', 'create', '--scope', 'write', '--json'])) as {
      key: string;
    }
  ).key;
  const server = await serveFixture(fx.dir, {}, {}, 50);
  try {
    const started = await fetch(new URL('/api/v1/actions/evolve', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        prompt: 'ticket-triage',
        options: { generations: 2, population: 4, commit: false },
      }),
    });
    assert.equal(started.status, 200);
    const { runId: id } = ((await started.json()) as { output: { runId: string } }).output;
    const events = await readEvents(
      new URL(`/api/v1/evolutions/${id}/events`, server.url).href,
      async (got) => got.at(-1)?.event === 'done',
    );
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    const within = progress.filter((p) => p.inGeneration !== null);
    assert.ok(within.length > 0, 'updates within a generation');
    assert.ok(within.every((p) => p.source === 'live'));
    const done = events.at(-1)?.data as Record<string, unknown>;
    assert.equal(done.status, 'completed');
    assert.equal(done.generation, 2);
  } finally {
    await server.close();
  }
});
