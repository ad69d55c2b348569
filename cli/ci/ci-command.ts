import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const ciCommand: CommandModule = {
  name: 'ci',
  summary:
    'continuous-integration entry points: `ci pr` compares changed prompts and comments on the pull request; `ci evolve` evolves and proposes',
  create: (ctx) =>
    new Command('ci')
      .description('Commands for GitHub Actions jobs (they read GITHUB_* variables the runner sets).')
      .addHelpText(
        'after',
        '\nExamples:\n  npx evohub ci pr --threshold 0.05        # in a pull_request workflow\n  npx evohub ci evolve prompts/ticket-triage.prompt.yml   # in a schedule/workflow_dispatch workflow',
      )
      .addCommand(
        new Command('pr')
          .description(
            'In a pull_request job: evaluate every prompt file the pull request changes at base and head on the same cases, post or update one comment with the comparison (found again by a hidden marker), write the job summary and outputs (verdict, changed-prompts, comment-url), and fail on a significant regression beyond --threshold.',
          )
          .option(
            '--threshold <x>',
            'fail only when a gated metric is significantly worse by more than x (absolute; default 0)',
          )
          .option(
            '--gate <metric>',
            'metric that can fail the check (repeatable; default every evaluator score, not cost/latency/tokens)',
            collect,
          )
          .option('--prompts <glob>', 'only prompt files matching this glob (repeatable)', collect)
          .option(
            '--provider <ref>',
            "model reference overriding the prompts' model (e.g. simulated/ticket-triage)",
          )
          .option('--sample <n>', 'evaluate a random sample of n cases per prompt (drawn by --seed)')
          .option('--seed <n>', 'seed for sampling (default 0)')
          .option('--budget-evals <n>', 'stop before more than n paid model calls (default: evohub.yaml)')
          .option('--budget-usd <x>', 'stop before spending more than x USD (default: evohub.yaml)')
          .option(
            '--max-error-rate <x>',
            'a prompt whose calls fail more often than this share (default 0.1) is an error (exit 1)',
          )
          .option('--no-comment', 'do not comment on the pull request (summary and outputs only)')
          .option('--token-env <name>', 'variable holding the GitHub token (default GITHUB_TOKEN)')
          .option('--repo <owner/name>', 'repository (default GITHUB_REPOSITORY)')
          .option('--json', 'print the verdict, the comment action and the comparison as JSON')
          .addHelpText(
            'after',
            `
Reads GITHUB_EVENT_PATH (a pull_request payload), GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY and the token variable. Needs the base commit in the checkout (fetch-depth: 0).
A pull request from a fork gets a read-only token: the comment is skipped with a message, the check still runs.

Exit codes: 0 no significant regression; 1 a regression beyond the threshold, a prompt that could not be
evaluated, or an error; 2 bad flags or not a pull_request event.

Examples:
  npx evohub ci pr
  npx evohub ci pr --threshold 0.05 --prompts 'prompts/support/*.prompt.yml'
  npx evohub ci pr --provider simulated/ticket-triage --no-comment --json`,
          )
          .action(async (opts: Record<string, unknown>) => {
            const { runCiPr } = await import('./run-ci-pr.ts');
            await runCiPr(ctx, opts);
          }),
      )
      .addCommand(
        new Command('evolve')
          .description(
            'In a schedule or workflow_dispatch job: run `evohub evolve` on a prompt, then `evohub propose` on its run (push the branch, open or update the pull request with the evidence). A winner that is not accepted is not proposed (exit 0, the summary says why). Writes the job summary and outputs pr-url, run-id, proposed.',
          )
          .argument('<prompt>', 'prompt file path, or prompt name (file stem)')
          .option('--algorithm <name>', 'nsga2 | map-elites | cma-es | ga | random (as evohub evolve)')
          .option('--population <n>', 'candidates per generation')
          .option('--generations <n>', 'generations')
          .option('--objectives <list>', 'comma-separated metrics to optimise')
          .option('--budget-evals <n>', 'at most n paid model calls')
          .option('--budget-usd <x>', 'at most x USD')
          .option('--seed <n>', 'seed of every random choice')
          .option('--optimizer <ref>', 'optimizer model for the LLM operators')
          .option('--repo <owner/name>', 'repository (default GITHUB_REPOSITORY)')
          .option('--remote <url>', 'https URL to push to (default <GITHUB_SERVER_URL>/<repo>.git)')
          .option('--forge <kind>', 'github | local (default github in a job)')
          .option(
            '--base <branch>',
            'branch the pull request targets (default evohub.yaml github.baseBranch)',
          )
          .option('--token-env <name>', 'variable holding the token (default GITHUB_TOKEN)')
          .option('--force', 'overwrite the remote branch when the push is not a fast-forward')
          .option('--json', 'print {runId, evolve, proposal} as JSON')
          .addHelpText(
            'after',
            `
Reads GITHUB_REPOSITORY, GITHUB_SERVER_URL, GITHUB_API_URL, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and the token
variable. The token needs contents: write and pull-requests: write.

Exit codes: 0 proposed, or nothing to propose; 1 an error (bad token, rejected push, budget); 2 bad flags.

Examples:
  npx evohub ci evolve ticket-triage
  npx evohub ci evolve prompts/ticket-triage.prompt.yml --generations 8 --budget-usd 2 --seed 7`,
          )
          .action(async (prompt: string, opts: Record<string, unknown>) => {
            const { runCiEvolve } = await import('./run-ci-evolve.ts');
            await runCiEvolve(ctx, prompt, opts);
          }),
      ),
};
