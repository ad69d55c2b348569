/**
 * `evohub evolve --distributed --run-id` as the operator's coordinator Job runs it: real `evohub worker`
 * process, real Redis (own prefix), the classification template in a temp git repository. The progress record
 * lands in `<prefix>:progress`, EVOHUB_PULL_REQUEST=true proposes the winner (local forge), and a second
 * coordinator with the same id — even in a fresh clone, as a retried pod has — resumes instead of starting over.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { commitTemplateCopy, git } from '../../adapters/git/testing.ts';
import type { EvolveReport } from '../../core/evolve/report.ts';
import type { ProgressRecord } from '../../core/operator/progress.ts';
import { checkpointKeys } from '../../evaluator/evolve/redis-checkpoint-mirror.ts';
import {
  cleanup,
  killAndWait,
  REDIS_URL,
  ROOT,
  type Spawned,
  startWorkerProcess,
  uniquePrefix,
} from '../../test/distributed/helpers.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const dirs: string[] = [];
const prefix = uniquePrefix('run-id');
let redis: Redis;
let worker: Spawned | undefined;

before(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  worker = await startWorkerProcess(REDIS_URL, prefix, ['--concurrency', '4']);
});

after(async () => {
  if (worker) await killAndWait(worker);
  await cleanup(redis, prefix);
  redis.disconnect();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const gitEnv = {
  PATH: process.env.PATH ?? '',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e.st',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e.st',
};

/** A bare "remote" with the template on main, and a clone of it (what the Job's init container makes). */
function remote(): string {
  const src = mkdtempSync(join(tmpdir(), 'evohub-run-id-src-'));
  dirs.push(src);
  commitTemplateCopy(join(ROOT, 'templates/classification'), src);
  return src;
}
function clone(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-run-id-clone-'));
  dirs.push(dir);
  git(dir, 'clone', '-q', '--branch', 'main', '--', `file://${src}`, 'w');
  return join(dir, 'w');
}

async function coordinator(dir: string, runId: string, extraEnv: Record<string, string> = {}) {
  const args = [
    'evolve',
    'prompts/ticket-triage.prompt.yml',
    '--distributed',
    '--redis',
    REDIS_URL,
    '--queue-prefix',
    prefix,
    '--run-id',
    runId,
    '--algorithm',
    'nsga2',
    '--objectives',
    'exact-label',
    '--population',
    '4',
    '--generations',
    '2',
    '--seed',
    '1',
    '--json',
  ];
  const m = memoryContext(dir, { ...gitEnv, HOME: dir, ...extraEnv });
  const code = await runCli(args, m.ctx);
  assert.equal(code, 0, m.stderr());
  return {
    json: JSON.parse(m.stdout()) as EvolveReport & { pullRequest?: { url: string } },
    err: m.stderr(),
  };
}

const progress = async () => JSON.parse((await redis.get(`${prefix}:progress`)) ?? 'null') as ProgressRecord;

test('--run-id names the run, progress goes to <prefix>:progress, and the winner is proposed at the end', async () => {
  const src = remote();
  const dir = clone(src);
  const { json } = await coordinator(dir, 'er-0001', {
    EVOHUB_PULL_REQUEST: 'true',
    EVOHUB_PULL_REQUEST_BASE: 'main',
  });
  assert.equal(json.runId, 'er-0001');
  assert.equal(json.branch, 'evohub/ticket-triage/er-0001');
  assert.equal(json.pullRequest?.url, '.evohub/proposals/1.json');
  assert.ok(existsSync(join(dir, '.evohub/proposals/1.json')));
  const p = await progress();
  assert.equal(p.done, true);
  assert.equal(p.generation, 2);
  assert.equal(p.evaluations, json.evaluations.run);
  assert.equal(p.pullRequestUrl, '.evohub/proposals/1.json');
  assert.equal(p.bestFitness, json.history.at(-1)?.best['exact-label']);
  assert.ok(p.costUsd > 0);
  assert.ok((await redis.exists(checkpointKeys(prefix, 'er-0001').state)) === 1);

  // The pod is retried in a FRESH clone (emptyDir): the run resumes from the checkpoint kept in Redis.
  const again = clone(src);
  const second = await coordinator(again, 'er-0001', { EVOHUB_PULL_REQUEST: 'true' });
  assert.equal(second.json.resumed, true);
  assert.match(second.err, /resumed after generation 2/);
  assert.equal(second.json.evaluations.paidCalls, json.evaluations.paidCalls); // no paid call repeated
  assert.equal(second.json.winner.hash, json.winner.hash);
  assert.equal(second.json.pullRequest?.url, '.evohub/proposals/1.json');
  assert.equal((await progress()).done, true);
});

test('without EVOHUB_PULL_REQUEST nothing is proposed; --run-id with --resume is a usage error', async () => {
  const dir = clone(remote());
  const { json } = await coordinator(dir, 'er-0002');
  assert.equal(json.pullRequest, undefined);
  assert.equal(existsSync(join(dir, '.evohub/proposals')), false);
  assert.equal((await progress()).pullRequestUrl, undefined);
  const m = memoryContext(dir, { ...gitEnv, HOME: dir });
  assert.equal(await runCli(['evolve', '--run-id', 'x', '--resume', 'y'], m.ctx), 2);
  assert.equal(await runCli(['evolve', 'prompts/ticket-triage.prompt.yml', '--run-id', 'a/b'], m.ctx), 2);
});
