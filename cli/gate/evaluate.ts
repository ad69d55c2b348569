import type { PrometheusClient } from '../../adapters/prometheus/prometheus-client.ts';
import { ConfigError, UsageError } from '../../core/errors.ts';
import type { GateConfig } from '../../core/gate/config.ts';
import { buildGateAbInput, decideGate, type GateResult } from '../../core/gate/decide.ts';
import { planGateQuery } from '../../core/gate/plan.ts';
import { sumsByVariant } from '../../core/gate/samples.ts';
import { analyzeExperiment } from '../../core/stats/index.ts';

export type EvaluateGateOptions = {
  config: GateConfig;
  client: PrometheusClient;
  /** Unix seconds; the one instant every counter is read at. */
  now: number;
  /** `--window` (text and seconds) overriding the config's. */
  window?: [string, number];
};

/** Reads the counters from Prometheus, builds the A/B document, runs the statistics and decides. */
export async function evaluateGate(options: EvaluateGateOptions): Promise<GateResult> {
  const { config, client, now } = options;
  const [windowText, windowSeconds] = options.window ?? [config.window, config.windowSeconds];
  const plan = planGateQuery(config, now, windowSeconds);
  const series = await client.queryRange(plan.query, plan.time);
  const variants = config.variants.map((v) => v.name);
  const sums = sumsByVariant(series, variants, plan.windowStart, plan.query);
  const abInput = buildGateAbInput(config, sums);
  const report = analyzeExperiment(abInput);
  const evaluatedAt = new Date(plan.time * 1000).toISOString();
  return { ...decideGate(config, report, { evaluatedAt, window: windowText }), abInput };
}

/** The Prometheus URL: the flag wins over the config file. */
export function prometheusUrl(config: GateConfig, flag: string | undefined, configFile: string): string {
  const url = flag ?? config.prometheus;
  if (!url) {
    throw new ConfigError('no Prometheus URL', {
      location: { file: configFile, field: '/prometheus' },
      hint: 'pass --prometheus http://host:9090 or set `prometheus:` in the gate config',
    });
  }
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--prometheus ${url} is not an http(s) URL`);
  return url;
}
