import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const serveCommand: CommandModule = {
  name: 'serve',
  summary:
    'the dashboard and its JSON API (/api/v1, OpenAPI at /api/v1/openapi.json); `serve keys` manages API keys',
  create: (ctx) => {
    const serve = new Command('serve')
      .summary('the dashboard and its JSON API; `serve keys create` makes API keys')
      .description(
        'Serve the web dashboard and the JSON API under /api/v1: prompts and versions from git, runs and evolutions from the results store, live progress from Redis (--redis). Listens on 127.0.0.1 by default; any other host needs --auth (API keys from `evohub serve keys create`). Write actions (promote, propose, evolve) always need a write-scope key and are recorded in .evohub/audit.jsonl.',
      )
      .option('--port <n>', 'port to listen on (default 7070; 0 picks a free one)')
      .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
      .option('--repo <dir>', 'the prompt repository (default: the current directory)')
      .option(
        '--results <location>',
        'results store: a DuckDB path or postgres:// URL (default as `evohub runs`)',
      )
      .option('--redis <url>', 'Redis URL for the live progress of running evolutions')
      .option('--auth', 'require an API key for every API request (needed for any host but loopback)')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub serve                                  # http://127.0.0.1:7070/
  npx evohub serve --port 8080 --redis redis://127.0.0.1:6379
  npx evohub serve keys create --scope write --name ci
  npx evohub serve --host 0.0.0.0 --auth --results postgres://evohub@db.internal:5432/evohub`,
      )
      .action(async (opts: Record<string, unknown>) => {
        const { runServe } = await import('./run-serve.ts');
        await runServe(ctx, opts);
      });
    const keys = serve
      .command('keys')
      .description('API keys of `evohub serve` (stored hashed in .evohub/serve-keys.json)');
    keys
      .command('create')
      .description('make an API key and print it once (only its SHA-256 is stored)')
      .requiredOption('--scope <scope>', 'read (the API) or write (also promote, propose, evolve)')
      .option('--name <name>', 'a label for the key, shown in the audit log with its id')
      .option('--repo <dir>', 'the prompt repository (default: the current directory)')
      .option('--json', 'print {id, name, scope, key} as JSON')
      .action(async (opts: Record<string, unknown>) => {
        const { runKeysCreate } = await import('./run-keys.ts');
        await runKeysCreate(ctx, opts);
      });
    keys
      .command('list')
      .description('the keys: id, name, scope, created (never the key)')
      .option('--repo <dir>', 'the prompt repository (default: the current directory)')
      .option('--json', 'print the list as JSON')
      .action(async (opts: Record<string, unknown>) => {
        const { runKeysList } = await import('./run-keys.ts');
        await runKeysList(ctx, opts);
      });
    return serve;
  },
};
