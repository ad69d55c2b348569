import { Command, Option } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const similarCommand: CommandModule = {
  name: 'similar',
  summary: 'prompts most similar to a prompt version (MinHash over word shingles, no model)',
  create: (ctx) =>
    new Command('similar')
      .summary('prompts most similar to a prompt version (MinHash over word shingles, no model)')
      .description(
        "List the prompt versions most similar to a given one, over every version in HEAD's history: one line per other prompt (its most similar version), with the estimated Jaccard similarity of their word 3-shingles. The index lives in .evohub/similarity-index.bin, is built on first use and brought up to date incrementally.",
      )
      .argument(
        '<name@rev>',
        'prompt name or path, @ a version number, environment, branch, tag or commit (no @: working tree)',
      )
      .addOption(new Option('--top <n>', 'how many results').default('10'))
      .option('--same-prompt', "also list the prompt's own other versions")
      .option('--json', 'print {query, indexed, results: [{name, path, version, commit, similarity}]}')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub similar ticket-triage@3
  npx evohub similar ticket-triage --top 5 --json`,
      )
      .action(async (spec: string, opts: { top: string; json?: boolean; samePrompt?: boolean }) => {
        const { runSimilar } = await import('./run-similar.ts');
        await runSimilar(ctx, spec, opts);
      }),
};
