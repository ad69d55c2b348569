/** A prompt revision's ancestry as a graph (nodes nearest first, edges parent → child) back to the original. */
import type { AncestryEntry } from '../../core/evolve/lineage.ts';
import { hashParam, optionalRev, promptNameParam } from '../params.ts';
import type { Router } from '../router.ts';
import { resolveAt, revisionView } from './prompts.ts';

export function lineageGraph(nodes: readonly AncestryEntry[]) {
  const known = new Set(nodes.map((n) => n.hash));
  const edges = nodes.flatMap((n) =>
    n.parents.filter((p) => known.has(p)).map((p) => ({ from: p, to: n.hash })),
  );
  return { nodes, edges };
}

export function lineageRoutes(r: Router): void {
  const { deps } = r;
  r.get('/api/v1/prompts/:name{.+}/lineage', 'read', async (c) => {
    const name = promptNameParam(c.req.param('name'));
    const rawHash = c.req.query('hash');
    const rev = optionalRev(c.req.query('rev'));
    const hash = rawHash
      ? hashParam(rawHash)
      : revisionView(await resolveAt(deps.resolve, name, rev)).contentHash;
    const nodes = await deps.store.ancestry(hash);
    return { name, rev: rev ?? null, hash, ...lineageGraph(nodes) };
  });
}
