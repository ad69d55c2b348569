import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const ciCommand: CommandModule = {
  name: 'ci',
  summary:
    'continuous-integration entry points: `ci pr` compares changed prompts and comments on the pull request',
  create: (ctx) =>
    new Command('ci')
      .description('Commands for GitHub Actions jobs (they read GITHUB_* variables the runner sets).')
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
            const { runCiPr } = await import('../ci/run-ci-pr.ts');
            await runCiPr(ctx, opts);
          }),
      ),
};
