/**
 * A read-through cache over the results store for the dashboard: the run list, evaluations, checkpoints and
 * ancestry, all dropped whenever the store's version token changes (for DuckDB, the database and WAL files' size
 * and mtime: a stat per request instead of opening the file; for PostgreSQL a short time slot). Without a token
 * nothing is cached. Only reads pass through here; the server never writes the store.
 */
import type { AncestryEntry } from '../core/evolve/lineage.ts';
import type {
  CheckpointRecord,
  EvaluationRecord,
  ResultsStore,
  RunRecord,
} from '../core/ports/results-store.ts';

/** Entries kept per kind (a run's evaluations can be large: few of them). */
const MAX_ENTRIES = 64;

class Bounded<V> {
  private readonly map = new Map<string, Promise<V>>();
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.map.get(key);
    if (hit) {
      // Most recently used last.
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const p = load();
    this.map.set(key, p);
    // A failed read is not remembered.
    p.catch(() => this.map.delete(key));
    if (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value as string);
    return p;
  }
  /** The entry if present, without loading. */
  peek(key: string): Promise<V> | undefined {
    return this.map.get(key);
  }
  clear(): void {
    this.map.clear();
  }
}

export function cachedStore(store: ResultsStore, version: (() => Promise<string>) | undefined): ResultsStore {
  if (!version) return store;
  let token = '';
  const runs = new Bounded<RunRecord[]>();
  const oneRun = new Bounded<RunRecord | undefined>();
  const evaluations = new Bounded<EvaluationRecord[]>();
  const checkpoints = new Bounded<CheckpointRecord | undefined>();
  const ancestry = new Bounded<AncestryEntry[]>();
  const fresh = async () => {
    const now = await version();
    if (now !== token) {
      token = now;
      for (const c of [runs, oneRun, evaluations, checkpoints, ancestry]) c.clear();
    }
  };
  const listRuns = async () => {
    await fresh();
    return runs.get('all', () => store.listRuns());
  };
  // Everything else goes straight to the store, bound to it (the cache only answers the reads pages repeat).
  const cached: ResultsStore = {
    saveRun: (run) => store.saveRun(run),
    savePromptVersion: (v) => store.savePromptVersion(v),
    appendEvaluations: (rows) => store.appendEvaluations(rows),
    flush: () => store.flush(),
    exportEvaluations: (format, out, opts) => store.exportEvaluations(format, out, opts),
    saveCheckpoint: (runId, generation, state, lineage) =>
      store.saveCheckpoint(runId, generation, state, lineage),
    recordLineage: (lineage) => store.recordLineage(lineage),
    savePaidCalls: (runId, calls) => store.savePaidCalls(runId, calls),
    paidCalls: (runId) => store.paidCalls(runId),
    savePromptVersions: (versions) => store.savePromptVersions(versions),
    findPromptVersions: (prefix, opts) => store.findPromptVersions(prefix, opts),
    listRuns,
    // From the list when it is at hand; otherwise one row (cheaper than the whole list).
    getRun: async (id: string) => {
      await fresh();
      const all = runs.peek('all');
      if (all) return (await all).find((r) => r.id === id);
      return oneRun.get(id, () => store.getRun(id));
    },
    evaluations: async (runId: string) => {
      await fresh();
      return evaluations.get(runId, () => store.evaluations(runId));
    },
    latestCheckpoint: async (runId: string) => {
      await fresh();
      return checkpoints.get(runId, () => store.latestCheckpoint(runId));
    },
    ancestry: async (hash: string) => {
      await fresh();
      return ancestry.get(hash, () => store.ancestry(hash));
    },
    close: () => store.close(),
  };
  return cached;
}
