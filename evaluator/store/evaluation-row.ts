import type { EvaluationRecord } from '../../core/ports/results-store.ts';

/**
 * An `evaluations` table row, with its metrics and passes read from the `metrics` table, as an EvaluationRecord,
 * for every results store. `json` decodes the JSON columns (vars, expected): DuckDB returns them as text,
 * PostgreSQL's jsonb arrives already parsed. Rows from before the vars/expected columns read without them.
 */
export function evaluationFromRow(
  r: Record<string, unknown>,
  m: { metrics: Record<string, number>; passes: Record<string, boolean> },
  json: (value: unknown) => unknown,
): EvaluationRecord {
  return {
    runId: String(r.run_id),
    seq: Number(r.seq),
    promptHash: String(r.prompt_hash),
    caseId: String(r.case_id),
    caseIndex: Number(r.case_index),
    repeat: Number(r.repeat),
    output: String(r.output),
    ...(r.error == null ? {} : { error: String(r.error) }),
    metrics: m.metrics,
    passes: m.passes,
    latencyMs: Number(r.latency_ms),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    costUsd: r.cost_usd == null ? undefined : Number(r.cost_usd),
    model: String(r.model),
    cached: Boolean(r.cached),
    createdAt: String(r.created_at),
    ...(r.vars == null ? {} : { vars: json(r.vars) as Record<string, unknown> }),
    ...(r.expected == null ? {} : { expected: json(r.expected) }),
  };
}
