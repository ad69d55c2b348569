/**
 * The per-case table of `evohub runs show --cases`: one line per evaluation with its inputs, expected value and
 * output cut to a readable width, each scorer's value (✓/✗ where it decides pass/fail), latency and cost.
 */
import type { EvaluationRecord } from '../../core/ports/results-store.ts';

/** An evaluation that failed: its call or a scorer errored, or a pass/fail scorer said no. */
export function isFailed(e: EvaluationRecord): boolean {
  return e.error !== undefined || Object.values(e.passes).some((p) => !p);
}

/** One line, at most `width` characters: newlines and runs of spaces become one space, the cut ends with `…`. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/** A JSON value as a cell: strings as they are, the rest as compact JSON; absent as `–`. */
function cell(value: unknown): string {
  if (value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function inputsCell(vars: Record<string, unknown> | undefined): string {
  if (vars === undefined) return '–';
  return Object.entries(vars)
    .filter(([k]) => k !== 'id')
    .map(([k, v]) => `${k}=${cell(v)}`)
    .join(' ');
}

function scoreCell(e: EvaluationRecord, name: string): string {
  const v = e.metrics[name];
  if (v === undefined) return '–';
  const shown = Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : 'NaN';
  const pass = e.passes[name];
  return pass === undefined ? shown : `${shown} ${pass ? '✓' : '✗'}`;
}

export type CaseTableOptions = {
  /** Scorer columns, in order (measurements such as latency are columns of their own). */
  scorers: readonly string[];
  widths?: { inputs?: number; expected?: number; output?: number };
};

export function formatCaseTable(evals: readonly EvaluationRecord[], opts: CaseTableOptions): string {
  const w = { inputs: 40, expected: 20, output: 40, ...opts.widths };
  const header = ['case', 'inputs', 'expected', 'output', ...opts.scorers, 'latency', 'cost'];
  const rows = evals.map((e) => [
    e.repeat > 0 ? `${e.caseId}#${e.repeat}` : e.caseId,
    truncate(inputsCell(e.vars), w.inputs),
    truncate(cell(e.expected), w.expected),
    truncate(e.error === undefined ? e.output : `error: ${e.error}`, w.output),
    ...opts.scorers.map((s) => scoreCell(e, s)),
    `${Math.round(e.latencyMs)} ms`,
    e.costUsd === undefined ? '–' : `$${e.costUsd.toFixed(4)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
