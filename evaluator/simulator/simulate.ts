import type { ChatRequest, ChatResponse } from '../providers/provider.ts';
import { uniform } from './hash-rng.ts';
import { answerMetaPrompt, parseMetaPrompt } from './operators.ts';
import { splitPrompt } from './split.ts';
import type { SimTask } from './task.ts';

/** Token counts as the simulator models them: about four characters per token, plus 4 per message. */
export function simTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Modelled latency: a fixed overhead, a little per input token, most per output token (as real models). */
export function simLatencyMs(inputTokens: number, outputTokens: number): number {
  return Math.round(150 + 0.05 * inputTokens + 12 * outputTokens);
}

/**
 * The deterministic simulator: NOT a model. Answers a task request from features of the prompt (see the
 * task files and docs/providers.md), or an evolution operator's meta-prompt with a plausible edit.
 * Same request + same seed → same answer.
 */
export function simulate(task: SimTask, request: ChatRequest): ChatResponse {
  const seed = request.seed ?? 0;
  const all = request.messages.map((m) => m.content).join('\n\n');
  const meta = all.includes('evohub-operator:') ? parseMetaPrompt(all) : undefined;
  let text: string;
  if (meta) {
    text = answerMetaPrompt(task, meta, seed, all);
  } else {
    const { instructions, input } = splitPrompt(request.messages);
    text = task.answer({
      request,
      instructions,
      input,
      draw: (name) => uniform(seed, task.name, input, name),
    });
  }
  const maxTokens = request.parameters.maxTokens;
  if (maxTokens !== undefined && simTokens(text) > maxTokens)
    text = text.slice(0, Math.max(0, maxTokens * 4));
  const inputTokens = request.messages.reduce((n, m) => n + simTokens(m.content) + 4, 0);
  const outputTokens = simTokens(text);
  return {
    text,
    usage: { inputTokens, outputTokens },
    latencyMs: simLatencyMs(inputTokens, outputTokens),
    simulated: true,
  };
}
