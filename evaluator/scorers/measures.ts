import type { ScorerFactory } from './scorer.ts';

type LatencyOptions = { maxMs?: number };
type TokensOptions = { count?: 'input' | 'output' | 'total'; max?: number };
type CostOptions = { maxUsd?: number };

/** Latency of the model call in ms (a measurement, minimised); passes under `maxMs` when given. */
export const latencyScorer: ScorerFactory = {
  kind: 'latency',
  description: 'latency of the model call in ms (minimised); passes at or under maxMs when given',
  direction: 'minimize',
  optionsSchema: {
    type: ['object', 'null'],
    properties: { maxMs: { type: 'number', minimum: 0 } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const maxMs = (options as LatencyOptions | null)?.maxMs;
    return {
      name: ctx.name,
      score({ response }) {
        const v = response.latencyMs;
        return { value: v, raw: true, pass: maxMs === undefined ? undefined : v <= maxMs };
      },
    };
  },
};

/** Token counts of the call (input, output or total; a measurement, minimised). */
export const tokensScorer: ScorerFactory = {
  kind: 'tokens',
  description: 'token count of the call: input, output or total (default); passes at or under max when given',
  direction: 'minimize',
  optionsSchema: {
    type: ['object', 'null'],
    properties: { count: { enum: ['input', 'output', 'total'] }, max: { type: 'number', minimum: 0 } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const opts = (options ?? {}) as TokensOptions;
    const count = opts.count ?? 'total';
    return {
      name: ctx.name,
      score({ response }) {
        const u = response.usage;
        const v =
          count === 'input'
            ? u.inputTokens
            : count === 'output'
              ? u.outputTokens
              : u.inputTokens + u.outputTokens;
        return { value: v, raw: true, pass: opts.max === undefined ? undefined : v <= opts.max };
      },
    };
  },
};

/** Cost of the call in USD from the provider or the pricing table (a measurement, minimised). */
export const costScorer: ScorerFactory = {
  kind: 'cost',
  description:
    'cost of the call in USD from the pricing table (minimised); passes at or under maxUsd when given',
  direction: 'minimize',
  optionsSchema: {
    type: ['object', 'null'],
    properties: { maxUsd: { type: 'number', minimum: 0 } },
    additionalProperties: false,
  },
  create(options, ctx) {
    const maxUsd = (options as CostOptions | null)?.maxUsd;
    return {
      name: ctx.name,
      score({ costUsd, response }) {
        const v = costUsd ?? response.costUsd;
        if (v === undefined) return { value: Number.NaN, raw: true, reason: 'no price known for this model' };
        return { value: v, raw: true, pass: maxUsd === undefined ? undefined : v <= maxUsd };
      },
    };
  },
};
