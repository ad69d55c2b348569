/**
 * [operator, issue 8] Checkpoints that outlive the coordinator's pod. In Kubernetes the clone (and its
 * `.evohub/results.duckdb`) lives in an emptyDir that a retried pod does not get back, so a distributed run also
 * keeps its newest checkpoint and its lineage in Redis under the run's prefix; a fresh pod that finds no local
 * checkpoint takes the one in Redis and replays the lineage into its own database first (so `evohub propose`
 * and `evohub lineage` see the whole ancestry). The finalizer of the operator removes the keys with the prefix.
 */
import type { Redis } from 'ioredis';
import type { LineageRecord } from '../../core/evolve/lineage.ts';
import type { CheckpointStore } from '../../core/ports/checkpoint-store.ts';

export function checkpointKeys(prefix: string, runId: string) {
  return { state: `${prefix}:checkpoint:${runId}`, lineage: `${prefix}:checkpoint:${runId}:lineage` };
}

export function redisCheckpointMirror(local: CheckpointStore, redis: Redis, prefix: string): CheckpointStore {
  // The baseline's lineage is recorded before the run id is known to this store; it is kept until the first save.
  let pending: LineageRecord[] = [];
  return {
    save: async (runId, generation, state, lineage) => {
      await local.save(runId, generation, state, lineage);
      const k = checkpointKeys(prefix, runId);
      const records = [...pending, ...lineage];
      pending = [];
      // One transaction: a reader sees the lineage of exactly the generations the state includes.
      const multi = redis.multi();
      if (records.length > 0) multi.rpush(k.lineage, ...records.map((r) => JSON.stringify(r)));
      multi.set(k.state, JSON.stringify({ generation, state }));
      await multi.exec();
    },
    recordLineage: async (lineage) => {
      await local.recordLineage(lineage);
      pending.push(...lineage);
    },
    latest: async (runId) => {
      const found = await local.latest(runId);
      if (found) return found;
      const k = checkpointKeys(prefix, runId);
      const [text, lines] = await redis
        .multi()
        .get(k.state)
        .lrange(k.lineage, 0, -1)
        .exec()
        .then((r) => [r?.[0]?.[1] as string | null, (r?.[1]?.[1] ?? []) as string[]] as const);
      if (!text) return undefined;
      if (lines.length > 0) await local.recordLineage(lines.map((l) => JSON.parse(l) as LineageRecord));
      const saved = JSON.parse(text) as { generation: number; state: unknown };
      return { generation: saved.generation, state: saved.state };
    },
  };
}
