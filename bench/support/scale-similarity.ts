/** The scale benchmark's similarity figures: index build over every version, one `similar` query, index size. */
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { openGitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { currentSimilarityIndex, SIMILARITY_PATH } from '../../adapters/similarity/similarity-store.ts';
import { memoryContext } from '../../cli/context.ts';
import { runSimilar } from '../../cli/similar/run-similar.ts';

export async function buildSimilarityFigures(dir: string): Promise<Record<string, number>> {
  rmSync(path.join(dir, SIMILARITY_PATH), { force: true });
  const repo = await openGitRepository(dir);
  const b0 = performance.now();
  const { added } = await currentSimilarityIndex(repo, dir);
  const similarityIndexBuildMs = Math.round(performance.now() - b0);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const m = memoryContext(dir);
    const s = performance.now();
    await runSimilar(m.ctx, `prompt-${i * 7}@1`, { top: '10' });
    times.push(performance.now() - s);
    if (!m.stdout().includes('prompt-')) throw new Error('similar printed no result');
  }
  times.sort((a, b) => a - b);
  return {
    similarityIndexBuildMs,
    similarityVersionsIndexed: added,
    similarityIndexMB: Math.round(statSync(path.join(dir, SIMILARITY_PATH)).size / 2 ** 20),
    similarQueryP50Ms: Math.round(times[2] as number),
  };
}
