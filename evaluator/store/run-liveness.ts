/**
 * Runs whose process died stay `running` in the database (a kill -9 leaves no chance to write anything). A
 * run is alive only while a live writer lock names it; the others are marked `interrupted`.
 */

import { EvohubError } from '../../core/errors.ts';
import type { RunRecord } from '../../core/ports/results-store.ts';
import type { DuckDbResultsStore } from './duckdb-results-store.ts';
import { liveLockOwner, localProbe } from './writer-lock.ts';

export const INTERRUPTED_NOTE = 'its process stopped (killed or crashed) before the run finished';

/** The stored runs with dead `running` ones shown as `interrupted`, and written so when no writer is active. */
export async function reconcileInterruptedRuns(
  reader: DuckDbResultsStore,
  openWriter: () => DuckDbResultsStore,
  now = Date.now(),
): Promise<RunRecord[]> {
  const runs = await reader.listRuns();
  const owner = await liveLockOwner(reader.path, localProbe(now));
  const live = new Set(owner?.runs ?? []);
  const dead = runs.filter((r) => r.status === 'running' && !live.has(r.id));
  if (dead.length === 0) return runs;
  const marked = new Map(
    dead.map((r) => [r.id, { ...r, status: 'interrupted' as const, note: r.note ?? INTERRUPTED_NOTE }]),
  );
  // With a live writer the database is its to write: show the status without storing it.
  if (!owner) {
    const writer = openWriter();
    try {
      for (const r of marked.values()) await writer.saveRun(r);
    } catch (error) {
      // Another writer started meanwhile: leave the records to a later `runs`.
      if (!(error instanceof EvohubError)) throw error;
    } finally {
      await writer.close().catch(() => undefined);
    }
  }
  return runs.map((r) => marked.get(r.id) ?? r);
}
