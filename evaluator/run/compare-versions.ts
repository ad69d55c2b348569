import { type PairedMetricComparison, pairedComparison } from '../../core/evaluation/paired.ts';
import { planCases } from '../../core/evaluation/plan.ts';
import type { DatasetRow } from '../../core/prompt/types.ts';
import {
  type EvaluationEnvironment,
  type EvaluationReport,
  type EvaluationSettings,
  executeEvaluation,
  type PromptSource,
  prepareEvaluation,
} from './evaluate-prompt.ts';

export type VersionComparison = {
  base: EvaluationReport;
  candidate: EvaluationReport;
  /** Per metric: candidate − base over the same cases, 95% CI, verdict. */
  metrics: PairedMetricComparison[];
  simulated: boolean;
  /** Set when the budget stopped either side: the comparison covers only the cases both finished. */
  stopped?: { reason: 'budget'; message: string };
};

/**
 * Evaluates two versions of a prompt on the SAME cases (the candidate's dataset, sampled once) with the SAME
 * evaluators (the candidate's), then compares them pairwise per case. Pull-request checks call exactly this;
 * it returns data and prints nothing. Both versions are prepared (providers, keys, evaluators, variables)
 * before either makes a call.
 */
export async function compareVersions(opts: {
  base: PromptSource;
  candidate: PromptSource;
  rows: readonly DatasetRow[];
  env: EvaluationEnvironment;
  settings?: EvaluationSettings;
}): Promise<VersionComparison> {
  const settings = opts.settings ?? {};
  const plan = planCases(opts.rows, settings);
  const cand = await prepareEvaluation(opts.candidate, opts.rows, plan, opts.env, settings);
  const base = await prepareEvaluation(opts.base, opts.rows, plan, opts.env, settings, opts.candidate);
  const baseReport = await executeEvaluation(base, opts.env, {
    ...settings,
    note: { ...settings.note, role: 'base' },
  });
  // Run even when the budget stopped the base: cached answers are free, and the candidate's run is recorded
  // (as partial) either way.
  const candidate = await executeEvaluation(cand, opts.env, {
    ...settings,
    note: { ...settings.note, role: 'candidate', baseRun: baseReport.runId },
  });
  return {
    base: baseReport,
    candidate,
    metrics: pairedComparison(baseReport.records, candidate.records, cand.metrics),
    simulated: baseReport.simulated || candidate.simulated,
    stopped: baseReport.stopped ?? candidate.stopped,
  };
}
