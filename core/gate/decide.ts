import type { AbInput, AbReport, Interval, VariantMetricResult } from '../stats/ab-types.ts';
import type { GateConfig } from './config.ts';
import { abMetric, type CounterSums, gateMetric } from './gate-metrics.ts';

export type GateDecision = 'promote' | 'rollback' | 'continue';

export type GateCheck = {
  /** `srm`, `min-samples`, `primary:<metric>` or `guardrail:<metric>`. */
  name: string;
  status: 'pass' | 'fail' | 'pending';
  detail: string;
};

export type GateMetricResult = {
  metric: string;
  direction: 'higher' | 'lower';
  stable: number;
  canary: number;
  /** Relative difference (canary − stable) / stable. */
  estimate: number;
  /** Always-valid (sequential) confidence interval of `estimate`; JSON shows an infinite limit as null. */
  ci: Interval;
  pValue: number | null;
  outcome: 'better' | 'worse' | 'inconclusive';
  margin?: number;
  verdict?: 'pass' | 'fail' | 'inconclusive';
  error?: string;
};

/** The gate's answer: the decision and every check behind it (what `--json` and `gate serve` print). */
export type GateResult = {
  decision: GateDecision;
  reason: string;
  prompt: string;
  window: string;
  evaluatedAt: string;
  variants: { name: string; role: 'stable' | 'canary'; requests: number; expectedShare: number }[];
  srm: { pValue: number; threshold: number; passed: boolean };
  primary?: GateMetricResult;
  guardrails: GateMetricResult[];
  checks: GateCheck[];
  /** The A/B document the statistics ran on: `evohub ab analyze` reproduces the numbers from it. */
  abInput?: AbInput;
};

/** The A/B document for the gate: stable first, sequential test, relative differences, two-sided. */
export function buildGateAbInput(config: GateConfig, sums: Readonly<Record<string, CounterSums>>): AbInput {
  const [stable, canary] = config.variants;
  const ordered = {
    [stable.name]: sums[stable.name] as CounterSums,
    [canary.name]: sums[canary.name] as CounterSums,
  };
  return {
    settings: {
      method: 'sequential',
      alpha: config.alpha,
      sided: 'two-sided',
      difference: 'relative',
      sequentialTuning: config.sequentialTuning,
      srmThreshold: config.srmThreshold,
      correction: 'none',
    },
    variants: config.variants.map((v) => ({
      name: v.name,
      // Counter increases of +1 steps are exact integers; rounding only guards against float dust.
      users: Math.round((sums[v.name] as CounterSums).requests),
      weight: v.weight,
    })),
    metrics: [
      abMetric(gateMetric(config.primary.metric), ordered, { primary: true }),
      ...config.guardrails.map((g) => abMetric(gateMetric(g.metric), ordered, { margin: g.margin })),
    ],
  };
}

