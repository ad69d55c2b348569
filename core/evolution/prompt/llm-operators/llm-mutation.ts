/**
 * `llm-mix`: the default mutation of `evohub evolve`. Per child it picks, by weight, an LLM-driven operator
 * (rewrite, GEPA-style reflection on failing cases, OPRO-style proposal from the scored trajectory), which only
 * marks the child as a pending proposal, or a structural one (phrase insertion/deletion, few-shot, parameters),
 * which applies at once. A child that is already a pending crossover proposal (EvoPrompt GA/DE ask the model to
 * cross over AND mutate in one call) keeps its proposal; only few-shot and parameter mutations still apply.
 */
import type { Rng } from '../../rng.ts';
import type { MutationOperator } from '../../types.ts';
import { applyStructuralMutation, isStructuralMutation, structuralMutationOptions } from '../any-mutation.ts';
import { mutateFewShot } from '../few-shot.ts';
import { clonePrompt, type PromptGenome } from '../genome.ts';
import {
  instructionIndex,
  isPending,
  type LocalKind,
  type ProposalGenome,
  type ProposalKind,
} from './proposal.ts';

export const MUTATION_KINDS = [
  'rewrite',
  'reflect',
  'opro',
  'phrase-insert',
  'phrase-delete',
  'few-shot',
  'parameter',
  'merge',
  'bootstrap',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export const DEFAULT_MUTATION_WEIGHTS: Record<MutationKind, number> = {
  rewrite: 2,
  reflect: 2,
  opro: 1,
  'phrase-insert': 0,
  'phrase-delete': 0,
  'few-shot': 1,
  parameter: 0,
  merge: 1,
  bootstrap: 1,
};

/** Kinds that become pending proposals (resolved by the run loop), the others apply at once. */
const LLM_KINDS: readonly string[] = ['rewrite', 'reflect', 'opro', 'merge', 'bootstrap'];

/** A nonce that fits in a provider's integer `seed`. */
export function drawNonce(rng: Rng): number {
  return rng.int(2 ** 31 - 1);
}

function pickWeighted(
  rng: Rng,
  weights: Record<string, number>,
  names: readonly string[],
): string | undefined {
  const total = names.reduce((a, n) => a + Math.max(0, weights[n] ?? 0), 0);
  if (total <= 0) return undefined;
  let r = rng.float() * total;
  for (const n of names) {
    r -= Math.max(0, weights[n] ?? 0);
    if (r < 0) return n;
  }
  return names.findLast((n) => (weights[n] ?? 0) > 0);
}

export const llmMixMutation: MutationOperator<ProposalGenome> = {
  name: 'llm-mix',
  description:
    'one of rewrite, reflect, opro (LLM, resolved by the run loop) or phrase-insert, phrase-delete, few-shot, parameter, by weight',
  genomeTypes: ['prompt'],
  options: [
    {
      name: 'weights',
      type: 'object',
      default: DEFAULT_MUTATION_WEIGHTS,
      description: `relative weight of each kind (${MUTATION_KINDS.join(', ')}); missing kinds weigh 0`,
    },
    ...structuralMutationOptions,
  ],
  apply(genome, rng, options, genomeOptions) {
    const weights = options.weights as Record<string, number>;
    if (isPending(genome)) {
      const kind = pickWeighted(rng, weights, ['few-shot', 'parameter']);
      const proposal = { ...genome.proposal };
      if (kind === 'few-shot' && rng.float() < 0.5)
        return { ...mutateFewShot(genome, rng, genomeOptions), proposal };
      return { ...clonePrompt(genome), proposal };
    }
    const message = instructionIndex(genome, genomeOptions);
    const names = MUTATION_KINDS.filter((k) => message >= 0 || !LLM_KINDS.includes(k));
    const kind = pickWeighted(rng, weights, names) ?? 'parameter';
    const base: PromptGenome = clonePrompt(genome);
    if (isStructuralMutation(kind)) return applyStructuralMutation(kind, base, rng, options, genomeOptions);
    return { ...base, proposal: { kind: kind as ProposalKind | LocalKind, nonce: drawNonce(rng), message } };
  },
};
