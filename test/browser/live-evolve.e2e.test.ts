/**
 * A live evolve in the browser: started from the prompt page with a write key, followed on the evolution page
 * over Server-Sent Events (generation, evaluations, spend, ETA) until it finishes, with the charts redrawn as
 * generations land; the start is then on the audit page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tempDirsRemovedAfter } from '../support/temp-dirs.ts';
import { type Browser, chromiumSkip, launchChromium } from './support/chromium.ts';
import { buildLiveFixture } from './support/fixture-repo.ts';
import {
  assertAccessible,
  assertChartsDrawn,
  assertNotBlank,
  openPage,
  waitReady,
  watchErrors,
} from './support/page-checks.ts';
import { type Served, serve } from './support/serve.ts';

const skip = chromiumSkip();
const temp = tempDirsRemovedAfter();
const GENERATIONS = 4;

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
    const seen: { generation: number; state: string; evaluations: string; spend: string; eta: string }[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      const panel = page.locator('#live');
      const generation = await panel.getAttribute('data-generation');
      if (generation !== null) {
        const row = {
          generation: Number(generation),
          state: (await page.textContent('#live-state')) ?? '',
          evaluations: (await page.textContent('#live-evaluations')) ?? '',
          spend: (await page.textContent('#live-spend')) ?? '',
          eta: (await page.textContent('#live-eta')) ?? '',
        };
        const last = seen.at(-1);
        if (!last || last.generation !== row.generation || last.state !== row.state) seen.push(row);
        if ((await panel.getAttribute('data-done')) === 'true') break;
      }
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

    await openPage(page, `${server.url}/#/audit`);
    const audit = (await page.textContent('#audit')) ?? '';
    assert.match(audit, /evolve/);
    assert.match(audit, /evolve-finished/);
    errors.assertNone('audit');
  });
});
