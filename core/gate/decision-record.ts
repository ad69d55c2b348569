/**
 * One line of the gate's decision log (`.evohub/gate-decisions.jsonl`, appended by `evohub gate`): the decision,
 * when, for which rollout, and the figures behind it, small enough to plot decisions over time.
 */
import type { GateResult } from './decide.ts';

export type GateDecisionRecord = {
  /** ISO 8601: when the gate evaluated. */
  at: string;
  /** The rollout it gated (EVOHUB_ROLLOUT, else the prompt's name). */
  rollout: string;
  prompt: string;
  decision: GateResult['decision'];
  reason: string;
  window: string;
  /** Variant name → outcomes counted in the window. */
  requests: Record<string, number>;
  primary: { metric: string; estimate: number | null; ci: (number | null)[]; outcome: string } | null;
};

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export function decisionRecord(result: GateResult, rollout: string | undefined): GateDecisionRecord {
  const p = result.primary;
  return {
    at: result.evaluatedAt,
    rollout: rollout || result.prompt,
    prompt: result.prompt,
    decision: result.decision,
    reason: result.reason,
    window: result.window,
    requests: Object.fromEntries(result.variants.map((v) => [v.name, v.requests])),
    primary: p
      ? {
          metric: p.metric,
          estimate: finite(p.estimate),
          ci: [finite(p.ci[0]), finite(p.ci[1])],
          outcome: p.outcome,
        }
      : null,
  };
}
