import type { DatasetRow } from '../prompt/types.ts';

/** One model call to make: a dataset row, which repeat, and the seed the provider gets. */
export type PlannedCase = {
  /** Position of the row in the dataset (0-based). */
  caseIndex: number;
  /** The row's `id` field when it has one, else its index: how the same case is paired across versions. */
  caseId: string;
  repeat: number;
  seed: number;
  row: DatasetRow;
};

export type PlanOptions = { sample?: number; seed?: number; repeat?: number };

/** mulberry32: a tiny deterministic PRNG, so a seed gives the same sample everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function caseIdOf(row: DatasetRow, index: number): string {
  const id = row.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : String(index);
}

/**
 * Which rows to evaluate, how many times, with which seeds: `sample` rows drawn without replacement by `seed`
 * (kept in dataset order), each repeated `repeat` times with seed + repeat, so repeats are distinct calls
 * (and distinct cache entries) while a re-run is identical.
 */
export function planCases(rows: readonly DatasetRow[], opts: PlanOptions = {}): PlannedCase[] {
  const seed = opts.seed ?? 0;
  const repeat = Math.max(1, opts.repeat ?? 1);
  let indexes = rows.map((_, i) => i);
  if (opts.sample !== undefined && opts.sample < rows.length) {
    const rand = seededRandom(seed);
    for (let i = indexes.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
    }
    indexes = indexes.slice(0, Math.max(0, opts.sample)).sort((a, b) => a - b);
  }
  const plan: PlannedCase[] = [];
  for (const i of indexes) {
    const row = rows[i] as DatasetRow;
    for (let r = 0; r < repeat; r++)
      plan.push({ caseIndex: i, caseId: caseIdOf(row, i), repeat: r, seed: seed + r, row });
  }
  return plan;
}
