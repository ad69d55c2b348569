import type { AbMethod, GaussianPrior, Interval } from '../ab-types.ts';
import type { TestStatistic } from '../statistics.ts';

/** Which hypothesis: two-sided, or one-sided "variant greater" / "variant lesser" (gbstats' test classes). */
export type TestSide = 'two-sided' | 'greater' | 'lesser';

export type CompareOptions = {
  alpha: number;
  side: TestSide;
  relative: boolean;
  sequentialTuning: number;
  prior: GaussianPrior;
  /** Lower is better (gbstats' `inverse`): flips chance to win and risk. */
  inverse: boolean;
};

export type Comparison = {
  estimate: number;
  stdError: number;
  ci: Interval;
  pValue?: number | null;
  chanceToWin?: number;
  risk?: [number, number];
  /** Set when no inference was possible; the other fields then hold gbstats' uninformative defaults. */
  error?: string;
};

/** One inference method: a registry entry (see `methods/index.ts`). */
export type AbMethodStrategy = {
  name: AbMethod;
  description: string;
  /** Whether its p-values take part in multiple-comparison correction. */
  producesPValues: boolean;
  compare: (baseline: TestStatistic, variant: TestStatistic, options: CompareOptions) => Comparison;
};
