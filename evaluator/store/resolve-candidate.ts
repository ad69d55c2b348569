/**
 * Any evaluated candidate by its content hash or a unique prefix of it (at least 7 characters), from the results
 * store's prompt versions: its prompt, the runs that evaluated it and its lineage record (operator, generation,
 * parents, fitness). `evohub show name@<hash>`, `promote`/`propose --candidate` and the dashboard API call it.
 */
import { NotFoundError, UsageError } from '../../core/errors.ts';
import type { AncestryEntry } from '../../core/evolve/lineage.ts';
import type { PromptVersionRecord, ResultsStore } from '../../core/ports/results-store.ts';

export const MIN_CANDIDATE_PREFIX = 7;

export type ResolvedCandidate = {
  version: PromptVersionRecord;
  /** Evaluation run ids that scored it (an evolve run's are `<run>/g<n>/…` and `<run>/held-out/<tag>`). */
  evaluationRuns: string[];
  /** The runs those belong to (the part before the first `/`), oldest first. */
  runs: string[];
  /** Its own lineage record (depth 0), when an evolution made it. */
  lineage?: AncestryEntry;
};

/** True when `rev` could be a candidate hash prefix (content hashes are lowercase hex). */
export function looksLikeCandidateHash(rev: string): boolean {
  return new RegExp(`^[0-9a-f]{${MIN_CANDIDATE_PREFIX},64}$`).test(rev);
}

/**
 * Resolves `prefix` among the stored versions of prompt `name`. `what` names where the prefix came from in
 * errors (`--candidate`, `ticket-triage@1a2b3c4`).
 */
export async function resolveCandidate(
  store: ResultsStore,
  name: string,
  prefix: string,
  what = '--candidate',
): Promise<ResolvedCandidate> {
  const p = prefix.trim().toLowerCase();
  if (!looksLikeCandidateHash(p)) {
    throw new UsageError(
      `${what}: "${prefix}" is not a candidate hash (at least ${MIN_CANDIDATE_PREFIX} hexadecimal characters)`,
      { hint: 'candidate hashes are printed by `evohub evolve` (winner and front) and `evohub lineage`' },
    );
  }
  const found = await store.findPromptVersions(p, { name, limit: 6 });
  if (found.length === 0) {
    throw new NotFoundError(`${what}: no evaluated candidate of "${name}" has a hash starting with "${p}"`, {
      hint: 'candidates are read from the results store (--results-url); check the prompt name and the hash',
    });
  }
  if (found.length > 1) {
    const shown = found.slice(0, 5).map((v) => v.hash.slice(0, Math.max(12, p.length + 2)));
    throw new UsageError(
      `${what}: the prefix "${p}" is ambiguous among "${name}"'s candidates: ${shown.join(', ')}${found.length > 5 ? ', …' : ''}`,
      { hint: 'give more characters of the hash' },
    );
  }
  const { runs: evaluationRuns, ...version } = found[0] as PromptVersionRecord & { runs: string[] };
  const self = (await store.ancestry(version.hash))[0];
  const runs: string[] = [];
  for (const id of [...(self ? [self.runId] : []), ...evaluationRuns]) {
    const top = id.split('/')[0] as string;
    if (!runs.includes(top)) runs.push(top);
  }
  return {
    version,
    evaluationRuns,
    runs,
    ...(self && self.hash === version.hash ? { lineage: self } : {}),
  };
}
