import type { ChatResponse } from '../providers/provider.ts';

/** What a scorer sees for one case. */
export type ScoreInput = {
  output: string;
  /** The dataset row (variables, including `expected` when present). */
  row: Readonly<Record<string, unknown>>;
  response: ChatResponse;
};

/** A score in [0, 1] where 1 is best, unless `raw` says it is a measurement (latency ms, tokens, USD). */
export type Score = {
  value: number;
  pass?: boolean;
  reason?: string;
  /** Measurements (latency, cost, tokens) are not bounded to [0, 1] and are usually minimised. */
  raw?: boolean;
};

export type Scorer = {
  readonly name: string;
  score(input: ScoreInput): Score | Promise<Score>;
};
