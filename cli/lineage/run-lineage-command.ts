/**
 * `evohub lineage <name>@<rev>`: the ancestry of a prompt version. The version is resolved like `evohub show`
 * (working tree, version number, environment, branch, tag or commit), identified by its content hash, and its
 * ancestry read from the lineage records in the results store (DuckDB or PostgreSQL); when those do not know it,
 * the ancestry is rebuilt from the `lineage.parents` fields of the file's versions in git history.
 */
import { readEvohubConfig } from '../../core/config/index.ts';
import { type AncestryEntry, type LineageRecord, walkAncestry } from '../../core/evolve/lineage.ts';
import { promptContentHash } from '../../core/prompt/hash.ts';
import { parsePrompt } from '../../core/prompt/parse.ts';
import { parseRevisionSpec, resolvePrompt } from '../../core/revision.ts';
import type { CliContext } from '../context.ts';
import { openCommandStore } from '../db/command-store.ts';
import { openCliRepository } from '../history/open-repo.ts';

export type LineageJson = {
  name: string;
  path: string;
  rev: string | null;
  hash: string;
  /** Where the ancestry came from. */
  source: 'results' | 'git' | 'none';
  ancestry: {
    depth: number;
    hash: string;
    operator: string;
    runId: string | null;
    generation: number | null;
    parents: string[];
    fitness: Record<string, number>;
    version: number | null;
  }[];
  /** Hashes of the human-written originals reached. */
  originals: string[];
};

/** Ancestry from `lineage.parents` in the file's git history (versions identified by content hash). */
async function gitAncestry(
  repo: Awaited<ReturnType<typeof openCliRepository>>['repo'],
  path: string,
  hash: string,
  own: {
    parents: string[];
    runId?: string;
    generation?: number;
    operator?: string;
    fitness?: Record<string, number>;
  },
): Promise<{ entries: AncestryEntry[]; versions: Map<string, number | null> }> {
  const known = new Map<string, LineageRecord>();
  const versions = new Map<string, number | null>();
  const toRecord = (h: string, l: typeof own, createdAt: string): LineageRecord => ({
    hash: h,
    name: path,
    runId: l.runId ?? '',
    candidateId: -1,
    generation: l.generation ?? 0,
    operator: l.parents.length === 0 ? 'original' : (l.operator ?? 'edited'),
    parents: l.parents,
    fitness: l.fitness ?? {},
    createdAt,
  });
  known.set(hash, toRecord(hash, own, ''));
  for (const entry of await repo.history(path)) {
    if (!entry.blob) continue;
    try {
      const data = parsePrompt(
        await repo.readBlob(entry.blob),
        `${path}@${entry.commit.oid.slice(0, 7)}`,
      ).data;
      const h = promptContentHash(data);
      versions.set(h, data.version ?? null);
      if (!known.has(h))
        known.set(
          h,
          toRecord(h, { parents: data.lineage?.parents ?? [], ...data.lineage }, entry.commit.date),
        );
    } catch {
      // An invalid old version cannot be an ancestor we can describe; skip it.
    }
  }
  const entries = await walkAncestry(
    hash,
    async (hs) => new Map(hs.flatMap((h) => (known.has(h) ? [[h, known.get(h) as LineageRecord]] : []))),
  );
  return { entries, versions };
}

export async function runLineageCommand(
  ctx: CliContext,
  specText: string,
  opts: { json?: boolean; resultsUrl?: string },
): Promise<void> {
  const { repo, deps } = await openCliRepository(ctx);
  const resolved = await resolvePrompt(deps, parseRevisionSpec(specText));
  const data = parsePrompt(resolved.text, resolved.path).data;
  const hash = promptContentHash(data);
  const { store } = openCommandStore(ctx, {
    repoRoot: repo.root,
    flag: opts.resultsUrl,
    config: await readEvohubConfig(repo.root),
    mode: 'read',
  });
  let entries: AncestryEntry[] = await store.ancestry(hash).finally(() => store.close());
  let source: LineageJson['source'] = entries.length > 0 ? 'results' : 'none';
  let versions = new Map<string, number | null>();
  const fromGit = await gitAncestry(repo, resolved.path, hash, {
    parents: data.lineage?.parents ?? [],
    ...data.lineage,
  });
  versions = fromGit.versions;
  if (data.version !== undefined) versions.set(hash, data.version);
  if (entries.length === 0) {
    entries = fromGit.entries;
    source = 'git';
  }
  const out: LineageJson = {
    name: resolved.name,
    path: resolved.path,
    rev: resolved.rev,
    hash,
    source,
    ancestry: entries.map((e) => ({
      depth: e.depth,
      hash: e.hash,
      operator: e.operator,
      runId: e.runId || null,
      generation: e.generation >= 0 ? e.generation : null,
      parents: e.parents,
      fitness: e.fitness,
      version: versions.get(e.hash) ?? null,
    })),
    originals: entries.filter((e) => e.parents.length === 0 && e.operator !== 'unknown').map((e) => e.hash),
  };
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const lines = [
    `Lineage of ${resolved.path}${resolved.rev ? `@${resolved.rev}` : ''} (${hash.slice(0, 12)}), from ${source === 'results' ? 'the results database' : 'git history'}:`,
  ];
  for (const a of out.ancestry) {
    const fit = Object.entries(a.fitness)
      .map(([k, v]) => `${k} ${Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(2) : v.toFixed(3)}`)
      .join(', ');
    const what = a.operator === 'original' ? 'original (human-written)' : a.operator;
    const where = a.runId ? ` run ${a.runId} gen ${a.generation}` : '';
    const ver = a.version !== null ? ` v${a.version}` : '';
    lines.push(
      `${'  '.repeat(Math.min(a.depth, 20))}${a.hash.slice(0, 12)}${ver}  ${what}${where}${fit ? `  [${fit}]` : ''}`,
    );
  }
  if (out.originals.length === 0) lines.push('(the human-written original is not recorded)');
  ctx.stdout.write(`${lines.join('\n')}\n`);
}
