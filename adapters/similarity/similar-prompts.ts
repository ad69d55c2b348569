/**
 * The prompts most similar to a resolved revision, from the repository's similarity index: one result per other
 * prompt (its closest version), or also the prompt's own other versions. Shared by `evohub similar` and the
 * dashboard API (`GET /api/v1/prompts/{name}/similar`).
 */
import { promptNameFromPath } from '../../core/prompt/name.ts';
import type { ResolvedPrompt } from '../../core/revision.ts';
import { rankedRows, signatureOf } from '../../core/similarity/index.ts';
import { promptVersionOf } from '../git/prompt-version.ts';
import { openCurrentIndex, type SimilarityRepo } from './similarity-store.ts';

export type SimilarResult = {
  name: string;
  path: string;
  version: number | null;
  commit: string;
  similarity: number;
};

export type SimilarAnswer = {
  query: { name: string; path: string; version: number | null; commit: string | null };
  /** Distinct prompt versions in the index. */
  indexed: number;
  results: SimilarResult[];
};

export async function similarPrompts(
  repo: SimilarityRepo,
  root: string,
  resolved: ResolvedPrompt,
  options: {
    top: number;
    samePrompt?: boolean;
    /** Told when a stored index of another format was replaced (the CLI says so on stderr). */
    onReplaced?: (format: number) => void;
  },
): Promise<SimilarAnswer> {
  const { file, replacedFormat } = await openCurrentIndex(repo, root);
  if (replacedFormat !== null) options.onReplaced?.(replacedFormat);
  const results: SimilarResult[] = [];
  try {
    const sig = signatureOf(resolved.text);
    const usedPaths = new Set<string>();
    for (const { row, similarity } of rankedRows(await file.agreementCounts(sig))) {
      if (results.length >= options.top) break;
      for (const r of await file.occurrences(row)) {
        const self = r.path === resolved.path;
        // The queried version itself is no answer; other prompts appear once, with their closest version.
        if (self && (!options.samePrompt || r.commit === resolved.commit || r.version === resolved.version))
          continue;
        if (!self && usedPaths.has(r.path)) continue;
        if (!self) usedPaths.add(r.path);
        results.push({
          name: promptNameFromPath(r.path),
          path: r.path,
          version: r.version,
          commit: r.commit,
          similarity,
        });
        if (results.length >= options.top) break;
      }
    }
  } finally {
    await file.close();
  }
  return {
    query: {
      name: resolved.name,
      path: resolved.path,
      version: resolved.version ?? promptVersionOf(resolved.text),
      commit: resolved.commit,
    },
    indexed: file.layout.count,
    results,
  };
}
