/**
 * The decision, as data. Per variant: `rollback` if a guardrail failed or a primary metric is significantly
 * worse; `ship` if every primary metric is significantly better and every guardrail passed; else `continue`.
 * Overall: `srm-failed` first (nothing else can be trusted); `ship` if any variant ships (the winner is the one
 * with the best estimate on the first primary metric); `rollback` if every variant rolls back; else `continue`.
 */
import type { AbDecision, MetricReport, SrmReport, VariantVerdict } from './ab-types.ts';

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

function variantVerdict(metrics: readonly MetricReport[], variant: string): VariantVerdict {
  const rows = metrics.flatMap((m) => {
    const r = m.variants.find((v) => v.variant === variant);
    return r ? [{ m, r }] : [];
  });
  const failed = rows.filter(({ r }) => r.guardrail?.verdict === 'fail').map(({ m }) => m.name);
  if (failed.length > 0) {
    return { variant, decision: 'rollback', reason: `guardrail failed: ${failed.join(', ')}` };
  }
  const primaries = rows.filter(({ m }) => m.primary);
  const worse = primaries.filter(({ r }) => r.outcome === 'worse').map(({ m }) => m.name);
  if (worse.length > 0) {
    return {
      variant,
      decision: 'rollback',
      reason: `primary metric significantly worse: ${worse.join(', ')}`,
    };
  }
  // Defensive: analyzeExperiment always has a primary metric; without one nothing can justify shipping.
  if (primaries.length === 0) return { variant, decision: 'continue', reason: 'no primary metric' };
  const notBetter = primaries.filter(({ r }) => r.outcome !== 'better').map(({ m }) => m.name);
  const open = rows.filter(({ r }) => r.guardrail && r.guardrail.verdict !== 'pass').map(({ m }) => m.name);
  if (notBetter.length === 0 && open.length === 0) {
    return {
      variant,
      decision: 'ship',
      reason: `better on ${primaries.map(({ m }) => m.name).join(', ')}; guardrails pass`,
    };
  }
  const parts: string[] = [];
  if (notBetter.length > 0) parts.push(`no significant improvement yet on ${notBetter.join(', ')}`);
  if (open.length > 0) parts.push(`guardrail not yet shown non-inferior: ${open.join(', ')}`);
  return { variant, decision: 'continue', reason: parts.join('; ') };
}

export function decide(
  metrics: readonly MetricReport[],
  srm: SrmReport,
  variants: readonly string[],
): { verdicts: VariantVerdict[]; decision: AbDecision; winner?: string; reason: string } {
  const verdicts = variants.map((v) => variantVerdict(metrics, v));
  if (!srm.passed) {
    const split = srm.variants.map(
      (v) => `${v.name} ${pct(v.observedShare)} (expected ${pct(v.expectedShare)})`,
    );
    return {
      verdicts,
      decision: 'srm-failed',
      reason: `sample ratio mismatch: p = ${srm.pValue.toPrecision(3)} < ${srm.threshold}; ${split.join(', ')}`,
    };
  }
  const shipping = verdicts.filter((v) => v.decision === 'ship');
  if (shipping.length > 0) {
    const primary = metrics.find((m) => m.primary);
    const score = (variant: string) => {
      const r = primary?.variants.find((x) => x.variant === variant);
      if (!r || !primary) return 0;
      return primary.direction === 'higher' ? r.estimate : -r.estimate;
    };
    const winner = shipping.reduce((best, v) => (score(v.variant) > score(best.variant) ? v : best));
    return {
      verdicts,
      decision: 'ship',
      winner: winner.variant,
      reason: `${winner.variant}: ${winner.reason}`,
    };
  }
  if (verdicts.length > 0 && verdicts.every((v) => v.decision === 'rollback')) {
    return {
      verdicts,
      decision: 'rollback',
      reason: verdicts.map((v) => `${v.variant}: ${v.reason}`).join('; '),
    };
  }
  const pending = verdicts.filter((v) => v.decision === 'continue');
  return {
    verdicts,
    decision: 'continue',
    reason: pending.map((v) => `${v.variant}: ${v.reason}`).join('; '),
  };
}
