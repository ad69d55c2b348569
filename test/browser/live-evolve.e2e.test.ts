/**
 * A live evolve in the browser: started from the prompt page with a write key, followed on the evolution page
 * over Server-Sent Events (generation, evaluations, spend, ETA) until it finishes, with the charts redrawn as
 * generations land; the start is then on the audit page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDirsRemovedAfter } from '../support/temp-dirs.ts';
import { type Browser, chromiumSkip, launchChromium } from './support/chromium.ts';
import { buildLiveFixture } from './support/fixture-repo.ts';
import {
  assertAccessible,
  assertChartsDrawn,
  assertNotBlank,
  openPage,
  until,
  waitReady,
  watchErrors,
} from './support/page-checks.ts';
import { type Served, serve } from './support/serve.ts';

const skip = chromiumSkip();
const temp = tempDirsRemovedAfter();
const GENERATIONS = 4;

type Snapshot = {
  generation: number;
  done: boolean;
  state: string;
  evaluations: string;
  inGeneration: string;
  spend: string;
  eta: string;
  points: number;
};

/**
 * The progress panel and the first fitness curve read in one evaluate (the page's script cannot run in between,
 * so the fields belong to one event), or null before the first event.
 */
function snapshot(page: Page): Promise<Snapshot | null> {
  return page.evaluate(() => {
    type El = { textContent: string | null; dataset: Record<string, string | undefined> };
    type Chart = { getOption(): { series: { data: unknown[] }[] } };
    const w = globalThis as unknown as {
      echarts?: { getInstanceByDom(el: unknown): Chart | undefined };
      document: { querySelector(s: string): El | null };
    };
    const q = (sel: string) => w.document.querySelector(sel)?.textContent ?? '';
    const panel = w.document.querySelector('#live');
    if (!panel || panel.dataset.generation === undefined) return null;
    const chart = w.document.querySelector('[data-chart^="Best "]');
    const data = chart && w.echarts?.getInstanceByDom(chart)?.getOption().series[0]?.data;
    return {
      generation: Number(panel.dataset.generation),
      done: panel.dataset.done === 'true',
      state: q('#live-state'),
      evaluations: q('#live-evaluations'),
      inGeneration: q('#live-in-generation'),
      spend: q('#live-spend'),
      eta: q('#live-eta'),
      points: Array.isArray(data) ? data.filter((v) => v !== null).length : 0,
    };
  });
}

describe('a live evolve over Server-Sent Events', { skip, timeout: 240_000 }, () => {
  let dir: string;
  let key: string;
  let server: Served;
  let browser: Browser;

  before(async () => {
    dir = temp.dir('evohub-live-');
    key = buildLiveFixture(dir).writeKey;
    server = await serve(dir);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('start from the prompt page, watch the generations arrive, see it finish', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await openPage(page, `${server.url}/#/prompts/ticket-triage`);
    await page.fill('#evolve-generations', String(GENERATIONS));
    await page.fill('#evolve-population', '6');
    await page.fill('#evolve-key', key);
    await page.click('#evolve button[type=submit]');
    await page.waitForURL(/#\/evolutions\//, { timeout: 15_000 });
    await waitReady(page);

    // Every progress event redraws the panel; record what it showed until the run is done.
    const seen: Snapshot[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      const row = await snapshot(page);
      const last = seen.at(-1);
      if (row && (!last || JSON.stringify(last) !== JSON.stringify(row))) seen.push(row);
      if (row?.done) break;
      assert.ok(Date.now() < deadline, `the run did not finish: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    const running = seen.filter((s) => s.state.startsWith('running'));
    const generations = new Set(running.map((s) => s.generation));
    assert.ok(generations.size >= 2, `at least two generations seen while running: ${JSON.stringify(seen)}`);
    assert.ok(
      running.some((s) => s.generation > 0 && s.generation < GENERATIONS && /s$/.test(s.eta)),
      `an ETA shown mid-run: ${JSON.stringify(seen)}`,
    );
    assert.ok(
      running.some((s) => s.points > 0 && s.points < GENERATIONS),
      `the fitness curve grew while the run was going: ${JSON.stringify(seen)}`,
    );
    assert.ok(
      running.some((s) => /^\d+ of \d+ evaluations/.test(s.inGeneration)),
      `evaluations within a generation shown: ${JSON.stringify(seen)}`,
    );
    const final = seen.at(-1);
    assert.equal(final?.generation, GENERATIONS);
    assert.match(final?.state ?? '', /finished/);
    assert.match(final?.spend ?? '', /^\$\d+\.\d+ of \$/, 'spend against the budget');
    assert.ok(Number((final?.evaluations ?? '').replace(/,/g, '')) > 0);

    // After `done` the page reloads the run: the report's winner and every generation's point are drawn.
    await page.waitForSelector('#winner-link', { timeout: 15_000 });
    await assertChartsDrawn(page, 'finished evolution', 4);
    await assertAccessible(page, 'live evolution');
    await assertNotBlank(page, await page.screenshot(), 'live evolution');
    errors.assertNone('live evolution');

    // Promote the committed winner to staging from the prompt page (the key is kept for this tab).
    const runId = decodeURIComponent(page.url().split('#/evolutions/')[1] ?? '');
    await openPage(page, `${server.url}/#/prompts/ticket-triage`);
    await page.fill('#promote-rev', `evohub/ticket-triage/${runId}`);
    await page.selectOption('#promote-env', 'staging');
    await page.click('#promote button[type=submit]');
    await until('the promote answer', async () =>
      /Promoted/.test((await page.textContent('#promote-result')) ?? ''),
    );
    await openPage(page, `${server.url}/#/prompts`);
    const staging = await page.locator('#prompts tbody tr td').nth(4).textContent();
    assert.match(
      staging ?? '',
      /^(v2|[0-9a-f]{12})$/,
      'staging now pins the evolved version (its number or commit)',
    );
    errors.assertNone('promote');

    await openPage(page, `${server.url}/#/audit`);
    const audit = (await page.textContent('#audit')) ?? '';
    assert.match(audit, /evolve/);
    assert.match(audit, /evolve-finished/);
    assert.match(audit, /promote/);
    errors.assertNone('audit');
  });

  test('with --auth a page asks for a key in the header, then shows its data', async () => {
    const authed = await serve(dir, ['--auth']);
    const page = await browser.context.newPage();
    try {
      await page.goto(`${authed.url}/#/prompts`);
      await page.waitForSelector('main[data-ready="error"]');
      assert.match((await page.textContent('main [role=alert]')) ?? '', /401/);
      assert.ok(await page.isVisible('#key-form'), 'the key field appears');
      await page.fill('#api-key', key);
      await page.click('#key-form button[type=submit]');
      await waitReady(page);
      assert.match((await page.textContent('#prompts')) ?? '', /ticket-triage/);
      assert.ok(!(await page.isVisible('#key-form')), 'the key field is hidden again');
      await assertAccessible(page, 'prompts with --auth');
    } finally {
      await page.close();
      await authed.stop();
    }
  });
});
