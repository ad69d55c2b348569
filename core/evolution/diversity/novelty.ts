/**
 * Novelty (Lehman & Stanley 2011): the mean distance of a behaviour to its k nearest neighbours among the current
 * population and an archive of past behaviours. Behaviours are the evaluation's `descriptors` (or, without them,
 * its objectives). Algorithms that support it turn novelty into selection pressure: NSGA-II adds −novelty as an
 * extra objective, the GA subtracts weight × novelty from the fitness.
 */
import type { Strategy } from '../registry.ts';
import type { Rng } from '../rng.ts';

export const novelty: Strategy = {
  name: 'novelty',
  description:
    'rewards behaviours far (k-NN distance in descriptor space) from the population and an archive',
  options: [
    { name: 'k', type: 'integer', default: 15, min: 1, description: 'neighbours averaged' },
    { name: 'weight', type: 'number', default: 1, min: 0, description: 'GA: fitness − weight × novelty' },
    {
      name: 'archiveProbability',
      type: 'number',
      default: 0.05,
      min: 0,
      max: 1,
      description: 'chance each evaluated behaviour enters the archive',
    },
    {
      name: 'archiveSize',
      type: 'integer',
      default: 1000,
      min: 0,
      description: 'archive cap (oldest dropped)',
    },
  ],
};

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/** k-NN novelty of each point against the other points and the archive. O(n·(n+a)·log) — populations are small. */
export function noveltyScores(
  points: readonly number[][],
  archive: readonly number[][],
  k: number,
): number[] {
  return points.map((p, i) => {
    const d: number[] = [];
    for (let j = 0; j < points.length; j++) if (j !== i) d.push(distance(p, points[j]!));
    for (const a of archive) d.push(distance(p, a));
    if (d.length === 0) return 0;
    d.sort((x, y) => x - y);
    const kk = Math.min(k, d.length);
    let s = 0;
    for (let t = 0; t < kk; t++) s += d[t]!;
    return s / kk;
  });
}

/** Adds each behaviour to the archive with the given probability, keeping at most `cap` (oldest dropped). */
export function updateArchive(
  archive: number[][],
  points: readonly number[][],
  probability: number,
  cap: number,
  rng: Rng,
): void {
  for (const p of points) if (rng.float() < probability) archive.push(p.slice());
  if (archive.length > cap) archive.splice(0, archive.length - cap);
}
