import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const logCommand: CommandModule = {
  name: 'log',
  summary: "a prompt's versions and the commits that changed it, newest first",
  create: (ctx) =>
    new Command('log')
      .summary("a prompt's versions and the commits that changed it, newest first")
      .description(
        "List the commits in HEAD's history that changed a prompt file, newest first, with its version in each.",
      )
      .argument('<name>', 'prompt name (file stem, e.g. ticket-triage) or path to the prompt file')
      .option('--json', 'print {name, path, entries: [{version, commit, date, author, subject, deleted}]}')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub log ticket-triage
  npx evohub log prompts/ticket-triage.prompt.yml --json`,
      )
      .action(async (name: string, opts: { json?: boolean }) => {
        const { runLog } = await import('./log.ts');
        await runLog(ctx, name, opts);
      }),
};
