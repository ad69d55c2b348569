import { Command } from 'commander';
import type { CommandModule } from '../command-module.ts';

export const operatorCommand: CommandModule = {
  name: 'operator',
  summary: 'run the Kubernetes operator: EvolutionRuns become coordinator and evaluator Jobs',
  create: (ctx) =>
    new Command('operator')
      .description(
        "Run the evohub operator against a cluster: reconciles EvolutionRuns (evohub.io/v1alpha1) into a coordinator Job (`evohub evolve --distributed`) and an evaluator Job (or Argo Workflow) whose parallelism follows the Redis queue depth; writes status, Events and removes the run's Redis keys when it is deleted. Only the replica holding the Lease reconciles. Logs JSON lines to stderr; SIGTERM releases the Lease and exits 0.",
      )
      .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
      .option('--namespace <ns>', 'watch only this namespace (default: all namespaces)')
      .option('--redis <url>', 'Redis URL of the coordinators and workers (default $EVOHUB_REDIS_URL)')
      .option(
        '--metrics-port <n>',
        'serve /metrics, /healthz and /readyz on this port (default 8080; 0 = any)',
      )
      .option(
        '--leader-election-namespace <ns>',
        'namespace of the Lease evohub-operator (default: $POD_NAMESPACE, else --namespace, else default)',
      )
      .option('--id <name>', 'identity of this replica in the Lease (default: $POD_NAME, else hostname-pid)')
      .option('--image <ref>', 'image of the coordinator and workers (default $EVOHUB_IMAGE)')
      .option('--git-image <ref>', 'image with git for the clone step (default alpine/git:2.47.2)')
      .option('--jobs-per-worker <n>', 'queued jobs per worker pod when scaling (default 2)')
      .option('--worker-concurrency <n>', 'concurrency of each `evohub worker` (default 4)')
      .option('--service-account <name>', "service account of the Jobs' pods")
      .option(
        '--cleanup-grace-seconds <n>',
        "seconds to wait after a run's deletion before removing its Redis keys (default 30)",
      )
      .option('--argo-workflows', 'also watch Argo Workflows (needs the Argo Workflows CRD and RBAC)')
      .addHelpText(
        'after',
        `
Examples:
  npx evohub operator --redis redis://127.0.0.1:6379 --image ghcr.io/evohub/evohub:0.1.0
  npx evohub operator --kubeconfig ~/.kube/config --namespace team-a --redis redis://127.0.0.1:6379 --metrics-port 0
  npx evohub operator --leader-election-namespace evohub --id laptop-1`,
      )
      .action(async (opts: Record<string, string | boolean | undefined>) => {
        const { runOperatorCommand } = await import('./run-operator-command.ts');
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
        try {
          await runOperatorCommand(ctx, opts, stop.signal);
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
      }),
};
