/**
 * Checks the JSON Schema cannot express: stats keyed by the declared variants, CUPED inputs present, unique
 * names, counts that fit. Returns every problem with its JSON pointer (the parser adds line and column).
 */
import { didYouMean } from '../schema/suggest.ts';
import type { AbInput, MeanStats, ProportionStats, RatioStats } from './ab-types.ts';

export type InputProblem = { pointer: string; message: string };

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function checkAbInput(input: AbInput): InputProblem[] {
  const problems: InputProblem[] = [];
  // The schema covers files; documents built in code get the same range checks here.
  const s = input.settings ?? {};
  const outside = (key: string, value: number | undefined, lo: number, hi: number) => {
    if (value !== undefined && !(value > lo && value < hi)) {
      problems.push({
        pointer: `/settings/${key}`,
        message: `${key} must be between ${lo} and ${hi} (exclusive)`,
      });
    }
  };
  outside('alpha', s.alpha, 0, 0.5);
  outside('srmThreshold', s.srmThreshold, 0, 1);
  outside('sequentialTuning', s.sequentialTuning, 0, Number.POSITIVE_INFINITY);
  if (s.prior?.variance !== undefined && !(s.prior.variance > 0)) {
    problems.push({ pointer: '/settings/prior/variance', message: 'prior variance must be positive' });
  }
  if (input.variants.length < 2)
    problems.push({ pointer: '/variants', message: 'at least two variants are needed' });
  const names = new Set<string>();
  input.variants.forEach((v, i) => {
    if (names.has(v.name))
      problems.push({ pointer: `/variants/${i}/name`, message: `duplicate variant "${v.name}"` });
    names.add(v.name);
  });
  const metricNames = new Set<string>();
  input.metrics.forEach((m, mi) => {
    const at = `/metrics/${mi}`;
    if (metricNames.has(m.name))
      problems.push({ pointer: `${at}/name`, message: `duplicate metric "${m.name}"` });
    metricNames.add(m.name);
    for (const key of Object.keys(m.stats)) {
      if (!names.has(key)) {
        const guess = didYouMean(key, [...names]);
        const hint = guess ? `did you mean "${guess}"?` : `variants: ${[...names].join(', ')}`;
        problems.push({
          pointer: `${at}/stats/${escapePointer(key)}`,
          message: `stats for unknown variant "${key}" (${hint})`,
        });
      }
    }
    input.variants.forEach((v) => {
      const stats = m.stats[v.name];
      if (!stats) {
        problems.push({
          pointer: `${at}/stats`,
          message: `metric "${m.name}" has no stats for variant "${v.name}"`,
        });
        return;
      }
      const sp = `${at}/stats/${escapePointer(v.name)}`;
      const n = stats.n ?? v.users;
      if (m.type === 'proportion') {
        const p = stats as ProportionStats;
        if (p.sum > n)
          problems.push({ pointer: `${sp}/sum`, message: `${p.sum} conversions out of ${n} units` });
      }
      if (m.cuped && m.type !== 'ratio') {
        const c = stats as ProportionStats | MeanStats;
        if (c.pre === undefined || c.sumProducts === undefined) {
          problems.push({ pointer: sp, message: 'cuped needs "pre" and "sumProducts" for every variant' });
        }
      }
      if (m.cuped && m.type === 'ratio') {
        const r = stats as RatioStats;
        if (r.pre === undefined || r.postPre === undefined) {
          problems.push({
            pointer: sp,
            message: 'cuped on a ratio needs "pre" and "postPre" for every variant',
          });
        }
      }
    });
  });
  return problems;
}
