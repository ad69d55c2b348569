/**
 * Reads what `evohub evolve` stored about a run in the results store (read-only, so it never blocks or
 * disturbs a writer): the run row with its JSON report, the held-out evaluations of baseline and winner as
 * values per case, and the winner's ancestry from the lineage table.
 */
import { existsSync } from 'node:fs';
import { NotFoundError, UsageError } from '../../core/errors.ts';
import { isBuiltinMeasure, metricValue } from '../../core/evaluation/metrics.ts';
import type { EvaluationRecord, ResultsStore, RunRecord } from '../../core/ports/results-store.ts';
import type { CaseValues, StoredEvolveRun } from '../../core/pr/evidence-from-run.ts';
import { defaultResultsPath, openResultsStore } from '../store/duckdb-results-store.ts';

/** Value per case of each metric (a failed evaluation counts 0, as the held-out report counts it). */
export function caseValues(recs: readonly EvaluationRecord[], metrics: readonly string[]): CaseValues {
  const out: Record<string, [number, number][]> = {};
  for (const m of metrics) {
    const byCase = new Map<number, number>();
    for (const r of recs) {
      const x = r.error === undefined ? metricValue(r, m, isBuiltinMeasure(m) ? 'builtin' : 'score') : 0;
      byCase.set(r.caseIndex, Number.isFinite(x) ? x : 0);
    }
    out[m] = [...byCase.entries()].sort((a, b) => a[0] - b[0]);
  }
  return out;
}

export type StoredRunWithRecord = StoredEvolveRun & { run: RunRecord };

/**
 * The run from `opened` (a store the caller opened from --results-url or evohub.yaml, described without
 * credentials), else from the repository's DuckDB file. The caller's store is left open.
 */
export async function readStoredEvolveRun(
  repoRoot: string,
  runId: string,
  opened?: { store: ResultsStore; description: string },
): Promise<StoredRunWithRecord> {
  const dbPath = opened?.description ?? defaultResultsPath(repoRoot);
  if (!opened && !existsSync(dbPath)) {
    throw new NotFoundError(`no results database at ${dbPath}`, {
      hint: 'run `npx evohub evolve <prompt>` in this repository first',
    });
  }
  const store = opened?.store ?? openResultsStore({ repoRoot, mode: 'read' });
  try {
    const runs = await store.listRuns();
    const run = runs.find((r) => r.id === runId);
    if (!run) {
      const recent = runs
        .filter((r) => r.kind === 'evolve')
        .slice(-5)
        .map((r) => r.id);
      throw new NotFoundError(`no run ${runId} in ${dbPath}`, {
        hint: recent.length ? `recent evolve runs: ${recent.join(', ')}` : 'no evolve run is stored yet',
      });
    }
    if (run.kind !== 'evolve') {
      throw new UsageError(`run ${runId} is an ${run.kind} run, not an evolve run`, {
        hint: 'propose takes the run id `evohub evolve` printed',
      });
    }
    const report = (run.summary as { evolve?: StoredEvolveRun['report'] } | undefined)?.evolve;
    if (!report) {
      throw new UsageError(`run ${runId} has no report (status ${run.status})`, {
        hint:
          run.status === 'running'
            ? `it has not finished; continue it with \`npx evohub evolve --resume ${runId}\``
            : 'run the evolution again',
      });
    }
    const settings = run.options as unknown as StoredEvolveRun['settings'];
    const metrics = report.objectives.map((o) => o.metric);
    const [base, win] = await Promise.all([
      store.evaluations(`${runId}/held-out/baseline`),
      store.evaluations(`${runId}/held-out/winner`),
    ]);
    const ancestry = await store.ancestry(report.winner.hash);
    return {
      run,
      report,
      settings,
      ...(base.length && win.length
        ? { heldOutCases: { baseline: caseValues(base, metrics), winner: caseValues(win, metrics) } }
        : {}),
      ancestry,
    };
  } finally {
    if (!opened) await store.close();
  }
}
