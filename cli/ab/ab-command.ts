import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import type { CliContext } from '../context.ts';

function analyzeCommand(ctx: CliContext): Command {
  return new Command('analyze')
    .description(
      'Analyse an A/B test from summary statistics (JSON, schemas/ab-input.schema.json): sample-ratio-mismatch check, ' +
        'then per metric and variant the lift, interval and p-value (frequentist, sequential) or chance to win and ' +
        'risk (bayesian), guardrail verdicts and a decision: ship, rollback, continue or srm-failed. The estimators ' +
        "are those of GrowthBook's gbstats.",
    )
    .argument('<file>', 'the input document, or - for standard input')
    .option('--json', 'print the full report as JSON (interval ends at infinity are null)')
    .option('--markdown', 'print a Markdown table for a pull-request comment')
    .option(
      '--check',
      'exit 1 when the decision is rollback or srm-failed (default: exit 0 whatever the decision)',
    )
    .addHelpText(
      'after',
      `
Exit status: 0 when the analysis ran (any decision); 1 for invalid input, or with --check when the decision is
rollback or srm-failed; 2 for bad flags.

Examples:
  npx evohub ab analyze docs/ab/checkout.json
  npx evohub ab analyze docs/ab/canary-sequential.json --markdown > comment.md
  cat stats.json | npx evohub ab analyze - --json --check`,
    )
    .action(async (file: string, flags: { json?: boolean; markdown?: boolean; check?: boolean }) => {
      const { runAbAnalyze } = await import('./analyze.ts');
      await runAbAnalyze(ctx, file, flags);
    });
}

export const abCommand: CommandModule = {
  name: 'ab',
  summary: 'A/B test statistics: analyse summary statistics of an experiment',
  create: (ctx) =>
    new Command('ab')
      .description(
        'A/B test statistics with the estimators of GrowthBook’s gbstats (see docs/ab-testing.md).',
      )
      .addHelpText('after', '\nExamples:\n  npx evohub ab analyze docs/ab/checkout.json --markdown')
      .addCommand(analyzeCommand(ctx)),
};
