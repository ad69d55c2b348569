/**
 * `evohub evolve --distributed`: the coordinator puts the evaluations on the queue, real `evohub worker`
 * processes run them; for the same seed the report equals the embedded mode's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { Redis } from 'ioredis';
import { commitTemplateCopy } from '../../adapters/git/testing.ts';
import { memoryContext } from '../../cli/context.ts';
import { runCli } from '../../cli/main.ts';
import {
  cleanup,
  killAndWait,
  REDIS_URL,
  ROOT,
  type Spawned,
  spawnNode,
  startWorkerProcess,
  uniquePrefix,
  waitFor,
} from './helpers.ts';

const dirs: string[] = [];
const workers: Spawned[] = [];
const prefix = uniquePrefix('evolve');
// Its own prefix (and so its own cache): answers cached by the other tests would not touch the budget.
const budgetPrefix = uniquePrefix('evolve-budget');
// Its own prefix too: the paid calls it counts are those of a cold shared cache, as in the uninterrupted run.
const killPrefix = uniquePrefix('evolve-kill');

after(async () => {
  await Promise.all(workers.map((w) => killAndWait(w)));
  const redis = new Redis(REDIS_URL);
  await cleanup(redis, prefix);
  await cleanup(redis, budgetPrefix);
  await cleanup(redis, killPrefix);
  redis.disconnect();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e.st',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e.st',
};

function templateRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-distributed-'));
  dirs.push(dir);
  commitTemplateCopy(join(ROOT, 'templates/classification'), dir);
  return dir;
}

const EVOLVE_ARGS = ['--population', '4', '--seed', '3'];
const OUTPUT_ARGS = ['--no-commit', '--json'];

async function evolve(
  dir: string,
  extra: string[],
  args = ['evolve', 'ticket-triage', '--generations', '2', ...EVOLVE_ARGS],
) {
  const m = memoryContext(dir, { ...gitEnv, HOME: dir });
  const code = await runCli([...args, ...OUTPUT_ARGS, ...extra], m.ctx);
  assert.equal(code, 0, m.stderr());
  return JSON.parse(m.stdout()) as Record<string, unknown>;
}

it('evolve --distributed gives the embedded mode result for the same seed', async () => {
  workers.push(await startWorkerProcess(REDIS_URL, prefix, [], {}));
  workers.push(await startWorkerProcess(REDIS_URL, prefix, [], {}));
  const embedded = await evolve(templateRepo(), []);
  const distributed = await evolve(templateRepo(), [
    '--distributed',
    '--redis',
    REDIS_URL,
    '--queue-prefix',
    prefix,
  ]);
  const view = (j: Record<string, unknown>) => ({ ...j, runId: undefined });
  assert.deepEqual(view(distributed), view(embedded));
  const evaluations = embedded.evaluations as { run: number; paidCalls: number };
  assert.ok(evaluations.run > 50 && evaluations.paidCalls > 0, JSON.stringify(evaluations));
  const jobsDone = workers.map((w) => (w.output().match(/"msg":"job completed"/g) ?? []).length);
  assert.ok(jobsDone.reduce((a, b) => a + b, 0) > 0, 'the evaluations ran on the workers');
});

it('a tight budget stops the distributed run exactly where the embedded one stops', async () => {
  workers.push(await startWorkerProcess(REDIS_URL, budgetPrefix, [], {}));
  const args = ['evolve', 'ticket-triage', '--generations', '4', ...EVOLVE_ARGS, '--budget-evals', '200'];
  const embedded = await evolve(templateRepo(), [], args);
  const distributed = await evolve(
    templateRepo(),
    ['--distributed', '--redis', REDIS_URL, '--queue-prefix', budgetPrefix],
    args,
  );
  assert.equal(embedded.status, 'stopped');
  // The interrupted generation's paid calls are counted: as many on both, but which cases won the last budget
  // slots depends on how the workers scheduled their jobs, so the cost may differ by those calls' share only.
  assert.deepEqual(
    { ...distributed, runId: undefined, costUsd: undefined },
    { ...embedded, runId: undefined, costUsd: undefined },
  );
  const counted = embedded.evaluations as { paidCalls: number; interrupted?: number };
  const perCall = (embedded.costUsd as number) / counted.paidCalls;
  assert.ok(
    Math.abs((distributed.costUsd as number) - (embedded.costUsd as number)) <=
      2 * perCall * (counted.interrupted ?? 0),
    `cost ${distributed.costUsd} vs ${embedded.costUsd}`,
  );
  const evaluations = distributed.evaluations as { paidCalls: number };
  assert.ok(evaluations.paidCalls <= 200, `paid ${evaluations.paidCalls} with a budget of 200`);
});

it('kill -9 of the coordinator: evolve --resume --distributed finishes the run as if uninterrupted', async () => {
  workers.push(await startWorkerProcess(REDIS_URL, killPrefix, [], {}));
  const distributed = ['--distributed', '--redis', REDIS_URL, '--queue-prefix', killPrefix];
  const dir = templateRepo();
  const first = spawnNode(
    [
      join(ROOT, 'cli/bin.ts'),
      'evolve',
      'ticket-triage',
      '--generations',
      '4',
      ...EVOLVE_ARGS,
      ...OUTPUT_ARGS,
      ...distributed,
    ],
    { ...gitEnv, HOME: dir } as Record<string, string>,
    dir,
  );
  // A generation is checkpointed: the coordinator dies in the middle of the run.
  const runId = await waitFor(
    'a finished generation',
    () => first.output().includes('gen 1/4') && / — run (\S+),/.exec(first.output())?.[1],
    60_000,
  );
  assert.equal(await killAndWait(first), 'SIGKILL', first.output());
  const resumed = await evolve(dir, distributed, ['evolve', '--resume', String(runId)]);
  assert.equal(resumed.resumed, true);
  const uninterrupted = await evolve(
    templateRepo(),
    [],
    ['evolve', 'ticket-triage', '--generations', '4', ...EVOLVE_ARGS],
  );
  const view = (j: Record<string, unknown>) => ({
    ...j,
    runId: undefined,
    resumed: undefined,
    evaluations: undefined,
    costUsd: undefined,
    // The calls-to-target curve's call axis includes the killed coordinator's paid calls where they were paid,
    // so its points may shift; the curve's last point (the run's best) must agree.
    curve: undefined,
  });
  assert.deepEqual(view(resumed), view(uninterrupted));
  const lastBest = (j: Record<string, unknown>) =>
    (j.curve as { points: { best: number }[] }).points.at(-1)?.best;
  assert.equal(lastBest(resumed), lastBest(uninterrupted));
  // [issue 15 item 5] The run's paid calls and cost, from its ledger in Redis: every call the killed coordinator
  // and the workers paid, once (finished work was not paid again), as in the uninterrupted run.
  const paid = (j: Record<string, unknown>) => (j.evaluations as { paidCalls: number }).paidCalls;
  assert.equal(paid(resumed), paid(uninterrupted));
  assert.equal((resumed.costUsd as number).toFixed(6), (uninterrupted.costUsd as number).toFixed(6));
});
