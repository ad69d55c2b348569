import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import { RESULTS_URL_HELP } from '../db/results-url-option.ts';

export const evalCommand: CommandModule = {
  name: 'eval',
  summary:
    'evaluate a prompt on its dataset: scores with 95% CIs, cost, latency; --against compares with a git ref',
  create: (ctx) =>
    new Command('eval')
      .summary('evaluate a prompt on its dataset; --against <ref> compares two versions')
      .description(
        'Evaluate a prompt on its dataset with its evaluators. Prints per evaluator the mean with a 95% CI and the pass rate, plus cost, latency p50/p95, tokens and cache hits. Results go to .evohub/results.duckdb (or the store --results-url / `results:` in evohub.yaml names).',
      )
      .argument('<prompt>', 'prompt file path, or prompt name (file stem, e.g. ticket-triage)')
      .option(
        '--provider <ref>',
        "model reference overriding the prompt's model (openai/gpt-4o-mini, simulated/ticket-triage, file:./p.ts)",
      )
      .option('--dataset <path>', "dataset file (.jsonl/.json/.yaml) instead of the prompt's testData")
      .option('--sample <n>', 'evaluate a random sample of n rows (drawn by --seed)')
      .option('--seed <n>', 'seed for sampling and for providers that take one (default 0)')
      .option('--repeat <n>', 'run every case n times and report the spread per case (default 1)')
      .option(
        '--against <git-ref>',
        'also evaluate the prompt as it is at this ref on the same cases; report paired differences with verdicts',
      )
      .option('--concurrency <n>', 'evaluations in flight at once (default 16)')
      .option('--no-cache', 'do not read or write the response cache')
      .option(
        '--budget-evals <n>',
        'stop before more than n paid model calls (default: budget in evohub.yaml)',
      )
      .option('--budget-usd <x>', 'stop before spending more than x USD (default: budget in evohub.yaml)')
      .option('--judge <ref>', 'model reference for every LLM-judge evaluator, replacing their modelId')
      .option(
        '--max-error-rate <x>',
        'fail (exit 1) when more than this share of calls fail (default 0.1); all failing always fails',
      )
      .option('--json', 'print the report as JSON')
      .option('--markdown', 'print the report as Markdown tables (for pull-request comments)')
      .option(
        '--json-events',
        'print the progress events as JSON Lines on stdout as they happen (the report goes to stderr)',
      )
      .option('--results-url <url>', RESULTS_URL_HELP)
      .addHelpText(
        'after',
        `
Exit codes: 0 done; 1 stopped by the budget (partial results are printed) or an error; 2 bad flags.

Examples:
  npx evohub eval ticket-triage
  npx evohub eval prompts/ticket-triage.prompt.yml --sample 20 --seed 7 --json
  npx evohub eval ticket-triage --provider openai/gpt-4o-mini --budget-usd 0.50
  npx evohub eval ticket-triage --against main --markdown
  npx evohub eval ticket-triage --repeat 3
  npx evohub eval ticket-triage --json-events | jq -c 'select(.type == "run-finished")'`,
      )
      .action(async (prompt: string, opts: Record<string, unknown>) => {
        const { runEvalCommand } = await import('./run-eval-command.ts');
        await runEvalCommand(ctx, prompt, opts);
      }),
};
