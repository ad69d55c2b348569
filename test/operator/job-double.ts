/**
 * TEST DOUBLE for the Job containers only (`evohub evolve --distributed` and `evohub worker`), run by the
 * kubelet harness while the real distributed coordinator is not available: it takes the same arguments and
 * talks to the real Redis under the run's prefix the way the real commands do, in miniature:
 *
 *   evolve …: per generation pushes N job ids to `<prefix>:evaluations:wait` (the BullMQ wait list the operator
 *             measures), waits until workers have drained it, writes `<prefix>:progress` (generation,
 *             evaluations, cost, best); resumes from the progress it finds (same --run-id); at the end writes
 *             the pull-request URL (a local proposal record: `<repo-url>/pull/<n>`) and `done: true`.
 *             While `<prefix>:double:hold` exists it does not finish (tests use it to act mid-run).
 *   worker …: moves ids from wait to active, "evaluates" them, removes them; exits 0 on SIGTERM.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const redis = new Redis(flag(args, '--redis') ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const prefix = flag(args, '--queue-prefix') ?? 'evohub';
const wait = `${prefix}:evaluations:wait`;
const active = `${prefix}:evaluations:active`;
let stopping = false;
// A worker finishes its item and exits 0 on SIGTERM (as `evohub worker` does); the coordinator just dies.
if (args[0] === 'worker') {
  process.on('SIGTERM', () => {
    stopping = true;
  });
}

async function coordinator(): Promise<void> {
  const runId = flag(args, '--run-id') ?? 'run';
  const generations = Number(flag(args, '--generations') ?? '2');
  const perGeneration = Number(process.env.EVOHUB_DOUBLE_ITEMS ?? '6');
  const previous = JSON.parse((await redis.get(`${prefix}:progress`)) ?? '{}') as { generation?: number };
  for (let g = previous.generation ?? 0; g < generations; g++) {
    const ids = Array.from({ length: perGeneration }, (_, i) => `${runId}-g${g}-${i}`);
    await redis.lpush(wait, ...ids);
    while ((await redis.llen(wait)) + (await redis.llen(active)) > 0) await delay(50);
    const evaluations = (g + 1) * perGeneration;
    await redis.set(
      `${prefix}:progress`,
      JSON.stringify({
        generation: g + 1,
        evaluations,
        costUsd: evaluations * 0.001,
        bestFitness: 0.5 + g / 10,
      }),
    );
  }
  while ((await redis.exists(`${prefix}:double:hold`)) === 1) await delay(100);
  const progress = JSON.parse((await redis.get(`${prefix}:progress`)) ?? '{}') as Record<string, unknown>;
  const repo = (process.env.EVOHUB_REPOSITORY_URL ?? 'https://forge.local/repo.git').replace(/\.git$/, '');
  await redis.set(
    `${prefix}:progress`,
    JSON.stringify({ ...progress, pullRequestUrl: `${repo}/pull/1`, done: true }),
  );
  process.stdout.write(`${JSON.stringify({ runId, ...progress })}\n`);
}

async function worker(): Promise<void> {
  while (!stopping) {
    const id = await redis.rpoplpush(wait, active);
    if (!id) {
      await delay(50);
      continue;
    }
    await delay(10);
    await redis.lrem(active, 1, id);
  }
}

try {
  if (args[0] === 'evolve') await coordinator();
  else if (args[0] === 'worker') await worker();
  else throw new Error(`job-double: unknown command ${args[0]}`);
} finally {
  redis.disconnect();
}
