/**
 * The scale benchmark's similarity figures: the index build over every version (in a child process, so its peak
 * RSS is the build's own), `similar` queries in process (a new repository object each, so the index is read from
 * disk each time) and as cold CLI processes, and the index size. Called by bench/scale-repo.ts, or alone on a
 * repository whose version index is built:
 *
 *   node bench/support/scale-similarity.ts ~/.cache/evohub-bench/scale-repo-10000p-100000v [--samples 40] [--incremental]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openGitRepository } from '../../adapters/git/isomorphic-git-repository.ts';
import { readJournals, removeJournals } from '../../adapters/similarity/journal.ts';
import { currentSimilarityIndex, SIMILARITY_PATH } from '../../adapters/similarity/similarity-store.ts';
import { memoryContext } from '../../cli/context.ts';
import { runSimilar } from '../../cli/similar/run-similar.ts';
import { percentile } from '../../core/evaluation/stats.ts';
import { appendCommits } from './scale-repo-generate.ts';

const self = fileURLToPath(import.meta.url);
const bin = fileURLToPath(new URL('../../cli/bin.ts', import.meta.url));

/** The child's job: build the index from scratch, print its time, versions signed and peak RSS. */
async function buildHere(dir: string): Promise<void> {
  const repo = await openGitRepository(dir);
  await repo.allVersions(); // the version index is the other bench's figure: not counted here
  const t0 = performance.now();
  const { added } = await currentSimilarityIndex(repo, dir);
  const ms = Math.round(performance.now() - t0);
  // maxRSS is in kilobytes.
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ ms, added, maxRssMB }));
}

function buildInChild(dir: string): { ms: number; added: number; maxRssMB: number } {
  const r = spawnSync(process.execPath, [self, dir, '--build-child'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`similarity index build failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function buildSimilarityFigures(
  dir: string,
  options: { samples?: number; coldSamples?: number } = {},
): Promise<Record<string, number>> {
  rmSync(path.join(dir, SIMILARITY_PATH), { force: true });
  await removeJournals((await readJournals(path.join(dir, '.evohub'))).files);
  const build = buildInChild(dir);
  const prompts = Number(/-(\d+)p-/.exec(path.basename(dir))?.[1] ?? 100);
  const pick = (i: number) => `prompt-${(i * 7919) % prompts}@1`;
  const times: number[] = [];
  // CPU time too: on a shared 2-core machine the wall clock is mostly other processes' load.
  const cpu: number[] = [];
  for (let i = 0; i < (options.samples ?? 40); i++) {
    const m = memoryContext(dir);
    const s = performance.now();
    const c = process.cpuUsage();
    await runSimilar(m.ctx, pick(i), { top: '10' });
    times.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (!m.stdout().includes('prompt-')) throw new Error('similar printed no result');
  }
  const cold: number[] = [];
  for (let i = 0; i < (options.coldSamples ?? 9); i++) {
    const s = performance.now();
    const r = spawnSync(process.execPath, [bin, 'similar', pick(i + 1000)], { cwd: dir, encoding: 'utf8' });
    cold.push(performance.now() - s);
    if (r.status !== 0 || !r.stdout.includes('prompt-'))
      throw new Error(`evohub similar failed: ${r.stderr}`);
  }
  return {
    similarityIndexBuildMs: build.ms,
    similarityBuildMaxRssMB: build.maxRssMB,
    similarityVersionsIndexed: build.added,
    similarityIndexMB: Math.round(statSync(path.join(dir, SIMILARITY_PATH)).size / 2 ** 20),
    similarQueryP50Ms: round1(percentile(times, 50)),
    similarQueryP95Ms: round1(percentile(times, 95)),
    similarQueryCpuP50Ms: round1(percentile(cpu, 50)),
    similarQueryCpuP95Ms: round1(percentile(cpu, 95)),
    similarColdCliP50Ms: Math.round(percentile(cold, 50)),
    similarColdCliP95Ms: Math.round(percentile(cold, 95)),
  };
}

/**
 * 100 new commits on top, then the update that brings the index to them (versions signed: only the new ones);
 * the branch then goes back to where it was, as scale-repo.ts does.
 */
export async function incrementalFigures(dir: string): Promise<Record<string, number>> {
  const tip = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  const prompts = Number(/-(\d+)p-/.exec(path.basename(dir))?.[1] ?? 100);
  await appendCommits(dir, prompts, 100, 1_000_000);
  try {
    const t0 = performance.now();
    const { added } = await currentSimilarityIndex(await openGitRepository(dir), dir);
    return { similarityIncrementalMs: Math.round(performance.now() - t0), similarityIncrementalAdded: added };
  } finally {
    execFileSync('git', ['update-ref', 'refs/heads/main', tip], { cwd: dir });
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'build-child': { type: 'boolean', default: false },
      samples: { type: 'string', default: '40' },
      'cold-samples': { type: 'string', default: '9' },
      /** Also time the update after 100 new commits. */
      incremental: { type: 'boolean', default: false },
    },
  });
  const dir = positionals[0] as string;
  if (values['build-child']) await buildHere(dir);
  else {
    const samples = Number(values.samples);
    const figures = await buildSimilarityFigures(dir, {
      samples,
      coldSamples: Number(values['cold-samples']),
    });
    if (values.incremental) Object.assign(figures, await incrementalFigures(dir));
    const loadAvg1m = round1(loadavg()[0] as number);
    console.log(
      JSON.stringify({ bench: 'scale-similarity', dir: path.basename(dir), ...figures, loadAvg1m }),
    );
  }
}
