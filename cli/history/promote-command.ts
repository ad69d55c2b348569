import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';
import { RESULTS_URL_HELP } from '../db/results-url-option.ts';

type PromoteOpts = { env: string; create?: boolean; json?: boolean; candidate?: string; resultsUrl?: string };

export const promoteCommand: CommandModule = {
  name: 'promote',
  summary: "pin a prompt revision in an environment's file and commit it",
  create: (ctx) =>
    new Command('promote')
      .summary("pin a prompt revision in an environment's file and commit it")
      .description(
        'Set the pin of a prompt in environments/<env>.yaml (comments kept) and commit that file. The pin is the ' +
          'version number when it names exactly this content, else the commit oid. Refuses when the environment ' +
          'file has uncommitted edits.',
      )
      .argument('<name@rev>', 'the revision to pin, e.g. ticket-triage@3 or ticket-triage@staging')
      .requiredOption('-e, --env <env>', 'environment to change (environments/<env>.yaml)')
      .option('--create', 'create environments/<env>.yaml if it does not exist')
      .option(
        '--require-merged',
        'refuse to pin a commit that is not reachable from the default branch (evohub.yaml github.baseBranch)',
      )
      .option(
        '--candidate <hash>',
        'pin an evaluated candidate (a non-winning Pareto-front member): its content hash or a unique prefix of 7+ characters; it is committed on evohub/<name>/candidate-<hash> first and that commit is pinned (<name@rev> is then the name alone)',
      )
      .option('--results-url <url>', `where --candidate is looked up: ${RESULTS_URL_HELP}`)
      .option('--json', 'print {env, file, name, previous, pin, commit}')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub promote ticket-triage@2 --env staging
  npx evohub promote ticket-triage@staging --env production
  npx evohub promote ticket-triage@1a2b3c4 --env canary --create
  npx evohub promote ticket-triage --candidate 3f9c2a17e0b4 --env staging`,
      )
      .action(async (spec: string, opts: PromoteOpts) => {
        const { runPromote } = await import('./promote.ts');
        await runPromote(ctx, spec, opts);
      }),
};
