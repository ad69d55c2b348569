import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import type { LineageRecord } from '../../core/evolve/lineage.ts';
import { readAncestry } from '../lineage/duckdb-lineage-store.ts';
import { deleteKeys } from '../redis/connection.ts';
import { duckDbCheckpointStore } from './checkpoint-store.ts';
import { checkpointKeys, redisCheckpointMirror } from './redis-checkpoint-mirror.ts';

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const prefix = `evohub-test-mirror-${randomUUID().slice(0, 8)}`;
const dirs: string[] = [];
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function db(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evohub-mirror-'));
  dirs.push(dir);
  return join(dir, 'results.duckdb');
}

const record = (hash: string, generation: number, parents: string[]): LineageRecord => ({
  hash,
  name: 'triage',
  runId: 'r1',
  candidateId: generation === 0 ? -1 : 1,
  generation,
  operator: generation === 0 ? 'original' : 'rewrite',
  parents,
  fitness: {},
  createdAt: '2026-01-01T00:00:00.000Z',
});

test('a fresh database resumes from the checkpoint in Redis, with the whole lineage replayed', async () => {
  const first = redisCheckpointMirror(duckDbCheckpointStore(db()), redis, prefix);
  await first.recordLineage([record('base', 0, [])]);
  await first.save('r1', 1, { step: 1 }, [record('child', 1, ['base'])]);
  await first.save('r1', 2, { step: 2 }, [record('grandchild', 2, ['child'])]);
  assert.equal(await redis.llen(checkpointKeys(prefix, 'r1').lineage), 3);

  // Another pod: an empty results database, the same Redis.
  const path = db();
  const second = redisCheckpointMirror(duckDbCheckpointStore(path), redis, prefix);
  assert.deepEqual(await second.latest('r1'), { generation: 2, state: { step: 2 } });
  const ancestry = await readAncestry(path, 'grandchild');
  assert.deepEqual(
    ancestry.map((a) => a.hash),
    ['grandchild', 'child', 'base'],
  );
  assert.equal(await second.latest('other-run'), undefined);
});

test('a local checkpoint wins over Redis (the same pod retried in place)', async () => {
  const local = duckDbCheckpointStore(db());
  await local.save('r2', 3, { where: 'local' }, []);
  await redis.set(
    checkpointKeys(prefix, 'r2').state,
    JSON.stringify({ generation: 1, state: { where: 'redis' } }),
  );
  const mirror = redisCheckpointMirror(local, redis, prefix);
  assert.deepEqual(await mirror.latest('r2'), { generation: 3, state: { where: 'local' } });
});
