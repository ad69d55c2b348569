import { ConfigError } from '../../core/errors.ts';
import { simulate } from '../simulator/simulate.ts';
import { findSimTask, SIM_TASKS } from '../simulator/tasks.ts';
import type { ChatRequest, ChatResponse, Provider, ProviderFactory } from './provider.ts';
import { ProviderError } from './provider-error.ts';

/**
 * `simulated/<task>`: a deterministic simulator (not a model) for offline demos and tests. Responses carry
 * `simulated: true`. With `simulateLatency: true` in its config it also waits the modelled latency.
 */
export const simulatedProviderFactory: ProviderFactory = {
  prefix: 'simulated',
  description: `deterministic simulator, NOT a model (offline demos and tests); tasks: ${SIM_TASKS.map((t) => t.name).join(', ')}`,
  create(ctx): Provider {
    const task = findSimTask(ctx.model);
    if (!task) {
      throw new ConfigError(`unknown simulated task "${ctx.model}"`, {
        hint: `known tasks: ${SIM_TASKS.map((t) => `simulated/${t.name}`).join(', ')}`,
      });
    }
    const id = `simulated/${task.name}`;
    const wait = ctx.config.simulateLatency === true;
    return {
      id,
      simulated: true,
      async complete(request: ChatRequest): Promise<ChatResponse> {
        if (request.signal?.aborted)
          throw new ProviderError(`${id}: request aborted`, { providerId: id, kind: 'other' });
        const response = simulate(task, request);
        if (wait) await delay(response.latencyMs, request.signal);
        return response;
      },
    };
  },
};

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
