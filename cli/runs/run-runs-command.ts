import { resolve } from 'node:path';
import { readEvohubConfig } from '../../core/config/index.ts';
import { NotFoundError, UsageError } from '../../core/errors.ts';
import type { RunSummary } from '../../core/evaluation/summary.ts';
import type { ResultsStore, RunRecord } from '../../core/ports/results-store.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { reconcileInterruptedRuns } from '../../evaluator/store/run-liveness.ts';
import type { CliContext } from '../context.ts';
import { openCommandStore } from '../db/command-store.ts';
import { findRepoRoot } from '../shared/resolve-prompt.ts';

export type RunsFlags = { json?: boolean; export?: string; out?: string; run?: string; resultsUrl?: string };

function metricsLine(summary: unknown): string {
  const s = summary as RunSummary | undefined;
  if (!s?.metrics) return '';
  return s.metrics
    .filter((m) => m.kind !== 'builtin')
    .map((m) => `${m.name} ${Number.isFinite(m.mean) ? m.mean.toFixed(3) : '–'}`)
    .join(', ');
}

function evaluationsOf(summary: unknown): string {
  const s = summary as RunSummary | undefined;
  return s ? String(s.evaluations) : '–';
}

function formatRuns(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return 'no runs yet (run `npx evohub eval <prompt>`)\n';
  const header = ['run', 'status', 'prompt', 'provider', 'started', 'evals', 'metrics'];
  const rows = runs.map((r) => [
    r.id,
    r.status,
    r.promptName,
    `${r.provider}${r.simulated ? ' (simulated)' : ''}`,
    r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    evaluationsOf(r.summary),
    metricsLine(r.summary),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** `evohub runs`: lists runs, shows one, or exports evaluations (Parquet or JSONL). Reads never block a writer. */
export async function runRunsCommand(ctx: CliContext, flags: RunsFlags): Promise<void> {
  const root = findRepoRoot(ctx.cwd);
  const config = await readEvohubConfig(root);
  const { store } = openCommandStore(ctx, { repoRoot: root, flag: flags.resultsUrl, config, mode: 'read' });
  try {
    await runsWith(ctx, store, flags, () => listRuns(store));
  } finally {
    await store.close();
  }
}

/**
 * The runs, with those whose process died shown as `interrupted`. That needs the DuckDB writer lock (which names
 * the live writer's runs); a PostgreSQL store has many writers and no such lock, so its runs are listed as stored.
 */
function listRuns(store: ResultsStore): Promise<RunRecord[]> {
  if (!(store instanceof DuckDbResultsStore)) return store.listRuns();
  return reconcileInterruptedRuns(store, () => new DuckDbResultsStore(store.path, { mode: 'write' }));
}

async function runsWith(
  ctx: CliContext,
  store: ResultsStore,
  flags: RunsFlags,
  listed: () => Promise<RunRecord[]>,
): Promise<void> {
  if (flags.export !== undefined) {
    if (flags.export !== 'parquet' && flags.export !== 'jsonl') {
      throw new UsageError(`--export must be parquet or jsonl, got "${flags.export}"`);
    }
    if (!flags.out) throw new UsageError('--export needs --out <path>');
    if (flags.run && !(await store.getRun(flags.run))) throw new NotFoundError(`no run "${flags.run}"`);
    const out = resolve(ctx.cwd, flags.out);
    const { rows } = await store.exportEvaluations(flags.export, out, { runId: flags.run });
    if (flags.json) ctx.stdout.write(`${JSON.stringify({ format: flags.export, out, rows })}\n`);
    else ctx.stdout.write(`wrote ${rows} evaluations to ${out} (${flags.export})\n`);
    return;
  }
  if (flags.out) throw new UsageError('--out is only used with --export');
  if (flags.run) {
    const all = await listed();
    const run = all.find((r) => r.id === flags.run);
    if (!run) throw new NotFoundError(`no run "${flags.run}"`, { hint: 'list runs with `npx evohub runs`' });
    if (flags.json) {
      ctx.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    } else {
      ctx.stdout.write(formatRuns([run]));
      if (run.note) ctx.stdout.write(`note: ${run.note}\n`);
    }
    return;
  }
  const runs = await listed();
  ctx.stdout.write(flags.json ? `${JSON.stringify(runs, null, 2)}\n` : formatRuns(runs));
}
