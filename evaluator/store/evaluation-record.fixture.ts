/** Tests' evaluation rows: one well-formed record per (run, seq), with only what a test cares about overridden. */
import type { EvaluationRecord } from '../../core/ports/results-store.ts';

export function evaluationFixture(
  runId: string,
  seq: number,
  over: Partial<EvaluationRecord> = {},
): EvaluationRecord {
  return {
    runId,
    seq,
    promptHash: 'h',
    caseId: `c${seq}`,
    caseIndex: seq,
    repeat: 0,
    output: `${runId}/${seq}`,
    metrics: { acc: seq % 2 },
    passes: { acc: seq % 2 === 1 },
    latencyMs: 1,
    inputTokens: 1,
    outputTokens: 1,
    model: 'simulated/x',
    cached: false,
    createdAt: '2026-01-02T03:04:05.678Z',
    ...over,
  };
}
