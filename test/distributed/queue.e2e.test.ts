/**
 * Distributed evaluation with real `evohub worker` processes, a real coordinator process and the real Redis
 * (a key prefix per test, removed afterwards). Providers are a local OpenAI-compatible server counting calls.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import { planCases } from '../../core/evaluation/plan.ts';
import type { DatasetRow, PromptFile } from '../../core/prompt/types.ts';
import { responseCacheKey } from '../../evaluator/cache/response-cache.ts';
import { createModelCaller } from '../../evaluator/model-caller.ts';
import { createProvider } from '../../evaluator/providers/registry.ts';
import { distributedRunEvaluation } from '../../evaluator/queue/distributed-run-evaluation.ts';
import { openQueueEvaluator } from '../../evaluator/queue/queue-evaluator.ts';
import { evaluatePrompt } from '../../evaluator/run/evaluate-prompt.ts';
import { runEvaluation } from '../../evaluator/run-evaluation.ts';
import { buildScorers } from '../../evaluator/scorers/registry.ts';
import { startOpenAiServer } from '../servers/openai-compatible-server.ts';
import {
  casesOf,
  cleanup,
  killAndWait,
  metricsPortOf,
  REDIS_URL,
  ROOT,
  requestFor,
  type Spawned,
  sample,
  spawnNode,
  startWorkerProcess,
  uniquePrefix,
  waitFor,
} from './helpers.ts';

let redis: Redis;
const prefixes: string[] = [];
const children: Spawned[] = [];
const newPrefix = (label: string) => {
  const p = uniquePrefix(label);
  prefixes.push(p);
  return p;
};
const worker = async (prefix: string, extra: string[] = [], env: Record<string, string> = {}) => {
  const w = await startWorkerProcess(REDIS_URL, prefix, extra, env);
  children.push(w);
  return w;
};

/** The server's view: which request contents were received and which were answered (billed), and when. */
function countingServer(delayMs: number, staggerMs = 0) {
  const received: string[] = [];
  const answered: string[] = [];
  const keyOf = (body: unknown) => {
    const b = body as { messages?: { content?: unknown }[]; seed?: number };
    return `${JSON.stringify(b.messages?.map((m) => m.content))}#${b.seed ?? ''}`;
  };
  return {
    received,
    answered,
    start: () =>
      startOpenAiServer({
        delayMs,
        record: false,
        script: (n, body) => {
          received.push(keyOf(body));
          // Staggered answers: within a job some calls are answered while others are still in flight.
          return { type: 'success', delayMs: (n % 5) * staggerMs };
        },
        respond: (body) => {
          answered.push(keyOf(body));
          return 'ok';
        },
      }),
  };
}

before(() => {
  redis = new Redis(REDIS_URL);
});
after(async () => {
  await Promise.all(children.map((c) => killAndWait(c)));
  for (const p of prefixes) await cleanup(redis, p);
  redis.disconnect();
});

