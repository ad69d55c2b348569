import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import { RESULTS_URL_HELP } from '../db/results-url-option.ts';

export const lineageCommand: CommandModule = {
  name: 'lineage',
  summary: "show a prompt version's ancestry back to the human-written original",
  create: (ctx) =>
    new Command('lineage')
      .description(
        "Show the ancestry of a prompt version: its parents, their parents, … back to the human-written original, with the run, generation, operator and fitness that made each. Reads the lineage records in the results store (.evohub/results.duckdb, or --results-url); falls back to the lineage.parents fields in the file's git history.",
      )
      .argument(
        '<name@rev>',
        'prompt name or path, @ a version number, environment, branch, tag or commit (no @: working tree)',
      )
      .option('--json', 'print the ancestry as JSON')
      .option('--results-url <url>', RESULTS_URL_HELP)
      .addHelpText(
        'after',
        `
Examples:
  npx evohub lineage ticket-triage
  npx evohub lineage ticket-triage@evohub/ticket-triage/20260101T120000-1a2b3c4d
  npx evohub lineage ticket-triage@2 --json`,
      )
      .action(async (spec: string, opts: { json?: boolean; resultsUrl?: string }) => {
        const { runLineageCommand } = await import('./run-lineage-command.ts');
        await runLineageCommand(ctx, spec, opts);
      }),
};
