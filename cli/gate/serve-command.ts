import { createPrometheusClient } from '../../adapters/prometheus/prometheus-client.ts';
import { UsageError } from '../../core/errors.ts';
import { parseWindowFlag } from '../../core/gate/config.ts';
import type { CliContext } from '../context.ts';
import { prometheusUrl } from './evaluate.ts';
import { readGateConfig } from './run-gate.ts';
import { type GateServer, startGateServer } from './serve.ts';

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
    config,
    client,
    port,
    host: flags.host ?? '0.0.0.0',
    ...(window ? { window } : {}),
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
