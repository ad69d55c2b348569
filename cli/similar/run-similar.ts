/** `evohub similar <name>@<rev>`: the nearest prompt versions by MinHash similarity. */
import { currentSimilarityIndex } from '../../adapters/similarity/similarity-store.ts';
import { UsageError } from '../../core/errors.ts';
import { promptNameFromPath } from '../../core/prompt/name.ts';
import { parseRevisionSpec, resolvePrompt } from '../../core/revision.ts';
import { rankedRows, signatureOf } from '../../core/similarity/index.ts';
import type { CliContext } from '../context.ts';
import { openCliRepository } from '../history/open-repo.ts';

export type SimilarResult = {
  name: string;
  path: string;
  version: number | null;
  commit: string;
  similarity: number;
};

export type SimilarJson = {
  query: { name: string; path: string; version: number | null; commit: string | null };
  /** Distinct prompt versions in the index. */
  indexed: number;
  results: SimilarResult[];
};

function parseTop(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new UsageError(`--top must be a whole number from 1 to 1000, got "${text}"`);
  }
  return n;
}

export async function runSimilar(
  ctx: CliContext,
  specText: string,
  opts: { top: string; json?: boolean; samePrompt?: boolean },
): Promise<void> {
  const top = parseTop(opts.top);
  const { repo, deps } = await openCliRepository(ctx);
  const resolved = await resolvePrompt(deps, parseRevisionSpec(specText));
  const { index, rows } = await currentSimilarityIndex(repo, repo.root);
  const sig = signatureOf(resolved.text);
  const results: SimilarResult[] = [];
  const usedPaths = new Set<string>();
  for (const { row, similarity } of rankedRows(index, sig)) {
    if (results.length >= top) break;
    for (const r of rows.get(index.blobs[row] as string) ?? []) {
      const self = r.path === resolved.path;
      // The queried version itself is no answer; other prompts appear once, with their closest version.
      if (self && (!opts.samePrompt || r.commit === resolved.commit || r.version === resolved.version))
        continue;
      if (!self && usedPaths.has(r.path)) continue;
      if (!self) usedPaths.add(r.path);
      const name = promptNameFromPath(r.path);
      results.push({ name, path: r.path, version: r.version, commit: r.commit, similarity });
      if (results.length >= top) break;
    }
  }
  const query = {
    name: resolved.name,
    path: resolved.path,
    version: resolved.version,
    commit: resolved.commit,
  };
  if (opts.json) {
    const out: SimilarJson = { query, indexed: index.blobs.length, results };
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  ctx.stdout.write(
    `similar to ${resolved.path}${resolved.rev ? `@${resolved.rev}` : ''} (${index.blobs.length} versions indexed)\n`,
  );
  for (const r of results) {
    const v = r.version === null ? 'v?' : `v${r.version}`;
    ctx.stdout.write(
      `${r.similarity.toFixed(2)}  ${`${r.name}@${r.version ?? r.commit.slice(0, 7)}`.padEnd(32)} ${v.padEnd(5)} ${r.commit.slice(0, 7)}  ${r.path}\n`,
    );
  }
  if (results.length === 0) ctx.stdout.write('no other prompt versions in the history\n');
}
