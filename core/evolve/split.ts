/**
 * The held-out split and the racing order. Rows are shuffled by the run's seed; the held-out part is never
 * used for selection (the baseline and the winner are reported on it); the selection part is evaluated in the
 * shuffled order, so racing's small subsets are random yet the same for every candidate of the run.
 */
import { seededRandom } from '../evaluation/plan.ts';

export type DatasetSplit = {
  /** Row indexes used for selection, in racing order. */
  selection: number[];
  /** Row indexes kept out of selection, ascending. */
  heldOut: number[];
};

export function splitDataset(rows: number, fraction: number, seed: number): DatasetSplit {
  const rand = seededRandom((seed ^ 0x5eed5) >>> 0);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  // At least one row on each side when there are two or more rows and a held-out part was asked for.
  let held = Math.round(rows * fraction);
  if (fraction > 0 && rows >= 2) held = Math.min(rows - 1, Math.max(1, held));
  return { heldOut: order.slice(0, held).sort((a, b) => a - b), selection: order.slice(held) };
}