describe('distributed evaluation (real processes, real Redis)', () => {
  it('gives the same results as the embedded mode for the same seed', async () => {
    const prefix = newPrefix('same');
    await worker(prefix);
    await worker(prefix);
    const dir = `${ROOT}templates/classification/`;
    const data = parse(readFileSync(`${dir}prompts/ticket-triage.prompt.yml`, 'utf8')) as PromptFile;
    const rows = readFileSync(`${dir}datasets/ticket-triage.jsonl`, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as DatasetRow);
    const settings = { seed: 5, sample: 40, repeat: 2 };
    const embedded = await evaluatePrompt(
      { file: 'prompts/ticket-triage.prompt.yml', name: 'ticket-triage', data },
      rows,
      { baseDir: dir, env: {} },
      settings,
    );
    const qe = await openQueueEvaluator({ redisUrl: REDIS_URL, prefix });
    try {
      const result = await qe.evaluate({
        runId: 'same-seed',
        prompt: { file: 'prompts/ticket-triage.prompt.yml', hash: embedded.prompt.hash, data },
        providerRef: 'simulated/ticket-triage',
        plan: planCases(rows, settings),
        batchSize: 7,
      });
      const view = (rs: typeof result.records) =>
        rs
          .map((r) => ({ c: r.caseId, r: r.repeat, o: r.output, m: r.metrics, p: r.passes, e: r.error }))
          .sort((x, y) => x.c.localeCompare(y.c) || x.r - y.r);
      assert.equal(result.records.length, 80);
      assert.deepEqual(view(result.records), view(embedded.records));
      assert.ok(
        result.records.some((r) => r.metrics['exact-label'] === 0),
        'a mix of passes and failures',
      );
    } finally {
      await qe.close();
    }
  });

  it('distributedRunEvaluation is a drop-in for runEvaluation (records, events)', async () => {
    const prefix = newPrefix('dropin');
    await worker(prefix);
    const provider = await createProvider('simulated/ticket-triage', { env: {}, baseDir: ROOT });
    const data: PromptFile = {
      messages: [
        { role: 'system', content: 'Label the ticket: billing, bug, feature_request, account or other.' },
        { role: 'user', content: '{{ticket}}' },
      ],
      evaluators: [{ name: 'exact-label', string: { equals: '{{expected}}' } }],
    };
    const rows: DatasetRow[] = [
      { id: 'a', ticket: 'I was charged twice this month', expected: 'billing' },
      { id: 'b', ticket: 'The app crashes when I upload a file', expected: 'bug' },
      { id: 'c', ticket: 'Please add dark mode', expected: 'feature_request' },
    ];
    const base = {
      runId: 'dropin',
      prompt: { file: 'p.prompt.yml', data, hash: 'h' },
      plan: planCases(rows, { repeat: 2 }),
      caller: createModelCaller({ provider }),
      model: 'ticket-triage',
      scorers: buildScorers({ file: 'p.prompt.yml', prompt: data, rows }),
      concurrency: 4,
    };
    const embedded = await runEvaluation(base);
    const qe = await openQueueEvaluator({ redisUrl: REDIS_URL, prefix });
    try {
      const events: string[] = [];
      const distributed = await distributedRunEvaluation(qe, { batchSize: 2 })({
        ...base,
        onEvent: (e) => events.push(e.type),
      });
      const view = (rs: typeof embedded.records) =>
        rs
          .map((r) => [r.caseId, r.repeat, r.output, r.metrics])
          .sort((x, y) => String(x).localeCompare(String(y)));
      assert.deepEqual(view(distributed.records), view(embedded.records));
      assert.deepEqual(
        distributed.records.map((r) => r.seq),
        [0, 1, 2, 3, 4, 5],
      );
      assert.equal(events.filter((t) => t === 'evaluation-scored').length, 6);
    } finally {
      await qe.close();
    }
  });

  it('rate limits are shared: calls on both workers draw from one bucket in Redis', async () => {
    const prefix = newPrefix('rate');
    const counting = countingServer(200);
    const server = await counting.start();
    // One job at a time each: the second worker surely takes some.
    const workersUsed = [
      await worker(prefix, ['--concurrency', '1']),
      await worker(prefix, ['--concurrency', '1']),
    ];
    const qe = await openQueueEvaluator({ redisUrl: REDIS_URL, prefix });
    try {
      const providers = {
        local: { type: 'openai', baseUrl: server.baseUrl, maxRetries: 0, requestsPerMinute: 60 },
      };
      const t0 = Date.now();
      const result = await qe.evaluate(
        requestFor('rate', server.baseUrl, casesOf(30), { providers, batchSize: 3, concurrency: 3 }),
      );
      const refill = (Date.now() - t0) / 1000 + 1;
      assert.equal(result.records.length, 30);
      for (const w of workersUsed)
        assert.match(w.output(), /"msg":"job completed"/, 'both workers took jobs');
      // 60 per minute, a minute's burst: 30 calls from two processes took 30 from the one shared bucket
      // (it refills by one a second meanwhile).
      const level = Number(await redis.hget(`${prefix}:rate:local/test-model:requests`, 'level'));
      assert.ok(level >= 29 && level <= 30 + refill, `bucket level ${level}`);
    } finally {
      await qe.close();
      await server.close();
    }
  });

  it('kill -9 of a worker mid-job: another worker retries the job; nothing lost, no answer paid twice', async () => {
    const prefix = newPrefix('kill-worker');
    const counting = countingServer(100, 400);
    const server = await counting.start();
    const victim = await worker(prefix, ['--concurrency', '1']);
    const qe = await openQueueEvaluator({ redisUrl: REDIS_URL, prefix });
    try {
      // [issue 15 item 5] The workers record every paid call in the run's ledger as it is paid.
      const request = { ...requestFor('kill-worker', server.baseUrl, casesOf(20)), ledger: 'kill-worker' };
      const done = qe.evaluate(request);
      // The shared cache entry each case's answer gets (the request the evaluation builds for it).
      const cacheKeyOf = (i: number) =>
        `${prefix}:cache:${responseCacheKey('local/test-model', {
          model: 'test-model',
          messages: [{ role: 'user', content: `Answer question ${i}` }],
          parameters: {},
          seed: 0,
        })}`;
      const cachedCases = async () => {
        const out: number[] = [];
        for (let i = 0; i < 20; i++) if (await redis.exists(cacheKeyOf(i))) out.push(i);
        return out;
      };
      // Mid-job: some of the first job's answers are received and stored, others are in flight.
      await waitFor('answers in the shared cache', async () => (await cachedCases()).length >= 2, 60_000);
      assert.equal(await killAndWait(victim), 'SIGKILL');
      const cachedAtKill = await cachedCases();
      const receivedAtKill = counting.received.length;
      const rescuer = await worker(prefix);
      const result = await done;
      assert.equal(result.records.length, 20);
      assert.deepEqual(
        result.records.map((r) => [r.caseId, r.output, r.error]),
        casesOf(20).map((c) => [c.caseId, 'ok', undefined]),
      );
      assert.equal((await cachedCases()).length, 20);
      const requestsFor = (i: number) =>
        counting.received.filter((k) => k.includes(`"Answer question ${i}"`)).length;
      // An answer the dead worker had received is never requested (paid) again...
      for (const i of cachedAtKill) assert.equal(requestsFor(i), 1, `case ${i} was requested again`);
      // ...only calls still in flight when it died are sent again.
      assert.ok(
        counting.received.length - 20 <= receivedAtKill - cachedAtKill.length,
        `${counting.received.length} requests; ${receivedAtKill} received and ${cachedAtKill.length} stored at the kill`,
      );
      // The killed job was taken over: started by the victim, never finished there, completed by the other.
      const jobsIn = (w: Spawned, msg: string) =>
        new Set(
          w
            .output()
            .split('\n')
            .filter((l) => l.includes(`"msg":"${msg}"`))
            .map((l) => (JSON.parse(l) as { jobId: string }).jobId),
        );
      const orphaned = [...jobsIn(victim, 'job started')].filter(
        (id) => !jobsIn(victim, 'job completed').has(id),
      );
      assert.equal(orphaned.length, 1);
      assert.ok(jobsIn(rescuer, 'job completed').has(orphaned[0] as string));
      // Its answers received before the kill came from the shared cache the second time.
      const jobOfCase = (i: number) => qe.specsOf(request)[Math.floor(i / 5)]?.id;
      for (const i of cachedAtKill) {
        if (jobOfCase(i) === orphaned[0]) assert.equal(result.records[i]?.cached, true, `case ${i}`);
      }
      // So the records call those answers cached, yet each was paid once: the ledger counts every paid call once.
      assert.equal((await qe.ledger('kill-worker').totals()).calls, 20);
      const paidPerRecords = result.records.filter((r) => !r.cached).length;
      assert.ok(paidPerRecords <= 20);
    } finally {
      await qe.close();
      await server.close();
    }
  });

  it('kill -9 of the coordinator: --resume picks up the run and its queue without redoing finished jobs', async () => {
    const prefix = newPrefix('kill-coord');
    const counting = countingServer(150);
    const server = await counting.start();
    await worker(prefix, ['--concurrency', '1']);
    try {
      const request = requestFor('kill-coord', server.baseUrl, casesOf(30));
      const first = spawnNode([
        'test/distributed/fixtures/coordinator.ts',
        REDIS_URL,
        prefix,
        JSON.stringify(request),
      ]);
      children.push(first);
      await waitFor('a finished job', () => first.output().includes('"jobDone"'), 60_000);
      assert.equal(await killAndWait(first), 'SIGKILL');
      const second = spawnNode([
        'test/distributed/fixtures/coordinator.ts',
        REDIS_URL,
        prefix,
        '--resume',
        'kill-coord',
      ]);
      children.push(second);
      assert.equal(await second.exited, 0, second.output());
      const line = second
        .output()
        .split('\n')
        .find((l) => l.startsWith('{"result"'));
      const { result } = JSON.parse(line as string) as {
        result: { records: { caseId: string; seq: number }[]; jobs: number };
      };
      assert.equal(result.jobs, 6);
      assert.deepEqual(
        result.records.map((r) => r.caseId),
        casesOf(30).map((c) => c.caseId),
      );
      assert.equal(counting.received.length, 30, 'each case requested once: no job was submitted twice');
    } finally {
      await server.close();
    }
  });

  it('SIGTERM: a worker finishes its jobs in flight and exits 0', async () => {
    const prefix = newPrefix('sigterm');
    const counting = countingServer(800);
    const server = await counting.start();
    const w = await worker(prefix);
    const qe = await openQueueEvaluator({ redisUrl: REDIS_URL, prefix });
    try {
      const done = qe.evaluate(requestFor('sigterm', server.baseUrl, casesOf(5)));
      await waitFor('a call in flight', () => counting.received.length >= 1);
      assert.equal(counting.answered.length, 0);
      w.child.kill('SIGTERM');
      assert.equal(await w.exited, 0, w.output());
      assert.match(w.output(), /"msg":"closed"/);
      const result = await done;
      assert.equal(result.records.length, 5);
      assert.ok(result.records.every((r) => r.output === 'ok' && !r.error));
      assert.equal(counting.received.length, 5);
    } finally {
      await qe.close();
      await server.close();
    }
  });

  it('exposes /healthz and /metrics whose counters move; logs are JSON with run and job ids, no secrets', async () => {
    const prefix = newPrefix('metrics');
    const counting = countingServer(0);
    const server = await counting.start();
    const secret = 'sk-test-5ecret-never-logged';
    const w = await worker(prefix, ['--metrics-port', '0'], { LOCAL_TEST_KEY: secret });
    const port = metricsPortOf(w);
    const qe = await openQueueEvaluator({ redisUrl: REDIS_URL, prefix });
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      const before = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.equal(sample(before, 'evohub_evaluations_total'), 0);
      const providers = {
        local: { type: 'openai', baseUrl: server.baseUrl, apiKeyEnv: 'LOCAL_TEST_KEY', maxRetries: 0 },
      };
      await qe.evaluate(requestFor('metrics-1', server.baseUrl, casesOf(10), { providers }));
      await qe.evaluate(requestFor('metrics-2', server.baseUrl, casesOf(10), { providers }));
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.equal(sample(text, 'evohub_evaluations_total', 'status="ok"'), 20);
      assert.equal(sample(text, 'evohub_cache_hits_total'), 10);
      assert.equal(sample(text, 'evohub_provider_requests_total'), 10);
      assert.equal(sample(text, 'evohub_jobs_total', 'status="completed"'), 4);
      assert.equal(sample(text, 'evohub_evaluation_latency_seconds_count'), 10);
      assert.match(text, /evohub_queue_depth\{state="completed"[^}]*\} 4/);
      const logs = w
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{"level"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const jobLogs = logs.filter((l) => l.msg === 'job completed');
      assert.equal(jobLogs.length, 4);
      assert.ok(jobLogs.every((l) => typeof l.runId === 'string' && String(l.jobId).startsWith('ev-')));
      assert.ok(!w.output().includes(secret), 'the API key must never reach the logs');
    } finally {
      await qe.close();
      await server.close();
    }
  });
});
