import type { RunRecord } from '../../core/ports/results-store.ts';

/**
 * A `runs` table row as a RunRecord, for every results store. `json` decodes the JSON columns (options, summary):
 * DuckDB returns them as text, PostgreSQL's jsonb arrives already parsed.
 */
export function runFromRow(r: Record<string, unknown>, json: (value: unknown) => unknown): RunRecord {
  return {
    id: String(r.id),
    kind: String(r.kind),
    promptName: String(r.prompt_name),
    promptFile: String(r.prompt_file),
    provider: String(r.provider),
    simulated: Boolean(r.simulated),
    status: r.status as RunRecord['status'],
    startedAt: String(r.started_at),
    finishedAt: r.finished_at == null ? undefined : String(r.finished_at),
    options: json(r.options) as Record<string, unknown>,
    summary: r.summary == null ? undefined : json(r.summary),
    note: r.note == null ? undefined : String(r.note),
  };
}
