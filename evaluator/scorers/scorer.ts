import type { SourceLocation } from '../../core/errors.ts';
import type { Message, PromptFile } from '../../core/prompt/types.ts';
import type { ChatResponse } from '../providers/provider.ts';

/** What a scorer sees for one case. */
export type ScoreInput = {
  output: string;
  /** The dataset row (variables, including `expected` when present). */
  row: Readonly<Record<string, unknown>>;
  response: ChatResponse;
  /** Cost of the call in USD (the provider's figure or the pricing table's); undefined when unknown. */
  costUsd?: number;
};

/** A score in [0, 1] where 1 is best, unless `raw` says it is a measurement (latency ms, tokens, USD). */
export type Score = {
  value: number;
  pass?: boolean;
  reason?: string;
  /** Measurements (latency, cost, tokens) are not bounded to [0, 1] and are usually minimised. */
  raw?: boolean;
  /** What scoring itself cost (an LLM judge's call), in USD. */
  costUsd?: number;
};

export type Scorer = {
  readonly name: string;
  score(input: ScoreInput): Score | Promise<Score>;
};

/** Which way a metric is better. Scores are maximised; measurements (latency, tokens, cost) minimised. */
export type MetricDirection = 'maximize' | 'minimize';

/** A scorer built from one evaluator entry, with what reports need to know about its metric. */
export type BuiltScorer = Scorer & {
  /** The evaluator form (`string`, `llm`, `uses`, `regex`, …). */
  readonly kind: string;
  readonly direction: MetricDirection;
  /** True when scoring calls a model (an LLM judge): costs money, needs a provider. */
  readonly callsModel: boolean;
  /** The judge model reference for LLM-judge scorers. */
  readonly judgeModel?: string;
};

/** One call to a judge model, through the same cache, limits and budget as the model under test. */
export type JudgeCall = (
  modelRef: string,
  messages: Message[],
) => Promise<{ text: string; costUsd?: number; cached: boolean }>;

/** What a scorer factory gets besides its options. */
export type ScorerContext = {
  /** The evaluator's `name`: the metric name in every output. */
  name: string;
  /** The prompt file, for `responseFormat`/`jsonSchema`. */
  prompt: PromptFile;
  /** Where the evaluator's options sit in the prompt file (for errors). */
  location: SourceLocation;
  /** Locates a field under the evaluator's options, e.g. `['equals']` → file:line:col of that value. */
  locate: (path: readonly (string | number)[]) => SourceLocation;
  /** Variables every dataset row provides (a template naming anything else is an error before any call). */
  variables: ReadonlySet<string>;
  /** Calls a judge model; absent when no judge is configured (LLM scorers then fail at build time). */
  judge?: JudgeCall;
  /** Replaces the judge model of LLM-judge scorers (e.g. `--judge simulated/judge` or a local server). */
  judgeModel?: string;
};

/**
 * A registry entry: each scorer file exports one. `kind` is the evaluator key that selects it
 * (`{ name: exact-label, regex: { pattern: ... } }`), `optionsSchema` a JSON Schema of its options.
 */
export type ScorerFactory = {
  kind: string;
  description: string;
  optionsSchema: Record<string, unknown>;
  direction: MetricDirection;
  callsModel?: boolean;
  /**
   * Checks the options (beyond the schema: variables exist, a regex compiles, a schema is present) and returns
   * the scorer; throws a located EvohubError on bad options. Never calls a model.
   */
  create(options: unknown, ctx: ScorerContext): Scorer & { judgeModel?: string };
};
