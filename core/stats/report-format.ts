/**
 * Renders an AbReport as a plain-text table (terminal), Markdown (PR comments) or JSON (infinite interval ends
 * become null, since JSON has no Infinity).
 */
import type { AbReport, Interval, MetricReport, VariantMetricResult } from './ab-types.ts';

function signed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return x > 0 ? `+${s}` : s;
}

function formatNumber(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

function effect(x: number, relative: boolean): string {
  if (x === Number.POSITIVE_INFINITY) return '+∞';
  if (x === Number.NEGATIVE_INFINITY) return '-∞';
  if (relative) return `${signed(x * 100, 2)}%`;
  return x > 0 ? `+${formatNumber(x)}` : formatNumber(x);
}

function interval(ci: Interval, relative: boolean): string {
  return `[${effect(ci[0], relative)}, ${effect(ci[1], relative)}]`;
}

function pValue(p: number | null | undefined): string {
  if (p === undefined) return '';
  if (p === null) return 'n/a';
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function metricLabel(m: MetricReport): string {
  const tags: string[] = [];
  if (m.primary) tags.push('primary');
  if (m.guardrail) tags.push(`guardrail ${percent(m.guardrail.margin)}`);
  if (m.direction === 'lower') tags.push('lower is better');
  if (m.cuped) tags.push('CUPED');
  return tags.length ? `${m.name} (${tags.join(', ')})` : m.name;
}

function resultLabel(r: VariantMetricResult): string {
  if (r.error) return `no result: ${r.error}`;
  const g = r.guardrail ? `, guardrail ${r.guardrail.verdict}` : '';
  return `${r.outcome}${g}`;
}

type Table = { header: string[]; rows: string[][] };

function reportTable(report: AbReport): Table {
  const s = report.settings;
  const relative = s.difference === 'relative';
  const bayesian = s.method === 'bayesian';
  const ciName = `${Math.round((1 - s.alpha) * 1000) / 10}% ${bayesian ? 'CrI' : 'CI'}`;
  const header = ['metric', 'variant', 'baseline', 'variant mean', relative ? 'lift' : 'difference', ciName];
  if (bayesian) header.push('chance to win', 'risk (ship)');
  else header.push('p-value');
  header.push('result');
  const rows: string[][] = [];
  for (const m of report.metrics) {
    for (const r of m.variants) {
      const row = [
        metricLabel(m),
        r.variant,
        formatNumber(m.baseline.mean),
        formatNumber(r.mean),
        effect(r.estimate, relative),
        interval(r.ci, relative),
      ];
      if (bayesian)
        row.push(percent(r.chanceToWin ?? 0.5), effect(r.risk?.[1] ?? 0, relative).replace(/^\+/, ''));
      else row.push(pValue(r.pValue));
      row.push(resultLabel(r));
      rows.push(row);
    }
  }
  return { header, rows };
}

function settingsLine(report: AbReport): string {
  const s = report.settings;
  const parts: string[] = [s.method, s.sided, `${s.difference} difference`, `alpha ${s.alpha}`];
  if (s.method === 'sequential') parts.push(`tuning ${s.sequentialTuning}`);
  if (s.method === 'bayesian') {
    parts.push(s.prior.proper ? `prior N(${s.prior.mean}, ${s.prior.variance})` : 'flat prior');
  }
  if (s.correction !== 'none' && s.method !== 'bayesian') parts.push(`correction ${s.correction}`);
  return parts.join(', ');
}

function srmLine(report: AbReport): string {
  const srm = report.srm;
  const split = srm.variants
    .map((v) => `${v.name} ${v.users} (${percent(v.observedShare)}, expected ${percent(v.expectedShare)})`)
    .join(', ');
  return `SRM: p = ${srm.pValue.toPrecision(3)} ${srm.passed ? 'ok' : `FAILED (< ${srm.threshold})`}; ${split}`;
}

function decisionLine(report: AbReport): string {
  return `${report.decision}: ${report.reason}`;
}

/** A fixed-width table for terminals. */
export function formatReportText(report: AbReport): string {
  const { header, rows } = reportTable(report);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `A/B analysis (${settingsLine(report)}), baseline ${report.baseline}`,
    srmLine(report),
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `Decision: ${decisionLine(report)}`,
    '',
  ].join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** Markdown for a pull-request comment. */
export function formatReportMarkdown(report: AbReport): string {
  const { header, rows } = reportTable(report);
  const row = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [
    `### A/B analysis: **${report.decision}**${report.winner ? ` \`${report.winner}\`` : ''}`,
    '',
    escapeCell(report.reason),
    '',
    row(header),
    row(header.map(() => '---')),
    ...rows.map(row),
    '',
    `<sub>${settingsLine(report)}; baseline \`${report.baseline}\`. ${srmLine(report)}</sub>`,
    '',
  ].join('\n');
}

/** JSON with ±Infinity as null (one-sided intervals). */
export function formatReportJson(report: AbReport): string {
  return `${JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
