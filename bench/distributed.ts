/**
 * Distributed evaluation throughput: evaluations/minute with 1 and 2 `evohub worker` processes against a local
 * OpenAI-compatible server (own process) answering after 1 s, and the queue overhead per job against a server
 * answering at once. Uses the shared Redis at 127.0.0.1:6379 under a unique prefix (removed afterwards).
 * Prints one JSON line.
 *   npx node bench/distributed.ts [--cases 12000] [--batch 50] [--jobs-per-worker 12] [--overhead-jobs 300]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PlannedCase } from '../core/evaluation/plan.ts';
import { createModelCaller } from '../evaluator/model-caller.ts';
import { createProvider } from '../evaluator/providers/registry.ts';
import { type DistributedEvaluationRequest, openQueueEvaluator } from '../evaluator/queue/queue-evaluator.ts';
import { deleteKeys, openRedis } from '../evaluator/redis/connection.ts';
import { createRedisOutage } from '../evaluator/redis/outage.ts';

const { values } = parseArgs({
  options: {
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    cases: { type: 'string', default: '12000' },
    batch: { type: 'string', default: '50' },
    'jobs-per-worker': { type: 'string', default: '12' },
    'overhead-jobs': { type: 'string', default: '300' },
    'skip-throughput': { type: 'boolean', default: false },
  },
});
const redisUrl = values.redis;
const cases = Number(values.cases);
const batch = Number(values.batch);
const jobsPerWorker = Number(values['jobs-per-worker']);
const overheadJobs = Number(values['overhead-jobs']);
const root = fileURLToPath(new URL('../', import.meta.url));
const prefix = `evohub-bench-${randomUUID().slice(0, 8)}`;
const children: ChildProcess[] = [];

/** CPU seconds a child process used so far (Linux /proc; 0 elsewhere): names the bottleneck. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    // No /proc (not Linux) or the process is gone: 0, as documented.
    return 0;
  }
}

let serverPid: number | undefined;
async function startServer(delayMs: number): Promise<string> {
  const child = spawn(process.execPath, [`${root}bench/support/openai-server-process.ts`, String(delayMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  serverPid = child.pid;
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return (JSON.parse(line) as { baseUrl: string }).baseUrl;
}

async function startWorkers(n: number, concurrency: number): Promise<ChildProcess[]> {
  const started = Array.from({ length: n }, () => {
    const child = spawn(
      process.execPath,
      [
        `${root}cli/bin.ts`,
        'worker',
        '--redis',
        redisUrl,
        '--queue-prefix',
        prefix,
        '--concurrency',
        String(concurrency),
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(child);
    return child;
  });
  return started;
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.kill('SIGTERM');
        }),
    ),
  );
}

function plan(n: number, tag: string): PlannedCase[] {
  return Array.from({ length: n }, (_, i) => ({
    caseIndex: i,
    caseId: `${tag}-${i}`,
    repeat: 0,
    seed: 0,
    row: { q: `${tag} ticket ${i}: I was charged twice`, expected: 'billing' },
  }));
}

function request(runId: string, baseUrl: string, p: PlannedCase[], batchSize: number, concurrency: number) {
  return {
    runId,
    prompt: {
      file: 'bench.prompt.yml',
      hash: 'bench',
      data: {
        messages: [
          { role: 'system' as const, content: 'Classify the ticket. Respond with only the label.' },
          { role: 'user' as const, content: '{{q}}' },
        ],
        modelParameters: { maxTokens: 10, temperature: 0 },
        evaluators: [{ name: 'label', string: { equals: '{{expected}}' } }],
      },
    },
    providerRef: 'bench/model',
    providers: { bench: { type: 'openai', baseUrl, timeoutMs: 60_000, maxRetries: 2 } },
    plan: p,
    batchSize,
    concurrency,
  } satisfies DistributedEvaluationRequest;
}

const redis = openRedis(
  redisUrl,
  createRedisOutage(redisUrl, (e) => process.stderr.write(`${e.message}\n`)),
);
const qe = await openQueueEvaluator({ redisUrl, prefix });
try {
  const slowUrl = await startServer(1000);
  const throughput: Record<string, number> = {};
  const cpuShare: Record<string, Record<string, number>> = {};
  for (const n of values['skip-throughput'] ? [] : [1, 2]) {
    const workers = await startWorkers(n, jobsPerWorker);
    // Warm-up (connections, JIT), then a fresh run of distinct cases (no cache hits).
    await qe.evaluate(
      request(`warm-${n}`, slowUrl, plan(batch * jobsPerWorker * n, `warm${n}`), batch, batch),
    );
    const cpu0 = {
      workers: workers.map((w) => cpuSeconds(w.pid)),
      server: cpuSeconds(serverPid),
      self: process.cpuUsage(),
    };
    const t0 = performance.now();
    const result = await qe.evaluate(request(`run-${n}`, slowUrl, plan(cases, `run${n}`), batch, batch));
    const ms = performance.now() - t0;
    const self = process.cpuUsage(cpu0.self);
    // Cores busy on average during the run, per process kind (2 would saturate this 2-CPU machine).
    cpuShare[`workers${n}`] = {
      workers: Number(
        (
          workers.reduce((s, w, i) => s + cpuSeconds(w.pid) - (cpu0.workers[i] ?? 0), 0) /
          (ms / 1000)
        ).toFixed(2),
      ),
      server: Number(((cpuSeconds(serverPid) - cpu0.server) / (ms / 1000)).toFixed(2)),
      coordinator: Number(((self.user + self.system) / 1e6 / (ms / 1000)).toFixed(2)),
    };
    if (result.records.some((r) => r.error || r.cached))
      throw new Error('bench run had errors or cache hits');
    throughput[`workers${n}`] = Math.round((result.records.length / ms) * 60_000);
    await stopWorkers(workers);
  }

  const fastUrl = await startServer(0);
  // Direct: the same call through the model caller in this process, one at a time.
  const provider = await createProvider('bench/model', {
    providers: { bench: { type: 'openai', baseUrl: fastUrl } },
    env: {},
    baseDir: root,
  });
  const caller = createModelCaller({ provider });
  const direct = async (i: number) =>
    caller.call({
      model: 'model',
      messages: [{ role: 'user', content: `direct ${i}` }],
      parameters: { maxTokens: 10, temperature: 0 },
    });
  for (let i = 0; i < 50; i++) await direct(-i - 1);
  let t = performance.now();
  for (let i = 0; i < overheadJobs; i++) await direct(i);
  const directMs = (performance.now() - t) / overheadJobs;
  // Queued: one-case jobs, one at a time, one worker.
  const [w] = await startWorkers(1, 1);
  for (let i = 0; i < 20; i++) await qe.evaluate(request(`ow-${i}`, fastUrl, plan(1, `ow${i}`), 1, 1));
  t = performance.now();
  for (let i = 0; i < overheadJobs; i++)
    await qe.evaluate(request(`o-${i}`, fastUrl, plan(1, `o${i}`), 1, 1));
  const jobMs = (performance.now() - t) / overheadJobs;
  await stopWorkers([w as ChildProcess]);

  process.stdout.write(
    `${JSON.stringify({
      bench: 'distributed',
      cases,
      batchSize: batch,
      jobsPerWorker,
      inFlightPerWorker: batch * jobsPerWorker,
      serverDelayMs: 1000,
      evaluationsPerMinute1Worker: throughput.workers1,
      evaluationsPerMinute2Workers: throughput.workers2,
      coresBusy: cpuShare,
      goal2Workers: 30_000,
      overheadJobs,
      directCallMs: Number(directMs.toFixed(3)),
      queuedJobMs: Number(jobMs.toFixed(3)),
      queueOverheadPerJobMs: Number((jobMs - directMs).toFixed(3)),
      cpus: cpus().length,
    })}\n`,
  );
} finally {
  await qe.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
