/**
 * Bookkeeping of evaluations: a prompt version's running sums per objective over the selection cases it ran
 * (in racing order, so that the sums never depend on completion order), its first failing cases (for
 * reflection), and the run's counters (paid calls, cache hits, cost).
 */
import { metricValue } from '../evaluation/metrics.ts';
import type { PlannedCase } from '../evaluation/plan.ts';
import type { EvaluationRecord } from '../ports/results-store.ts';
import type { DatasetRow } from '../prompt/types.ts';
import type { Counters, Failure, ScoredVersion } from './loop-state.ts';
import type { EvolveObjective } from './settings.ts';

/** Every row once, provider seed 0 (as `evohub eval`): all candidates meet the same cases alike. */
export function casePlan(rows: readonly DatasetRow[], indexes: readonly number[]): PlannedCase[] {
  return indexes.map((i) => {
    const row = rows[i] as DatasetRow;
    const id = row.id;
    return {
      caseIndex: i,
      caseId: typeof id === 'string' || typeof id === 'number' ? String(id) : String(i),
      repeat: 0,
      seed: 0,
      row,
    };
  });
}

/** Failing cases kept per version: reflection samples its minibatch from them. */
export const MAX_FAILURES = 12;

/** What the scorers said about a failing case: the error, or each metric that did not pass with its value. */
function feedbackOf(r: EvaluationRecord): string {
  if (r.error !== undefined) return `error: ${r.error}`;
  const failing = Object.entries(r.passes)
    .filter(([, ok]) => !ok)
    .map(([name]) => `${name} failed${r.metrics[name] === undefined ? '' : ` (${r.metrics[name]})`}`);
  return failing.join('; ');
}

/** A case counts as failed for reflection when it errored, did not pass, or scored below 1 on the first objective. */
function failed(r: EvaluationRecord, primary: string | undefined): boolean {
  if (r.error !== undefined) return true;
  if (primary === undefined) return false;
  const v = r.metrics[primary];
  return r.passes[primary] === false || (v !== undefined && v < 1);
}

export function tallyVersion(
  v: ScoredVersion,
  records: readonly EvaluationRecord[],
  order: readonly number[],
  objectives: readonly EvolveObjective[],
  kindOf: (metric: string) => string,
  failureOf: (r: EvaluationRecord) => Failure,
): EvaluationRecord[] {
  const pos = new Map(order.map((idx, k) => [idx, k]));
  const recs = [...records].sort((a, b) => (pos.get(a.caseIndex) ?? 0) - (pos.get(b.caseIndex) ?? 0));
  const primary = objectives[0]?.metric;
  for (const r of recs) {
    for (const o of objectives) {
      const x = r.error === undefined ? metricValue(r, o.metric, kindOf(o.metric)) : Number.NaN;
      v.sums[o.metric] = (v.sums[o.metric] ?? 0) + (Number.isFinite(x) ? x : 0);
    }
    if (r.error !== undefined) v.errors++;
    const x = primary === undefined || r.error !== undefined ? 0 : metricValue(r, primary, kindOf(primary));
    // Per case, in selection order: the merge operator's per-case Pareto front and bootstrapped few-shot read it.
    v.cases = [...(v.cases ?? []), Number.isFinite(x) ? x : 0];
    if (failed(r, primary) && v.failures.length < MAX_FAILURES) {
      v.failures.push({ ...failureOf(r), position: v.cases.length - 1, feedback: feedbackOf(r) });
    }
  }
  return recs;
}

export function countRecords(counters: Counters, records: readonly EvaluationRecord[]): void {
  for (const r of records) {
    counters.evaluations++;
    if (r.cached) counters.cacheHits++;
    else {
      counters.paidCalls++;
      counters.costUsd += r.costUsd ?? 0;
    }
  }
}
