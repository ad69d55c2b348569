/**
 * Resolves pending LLM proposals: builds each meta-prompt from its template and the loop state (the parent's
 * failing cases for reflect, the scored trajectory for OPRO, the best prompt for DE), asks the optimizer model
 * through a ModelCaller (cached: a resumed run repeats no paid call) and puts the answer into the genome.
 * An answer without a usable instruction (empty, or dropping a placeholder) leaves the parent's text.
 */
import type { PromptGenome } from '../../core/evolution/prompt/genome.ts';
import {
  failureBlock,
  isLocalKind,
  isPending,
  type Proposal,
  type ProposalGenome,
  type ProposalKind,
  parseProposalAnswer,
  promptBlock,
  renderMetaPrompt,
  scoredBlock,
  withoutProposal,
} from '../../core/evolution/prompt/llm-operators/index.ts';
import type { Candidate } from '../../core/evolution/types.ts';
import { bootstrapDemos, mergeInstructions, mergePartner } from '../../core/evolve/local-proposals.ts';
import type { ScoredVersion } from '../../core/evolve/loop-state.ts';
import { minibatch } from '../../core/evolve/minibatch.ts';
import type { ModelCaller } from '../model-caller.ts';
import type { MetaPrompts } from './meta-prompts.ts';

export type ResolveContext = {
  caller: ModelCaller;
  model: string;
  templates: MetaPrompts;
  task: string;
  /** Versions scored so far, by version hash. */
  scored: Readonly<Record<string, ScoredVersion>>;
  /** Version hash of a genome (the parent's, to find its failures). */
  versionHash(genome: PromptGenome): string;
  /** Primary score (higher is better) of a scored version. */
  primary(v: ScoredVersion): number;
  concurrency: number;
  /** Direction of the first objective (the merge operator's per-case comparison). */
  goal?: 'maximize' | 'minimize';
  /** Expected answer per selection position (bootstrapped few-shot); undefined where a row has none. */
  expected?: readonly (string | undefined)[];
  maxFewShot?: number;
  /** The few-shot rows of a scored version (merge carries a partner's demonstrations). */
  fewShotOf?: (hash: string) => readonly number[] | undefined;
};

export type Resolution = {
  id: number;
  genome: PromptGenome;
  operator: string;
  cached: boolean;
  /** What the call cost (0 when cached). */
  costUsd: number;
  /** Resolved from the loop's records, with no model call (merge, bootstrap). */
  local?: boolean;
};

/** A merge or bootstrap proposal, resolved from the scored versions alone. */
function resolveLocal(
  c: Candidate<unknown>,
  g: ProposalGenome & { proposal: Proposal },
  ctx: ResolveContext,
): Resolution {
  const parent = withoutProposal(g);
  const out = {
    messages: parent.messages.map((m) => ({ ...m })),
    fewShot: parent.fewShot.slice(),
    parameters: { ...parent.parameters },
  };
  const hash = ctx.versionHash(parent);
  let operator: string = g.proposal.kind;
  const partner =
    g.proposal.kind === 'merge' ? mergePartner(hash, ctx.scored, ctx.goal ?? 'maximize') : undefined;
  const m = out.messages[g.proposal.message];
  if (partner !== undefined && m) {
    m.content = mergeInstructions(m.content, ctx.scored[partner]?.text ?? '');
    // The partner's demonstrations come along when the parent has none (its few-shot list is part of it too).
    const shots = ctx.fewShotOf?.(partner) ?? [];
    if (out.fewShot.length === 0 && shots.length > 0) out.fewShot = shots.slice();
  } else {
    // No complementary partner yet (the first generation): demonstrations instead of a copy of the parent.
    if (g.proposal.kind === 'merge') operator = 'bootstrap(no merge partner)';
    out.fewShot = bootstrapDemos(ctx.scored[hash], ctx.expected ?? [], ctx.maxFewShot ?? 0, g.proposal.nonce);
  }
  return { id: c.id, genome: out, operator, cached: true, costUsd: 0, local: true };
}

function trajectory(ctx: ResolveContext, limit: number): { text: string; score: number }[] {
  const best = new Map<string, number>();
  for (const v of Object.values(ctx.scored)) {
    if (v.n === 0) continue;
    const s = ctx.primary(v);
    if (!best.has(v.text) || (best.get(v.text) as number) < s) best.set(v.text, s);
  }
  return [...best.entries()]
    .map(([text, score]) => ({ text, score }))
    .sort((a, b) => b.score - a.score || (a.text < b.text ? -1 : 1))
    .slice(0, limit)
    .reverse();
}

export function buildMetaPrompt(ctx: ResolveContext, g: PromptGenome, p: Proposal): string {
  const parentText = g.messages[p.message]?.content ?? '';
  const traj = trajectory(ctx, 8);
  let prompts = promptBlock(parentText);
  let failures = '';
  if (p.kind === 'reflect') {
    const parent = ctx.scored[ctx.versionHash(g)];
    failures = minibatch(parent?.failures ?? [], p.nonce)
      .map(failureBlock)
      .join('\n');
  } else if (p.kind === 'opro') {
    prompts = traj.map((t) => scoredBlock(t.text, t.score)).join('\n') || scoredBlock(parentText, 0);
  } else if (p.kind === 'ga') {
    prompts = `${promptBlock(parentText)}\n${promptBlock(p.other ?? parentText)}`;
  } else if (p.kind === 'de') {
    const best = traj.at(-1)?.text ?? parentText;
    prompts = `${promptBlock(parentText)}\n${promptBlock(best)}\n${promptBlock(p.other ?? parentText)}`;
  }
  return renderMetaPrompt(ctx.templates[p.kind as ProposalKind], { task: ctx.task, prompts, failures });
}

/** Resolves the pending candidates of a batch (others are returned unchanged). */
export async function resolveProposals(
  batch: readonly Candidate<unknown>[],
  ctx: ResolveContext,
): Promise<Resolution[]> {
  const out: Resolution[] = [];
  const jobs: (() => Promise<void>)[] = [];
  for (const c of batch) {
    const g = c.genome;
    if (!isPending(g)) continue;
    if (isLocalKind(g.proposal.kind)) {
      out.push(resolveLocal(c, g, ctx));
      continue;
    }
    const parent = withoutProposal(g);
    jobs.push(async () => {
      const meta = buildMetaPrompt(ctx, parent, g.proposal);
      const { response, cached } = await ctx.caller.call({
        model: ctx.model,
        messages: [{ role: 'user', content: meta }],
        parameters: {},
        seed: g.proposal.nonce,
      });
      const original = parent.messages[g.proposal.message]?.content ?? '';
      const text = parseProposalAnswer(response.text, original);
      const messages = parent.messages.map((m, i) =>
        i === g.proposal.message && text !== undefined ? { ...m, content: text } : { ...m },
      );
      out.push({
        id: c.id,
        genome: { messages, fewShot: parent.fewShot.slice(), parameters: { ...parent.parameters } },
        operator: text === undefined ? `${g.proposal.kind}(unusable answer)` : g.proposal.kind,
        cached,
        costUsd: cached ? 0 : (response.costUsd ?? 0),
      });
    });
  }
  // Bounded parallelism; results are sorted by id so that the order never depends on timing.
  let next = 0;
  const workers = Array.from({ length: Math.min(ctx.concurrency, jobs.length) }, async () => {
    while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
  });
  await Promise.all(workers);
  return out.sort((a, b) => a.id - b.id);
}
