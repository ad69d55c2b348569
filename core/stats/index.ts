/**
 * A/B statistics: the estimators of GrowthBook's gbstats (frequentist Welch t-test, sequential confidence
 * sequences, Bayesian Gaussian-prior effect test, SRM χ², multiple-comparison corrections), ported as pure
 * functions. `analyzeExperiment` is the entry point for `evohub ab analyze` and `evohub gate`.
 */

export { abInputProblems, abInputSchema, parseAbInput } from './ab-input.ts';
export type * from './ab-types.ts';
export { analyzeExperiment, guardrailVerdict } from './analyze.ts';
export { adjustedInterval, benjaminiHochberg, holmBonferroni } from './corrections.ts';
export { abMethods, getAbMethod } from './methods/index.ts';
export { DEFAULT_AB_SETTINGS, resolveSettings } from './settings.ts';
export { checkSrm } from './srm.ts';
