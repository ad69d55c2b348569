import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createPrometheusClient } from '../../adapters/prometheus/prometheus-client.ts';
import { FailedCheckError, NotFoundError, UsageError } from '../../core/errors.ts';
import {
  type GateConfig,
  parseGateConfig,
  parseWindowFlag,
  withCanaryWeight,
} from '../../core/gate/config.ts';
import type { GateResult } from '../../core/gate/decide.ts';
import type { CliContext } from '../context.ts';
import { logDecision } from './decision-log.ts';
import { evaluateGate, prometheusUrl } from './evaluate.ts';
import { formatGateResult, gateResultJson } from './format.ts';

export type GateFlags = {
  config?: string;
  prometheus?: string;
  window?: string;
  canaryWeight?: string;
  json?: boolean;
  onContinue?: string;
};

export async function readGateConfig(ctx: CliContext, file: string): Promise<GateConfig> {
  const path = resolve(ctx.cwd, file);
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new NotFoundError(`gate config ${file} cannot be read`, {
      cause,
      hint: 'pass --config <gate.yaml>',
    });
  });
  return parseGateConfig(text, file);
}

export function onContinueFlag(value: string | undefined): 'pass' | 'fail' {
  const v = value ?? 'fail';
  if (v !== 'pass' && v !== 'fail') throw new UsageError(`--on-continue ${v} must be pass or fail`);
  return v;
}

/**
 * `evohub gate`: one evaluation whose exit status is the decision, for an Argo Rollouts `job` metric:
 * 0 promote; 1 rollback; `continue` exits 0 with `--on-continue pass` (an intermediate step: keep going) and 1
 * with `--on-continue fail`, the default (the last check before full traffic: no evidence, no promotion).
 * Errors (Prometheus down, no samples, bad config) exit non-zero too: never a promotion without data.
 */
export async function runGate(
  ctx: CliContext,
  flags: GateFlags,
  now = Date.now() / 1000,
): Promise<GateResult> {
  if (!flags.config)
    throw new UsageError('--config <gate.yaml> is required', { hint: 'see `evohub gate --help`' });
  const configFile = flags.config;
  const onContinue = onContinueFlag(flags.onContinue);
  const window = flags.window === undefined ? undefined : parseWindowFlag(flags.window);
  const read = await readGateConfig(ctx, configFile);
  const config = flags.canaryWeight === undefined ? read : withCanaryWeight(read, flags.canaryWeight);
  const client = createPrometheusClient({ url: prometheusUrl(config, flags.prometheus, configFile) });
  const result = await evaluateGate({ config, client, now, ...(window ? { window } : {}) });
  ctx.stdout.write(flags.json ? `${gateResultJson(result)}\n` : formatGateResult(result));
  await logDecision(ctx, result);
  const passes = result.decision === 'promote' || (result.decision === 'continue' && onContinue === 'pass');
  if (!passes) {
    throw new FailedCheckError(`gate decision: ${result.decision}`, { reported: true });
  }
  return result;
}
