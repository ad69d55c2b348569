/**
 * The paid-call ledger of a distributed run in Redis: a hash `<prefix>:ledger:<run-id>` of call key → cost,
 * written by whichever process paid (a worker, or the coordinator for optimizer calls) with HSETNX, so a job
 * retried after its worker was killed — whose paid calls the retry finds in the shared cache — still counts
 * each of them once.
 */
import type { Redis } from 'ioredis';
import { ledgerTotals, type PaidLedger } from '../../core/evolve/paid-ledger.ts';

export function ledgerKeyOf(prefix: string, runId: string): string {
  return `${prefix}:ledger:${runId}`;
}

export function redisPaidLedger(redis: Redis, key: string): PaidLedger {
  return {
    async record(call) {
      await redis.hsetnx(key, call.key, String(call.costUsd));
    },
    async entries() {
      const all = await redis.hgetall(key);
      return Object.entries(all).map(([k, v]) => ({ key: k, costUsd: Number(v) }));
    },
    async totals() {
      return ledgerTotals(await this.entries());
    },
  };
}
