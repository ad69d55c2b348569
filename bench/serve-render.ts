/**
 * First page render of the dashboard in Debian's Chromium: from navigation start to the page's data on screen
 * (the shell marks main[data-ready]), for the prompts list, the runs list, a run's cases and an evolution with
 * its charts. `cold` is the first visit in a fresh profile (nothing cached); then each page is loaded 5 times
 * and p50/p95 reported. Goal: < 1 s. Prints ONE JSON line.
 *
 *   npx node bench/serve-render.ts                 # on the quick-start fixture (simulated provider)
 *   npx node bench/serve-render.ts --large         # 10,000 prompt versions, 1,000 runs, 100,000 case rows
 *   npx node bench/serve-render.ts --repo <dir>    # on an existing repository with stored runs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../test/browser/support/chromium.ts';
import { buildFixture } from '../test/browser/support/fixture-repo.ts';
import { serve } from '../test/browser/support/serve.ts';
import { makeRepo, makeStore } from './support/serve-data.ts';

const { values } = parseArgs({
  options: { repo: { type: 'string' }, large: { type: 'boolean' }, loads: { type: 'string', default: '5' } },
});
const missing = chromiumSkip();
if (missing) {
  console.log(JSON.stringify({ bench: 'serve-render', skipped: missing }));
  process.exit(0);
}

const own = values.repo ? null : mkdtempSync(join(tmpdir(), 'evohub-render-'));
const dir = values.repo ? resolve(values.repo) : (own as string);
const large = values.large ? { prompts: 10, versions: 1000, runs: 1000, cases: 100 } : null;
if (own && large) {
  makeRepo(own, large);
  await makeStore(join(own, '.evohub', 'results.duckdb'), large);
}
const fixture = own && !large ? buildFixture(own) : null;
const server = await serve(dir);
// The server's own first answers (reading git and opening the store) are timed apart: bench/serve.ts covers the
// API; this measures what the browser adds once the server is up.
const warm = performance.now();
for (const path of ['/api/v1/prompts', '/api/v1/runs?limit=50'])
  await (await fetch(`${server.url}${path}`)).arrayBuffer();
const serverWarmupMs = Math.round(performance.now() - warm);
const browser = await launchChromium();

/** Milliseconds from navigation start to main[data-ready] (the page's own clock). */
async function renderMs(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('main[data-ready="true"]', { timeout: 30_000 });
  return page.evaluate(() => performance.now());
}

async function firstIds(page: Page): Promise<{ run?: string; evolution?: string }> {
  if (fixture) return { run: fixture.evalRun, evolution: fixture.evolveRun };
  const runs = (await page.evaluate(async () => (await fetch('/api/v1/runs?limit=200')).json())) as {
    runs: { id: string; kind: string }[];
  };
  return {
    run: runs.runs.find((r) => r.kind !== 'evolve')?.id,
    evolution: runs.runs.find((r) => r.kind === 'evolve')?.id,
  };
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] as number);
};

try {
  const page = await browser.context.newPage();
  const cold = await renderMs(page, `${server.url}/#/prompts`);
  const ids = await firstIds(page);
  const pages: Record<string, string> = { prompts: '/prompts', runs: '/runs' };
  if (large) pages.promptVersions = '/prompts/p0';
  if (ids.run) pages.runCases = `/runs/${ids.run}`;
  if (ids.evolution) pages.evolution = `/evolutions/${ids.evolution}`;
  const result: Record<string, { p50: number; p95: number }> = {};
  for (const [name, hash] of Object.entries(pages)) {
    const times: number[] = [];
    for (let i = 0; i < Number(values.loads); i++)
      times.push(await renderMs(page, `${server.url}/?r=${i}#${hash}`));
    result[name] = { p50: pct(times, 0.5), p95: pct(times, 0.95) };
  }
  const worst = Math.max(cold, ...Object.values(result).map((r) => r.p95));
  console.log(
    JSON.stringify({
      bench: 'serve-render',
      repo: fixture ? 'quick-start fixture' : (large ?? dir),
      serverWarmupMs,
      coldFirstRenderMs: Math.round(cold),
      renderMs: result,
      worstMs: Math.round(worst),
      goalMs: 1000,
      ok: worst < 1000,
    }),
  );
} finally {
  await browser.close();
  await server.stop();
  if (own) rmSync(own, { recursive: true, force: true });
}
