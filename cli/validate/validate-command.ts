import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const validateCommand: CommandModule = {
  name: 'validate',
  summary: 'check prompt files, their datasets, evohub.yaml and environment pins',
  create: (ctx) =>
    new Command('validate')
      .description(
        'Validate prompt files (*.prompt.yml, *.prompt.yaml) against the schema, the datasets they reference and ' +
          'their {{variables}}, plus evohub.yaml and environments/*.yaml. With no paths, everything under the ' +
          'current directory. Prints every problem as file:line:col: message. Exit 0 if clean, 1 if any problem.',
      )
      .argument('[paths...]', 'files or directories (a directory is searched like the current one)')
      .option(
        '--json',
        'print {ok, files: [{file, kind: prompt|dataset|config|environment, ok, problems: [{line, column, field, message}]}]}',
      )
      .addHelpText(
        'after',
        `
Examples:
  npx evohub validate
  npx evohub validate prompts/ticket-triage.prompt.yml
  npx evohub validate prompts environments/production.yaml --json`,
      )
      .action(async (paths: string[], opts: { json?: boolean }) => {
        const { runValidate } = await import('./run.ts');
        await runValidate(ctx, paths, opts);
      }),
};
