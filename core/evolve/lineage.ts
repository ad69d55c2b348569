/**
 * Lineage records: one per prompt version an evolution produced (identified by its content hash), with the
 * hashes of its parents, the run, generation and operator that made it and its fitness. The human-written
 * original has no parents. Ancestry is the transitive closure over parents, nearest first.
 */
export type LineageRecord = {
  /** Content hash of the prompt version (core/prompt/hash.ts). */
  hash: string;
  /** Prompt name (file stem). */
  name: string;
  runId: string;
  candidateId: number;
  generation: number;
  /** Operator that made it: `original`, `rewrite`, `reflect`, `opro`, `ga`, `de`, `few-shot`, … */
  operator: string;
  parents: string[];
  /** Metric means on the cases it was evaluated on. */
  fitness: Record<string, number>;
  /** ISO 8601. */
  createdAt: string;
};

export type AncestryEntry = LineageRecord & {
  /** Steps from the queried version (0 = itself). */
  depth: number;
};

/**
 * Breadth-first ancestry from `hash` through `lookup`; each version once, at its smallest depth. Versions with
 * no record are listed with operator `unknown` (e.g. a parent recorded only in git). Order: depth, then hash.
 */
export async function walkAncestry(
  hash: string,
  lookup: (hashes: string[]) => Promise<Map<string, LineageRecord>>,
  maxDepth = 10_000,
): Promise<AncestryEntry[]> {
  const out: AncestryEntry[] = [];
  const seen = new Set<string>([hash]);
  let frontier = [hash];
  for (let depth = 0; frontier.length > 0 && depth <= maxDepth; depth++) {
    const found = await lookup(frontier);
    const next: string[] = [];
    for (const h of [...frontier].sort()) {
      const rec = found.get(h);
      out.push(
        rec
          ? { ...rec, depth }
          : {
              hash: h,
              name: '',
              runId: '',
              candidateId: -1,
              generation: -1,
              operator: 'unknown',
              parents: [],
              fitness: {},
              createdAt: '',
              depth,
            },
      );
      for (const p of rec?.parents ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        next.push(p);
      }
    }
    frontier = next;
  }
  return out;
}

/** The human-written originals among an ancestry: versions with no parents that an evolution did not make. */
export function originals(ancestry: readonly AncestryEntry[]): AncestryEntry[] {
  return ancestry.filter((a) => a.parents.length === 0 && a.operator !== 'unknown');
}
