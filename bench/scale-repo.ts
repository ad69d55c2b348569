/**
 * Scale benchmark (issue 14 item 2): a repository of 100,000 prompts and 1,000,000 versions, generated as git
 * objects with `git fast-import` (bench/support/scale-repo-generate.ts) and cached under
 * ~/.cache/evohub-bench/ keyed by size. Measures, through the CLI's own code path (runShow / runLog on
 * adapters/git and the version index):
 *   - buildMs / diskMB: generating the repository (from the cache marker when reused),
 *   - indexBuildMs: the version index from scratch; incrementalUpdateMs: after 100 new commits;
 *     rewrittenUpdateMs: after those 100 are replaced by 100 others (a force-push: −100/+100 commits),
 *   - p50/p95 of `name@version`, `name@env` and `log`, warm (one open repository) and fresh (a new repository
 *     object per query, so the index is read from disk each time),
 *   - cold CLI: spawned `evohub show` / `evohub log` processes of the built CLI (`dist/`, as the package runs; `--cli ts` for `node cli/bin.ts`),
 *   - similarityIndexBuildMs: MinHash signatures over every version (`evohub similar`'s index).
 * Prints one JSON line. Goals: p95 < 100 ms in-process, < 300 ms cold CLI; `miss*` fields say by how much.
 *
 *   npx node bench/scale-repo.ts --prompts 1000 --versions 10000
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openGitRepository } from '../adapters/git/isomorphic-git-repository.ts';
import { memoryContext } from '../cli/context.ts';
import { runLog } from '../cli/history/log.ts';
import { runShow } from '../cli/history/show.ts';
import { appendCommits, generateRepo, pinnedVersion } from './support/scale-repo-generate.ts';

const { values } = parseArgs({
  options: {
    prompts: { type: 'string', default: '100000' },
    versions: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '200' },
    'cold-samples': { type: 'string', default: '9' },
    'skip-similarity': { type: 'boolean', default: false },
    /** Only generate (and cache) the repository. */
    'build-only': { type: 'boolean', default: false },
    /** Which CLI the cold figures spawn: `dist` (what the installed package runs; `npm run build` first) or `ts`. */
    cli: { type: 'string', default: 'dist' },
  },
});
const PROMPTS = Number(values.prompts);
const VERSIONS = Number(values.versions);
const SAMPLES = Number(values.samples);
const COLD = Number(values['cold-samples']);
if (!(PROMPTS >= 1 && VERSIONS >= PROMPTS))
  throw new Error('--versions must be at least --prompts (both ≥ 1)');
// The cold figures time what users run, the built JavaScript; `node cli/bin.ts` also pays Node's TypeScript
// stripping on every start (~0.1 s here).
const CLI = values.cli;
if (CLI !== 'dist' && CLI !== 'ts') throw new Error('--cli must be dist or ts');
const bin = fileURLToPath(new URL(CLI === 'dist' ? '../dist/cli/bin.js' : '../cli/bin.ts', import.meta.url));
if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first, or pass --cli ts`);

const cacheRoot = path.join(homedir(), '.cache', 'evohub-bench');
const dir = path.join(cacheRoot, `scale-repo-${PROMPTS}p-${VERSIONS}v`);
const marker = path.join(cacheRoot, `scale-repo-${PROMPTS}p-${VERSIONS}v.json`);

type Built = { buildMs: number; diskMB: number; tip: string };
async function buildOrReuse(): Promise<Built & { reused: boolean }> {
  if (existsSync(marker) && existsSync(dir)) {
    return { ...(JSON.parse(readFileSync(marker, 'utf8')) as Built), reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  await generateRepo(dir, PROMPTS, VERSIONS);
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
  const buildMs = Math.round(performance.now() - t0);
  const kb = Number(execFileSync('du', ['-sk', path.join(dir, '.git')], { encoding: 'utf8' }).split('\t')[0]);
  const tip = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  const built = { buildMs, diskMB: Math.round(kb / 1024), tip };
  writeFileSync(marker, JSON.stringify(built));
  return { ...built, reused: false };
}

let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const versionsOf = (p: number) => Math.floor(VERSIONS / PROMPTS) + (p < VERSIONS % PROMPTS ? 1 : 0);

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return Number((s[i] as number).toFixed(1));
}

async function show(spec: string, expect: string): Promise<void> {
  const m = memoryContext(dir);
  await runShow(m.ctx, spec, {});
  if (!m.stdout().includes(expect)) throw new Error(`wrong content for ${spec}`);
}
async function log(name: string): Promise<void> {
  const m = memoryContext(dir);
  await runLog(m.ctx, name, {});
  if (!m.stdout().includes('bump')) throw new Error(`empty log for ${name}`);
}

type Query = () => Promise<void>;
const queries: Record<string, () => Query> = {
  version: () => {
    const p = rand(PROMPTS);
    const v = 1 + rand(versionsOf(p));
    return () => show(`prompt-${p}@${v}`, `revision ${v}.`);
  },
  env: () => {
    const p = rand(PROMPTS);
    return () => show(`prompt-${p}@production`, `revision ${pinnedVersion(p, PROMPTS, VERSIONS)}.`);
  },
  log: () => {
    const p = rand(PROMPTS);
    return () => log(`prompt-${p}`);
  },
};

/** runShow/runLog open the repository per call, as the CLI does: the index comes from disk ("fresh"). */
async function timeQueries(kind: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const q = (queries[kind] as () => Query)();
    const s = performance.now();
    await q();
    out.push(performance.now() - s);
  }
  return out;
}

/** One open repository: the index stays in memory between queries ("warm", a long-running service). */
async function timeWarmVersion(n: number): Promise<number[]> {
  const repo = await openGitRepository(dir);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = rand(PROMPTS);
    const v = 1 + rand(versionsOf(p));
    const s = performance.now();
    const path0 = (await repo.knownPromptPaths()).find((x) => x.endsWith(`/prompt-${p}.prompt.yml`));
    const ref = (await repo.versions(path0 as string)).find((e) => e.version === v);
    const text = await repo.readBlob(ref?.blob as string);
    out.push(performance.now() - s);
    if (!text.includes(`revision ${v}.`)) throw new Error(`wrong content for prompt-${p}@${v}`);
  }
  return out;
}

function cold(args: string[], expect: string): number {
  const s = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - s;
  if (r.status !== 0 || !r.stdout.includes(expect))
    throw new Error(`evohub ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const built = await buildOrReuse();
