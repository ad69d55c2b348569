/** Per-case views of stored evaluations (pure): one row with its inputs and failure flag; two runs side by side. */
import type { EvaluationRecord } from '../../core/ports/results-store.ts';

/** The case's input variables and expected value (rows stored before schema version 3 have none). */
function inputsOf(e: EvaluationRecord): { inputs: Record<string, unknown> | null; expected: unknown } {
  return { inputs: e.vars ?? null, expected: e.expected ?? null };
}

export const isFailed = (e: EvaluationRecord) =>
  e.error !== undefined || Object.values(e.passes).some((p) => !p);

export function caseView(e: EvaluationRecord) {
  const { inputs, expected } = inputsOf(e);
  return {
    seq: e.seq,
    caseId: e.caseId,
    caseIndex: e.caseIndex,
    repeat: e.repeat,
    promptHash: e.promptHash,
    inputs,
    expected,
    output: e.output,
    ...(e.error !== undefined ? { error: e.error } : {}),
    metrics: e.metrics,
    passes: e.passes,
    failed: isFailed(e),
    latencyMs: e.latencyMs,
    inputTokens: e.inputTokens,
    outputTokens: e.outputTokens,
    costUsd: e.costUsd ?? null,
    model: e.model,
    cached: e.cached,
  };
}

export function metricNames(rows: readonly EvaluationRecord[]): string[] {
  const names = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.metrics)) names.add(k);
  return [...names].sort();
}

type Side = {
  output: string;
  error: string | null;
  metrics: Record<string, number>;
  passes: Record<string, boolean>;
  failed: boolean;
};

const side = (e: EvaluationRecord | undefined): Side | null =>
  e
    ? { output: e.output, error: e.error ?? null, metrics: e.metrics, passes: e.passes, failed: isFailed(e) }
    : null;

/** First repeat of each case, by case id. */
function byCase(rows: readonly EvaluationRecord[]): Map<string, EvaluationRecord> {
  const m = new Map<string, EvaluationRecord>();
  for (const r of rows) {
    const had = m.get(r.caseId);
    if (!had || r.repeat < had.repeat) m.set(r.caseId, r);
  }
  return m;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

/** Two runs on the cases they share (and those only one has), with per-metric means over the shared cases. */
export function compareCases(a: readonly EvaluationRecord[], b: readonly EvaluationRecord[]) {
  const ma = byCase(a);
  const mb = byCase(b);
  const metrics = metricNames([...a, ...b]);
  const ids = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  const cases = ids.map((caseId) => {
    const ea = ma.get(caseId);
    const eb = mb.get(caseId);
    return { caseId, caseIndex: (ea ?? eb)?.caseIndex ?? 0, a: side(ea), b: side(eb) };
  });
  const shared = ids.filter((id) => ma.has(id) && mb.has(id));
  const summary: Record<string, { a: number | null; b: number | null; n: number }> = {};
  for (const m of metrics) {
    const both = shared.filter(
      (id) => ma.get(id)?.metrics[m] !== undefined && mb.get(id)?.metrics[m] !== undefined,
    );
    summary[m] = {
      a: mean(both.map((id) => ma.get(id)?.metrics[m] as number)),
      b: mean(both.map((id) => mb.get(id)?.metrics[m] as number)),
      n: both.length,
    };
  }
  return {
    metrics,
    summary,
    onlyInA: ids.filter((id) => !mb.has(id)).length,
    onlyInB: ids.filter((id) => !ma.has(id)).length,
    cases,
  };
}
