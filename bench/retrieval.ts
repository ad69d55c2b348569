/**
 * Retrieval benchmark: a generated repository of 100 prompts × 100 versions (10,000 commits, written with
 * `git fast-import`), then
 *   - indexBuildMs: first query on a fresh repository (builds .evohub/version-index/),
 *   - warm p50/p95: resolving + reading `name@<version>` in-process on one open repository,
 *   - fresh p50/p95: the same with a new repository object per query (index loaded from disk each time),
 *   - cold show: wall time of a spawned `evohub show name@version` process (median of 5).
 * Prints one JSON line. Goal: in-process p95 < 100 ms.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openGitRepository } from '../adapters/git/isomorphic-git-repository.ts';
import { workingTree } from '../adapters/git/working-tree.ts';
import { promptNameFromPath } from '../core/prompt/name.ts';
import { parseRevisionSpec, resolvePrompt } from '../core/revision.ts';

const PROMPTS = 100;
const VERSIONS = 100;
const bin = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));

function promptText(p: number, v: number): string {
  return `name: Ticket triage ${p}
description: Generated prompt ${p} for the retrieval benchmark
model: simulated/classification
version: ${v}
modelParameters:
  temperature: 0.2
messages:
  - role: system
    content: |
      You are triage assistant ${p}, revision ${v}.
      Answer with one category: billing, bug, feature, account.
  - role: user
    content: "{{input}}"
`;
}

function fastImportStream(): string {
  const parts: string[] = [];
  let t = 1_700_000_000;
  for (let v = 1; v <= VERSIONS; v++) {
    for (let p = 0; p < PROMPTS; p++) {
      const body = Buffer.from(promptText(p, v));
      const msg = `bump prompt-${p} to version ${v}\n`;
      parts.push(
        'commit refs/heads/main\n',
        `author Bench <bench@example.com> ${t} +0000\n`,
        `committer Bench <bench@example.com> ${t} +0000\n`,
        `data ${Buffer.byteLength(msg)}\n${msg}`,
        `M 100644 inline prompts/prompt-${p}.prompt.yml\n`,
        `data ${body.length}\n${body.toString()}\n`,
      );
      t += 1;
    }
  }
  return parts.join('');
}

function percentile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Number((sorted[i] as number).toFixed(2));
}

const dir = mkdtempSync(path.join(tmpdir(), 'evohub-bench-retrieval-'));
try {
  const g0 = performance.now();
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['fast-import', '--quiet'], {
    cwd: dir,
    input: fastImportStream(),
    maxBuffer: 1 << 30,
  });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
  const generateMs = performance.now() - g0;

  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const query = async (repo: Awaited<ReturnType<typeof openGitRepository>>) => {
    const p = rand(PROMPTS);
    const v = 1 + rand(VERSIONS);
    const r = await resolvePrompt(
      { repo, worktree: workingTree(repo.root), promptNameFromPath },
      parseRevisionSpec(`prompt-${p}@${v}`),
    );
    if (!r.text.includes(`revision ${v}.`)) throw new Error(`wrong content for prompt-${p}@${v}`);
  };

  const b0 = performance.now();
  const repo = await openGitRepository(dir);
  await query(repo);
  const indexBuildMs = performance.now() - b0;

  const warm: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = performance.now();
    await query(repo);
    warm.push(performance.now() - s);
  }
  const fresh: number[] = [];
  for (let i = 0; i < 50; i++) {
    const s = performance.now();
    await query(await openGitRepository(dir));
    fresh.push(performance.now() - s);
  }
  warm.sort((a, b) => a - b);
  fresh.sort((a, b) => a - b);

  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const r = spawnSync(process.execPath, [bin, 'show', 'prompt-7@63'], { cwd: dir, encoding: 'utf8' });
    cold.push(performance.now() - s);
    if (r.status !== 0 || !r.stdout.includes('revision 63.'))
      throw new Error(`evohub show failed: ${r.stderr}`);
  }
  cold.sort((a, b) => a - b);

  console.log(
    JSON.stringify({
      bench: 'retrieval',
      prompts: PROMPTS,
      versions: VERSIONS,
      commits: PROMPTS * VERSIONS,
      generateMs: Math.round(generateMs),
      indexBuildMs: Math.round(indexBuildMs),
      inProcessWarmP50Ms: percentile(warm, 0.5),
      inProcessWarmP95Ms: percentile(warm, 0.95),
      inProcessFreshP50Ms: percentile(fresh, 0.5),
      inProcessFreshP95Ms: percentile(fresh, 0.95),
      coldShowProcessMs: Math.round(cold[2] as number),
      // Tail latencies depend on how busy the machine is: record it with the figures.
      cpus: availableParallelism(),
      loadAvg1m: Number((loadavg()[0] as number).toFixed(1)),
      goalP95Ms: 100,
      goalMet: percentile(warm, 0.95) < 100 && percentile(fresh, 0.95) < 100,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
