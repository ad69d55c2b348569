import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const feedbackCommand: CommandModule = {
  name: 'feedback',
  summary: 'production feedback: turn flagged outcomes into dataset rows, proposed as a pull request',
  create: (ctx) => {
    const feedback = new Command('feedback')
      .summary('production feedback: flagged outcomes → dataset rows in a pull request')
      .description(
        'Flagged production outcomes, recorded by the runtime SDK (createFeedbackRecorder; see docs/feedback.md), become test cases.',
      );
    feedback
      .command('pull')
      .description(
        "Read flagged cases from a source, turn each into a row of its prompt's JSONL dataset (variables, `expected` when known, and the case's provenance under `feedback`), skip near duplicates of existing rows (MinHash/LSH over word shingles, feedback.nearDuplicate, default 0.9), redact PII with evohub.yaml's `pii:` rules, commit the rows on a new branch from HEAD and open a pull request (GitHub with a token, else a local proposal record).",
      )
      .option(
        '--from <source>',
        'file, prometheus or postgres (default feedback.from in evohub.yaml, else file)',
      )
      .option('--since <when>', 'only cases recorded since: a duration (24h, 7d, 30m) or an ISO date')
      .option(
        '--file <path>',
        'the JSONL file for --from file (default feedback.file, else .evohub/feedback.jsonl)',
      )
      .option(
        '--url <url>',
        'the server for --from prometheus or postgres (default feedback.prometheus / feedback.postgres)',
      )
      .option('--prompt <name>', 'only cases of this prompt')
      .option('--base <branch>', 'branch to start from and propose into (default HEAD / the default branch)')
      .option('--branch <name>', 'branch to create (default evohub/feedback/<timestamp>)')
      .option('--dry-run', 'print what would be added; commit and propose nothing')
      .option('--forge <kind>', 'github or local (default: github when a token and a repository are known)')
      .option('--repo <owner/name>', 'GitHub repository (default GITHUB_REPOSITORY or the origin remote)')
      .option('--remote <url>', 'git URL to push the branch to (default origin)')
      .option('--token-env <name>', 'variable holding the GitHub token (default GITHUB_TOKEN)')
      .option('--json', 'print {source, cases, added, plan, proposal} as JSON')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub feedback pull --from file --since 7d --dry-run
  npx evohub feedback pull --from postgres --url postgres://evohub@db:5432/evohub --since 24h
  GITHUB_TOKEN=… npx evohub feedback pull --from prometheus --url http://prometheus:9090 --repo acme/prompts`,
      )
      .action(async (opts: Record<string, string | boolean | undefined>) => {
        const { runFeedbackPull } = await import('./run-feedback-pull.ts');
        await runFeedbackPull(ctx, opts);
      });
    return feedback;
  },
};