if (values['build-only']) {
  console.log(JSON.stringify({ bench: 'scale-repo', prompts: PROMPTS, versions: VERSIONS, ...built }));
  process.exit(0);
}
rmSync(path.join(dir, '.evohub'), { recursive: true, force: true });

const i0 = performance.now();
await show('prompt-0@1', 'revision 1.');
const indexBuildMs = Math.round(performance.now() - i0);
const indexMB = Math.round(
  Number(execFileSync('du', ['-sk', path.join(dir, '.evohub')], { encoding: 'utf8' }).split('\t')[0]) / 1024,
);

const versionFresh = await timeQueries('version', SAMPLES);
const envFresh = await timeQueries('env', Math.max(10, SAMPLES / 4));
const logFresh = await timeQueries('log', Math.max(10, SAMPLES / 4));
const versionWarm = await timeWarmVersion(SAMPLES);

const coldShow: number[] = [];
const coldEnv: number[] = [];
const coldLog: number[] = [];
for (let i = 0; i < COLD; i++) {
  const p = rand(PROMPTS);
  coldShow.push(cold(['show', `prompt-${p}@1`], 'revision 1.'));
  coldEnv.push(cold(['show', `prompt-${p}@production`], `revision ${pinnedVersion(p, PROMPTS, VERSIONS)}.`));
  coldLog.push(cold(['log', `prompt-${p}`], 'bump'));
}

let similarity: Record<string, number> = {};
if (!values['skip-similarity']) {
  const { buildSimilarityFigures } = await import('./support/scale-similarity.ts');
  similarity = await buildSimilarityFigures(dir);
}

// Incremental: 100 new commits on top, one query brings the index up to date; then the cached repository's
// branch goes back to where it was (the extra objects are unreachable and harmless).
await appendCommits(dir, PROMPTS, 100, versionsOf(0) + 1);
const u0 = performance.now();
await show('prompt-1@1', 'revision 1.');
const incrementalUpdateMs = Math.round(performance.now() - u0);
// Rewritten history (a force-push): those 100 commits replaced by 100 others bumping other prompts; one query
// drops the old ones' entries and adds the new ones'.
execFileSync('git', ['update-ref', 'refs/heads/main', built.tip], { cwd: dir });
await appendCommits(dir, PROMPTS, 100, versionsOf(0) + 1, 100);
const w0 = performance.now();
await show('prompt-1@1', 'revision 1.');
const rewrittenUpdateMs = Math.round(performance.now() - w0);
execFileSync('git', ['update-ref', 'refs/heads/main', built.tip], { cwd: dir });

const inProcessP95 = Math.max(pct(versionFresh, 0.95), pct(envFresh, 0.95), pct(logFresh, 0.95));
const coldP95 = Math.max(pct(coldShow, 0.95), pct(coldEnv, 0.95), pct(coldLog, 0.95));
console.log(
  JSON.stringify({
    bench: 'scale-repo',
    prompts: PROMPTS,
    versions: VERSIONS,
    repoReused: built.reused,
    buildMs: built.buildMs,
    diskMB: built.diskMB,
    indexBuildMs,
    indexMB,
    incrementalUpdateMs,
    rewrittenUpdateMs,
    versionFreshP50Ms: pct(versionFresh, 0.5),
    versionFreshP95Ms: pct(versionFresh, 0.95),
    versionWarmP50Ms: pct(versionWarm, 0.5),
    versionWarmP95Ms: pct(versionWarm, 0.95),
    envFreshP50Ms: pct(envFresh, 0.5),
    envFreshP95Ms: pct(envFresh, 0.95),
    logFreshP50Ms: pct(logFresh, 0.5),
    logFreshP95Ms: pct(logFresh, 0.95),
    coldCli: CLI,
    coldShowP50Ms: pct(coldShow, 0.5),
    coldShowP95Ms: pct(coldShow, 0.95),
    coldEnvP50Ms: pct(coldEnv, 0.5),
    coldEnvP95Ms: pct(coldEnv, 0.95),
    coldLogP50Ms: pct(coldLog, 0.5),
    coldLogP95Ms: pct(coldLog, 0.95),
    ...similarity,
    cpus: availableParallelism(),
    loadAvg1m: Number((loadavg()[0] as number).toFixed(1)),
    goalInProcessP95Ms: 100,
    goalColdP95Ms: 300,
    missInProcessMs: Math.max(0, Math.round(inProcessP95 - 100)),
    missColdMs: Math.max(0, Math.round(coldP95 - 300)),
  }),
);
