/**
 * LLM-driven prompt operators cannot call a model inside the synchronous engine, so they breed a *pending
 * proposal*: a copy of the parent genome plus what to ask the optimizer model. The run loop resolves proposals
 * (a cached, budgeted call) before the batch is evaluated. The proposal carries a nonce drawn from the engine's
 * generator, so a restored run asks exactly the same questions again and the response cache answers them.
 */
import type { Options } from '../../registry.ts';
import { mutableMessages, type PromptGenome } from '../genome.ts';

/** `ga` = EvoPrompt GA (crossover then mutation), `de` = EvoPrompt DE, `reflect` = GEPA-style, `opro` = OPRO. */
export const PROPOSAL_KINDS = ['rewrite', 'reflect', 'opro', 'ga', 'de'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/**
 * Proposals the run loop resolves from its own records, with no model call: `merge` (GEPA's merge of
 * complementary per-case Pareto members) and `bootstrap` (few-shot demonstrations the parent answers right).
 */
export const LOCAL_KINDS = ['merge', 'bootstrap'] as const;
export type LocalKind = (typeof LOCAL_KINDS)[number];
export const isLocalKind = (k: string): k is LocalKind => (LOCAL_KINDS as readonly string[]).includes(k);

export type Proposal = {
  kind: ProposalKind | LocalKind;
  /** Drawn from the engine's generator: distinct proposals from one parent are distinct requests. */
  nonce: number;
  /** Index of the message whose text the optimizer rewrites (the first mutable message). */
  message: number;
  /** The second parent's text of that message (ga, de). */
  other?: string;
};

/** A prompt genome, possibly still waiting for the optimizer model. */
export type ProposalGenome = PromptGenome & { proposal?: Proposal };

export function isPending(g: unknown): g is ProposalGenome & { proposal: Proposal } {
  return typeof g === 'object' && g !== null && (g as ProposalGenome).proposal !== undefined;
}

/** The message the LLM operators edit: the first mutable one; -1 when there is none. */
export function instructionIndex(genome: PromptGenome, genomeOptions: Options): number {
  return mutableMessages(genome, genomeOptions)[0] ?? -1;
}

/** The genome without its proposal (what the parent looked like). */
export function withoutProposal(g: ProposalGenome): PromptGenome {
  return { messages: g.messages, fewShot: g.fewShot, parameters: g.parameters };
}
