import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import { RESULTS_URL_HELP } from '../db/results-url-option.ts';

export const runsCommand: CommandModule = {
  name: 'runs',
  summary: 'list evaluation runs stored in .evohub/results.duckdb; export evaluations as Parquet or JSONL',
  create: (ctx) => {
    const runs = new Command('runs')
      .summary('list stored evaluation runs; export them as Parquet or JSONL')
      .description(
        'List the evaluation runs in the results store (.evohub/results.duckdb, or PostgreSQL with --results-url), show one, or export evaluations with their metrics. Safe to run while an evaluation is writing.',
      )
      .option('--run <id>', 'show one run (with --export: export only its evaluations)')
      .option('--json', 'print runs as JSON')
      .option('--export <format>', 'export evaluations: parquet or jsonl (needs --out)')
      .option('--out <path>', 'file to write the export to')
      .option('--results-url <url>', RESULTS_URL_HELP)
      .addHelpText(
        'after',
        `
Examples:
  npx evohub runs
  npx evohub runs --json
  npx evohub runs --run 20260101T120000-1a2b3c4d
  npx evohub runs show 20260101T120000-1a2b3c4d --cases --failed
  npx evohub runs --export parquet --out results.parquet
  npx evohub runs --export jsonl --out run.jsonl --run 20260101T120000-1a2b3c4d
  npx evohub runs --results-url postgres://evohub@db.internal/evohub --export parquet --out all.parquet`,
      )
      .action(async (opts: Record<string, unknown>) => {
        const { runRunsCommand } = await import('./run-runs-command.ts');
        await runRunsCommand(ctx, opts);
      });
    runs
      .command('show')
      .description(
        "One run's summary (status, evaluations, errors, each evaluator's mean with its 95% CI, cost, latency); with --cases the per-case table: case id, input variables, expected value, output, each evaluator's value (✓/✗ for pass/fail), latency and cost. An evolve run shows its winner's held-out cases.",
      )
      .argument(
        '<run-id>',
        'a run id from `evohub runs` (or an evaluation run id such as <id>/held-out/baseline)',
      )
      .option('--cases', 'print the per-case table')
      .option('--failed', 'with --cases: only cases that errored or failed a pass/fail evaluator')
      .option('--json', 'print {run, evaluationRun, totals, cases} as JSON (cases untruncated)')
      .option('--results-url <url>', RESULTS_URL_HELP)
      .addHelpText(
        'after',
        `
Examples:
  npx evohub runs show 20260101T120000-1a2b3c4d
  npx evohub runs show 20260101T120000-1a2b3c4d --cases
  npx evohub runs show 20260101T120000-1a2b3c4d --cases --failed --json`,
      )
      .action(async (id: string, _opts: unknown, command: Command) => {
        const { runRunsShow } = await import('./run-show.ts');
        // `runs` itself has --json and --results-url: commander gives them to the parent wherever they stand.
        await runRunsShow(ctx, id, command.optsWithGlobals());
      });
    return runs;
  },
};
