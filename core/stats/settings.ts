import type { AbInput, AbSettings } from './ab-types.ts';

/** Defaults of `settings` (documented in docs/ab-testing.md and the schema). */
export const DEFAULT_AB_SETTINGS: Readonly<AbSettings> = Object.freeze({
  alpha: 0.05,
  sided: 'two-sided',
  difference: 'relative',
  method: 'frequentist',
  sequentialTuning: 5000,
  // GrowthBook's default proper prior is N(0, 0.3²) on the lift; it only matters when `proper` is true.
  prior: Object.freeze({ proper: false, mean: 0, variance: 0.09 }),
  correction: 'none',
  srmThreshold: 0.001,
});

export function resolveSettings(settings: AbInput['settings']): AbSettings {
  const s = settings ?? {};
  const d = DEFAULT_AB_SETTINGS;
  return {
    alpha: s.alpha ?? d.alpha,
    sided: s.sided ?? d.sided,
    difference: s.difference ?? d.difference,
    method: s.method ?? d.method,
    sequentialTuning: s.sequentialTuning ?? d.sequentialTuning,
    prior: {
      proper: s.prior?.proper ?? d.prior.proper,
      mean: s.prior?.mean ?? d.prior.mean,
      variance: s.prior?.variance ?? d.prior.variance,
    },
    correction: s.correction ?? d.correction,
    srmThreshold: s.srmThreshold ?? d.srmThreshold,
  };
}
