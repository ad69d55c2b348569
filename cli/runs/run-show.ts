/**
 * `evohub runs show <run-id> [--cases] [--failed] [--json]`: one run's summary and, with `--cases`, its per-case
 * table. An evolve run's own evaluations live under sub-run ids: its cases are the winner's held-out evaluations
 * (`<id>/held-out/winner`, else the baseline's). Any evaluation run id (`<id>/held-out/baseline`) is shown too.
 */
import { readEvohubConfig } from '../../core/config/index.ts';
import { NotFoundError, UsageError } from '../../core/errors.ts';
import type { RunSummary } from '../../core/evaluation/summary.ts';
import type { EvaluationRecord, ResultsStore, RunRecord } from '../../core/ports/results-store.ts';
import type { CliContext } from '../context.ts';
import { openCommandStore } from '../db/command-store.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';
import { formatCaseTable, isFailed } from './case-table.ts';

export type RunsShowFlags = { cases?: boolean; failed?: boolean; json?: boolean; resultsUrl?: string };

export type RunsShowJson = {
  run: RunRecord | null;
  /** The run id the cases were read from (an evolve run's held-out sub-run). */
  evaluationRun: string;
  totals: { evaluations: number; errors: number; failed: number; costUsd: number };
  cases?: EvaluationRecord[];
};

/** Where a run's cases are: its own id, or for an evolve run its held-out winner (else baseline). */
async function casesOf(store: ResultsStore, run: RunRecord | undefined, id: string) {
  const own = await store.evaluations(id);
  if (own.length > 0 || run?.kind !== 'evolve') return { evaluationRun: id, evals: own };
  for (const tag of ['winner', 'baseline']) {
    const sub = `${id}/held-out/${tag}`;
    const evals = await store.evaluations(sub);
    if (evals.length > 0) return { evaluationRun: sub, evals };
  }
  return { evaluationRun: id, evals: own };
}

function summaryLines(run: RunRecord | undefined, id: string, evals: readonly EvaluationRecord[]): string[] {
  const lines: string[] = [];
  const at = (s: string) => s.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  if (run) {
    lines.push(`run          ${run.id} (${run.kind}, ${run.status})`);
    lines.push(`prompt       ${run.promptName} (${run.promptFile})`);
    lines.push(`provider     ${run.provider}${run.simulated ? ' (simulated)' : ''}`);
    lines.push(
      `started      ${at(run.startedAt)}${run.finishedAt ? `, finished ${at(run.finishedAt)}` : ''}`,
    );
  } else {
    lines.push(`evaluations of ${id}`);
  }
  const errors = evals.filter((e) => e.error !== undefined).length;
  const failed = evals.filter(isFailed).length;
  const cases = new Set(evals.map((e) => e.caseId)).size;
  lines.push(`evaluations  ${evals.length} over ${cases} cases (${errors} errors, ${failed} failed)`);
  const s = run?.summary as RunSummary | undefined;
  for (const m of s?.metrics ?? []) {
    if (m.kind === 'builtin') continue;
    const ci = Number.isFinite(m.ci?.low) ? ` [${m.ci.low.toFixed(3)}, ${m.ci.high.toFixed(3)}]` : '';
    const pass = m.passRate === undefined ? '' : `, pass ${(m.passRate * 100).toFixed(0)}%`;
    lines.push(`  ${m.name} ${Number.isFinite(m.mean) ? m.mean.toFixed(3) : '–'}${ci}${pass}`);
  }
  if (s?.cost)
    lines.push(`cost         $${s.cost.totalUsd.toFixed(4)} (spent $${s.cost.spentUsd.toFixed(4)})`);
  else lines.push(`cost         $${evals.reduce((t, e) => t + (e.costUsd ?? 0), 0).toFixed(4)}`);
  if (s?.latencyMs)
    lines.push(`latency      p50 ${Math.round(s.latencyMs.p50)} ms, p95 ${Math.round(s.latencyMs.p95)} ms`);
  if (run?.note) lines.push(`note         ${run.note}`);
  return lines;
}

/** The scorer columns: the run summary's evaluators in order, else every metric name the records carry. */
function scorersOf(run: RunRecord | undefined, evals: readonly EvaluationRecord[]): string[] {
  const s = run?.summary as RunSummary | undefined;
  const named = s?.metrics?.filter((m) => m.kind !== 'builtin').map((m) => m.name);
  if (named && named.length > 0) return named;
  const all = new Set<string>();
  for (const e of evals) for (const k of Object.keys(e.metrics)) all.add(k);
  return [...all];
}

export async function showRun(
  ctx: CliContext,
  store: ResultsStore,
  id: string,
  flags: RunsShowFlags,
): Promise<RunsShowJson> {
  if (flags.failed && !flags.cases) throw new UsageError('--failed filters the case table: add --cases');
  const run = await store.getRun(id);
  const { evaluationRun, evals } = await casesOf(store, run, id);
  if (!run && evals.length === 0) {
    throw new NotFoundError(`no run "${id}" in the results store`, {
      hint: 'list runs with `npx evohub runs`',
    });
  }
  const shown = flags.failed ? evals.filter(isFailed) : evals;
  const out: RunsShowJson = {
    run: run ?? null,
    evaluationRun,
    totals: {
      evaluations: evals.length,
      errors: evals.filter((e) => e.error !== undefined).length,
      failed: evals.filter(isFailed).length,
      costUsd: evals.reduce((t, e) => t + (e.costUsd ?? 0), 0),
    },
    ...(flags.cases ? { cases: shown } : {}),
  };
  if (flags.json) {
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return out;
  }
  ctx.stdout.write(`${summaryLines(run, id, evals).join('\n')}\n`);
  if (!flags.cases) return out;
  ctx.stdout.write('\n');
  if (evaluationRun !== id) ctx.stdout.write(`cases of ${evaluationRun}\n`);
  if (shown.length === 0) {
    ctx.stdout.write(flags.failed ? 'no failed cases\n' : 'no evaluations stored\n');
    return out;
  }
  ctx.stdout.write(formatCaseTable(shown, { scorers: scorersOf(run, evals) }));
  return out;
}

export async function runRunsShow(ctx: CliContext, id: string, flags: RunsShowFlags): Promise<void> {
  const root = findRepoRoot(ctx.cwd);
  const config = await readEvohubConfig(root);
  const { store } = openCommandStore(ctx, { repoRoot: root, flag: flags.resultsUrl, config, mode: 'read' });
  try {
    await showRun(ctx, store, id, flags);
  } finally {
    await store.close();
  }
}
