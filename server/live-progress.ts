/**
 * Live progress of the evolutions this server started: their `--json-events` lines folded into the same record
 * the Redis coordinator writes (core/operator/progress.ts), plus how far the current generation is. The fold
 * is pure; the holder keeps one record per run for the server's lifetime (created by the server, not global).
 */
import type { EvolveEvent } from '../core/events.ts';

export type LiveRecord = {
  /** Generations finished. */
  generation: number;
  evaluations: number;
  costUsd: number;
  done: boolean;
  /** The current generation's case evaluations done and planned. */
  inGeneration: { done: number; planned: number } | null;
};

const EMPTY: LiveRecord = { generation: 0, evaluations: 0, costUsd: 0, done: false, inGeneration: null };

export function foldEvent(r: LiveRecord, e: EvolveEvent): LiveRecord {
  switch (e.type) {
    case 'evolve-started':
      return { ...r, generation: e.resumedAt ?? r.generation };
    case 'evaluations-progress':
      return { ...r, costUsd: e.costUsd, inGeneration: { done: e.done, planned: e.planned } };
    case 'generation-finished':
      return {
        ...r,
        generation: e.generation + 1,
        evaluations: e.evaluations,
        costUsd: e.costUsd,
        inGeneration: null,
      };
    default:
      return r;
  }
}

export type LiveProgress = {
  /** Takes one line of `evolve --json-events` output (other lines are ignored). */
  line(text: string): void;
  read(runId: string): LiveRecord | undefined;
};

export function liveProgress(): LiveProgress {
  const runs = new Map<string, LiveRecord>();
  return {
    line: (text) => {
      let e: EvolveEvent;
      try {
        e = JSON.parse(text) as EvolveEvent;
      } catch {
        return;
      }
      if (!e || typeof e !== 'object' || typeof e.runId !== 'string') return;
      runs.set(e.runId, foldEvent(runs.get(e.runId) ?? EMPTY, e));
    },
    read: (runId) => runs.get(runId),
  };
}
