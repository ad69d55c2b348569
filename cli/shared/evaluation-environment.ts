/**
 * The evaluation environment of eval, ci pr and evolve, built in one place from evohub.yaml and the command's
 * flags: providers, the default model, the response cache (on unless turned off) and the evaluation budget.
 */
import { join } from 'node:path';
import type { EvohubConfig } from '../../core/config/types.ts';
import { MemoryBudget } from '../../evaluator/budget/budget.ts';
import { DiskResponseCache } from '../../evaluator/cache/disk-response-cache.ts';
import type { ProviderConfig } from '../../evaluator/providers/provider.ts';
import type { EvaluationEnvironment } from '../../evaluator/run/evaluate-prompt.ts';
import type { CliContext } from '../context.ts';

export type EnvironmentOptions = {
  /** false: `--no-cache`; evohub.yaml's `cache.enabled: false` turns it off too. */
  cache?: boolean;
  /**
   * The flags' budget over evohub.yaml's; `false` for none (evolve makes its own from its settings).
   */
  budget?: { maxEvaluations?: number; maxUsd?: number } | false;
};

export function evaluationEnvironment(
  ctx: Pick<CliContext, 'env'>,
  root: string,
  config: EvohubConfig,
  opts: EnvironmentOptions = {},
): EvaluationEnvironment {
  const cacheOn = opts.cache !== false && config.cache?.enabled !== false;
  const env: EvaluationEnvironment = {
    baseDir: root,
    env: ctx.env,
    providers: config.providers as Record<string, ProviderConfig> | undefined,
    defaultModel: config.defaults?.model,
    cache: cacheOn ? new DiskResponseCache(join(root, config.cache?.dir ?? '.evohub/cache')) : undefined,
  };
  if (opts.budget !== false) {
    env.budget = new MemoryBudget({
      maxEvaluations: opts.budget?.maxEvaluations ?? config.budget?.maxEvaluations,
      maxUsd: opts.budget?.maxUsd ?? config.budget?.maxUsd,
    });
  }
  return env;
}
