/**
 * [issue 15, item 5] Every paid call counts once across a crash. A real `evolve` process pays a local
 * OpenAI-compatible server (priced as openai/gpt-4o-mini) and the simulated optimizer; it is killed with -9 in
 * the middle of a generation (the server stops answering after a few calls of it, so paid calls exist that no
 * checkpoint counted), then resumed. The report's paid calls and cost equal the uninterrupted run's and the
 * cache's distinct paid calls (the tallies checkpointed per generation lost the calls of the killed generation).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commitAll, commitTemplateCopy, tempDir } from '../../adapters/git/testing.ts';
import type { EvolveReport } from '../../core/evolve/report.ts';
import type { RunRecord } from '../../core/ports/results-store.ts';
import { DuckDbResultsStore } from '../../evaluator/store/duckdb-results-store.ts';
import { startOpenAiServer } from '../../test/servers/openai-compatible-server.ts';
import { memoryContext } from '../context.ts';
import { runCli } from '../main.ts';

const templates = fileURLToPath(new URL('../../templates/classification/', import.meta.url));
const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
const PROMPT = 'prompts/ticket-triage.prompt.yml';
const ARGS = [
  'evolve',
  'ticket-triage',
  '--generations',
  '4',
  '--population',
  '6',
  '--optimizer',
  'simulated/ticket-triage',
  '--json',
];
const dirs: string[] = [];
let server: Awaited<ReturnType<typeof startOpenAiServer>>;
/** Requests from this number on hang (never answered): the process is stuck mid-generation. */
let hangFrom = Number.POSITIVE_INFINITY;

before(async () => {
  server = await startOpenAiServer({
    script: (n) => (n >= hangFrom ? { type: 'hang' } : { type: 'success', text: 'billing' }),
    record: false,
  });
});
after(async () => {
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = tempDir('evohub-ledger-');
  dirs.push(dir);
  commitTemplateCopy(templates, dir);
  const config = readFileSync(join(dir, 'evohub.yaml'), 'utf8').replace(
    /( {2}openai:\n)/,
    `$1    baseUrl: ${server.url}/v1\n`,
  );
  writeFileSync(join(dir, 'evohub.yaml'), config);
  const prompt = join(dir, PROMPT);
  writeFileSync(
    prompt,
    readFileSync(prompt, 'utf8').replace('model: simulated/ticket-triage', 'model: openai/gpt-4o-mini'),
  );
  commitAll(dir, 'a priced provider on a local server');
  return dir;
}

const env = (dir: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: dir,
  OPENAI_API_KEY: 'sk-test-ledger',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e.st',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e.st',
});

async function evohub(dir: string, args: string[]) {
  const m = memoryContext(dir, env(dir));
  const code = await runCli(args, m.ctx);
  return { code, out: m.stdout(), err: m.stderr() };
}

/** The response cache's entries: each a distinct paid call, with the cost it was paid at. */
function cacheEntries(dir: string): { n: number; usd: number } {
  let n = 0;
  let usd = 0;
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.json')) {
        n++;
        usd +=
          (JSON.parse(readFileSync(p, 'utf8')) as { response: { costUsd?: number } }).response.costUsd ?? 0;
      }
    }
  };
  walk(join(dir, '.evohub', 'cache'));
  return { n, usd };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('kill -9 mid-generation, then --resume: paid calls and cost equal the uninterrupted run and the cache', async () => {
  const reference = repo();
  const u = await evohub(reference, ARGS);
  assert.equal(u.code, 0, u.err);
  const uj = JSON.parse(u.out) as EvolveReport;
  assert.ok(uj.costUsd > 0, 'the calls are priced');
  assert.equal(cacheEntries(reference).n, uj.evaluations.paidCalls);

  const dir = repo();
  const child = spawn(process.execPath, [bin, ...ARGS], {
    cwd: dir,
    env: env(dir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // After the first checkpoint, let a few more calls through, then hang the rest: the second generation is
  // half paid when the process dies.
  while (!/gen 1\/4/.test(err)) {
    assert.equal(child.exitCode, null, `exited before generation 1: ${err}`);
    await sleep(5);
  }
  hangFrom = server.count + 4;
  while (server.count <= hangFrom) await sleep(5);
  // Every answered call reaches the cache before the process is killed (it only waits on hung calls now).
  let last = -1;
  for (let stable = 0; stable < 20; ) {
    const n = cacheEntries(dir).n;
    stable = n === last ? stable + 1 : 0;
    last = n;
    await sleep(10);
  }
  child.kill('SIGKILL');
  await exited;
  hangFrom = Number.POSITIVE_INFINITY;
  const runId = /run (\S+),/.exec(err)?.[1] as string;
  assert.ok(runId, err);

  const r = await evohub(dir, ['evolve', '--resume', runId, '--json']);
  assert.equal(r.code, 0, r.err);
  const rj = JSON.parse(r.out) as EvolveReport;
  assert.deepEqual(rj.winner, uj.winner, 'the same run as the uninterrupted one');
  const cache = cacheEntries(dir);
  assert.equal(cache.n, cacheEntries(reference).n, 'no paid call was repeated');
  // The report counts each paid call once: the killed generation's calls included.
  assert.equal(rj.evaluations.paidCalls, uj.evaluations.paidCalls);
  assert.equal(rj.evaluations.paidCalls, cache.n);
  assert.equal(rj.costUsd.toFixed(6), uj.costUsd.toFixed(6));
  assert.equal(rj.costUsd.toFixed(6), cache.usd.toFixed(6));
  // And the stored run says the same.
  const runs = await evohub(dir, ['runs', '--run', runId, '--json']);
  const stored = JSON.parse(runs.out) as RunRecord & { summary: { evolve: EvolveReport } };
  assert.equal(stored.summary.evolve.evaluations.paidCalls, cache.n);
  assert.equal(stored.summary.evolve.costUsd.toFixed(6), cache.usd.toFixed(6));
  // The results store holds the run's paid calls: their count and sum are the report's.
  const paid = await new DuckDbResultsStore(join(dir, '.evohub', 'results.duckdb'), {
    mode: 'read',
  }).paidCalls(runId);
  assert.equal(paid.length, rj.evaluations.paidCalls);
  assert.equal(paid.reduce((a, c) => a + c.costUsd, 0).toFixed(6), rj.costUsd.toFixed(6));
});
