import type { PromptGenome } from '../../core/evolution/prompt/genome.ts';
import type { Candidate } from '../../core/evolution/types.ts';
import { meanValues } from '../../core/evolve/generation-plan.ts';
import { DEFAULT_NEAR_DUPLICATE_THRESHOLD, NearDuplicateSet } from '../../core/similarity/near-duplicate.ts';
import type { EvolveRun } from './run-types.ts';

/**
 * [issue 14 item 3] New candidates whose instruction nearly duplicates (word-shingle Jaccard ≥ 0.9) a version
 * already evaluated on the whole selection are not paid for: the engine is told that version's scores.
 */
export function nearDuplicatesOf(
  run: Pick<EvolveRun, 'state' | 'settings' | 'full' | 'rungs' | 'baselineHash'>,
  batch: readonly Candidate<unknown>[],
  genomes: ReadonlyMap<number, PromptGenome>,
  hashes: ReadonlyMap<number, string>,
  skipped: ReadonlyMap<number, Record<string, number>>,
): Map<number, Record<string, number>> {
  const { state, settings } = run;
  // Few-shot rows and parameters are part of a candidate too: only a change of wording alone is judged here.
  const rest = (g: PromptGenome) => JSON.stringify([g.fewShot, g.parameters]);
  const text = (g: PromptGenome) => g.messages.map((m) => m.content).join('\n');
  const seen = new NearDuplicateSet<{ hash: string; rest: string }>(DEFAULT_NEAR_DUPLICATE_THRESHOLD);
  const added = new Set<string>();
  for (const c of state.candidates) {
    if (!c.full || c.scoredBy !== 'evaluation' || added.has(c.hash)) continue;
    added.add(c.hash);
    seen.add({ hash: c.hash, rest: rest(c.genome) }, text(c.genome));
  }
  const out = new Map<number, Record<string, number>>();
  if (seen.size === 0) return out;
  for (const c of batch) {
    const h = hashes.get(c.id) as string;
    if (skipped.has(c.id) || h === run.baselineHash || (state.scored[h]?.n ?? 0) > 0) continue;
    const genome = genomes.get(c.id) as PromptGenome;
    const twin = seen.find(text(genome));
    const twinScored = twin && twin.key.rest === rest(genome) ? state.scored[twin.key.hash] : undefined;
    if (!twinScored || twinScored.n < run.full) continue;
    out.set(c.id, meanValues(twinScored, settings.objectives));
    state.counters.nearDuplicatesSkipped = (state.counters.nearDuplicatesSkipped ?? 0) + 1;
    state.counters.savedByNearDuplicates =
      (state.counters.savedByNearDuplicates ?? 0) + (run.rungs[0] ?? run.full);
  }
  return out;
}
