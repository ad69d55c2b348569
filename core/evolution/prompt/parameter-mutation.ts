/**
 * Model-parameter mutation: polynomial mutation (η = `eta`) of the parameters the prompt sets, within their
 * bounds; exactly one parameter changes on average (each with probability 1/k, at least one). maxTokens stays an
 * integer. Parameters the prompt leaves unset stay unset.
 */
import { polynomialGene } from '../operators/polynomial-mutation.ts';
import type { Options } from '../registry.ts';
import type { Rng } from '../rng.ts';
import type { MutationOperator } from '../types.ts';
import { clonePrompt, PARAMETER_NAMES, type PromptGenome, parameterBounds } from './genome.ts';

export function mutateParameters(
  genome: PromptGenome,
  rng: Rng,
  eta: number,
  genomeOptions: Options,
): PromptGenome {
  const out = clonePrompt(genome);
  const present = PARAMETER_NAMES.filter((p) => out.parameters[p] !== undefined);
  if (present.length === 0) return out;
  const forced = present[rng.int(present.length)]!;
  for (const p of present) {
    if (p !== forced && rng.float() >= 1 / present.length) continue;
    const [lo, hi] = parameterBounds(genomeOptions, p);
    const v = Math.min(Math.max(out.parameters[p]!, lo), hi);
    let next = polynomialGene(v, lo, hi, eta, rng.float());
    if (p === 'maxTokens') next = Math.min(hi, Math.max(lo, Math.round(next)));
    out.parameters[p] = next;
  }
  return out;
}

export const parameterMutation: MutationOperator<PromptGenome> = {
  name: 'parameter',
  description: 'polynomial mutation of temperature, topP and maxTokens within their bounds',
  genomeTypes: ['prompt'],
  options: [{ name: 'eta', type: 'number', default: 20, min: 0, description: 'distribution index η_m' }],
  apply: (genome, rng, options, genomeOptions) =>
    mutateParameters(genome, rng, options.eta as number, genomeOptions),
};
