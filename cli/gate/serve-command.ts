import { type GateServer, startGateServer } from '../../adapters/http/gate-server.ts';
import { createPrometheusClient } from '../../adapters/prometheus/prometheus-client.ts';
import { UsageError } from '../../core/errors.ts';
import { parseWindowFlag, withCanaryWeight } from '../../core/gate/config.ts';
import type { CliContext } from '../context.ts';
import { logDecision } from './decision-log.ts';
import { evaluateGate, prometheusUrl } from './evaluate.ts';
import { gateResultJson } from './format.ts';
import { readGateConfig } from './run-gate.ts';

export type ServeFlags = {
  config?: string;
  prometheus?: string;
  window?: string;
  port?: string;
  host?: string;
};

/** Starts the server and returns it (tests close it); the CLI action then waits for a signal. */
export async function startServeFromFlags(ctx: CliContext, flags: ServeFlags): Promise<GateServer> {
  if (!flags.config)
    throw new UsageError('--config <gate.yaml> is required', { hint: 'see `evohub gate serve --help`' });
  const port = Number(flags.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port ${flags.port} is not a port`);
  const window = flags.window === undefined ? undefined : parseWindowFlag(flags.window);
  const config = await readGateConfig(ctx, flags.config);
  const client = createPrometheusClient({ url: prometheusUrl(config, flags.prometheus, flags.config) });
  const gate = await startGateServer({
    // Each request decides afresh; `?window=` and `?canaryWeight=` override the flag and the config.
    decide: async (query) => {
      const w = query.window ? parseWindowFlag(query.window, '?window=') : window;
      const decided = await evaluateGate({
        config: query.canaryWeight ? withCanaryWeight(config, query.canaryWeight, '?canaryWeight=') : config,
        client,
        now: Date.now() / 1000,
        ...(w ? { window: w } : {}),
      });
      await logDecision(ctx, decided);
      return gateResultJson(decided);
    },
    port,
    host: flags.host ?? '0.0.0.0',
  });
  ctx.stdout.write(`evohub gate serve: listening on ${gate.url} (GET /decision, /healthz)\n`);
  return gate;
}

export async function serveGate(ctx: CliContext, flags: ServeFlags): Promise<void> {
  const gate = await startServeFromFlags(ctx, flags);
  await new Promise<void>((resolveStop) => {
    process.once('SIGTERM', resolveStop);
    process.once('SIGINT', resolveStop);
  });
  await gate.close();
}
