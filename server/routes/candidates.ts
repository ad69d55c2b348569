/**
 * Any evaluated candidate by content hash (or a unique prefix): its prompt from the stored prompt versions (else
 * the genome in its run's newest checkpoint), its parents and fitness from the lineage, and its scores.
 */
import { NotFoundError, UsageError } from '../../core/errors.ts';
import type { AncestryEntry } from '../../core/evolve/lineage.ts';
import type { LoopState } from '../../core/evolve/loop-state.ts';
import type { PromptVersionRecord, ResultsStore } from '../../core/ports/results-store.ts';
import { hashParam } from '../params.ts';
import type { Router } from '../router.ts';

type Found = PromptVersionRecord & { runs: string[] };

/** At most this many runs are read for a candidate's scores (a popular baseline is evaluated by every run). */
const MAX_RUNS = 20;

async function findVersion(store: ResultsStore, prefix: string): Promise<Found | undefined> {
  const found = await store.findPromptVersions(prefix, { limit: 2 });
  if (found.length > 1) {
    throw new UsageError(
      `hash prefix "${prefix}" is ambiguous: ${found.map((f) => f.hash.slice(0, 12)).join(', ')}, …`,
      { hint: 'give more characters of the hash', location: { file: 'request', field: 'hash' } },
    );
  }
  return found[0];
}

type Scores = Record<string, { mean: number; n: number }>;

/** Mean metric values of the candidate's own evaluations in the runs that evaluated it. */
async function evaluatedScores(
  store: ResultsStore,
  hash: string,
  runIds: readonly string[],
): Promise<Scores> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const id of runIds.slice(-MAX_RUNS)) {
    for (const e of await store.evaluations(id)) {
      if (e.promptHash !== hash) continue;
      for (const [k, v] of Object.entries(e.metrics)) {
        const s = sums.get(k) ?? { sum: 0, n: 0 };
        s.sum += v;
        s.n += 1;
        sums.set(k, s);
      }
    }
  }
  return Object.fromEntries([...sums].map(([k, s]) => [k, { mean: s.sum / s.n, n: s.n }]));
}

/** The evolution loop's record of the candidate (its genome and selection-case values), from the run's checkpoint. */
async function loopRecord(store: ResultsStore, runId: string | undefined, hash: string) {
  if (!runId) return undefined;
  const state = (await store.latestCheckpoint(runId))?.state as LoopState | undefined;
  return state?.candidates.find((c) => c.hash === hash);
}

export function candidateRoutes(r: Router): void {
  const { store } = r.deps;
  r.get('/api/v1/candidates/:hash', 'read', async (c) => {
    const prefix = hashParam(c.req.param('hash'));
    const version = await findVersion(store, prefix);
    const hash = version?.hash ?? prefix;
    const self: AncestryEntry | undefined = (await store.ancestry(hash)).find(
      (a) => a.depth === 0 && a.operator !== 'unknown',
    );
    if (!version && !self) {
      throw new NotFoundError(`no evaluated candidate with hash "${prefix}"`, {
        hint: 'candidate hashes are listed by GET /api/v1/evolutions/{runId}; give the full hash or a unique prefix',
      });
    }
    // An evolve run's evaluations are stored under `<run>/g<n>/…` ids: the run is the part before the '/'.
    const evaluationRuns = version?.runs ?? [];
    const runIds = [
      ...new Set([
        ...(self?.runId ? [self.runId] : []),
        ...evaluationRuns.map((r) => r.split('/')[0] as string),
      ]),
    ];
    const record = await loopRecord(store, self?.runId, hash);
    const scores = await evaluatedScores(store, hash, evaluationRuns.length > 0 ? evaluationRuns : runIds);
    // A store from before prompt versions were kept per candidate: the loop record has their means.
    if (Object.keys(scores).length === 0 && record) {
      for (const [k, v] of Object.entries(record.values)) scores[k] = { mean: v, n: record.cases };
    }
    return {
      hash,
      name: version?.name ?? self?.name ?? '',
      prompt: (version?.content as Record<string, unknown> | undefined) ?? record?.genome ?? null,
      runIds,
      generation: self?.generation ?? null,
      operator: self?.operator ?? null,
      parents: self?.parents ?? version?.parents ?? [],
      fitness: self?.fitness ?? {},
      scores,
    };
  });
}
