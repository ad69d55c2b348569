import type { PairedMetricComparison } from '../../core/evaluation/paired.ts';
import type { MetricSummary, RunSummary } from '../../core/evaluation/summary.ts';
import type { VersionComparison } from '../../evaluator/run/compare-versions.ts';
import type { EvaluationReport } from '../../evaluator/run/evaluate-prompt.ts';

export type Style = 'text' | 'markdown';

const SIM = ' (simulated)';

function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

function signed(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const s = num(x, digits);
  return s.startsWith('-') ? s : `+${s}`;
}

/** Digits to show for a metric: scores in [0, 1] get 3; measurements depend on their size. */
function digitsFor(m: { kind: string; name: string }, x: number): number {
  if (m.kind === 'builtin' && m.name === 'cost') return 6;
  if (m.kind === 'builtin' || m.kind === 'latency' || m.kind === 'tokens') return Math.abs(x) >= 100 ? 0 : 1;
  if (m.kind === 'cost') return 6;
  return 3;
}

function table(style: Style, header: string[], rows: string[][]): string {
  if (style === 'markdown') {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function ci(low: number, high: number, d: number): string {
  return Number.isFinite(low) ? `[${num(low, d)}, ${num(high, d)}]` : '–';
}

/** ` [20.8, 93.9]`: the Wilson interval of a pass rate, in percent. */
function passRateCi(m: MetricSummary): string {
  const c = m.passRateCi;
  if (!c || !Number.isFinite(c.low)) return '';
  return ` [${(c.low * 100).toFixed(1)}, ${(c.high * 100).toFixed(1)}]`;
}

function metricRow(m: MetricSummary): string[] {
  const d = digitsFor(m, m.mean);
  const spread = m.spread ? num(m.spread.meanSd, d) : '';
  const row = [
    m.name,
    num(m.mean, d),
    ci(m.ci.low, m.ci.high, d),
    m.passRate === undefined ? '–' : `${(m.passRate * 100).toFixed(1)}%${passRateCi(m)}`,
  ];
  return m.spread ? [...row, spread] : row;
}

function footer(s: RunSummary): string {
  const usd = `$${s.cost.totalUsd.toFixed(6)} total ($${s.cost.perEvaluationUsd.toFixed(6)}/evaluation${s.cost.unpriced ? `, ${s.cost.unpriced} unpriced` : ''}; $${s.cost.spentUsd.toFixed(6)} spent by this run)`;
  const lat = `latency p50 ${num(s.latencyMs.p50, 0)} ms, p95 ${num(s.latencyMs.p95, 0)} ms`;
  const tok = `tokens ${s.tokens.total} (${num(s.tokens.perEvaluation, 1)}/evaluation; ${s.tokens.input} in, ${s.tokens.output} out)`;
  const cache = `cache hits ${s.cache.hits}/${s.evaluations}`;
  return `cost ${usd} · ${lat} · ${tok} · ${cache}`;
}

function heading(style: Style, text: string): string {
  return style === 'markdown' ? `### ${text}` : text;
}

export function formatReport(r: EvaluationReport, style: Style): string {
  const s = r.summary;
  const sim = r.simulated ? SIM : '';
  const lines: string[] = [];
  lines.push(heading(style, `${r.prompt.name} — ${r.provider}${sim}`));
  lines.push(
    `${r.prompt.file} · version ${r.prompt.hash.slice(0, 12)} · run ${r.runId} · ${s.cases} cases × ${s.repeats || 1} repeat${(s.repeats || 1) > 1 ? 's' : ''} = ${s.evaluations} evaluations${s.errors ? `, ${s.errors} errors` : ''}`,
  );
  if (r.stopped) lines.push(`STOPPED EARLY (partial results): ${r.stopped.message}`);
  lines.push('');
  const header = ['metric', 'mean', '95% CI', 'pass rate'];
  const repeated = s.metrics.some((m) => m.spread);
  lines.push(table(style, repeated ? [...header, 'sd across repeats'] : header, s.metrics.map(metricRow)));
  lines.push('');
  lines.push(footer(s));
  if (repeated) {
    const spread = s.metrics.filter((m) => m.kind !== 'builtin' && m.spread);
    for (const m of spread) {
      const varied = (m.spread?.perCase ?? []).filter((c) => c.sd > 0).sort((a, b) => b.sd - a.sd);
      lines.push(
        `${m.name}: ${varied.length} of ${m.spread?.perCase.length ?? 0} cases vary across repeats${
          varied.length
            ? ` (most: ${varied
                .slice(0, 5)
                .map((c) => `${c.caseId} sd ${num(c.sd)}`)
                .join(', ')})`
            : ''
        }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function comparisonRow(m: PairedMetricComparison): string[] {
  const d = digitsFor(m, m.baseMean);
  return [
    m.name,
    num(m.baseMean, d),
    num(m.candidateMean, d),
    signed(m.difference, d),
    ci(m.ci.low, m.ci.high, d),
    String(m.pairs),
    m.verdict,
  ];
}

export function formatComparison(c: VersionComparison, style: Style, againstRef: string): string {
  const sim = c.simulated ? SIM : '';
  const lines: string[] = [];
  lines.push(
    heading(
      style,
      `${c.candidate.prompt.name}: working tree vs ${againstRef} — ${c.candidate.provider}${sim}`,
    ),
  );
  lines.push(
    `base ${c.base.prompt.hash.slice(0, 12)} (run ${c.base.runId}) · candidate ${c.candidate.prompt.hash.slice(0, 12)} (run ${c.candidate.runId}) · paired over the same cases`,
  );
  if (c.stopped) lines.push(`STOPPED EARLY (partial results): ${c.stopped.message}`);
  lines.push('');
  lines.push(
    table(
      style,
      ['metric', 'base', 'candidate', 'difference', '95% CI', 'pairs', 'verdict'],
      c.metrics.map(comparisonRow),
    ),
  );
  lines.push('');
  lines.push(`base: ${footer(c.base.summary)}`);
  lines.push(`candidate: ${footer(c.candidate.summary)}`);
  return `${lines.join('\n')}\n`;
}

/** The JSON document of `evohub eval --json` (without per-evaluation records; see `evohub runs --export`). */
export function reportJson(r: EvaluationReport): Record<string, unknown> {
  return {
    runId: r.runId,
    prompt: r.prompt,
    provider: r.provider,
    simulated: r.simulated,
    status: r.status,
    stopped: r.stopped ?? null,
    summary: r.summary,
  };
}

export function comparisonJson(c: VersionComparison, againstRef: string): Record<string, unknown> {
  return {
    against: againstRef,
    simulated: c.simulated,
    stopped: c.stopped ?? null,
    base: reportJson(c.base),
    candidate: reportJson(c.candidate),
    metrics: c.metrics,
  };
}
