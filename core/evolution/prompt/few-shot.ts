/**
 * Few-shot example selection and ordering: one of add a dataset row (not yet used, up to maxFewShot), remove
 * one, replace one, or swap two (ordering matters to LLMs), chosen uniformly among those that apply.
 */
import type { Options } from '../registry.ts';
import type { Rng } from '../rng.ts';
import type { MutationOperator } from '../types.ts';
import { clonePrompt, type PromptGenome } from './genome.ts';

function unusedRow(used: readonly number[], size: number, rng: Rng): number | undefined {
  if (used.length >= size) return undefined;
  const set = new Set(used);
  // Rejection sampling is fine while few rows are used; fall back to a scan otherwise.
  for (let t = 0; t < 32; t++) {
    const r = rng.int(size);
    if (!set.has(r)) return r;
  }
  const free = Array.from({ length: size }, (_, i) => i).filter((i) => !set.has(i));
  return free[rng.int(free.length)];
}

export function mutateFewShot(genome: PromptGenome, rng: Rng, genomeOptions: Options): PromptGenome {
  const out = clonePrompt(genome);
  const size = genomeOptions.datasetSize as number;
  const max = genomeOptions.maxFewShot as number;
  const shots = out.fewShot;
  const ops: string[] = [];
  if (shots.length < max && shots.length < size) ops.push('add');
  if (shots.length > 0) ops.push('remove');
  if (shots.length > 0 && shots.length < size) ops.push('replace');
  if (shots.length > 1) ops.push('swap');
  if (ops.length === 0) return out;
  const op = ops[rng.int(ops.length)]!;
  if (op === 'add') shots.splice(rng.int(shots.length + 1), 0, unusedRow(shots, size, rng)!);
  else if (op === 'remove') shots.splice(rng.int(shots.length), 1);
  else if (op === 'replace') shots[rng.int(shots.length)] = unusedRow(shots, size, rng)!;
  else {
    const i = rng.int(shots.length);
    const j = (i + 1 + rng.int(shots.length - 1)) % shots.length;
    const t = shots[i]!;
    shots[i] = shots[j]!;
    shots[j] = t;
  }
  return out;
}

export const fewShotMutation: MutationOperator<PromptGenome> = {
  name: 'few-shot',
  description: 'adds, removes, replaces or reorders few-shot example rows',
  genomeTypes: ['prompt'],
  options: [],
  apply: (genome, rng, _options, genomeOptions) => mutateFewShot(genome, rng, genomeOptions),
};
