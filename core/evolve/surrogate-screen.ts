/**
 * The optional surrogate pre-screen of a batch: once 2k prompt versions are scored, each new candidate gets a
 * k-NN prediction of every objective metric from the scored versions nearest in genome space, and the
 * `fraction` predicted worst (never the baseline) are not evaluated: they are told their predictions.
 */
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import type { ScoredVersion } from './loop-state.ts';
import type { EvolveObjective } from './settings.ts';
import { knnPredict, screen } from './surrogate.ts';

export type ScreenInput = {
  batch: readonly { id: number; hash: string; genome: PromptGenome }[];
  scored: Readonly<Record<string, ScoredVersion>>;
  /** Genomes of the versions scored so far, by version hash. */
  genomes: ReadonlyMap<string, PromptGenome>;
  objectives: readonly EvolveObjective[];
  /** Primary score, higher is better. */
  primary: (v: ScoredVersion) => number;
  distance: (a: PromptGenome, b: PromptGenome) => number;
  k: number;
  fraction: number;
  pinned: string;
};

/** Candidate id → predicted metric values, for the candidates to skip. */
export function surrogateScreen(input: ScreenInput): Map<number, Record<string, number>> {
  const skipped = new Map<number, Record<string, number>>();
  const pool = Object.entries(input.scored).filter(([h, v]) => v.n > 0 && input.genomes.has(h));
  if (pool.length < 2 * input.k) return skipped;
  const predict = (g: PromptGenome, score: (v: ScoredVersion) => number) =>
    knnPredict(
      g,
      pool.map(([h, v]) => ({ genome: input.genomes.get(h) as PromptGenome, score: score(v) })),
      input.distance,
      input.k,
    );
  const predictions = input.batch.map((c) => ({
    id: c.id,
    genome: c.genome,
    predicted: (input.scored[c.hash]?.n ?? 0) === 0 ? predict(c.genome, input.primary) : undefined,
    pinned: c.hash === input.pinned,
  }));
  for (const id of screen(predictions, input.fraction)) {
    const g = (predictions.find((p) => p.id === id) as { genome: PromptGenome }).genome;
    const values: Record<string, number> = {};
    for (const o of input.objectives)
      values[o.metric] = predict(g, (v) => (v.sums[o.metric] ?? 0) / v.n) ?? 0;
    skipped.set(id, values);
  }
  return skipped;
}
