/**
 * The pull-request check's comment (pure): per changed prompt and metric, base vs head on the same cases, the
 * paired difference with its 95% interval and a verdict; an overall verdict against a regression threshold. The
 * hidden marker lets `evohub ci pr` find and update its one comment on the next push.
 */
import type { PairedMetricComparison } from '../evaluation/paired.ts';
import { finishBody, interval, num, signed, table } from './markdown.ts';
import { commentMarker } from './upsert.ts';

export type PromptComparison = {
  path: string;
  /** `modified` compares base and head; `added` and `deleted` have one side only. */
  change: 'modified' | 'added' | 'deleted';
  metrics: PairedMetricComparison[];
  /** Why the prompt could not be compared (bad YAML on head, no dataset); shown instead of a table. */
  error?: string;
};

export type OverallVerdict = 'regression' | 'improvement' | 'no significant change' | 'error';

export type ComparisonReport = {
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  prompts: PromptComparison[];
  /** A significant change for the worse larger than this (absolute difference) in a gated metric fails the check. */
  threshold: number;
  /**
   * Metrics that can fail the check. Default: the evaluators' scores (not the builtin cost, latency and token
   * measures, whose scales differ; they are reported and flagged, and gated only when named here).
   */
  gate?: string[];
  models?: string[];
};

export const COMPARISON_MARKER = commentMarker('ci-pr');

export function isGated(m: PairedMetricComparison, gate: readonly string[] | undefined): boolean {
  return gate ? gate.includes(m.name) : m.kind !== 'builtin';
}

/** A gated metric regresses when it is significantly worse by more than the threshold. */
export function isRegression(
  m: PairedMetricComparison,
  r: Pick<ComparisonReport, 'threshold' | 'gate'>,
): boolean {
  return isGated(m, r.gate) && m.verdict === 'worse' && Math.abs(m.difference) > r.threshold;
}

export function overallVerdict(r: ComparisonReport): OverallVerdict {
  if (r.prompts.some((p) => p.error)) return 'error';
  const metrics = r.prompts.flatMap((p) => p.metrics);
  if (metrics.some((m) => isRegression(m, r))) return 'regression';
  if (metrics.some((m) => m.verdict === 'better')) return 'improvement';
  return 'no significant change';
}

const HEADLINE: Record<OverallVerdict, string> = {
  regression: '❌ Significant regression',
  improvement: '✅ Improvement, no significant regression',
  'no significant change': '➖ No significant change',
  error: '⚠️ Some prompts could not be evaluated',
};

function verdictCell(m: PairedMetricComparison, r: ComparisonReport): string {
  if (isRegression(m, r)) return '❌ worse';
  if (m.verdict === 'worse') return isGated(m, r.gate) ? '⚠️ worse (within threshold)' : '⚠️ worse (not gated)';
  if (m.verdict === 'better') return '✅ better';
  return '➖ no significant difference';
}

export function renderComparisonComment(r: ComparisonReport): string {
  const verdict = overallVerdict(r);
  const out: string[] = [COMPARISON_MARKER, `## evohub: ${HEADLINE[verdict]}`, ''];
  out.push(
    `Base \`${r.base.ref}\` (${r.base.sha.slice(0, 7)}) vs head \`${r.head.ref}\` (${r.head.sha.slice(0, 7)}), ` +
      `${r.prompts.length} changed prompt file${r.prompts.length === 1 ? '' : 's'}. Differences are head − base, ` +
      `paired over the same cases, with 95% confidence intervals; a significant drop larger than ${num(r.threshold)} in ${
        r.gate ? r.gate.map((g) => `\`${g}\``).join(', ') : 'an evaluator score'
      } fails the check.`,
  );
  const simulated = (r.models ?? []).filter((m) => m.startsWith('simulated/'));
  if (simulated.length) out.push('', `> **Simulated provider** (${simulated.join(', ')}): not a real model.`);
  for (const p of r.prompts) {
    out.push('', `### \`${p.path}\` (${p.change})`, '');
    if (p.error) {
      out.push(`⚠️ ${p.error}`);
      continue;
    }
    if (p.metrics.length === 0) {
      out.push(
        p.change === 'modified'
          ? 'No metrics to compare.'
          : `Prompt ${p.change}: nothing to compare against.`,
      );
      continue;
    }
    out.push(
      table(
        ['metric', 'cases', 'base', 'head', 'difference (95% CI)', 'verdict'],
        p.metrics.map((m) => [
          `${m.name}${m.direction === 'minimize' ? ' (lower is better)' : ''}`,
          String(m.pairs),
          num(m.baseMean),
          num(m.candidateMean),
          `${signed(m.difference)} ${interval(m.ci)}`,
          verdictCell(m, r),
        ]),
      ),
    );
  }
  out.push('');
  return finishBody(out.join('\n'));
}
