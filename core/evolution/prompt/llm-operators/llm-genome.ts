/**
 * The `prompt` genome type extended for pending proposals: the proposal is part of the content key (two
 * proposals from one parent are different candidates for de-duplication) and passes `check`.
 */
import type { GenomeType } from '../../types.ts';
import { promptGenome } from '../genome.ts';
import { LOCAL_KINDS, PROPOSAL_KINDS, type ProposalGenome, withoutProposal } from './proposal.ts';

export const proposalPromptGenome: GenomeType<ProposalGenome> = {
  ...promptGenome,
  description: `${promptGenome.description}; may carry a pending LLM proposal`,
  key(g, options) {
    const base = promptGenome.key(withoutProposal(g), options);
    return g.proposal ? `${base}|${JSON.stringify(g.proposal)}` : base;
  },
  check(genome, options) {
    const g = genome as ProposalGenome;
    const p = g?.proposal;
    const kinds: readonly string[] = [...PROPOSAL_KINDS, ...LOCAL_KINDS];
    if (p !== undefined && !kinds.includes(p?.kind))
      return `proposal kind must be one of ${kinds.join(', ')}`;
    return promptGenome.check(genome, options);
  },
};