function metricResult(report: AbReport, name: string): GateMetricResult | undefined {
  const m = report.metrics.find((x) => x.name === name);
  const r: VariantMetricResult | undefined = m?.variants[0];
  if (!m || !r) return undefined;
  return {
    metric: name,
    direction: m.direction,
    stable: m.baseline.mean,
    canary: r.mean,
    estimate: r.estimate,
    ci: r.ci,
    pValue: r.pValue ?? null,
    outcome: r.outcome,
    ...(r.guardrail ? { margin: r.guardrail.margin, verdict: r.guardrail.verdict } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const signed = (x: number) => `${x > 0 ? '+' : ''}${pct(x)}`;
const ciText = (ci: Interval) =>
  `[${Number.isFinite(ci[0]) ? pct(ci[0]) : '-∞'}, ${Number.isFinite(ci[1]) ? pct(ci[1]) : '+∞'}]`;

/**
 * The decision, in order: a sample-ratio mismatch rolls back (the split is broken, nothing else can be
 * trusted); too few outcomes in either variant continue; the primary metric significantly worse, or a guardrail
 * failing its non-inferiority margin, rolls back; the primary metric significantly better with every guardrail
 * shown non-inferior promotes; anything else continues (a sequential test may be checked again later).
 */
export function decideGate(
  config: GateConfig,
  report: AbReport,
  meta: { evaluatedAt: string; window: string },
): GateResult {
  const [stable, canary] = config.variants;
  const totalWeight = stable.weight + canary.weight;
  const users = (name: string) => report.srm.variants.find((v) => v.name === name)?.users ?? 0;
  const checks: GateCheck[] = [];
  const base = {
    prompt: config.prompt,
    window: meta.window,
    evaluatedAt: meta.evaluatedAt,
    variants: [
      {
        name: stable.name,
        role: 'stable' as const,
        requests: users(stable.name),
        expectedShare: stable.weight / totalWeight,
      },
      {
        name: canary.name,
        role: 'canary' as const,
        requests: users(canary.name),
        expectedShare: canary.weight / totalWeight,
      },
    ],
    srm: { pValue: report.srm.pValue, threshold: report.srm.threshold, passed: report.srm.passed },
  };
  const primary = metricResult(report, config.primary.metric);
  const guardrails = config.guardrails
    .map((g) => metricResult(report, g.metric))
    .filter((g): g is GateMetricResult => g !== undefined);
  const done = (decision: GateDecision, reason: string): GateResult => ({
    decision,
    reason,
    ...base,
    ...(primary ? { primary } : {}),
    guardrails,
    checks,
  });

  const shares = report.srm.variants.map(
    (v) => `${v.name} ${pct(v.observedShare)} (expected ${pct(v.expectedShare)})`,
  );
  const srmDetail = `p = ${report.srm.pValue.toPrecision(3)}, threshold ${report.srm.threshold}; ${shares.join(', ')}`;
  checks.push({ name: 'srm', status: report.srm.passed ? 'pass' : 'fail', detail: srmDetail });
  if (!report.srm.passed) return done('rollback', `sample ratio mismatch: ${srmDetail}`);

  const fewest = Math.min(users(stable.name), users(canary.name));
  const enough = fewest >= config.minSamples;
  checks.push({
    name: 'min-samples',
    status: enough ? 'pass' : 'pending',
    detail: `${users(stable.name)} stable and ${users(canary.name)} canary outcomes; need ${config.minSamples} each`,
  });
  if (!enough) {
    return done(
      'continue',
      `not enough data yet: ${fewest} outcomes in the smaller variant, need ${config.minSamples}`,
    );
  }

  const failed: string[] = [];
  const pending: string[] = [];
  if (!primary) {
    pending.push(`primary metric ${config.primary.metric} has no result`);
    checks.push({ name: `primary:${config.primary.metric}`, status: 'pending', detail: 'no result' });
  } else {
    const detail = `${primary.metric} ${signed(primary.estimate)} ${ciText(primary.ci)}${primary.error ? ` (${primary.error})` : ''}`;
    const status = primary.outcome === 'better' ? 'pass' : primary.outcome === 'worse' ? 'fail' : 'pending';
    checks.push({ name: `primary:${primary.metric}`, status, detail });
    if (status === 'fail') failed.push(`primary metric ${detail}: canary is significantly worse`);
    if (status === 'pending') pending.push(`primary metric ${detail}: no significant difference yet`);
  }
  for (const g of config.guardrails) {
    const r = guardrails.find((x) => x.metric === g.metric);
    const verdict = r?.verdict ?? 'inconclusive';
    const detail = r
      ? `${g.metric} ${signed(r.estimate)} ${ciText(r.ci)}, margin ${pct(g.margin)}${r.error ? ` (${r.error})` : ''}`
      : `${g.metric}: no result`;
    const status = verdict === 'pass' ? 'pass' : verdict === 'fail' ? 'fail' : 'pending';
    checks.push({ name: `guardrail:${g.metric}`, status, detail });
    if (status === 'fail') failed.push(`guardrail ${detail}: canary is worse than the margin allows`);
    if (status === 'pending') pending.push(`guardrail ${detail}: not yet shown within the margin`);
  }
  if (failed.length > 0) return done('rollback', failed.join('; '));
  if (pending.length > 0) return done('continue', pending.join('; '));
  return done(
    'promote',
    `canary is significantly better on ${config.primary.metric} and within every guardrail`,
  );
}
