import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const workerCommand: CommandModule = {
  name: 'worker',
  summary: 'process distributed evaluation jobs from a Redis queue (for `evohub evolve --distributed`)',
  create: (ctx) =>
    new Command('worker')
      .description(
        'Process evaluation jobs from the BullMQ queue in Redis: evaluates batches of cases with the shared response cache, per-provider rate limits and run budget. Logs JSON lines to stderr. SIGTERM finishes the jobs in flight, then exits 0.',
      )
      .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
      .option('--concurrency <n>', 'jobs processed at once by this worker (default 32)')
      .option(
        '--calls-in-flight <n>',
        "model calls in flight at once across its jobs (default 512, sized for a local or self-hosted server; hosted APIs: set the provider's concurrency and rate limits in evohub.yaml)",
      )
      .option('--queue-prefix <p>', 'key prefix of the queue, cache, limits and budgets (default evohub)')
      .option(
        '--metrics-port <n>',
        'serve /metrics (Prometheus) and /healthz on this port (0 = any free port)',
      )
      .option(
        '--lock-ms <n>',
        "a dead worker's job goes to another worker after this many ms (default 30000)",
      )
      .option('--log-level <level>', 'debug, info, warn or error (default info)')
      .option(
        '--results-url <url>',
        'PostgreSQL results store (default EVOHUB_RESULTS_URL): jobs of a coordinator using the same store have their evaluations written there by this worker as each job finishes',
      )
      .addHelpText(
        'after',
        `
Examples:
  npx evohub worker --redis redis://127.0.0.1:6379
  npx evohub worker --redis redis://redis.internal:6379 --concurrency 8 --metrics-port 9464
  npx evohub worker --redis redis://127.0.0.1:6379 --calls-in-flight 1024
  npx evohub worker --redis redis://127.0.0.1:6379 --queue-prefix team-a --lock-ms 10000
  PGPASSWORD=… npx evohub worker --redis redis://redis.internal:6379 --results-url postgres://evohub@db.internal/evohub`,
      )
      .action(async (opts: Record<string, string | undefined>) => {
        const { runWorkerCommand } = await import('./run-worker-command.ts');
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
        try {
          await runWorkerCommand(ctx, opts, stop.signal);
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
      }),
};
