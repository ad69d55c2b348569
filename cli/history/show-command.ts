import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const showCommand: CommandModule = {
  name: 'show',
  summary: 'print a prompt file at a version, environment, branch, tag or commit',
  create: (ctx) =>
    new Command('show')
      .summary('print a prompt file at a version, environment, branch, tag or commit')
      .description(
        'Print a prompt file as it is at a revision. <rev> is tried as: a version number, an environment ' +
          '(environments/<rev>.yaml), a branch or tag, a commit oid. A bare name shows the working tree.',
      )
      .argument(
        '<name@rev>',
        'e.g. ticket-triage@3, ticket-triage@production, ticket-triage@main, ticket-triage@1a2b3c4',
      )
      .option('--json', 'print {name, path, rev, resolvedBy, commit, version, contentHash, data}')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub show ticket-triage@1
  npx evohub show ticket-triage@production --json
  npx evohub show ticket-triage@HEAD~1`,
      )
      .action(async (spec: string, opts: { json?: boolean }) => {
        const { runShow } = await import('./show.ts');
        await runShow(ctx, spec, opts);
      }),
};
