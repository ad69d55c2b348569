import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import { RESULTS_URL_HELP } from '../db/results-url-option.ts';

export const evolveCommand: CommandModule = {
  name: 'evolve',
  summary:
    'evolve a prompt (NSGA-II, MAP-Elites, CMA-ES, GA): winner committed on a new branch; --resume continues a run',
  create: (ctx) =>
    new Command('evolve')
      .description(
        'Evolve a prompt with LLM-driven and structural operators, racing candidates on growing subsets of the dataset. Prints progress per generation on stderr, then the Pareto front; writes the winner (version bumped, lineage filled) and commits it on a new branch evohub/<name>/<run-id>, leaving your branch and working tree untouched. The baseline and the winner are reported on a held-out split with 95% CIs. Checkpoints after every generation to .evohub/results.duckdb.',
      )
      .argument('[prompt]', 'prompt file path, or prompt name (file stem); optional with --resume')
      .option(
        '--algorithm <name>',
        'nsga2 | map-elites | cma-es | ga | random (default: evolution.algorithm, else nsga2)',
      )
      .option('--population <n>', 'candidates per generation (default: evolution.population, else 8)')
      .option('--generations <n>', 'generations (default: evolution.generations, else 5)')
      .option(
        '--objectives <list>',
        "comma-separated metrics, e.g. exact-label,cost (default: the prompt's objectives)",
      )
      .option('--budget-evals <n>', 'at most n paid model calls in all (evaluations and optimizer)')
      .option('--budget-usd <x>', 'at most x USD in all')
      .option('--seed <n>', 'seed of every random choice (default: evolution.seed, else 0)')
      .option(
        '--optimizer <ref>',
        "optimizer model for the LLM operators (default: evolution.optimizerModel, else the prompt's model)",
      )
      .option(
        '--held-out <fraction>',
        'share of the dataset kept out of selection (default: evolution.heldOut, else 0.3)',
      )
      .option('--no-racing', 'evaluate every candidate on every selection case')
      .option('--surrogate', 'skip the candidates a k-NN surrogate predicts worst')
      .option(
        '--patience <n>',
        'stop after n generations in a row that do not move the front (default: evolution.patience, else 0: never)',
      )
      .option('--concurrency <n>', 'model calls in flight at once (default 16)')
      .option('--no-commit', 'do not write the winner to a branch')
      .option(
        '--resume <run-id>',
        'continue a run from its last checkpoint (same seed, no paid call repeated)',
      )
      .option(
        '--run-id <id>',
        'give the run this id; resume it instead when it has a checkpoint (what a retried Kubernetes Job does)',
      )
      .option(
        '--max-error-rate <x>',
        'fail (exit 1) when more than this share of case evaluations fail (default 0.1)',
      )
      .option('--json', 'print the report as JSON on stdout')
      .option(
        '--json-events',
        'print the progress events as JSON Lines on stdout as they happen (the report goes to stderr)',
      )
      .option('--results-url <url>', RESULTS_URL_HELP)
      // [distributed, issue 5] coordinator mode: evaluations go to `evohub worker` processes through Redis.
      .option('--distributed', 'evaluate on `evohub worker` processes through a Redis queue (needs --redis)')
      .option('--redis <url>', 'Redis URL of the queue, e.g. redis://127.0.0.1:6379 (with --distributed)')
      .option('--queue-prefix <p>', 'key prefix of the queue, cache, limits and budgets (default evohub)')
      .option('--metrics-port <n>', 'with --distributed: serve /metrics and /healthz on this port')
      .option('--batch-size <n>', 'with --distributed: cases per queue job (default 25)')
      .addHelpText(
        'after',
        `
Exit codes: 0 done (also when the budget stopped the run early: the report says so); 1 error; 2 bad flags.

Examples:
  npx evohub evolve ticket-triage
  npx evohub evolve prompts/ticket-triage.prompt.yml --algorithm map-elites --generations 8 --seed 7
  npx evohub evolve ticket-triage --objectives exact-label,cost --budget-evals 2000 --json
  npx evohub evolve ticket-triage --json-events > events.jsonl
  npx evohub evolve ticket-triage --algorithm cma-es --population 6
  npx evohub evolve --resume 20260101T120000-1a2b3c4d
  npx evohub evolve ticket-triage --distributed --redis redis://127.0.0.1:6379
  npx evohub evolve ticket-triage --distributed --redis redis://127.0.0.1:6379 --queue-prefix evohub-r1 --run-id r1`,
      )
      .action(async (prompt: string | undefined, opts: Record<string, unknown>) => {
        const { runEvolveCommand } = await import('./run-evolve-command.ts');
        await runEvolveCommand(ctx, prompt, opts);
      }),
};
