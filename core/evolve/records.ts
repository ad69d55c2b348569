/**
 * What a generation leaves behind: one candidate record per told candidate (its version hash, parents as
 * version hashes, the operator that made it, its scores) and a lineage record per new prompt version.
 */
import type { PromptGenome } from '../evolution/prompt/genome.ts';
import type { Candidate } from '../evolution/types.ts';
import type { LineageRecord } from './lineage.ts';
import type { CandidateRecord } from './loop-state.ts';

export type Told = Omit<CandidateRecord, 'id' | 'generation' | 'operator' | 'parents'> & {
  candidate: Candidate<unknown>;
};

export type GenerationContext = {
  generation: number;
  /** Operator labels of resolved LLM proposals, by candidate id. */
  labels: ReadonlyMap<number, string>;
  baselineHash: string;
  baselineGenome: PromptGenome;
  name: string;
  runId: string;
  createdAt: string;
};

export function recordGeneration(
  told: readonly Told[],
  previous: readonly CandidateRecord[],
  ctx: GenerationContext,
): { records: CandidateRecord[]; lineage: LineageRecord[] } {
  const hashById = new Map(previous.map((c) => [c.id, c.hash]));
  for (const t of told) hashById.set(t.candidate.id, t.hash);
  const genomeById = new Map(previous.map((c) => [c.id, c.genome]));
  const records: CandidateRecord[] = [];
  const lineage: LineageRecord[] = [];
  for (const t of told) {
    const { candidate: c, ...rest } = t;
    let parents = c.parents.map((p) => hashById.get(p)).filter((p): p is string => p !== undefined);
    // The engine's first batch mutates the seed without naming it as a parent.
    if (parents.length === 0 && c.operator !== 'seed') parents = [ctx.baselineHash];
    const parentGenome = genomeById.get(c.parents[0] ?? -2) ?? ctx.baselineGenome;
    const operator =
      c.operator === 'seed'
        ? 'seed'
        : (ctx.labels.get(c.id) ?? structuralLabel(parentGenome, t.genome, c.operator));
    const record: CandidateRecord = {
      ...rest,
      id: c.id,
      generation: ctx.generation,
      operator,
      parents: [...new Set(parents)].filter((p) => p !== t.hash),
    };
    records.push(record);
    if (t.hash === ctx.baselineHash) continue;
    lineage.push({
      hash: t.hash,
      name: ctx.name,
      runId: ctx.runId,
      candidateId: c.id,
      generation: ctx.generation,
      operator,
      parents: record.parents,
      fitness: Object.fromEntries(Object.entries(t.values).filter(([, v]) => Number.isFinite(v))),
      createdAt: ctx.createdAt,
    });
  }
  return { records, lineage };
}

/** What a structural variation changed, for the lineage (the engine records only the operator pair). */
export function structuralLabel(parent: PromptGenome, child: PromptGenome, engineLabel: string): string {
  if (engineLabel === 'cma-es') return 'cma-es';
  const parts: string[] = [];
  if (JSON.stringify(parent.messages) !== JSON.stringify(child.messages)) parts.push('text');
  if (JSON.stringify(parent.fewShot) !== JSON.stringify(child.fewShot)) parts.push('few-shot');
  if (JSON.stringify(parent.parameters) !== JSON.stringify(child.parameters)) parts.push('parameter');
  return parts.length > 0 ? parts.join('+') : 'copy';
}
