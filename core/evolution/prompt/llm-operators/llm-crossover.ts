/**
 * `llm-crossover`: EvoPrompt's two recombinations, as pending proposals for the run loop to resolve.
 * `ga`: "cross over these two prompts, then mutate the result" (one optimizer call per child).
 * `de`: differential evolution — "mutate the parts where the two donors differ, combine them with the best
 * prompt so far, cross over with the base" (the loop adds the best prompt when it resolves the proposal).
 * `section`: the structural section crossover, no model call. Children keep the few-shot list and parameters of
 * the parent they were bred from.
 */
import type { CrossoverOperator } from '../../types.ts';
import { clonePrompt } from '../genome.ts';
import { sectionCrossover } from '../section-crossover.ts';
import { drawNonce } from './llm-mutation.ts';
import { instructionIndex, type ProposalGenome, type ProposalKind, withoutProposal } from './proposal.ts';

export const CROSSOVER_KINDS = ['ga', 'de', 'section'] as const;

export const llmCrossover: CrossoverOperator<ProposalGenome> = {
  name: 'llm-crossover',
  description:
    'EvoPrompt GA or DE recombination by the optimizer model (resolved by the run loop), or section crossover',
  genomeTypes: ['prompt'],
  options: [
    { name: 'probability', type: 'number', default: 0.9, min: 0, max: 1, description: 'chance to recombine' },
    {
      name: 'weights',
      type: 'object',
      default: { ga: 1, de: 0, section: 0 },
      description: `relative weight of ${CROSSOVER_KINDS.join(', ')}`,
    },
  ],
  apply(a, b, rng, options, genomeOptions) {
    const pa = clonePrompt(withoutProposal(a));
    const pb = clonePrompt(withoutProposal(b));
    if (rng.float() >= (options.probability as number)) return [pa, pb];
    const weights = options.weights as Record<string, number>;
    const total = CROSSOVER_KINDS.reduce((s, k) => s + Math.max(0, weights[k] ?? 0), 0);
    let r = rng.float() * total;
    let kind: (typeof CROSSOVER_KINDS)[number] = 'ga';
    for (const k of CROSSOVER_KINDS) {
      r -= Math.max(0, weights[k] ?? 0);
      if (r < 0) {
        kind = k;
        break;
      }
    }
    if (kind === 'section') return sectionCrossover.apply(pa, pb, rng, { probability: 1 }, genomeOptions);
    const ia = instructionIndex(pa, genomeOptions);
    const ib = instructionIndex(pb, genomeOptions);
    if (ia < 0 || ib < 0) return [pa, pb];
    const textA = pa.messages[ia]?.content ?? '';
    const textB = pb.messages[ib]?.content ?? '';
    if (textA === textB) return [pa, pb];
    const k = kind as ProposalKind;
    return [
      { ...pa, proposal: { kind: k, nonce: drawNonce(rng), message: ia, other: textB } },
      { ...pb, proposal: { kind: k, nonce: drawNonce(rng), message: ib, other: textA } },
    ];
  },
};
