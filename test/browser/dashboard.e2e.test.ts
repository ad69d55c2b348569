/**
 * The dashboard in Debian's Chromium against `evohub serve` on the quick-start repository: every page renders
 * without browser errors, passes axe-core (no serious or critical violation), draws its charts and screenshots
 * to something that is not blank; then a user's path: prompt → version diff → run → case → candidate → lineage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDirsRemovedAfter } from '../support/temp-dirs.ts';
import { type Browser, chromiumSkip, launchChromium } from './support/chromium.ts';
import { buildFixture, type Fixture } from './support/fixture-repo.ts';
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

/** Where the Pareto chart draws the winner, in page pixels (from the chart's own coordinate conversion). */
async function winnerPoint(page: Page): Promise<{ x: number; y: number }> {
  await page.locator('[data-chart="Pareto front"]').scrollIntoViewIfNeeded();
  return page.evaluate(() => {
    type Chart = {
      getOption(): { series: { name: string; data: { value: number[] }[] }[] };
      convertToPixel(finder: { seriesName: string }, value: number[]): number[];
    };
    type Box = { getBoundingClientRect(): { left: number; top: number } };
    const w = globalThis as unknown as {
      echarts: { getInstanceByDom(el: unknown): Chart };
      document: { querySelector(s: string): Box };
    };
    const el = w.document.querySelector('[data-chart="Pareto front"]');
    const chart = w.echarts.getInstanceByDom(el);
    const winner = chart.getOption().series.find((s) => s.name === 'winner')?.data[0]?.value ?? [];
    const [x, y] = chart.convertToPixel({ seriesName: 'winner' }, winner);
    const r = el.getBoundingClientRect();
    // The pin's head sits above its tip (the data point): click the head.
    return { x: r.left + (x as number), y: r.top + (y as number) - 12 };
  });
}

/** Text nodes in main that are exactly "null" or "undefined": a value that reached the DOM unformatted. */
function strayTextNodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Node = { nodeType: number; nodeValue: string | null; childNodes: Iterable<Node> };
    const root = (
      globalThis as unknown as { document: { querySelector(s: string): Node } }
    ).document.querySelector('main');
    const out: string[] = [];
    const walk = (n: Node) => {
      if (n.nodeType === 3 && /^(null|undefined)$/.test((n.nodeValue ?? '').trim()))
        out.push(n.nodeValue ?? '');
      for (const c of n.childNodes) walk(c);
    };
    walk(root);
    return out;
  });
}
const temp = tempDirsRemovedAfter();

describe('dashboard pages in Chromium', { skip, timeout: 300_000 }, () => {
  let fx: Fixture;
  let server: Served;
  let browser: Browser;
  let page: Page;
  let errors: ReturnType<typeof watchErrors>;

  before(async () => {
    fx = buildFixture(temp.dir('evohub-dashboard-'));
    server = await serve(fx.dir);
    browser = await launchChromium();
    page = await browser.context.newPage();
    errors = watchErrors(page);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const at = (hash: string) => `${server.url}/#${hash}`;

  /** Each page: its hash, the charts it must draw, and text it must show. */
  const pages = () => [
    { hash: '/prompts', charts: 0, text: fx.prompt },
    { hash: `/prompts/${fx.prompt}`, charts: 0, text: 'Versions' },
    {
      hash: `/prompts/${fx.prompt}/diff?a=1&b=${encodeURIComponent(fx.winnerBranch)}`,
      charts: 0,
      text: 'Side by side',
    },
    { hash: `/prompts/${fx.prompt}/lineage?hash=${fx.winnerHash}`, charts: 1, text: 'Lineage' },
    { hash: '/runs', charts: 0, text: fx.evalRun },
    { hash: `/runs/${fx.evalRun}`, charts: 0, text: 'Cases' },
    { hash: `/runs/compare?a=${fx.evalRun}&b=${fx.winnerEvalRun}`, charts: 1, text: 'shared cases' },
    { hash: '/evolutions', charts: 0, text: fx.evolveRun },
    { hash: `/evolutions/${fx.evolveRun}`, charts: 4, text: 'Pareto front' },
    { hash: `/evolutions/${fx.archiveRun}`, charts: 5, text: 'Archive' },
    { hash: `/candidates/${fx.winnerHash}`, charts: 0, text: 'Scores' },
    { hash: '/canary', charts: 1, text: 'promote' },
    { hash: '/ab', charts: 0, text: 'A/B analysis' },
    { hash: '/audit', charts: 0, text: 'Audit log' },
  ];

  test('every page renders, is accessible, draws its charts and is not blank', async () => {
    for (const p of pages()) {
      await openPage(page, at(p.hash));
      const text = (await page.textContent('main')) ?? '';
      assert.match(text, new RegExp(p.text.replace(/[/]/g, '\\/')), p.hash);
      // What a missed case in the rendering code prints instead of data (the data itself may say "undefined").
      assert.doesNotMatch(text, /\[object \w+\]|\bNaN\b/, p.hash);
      assert.deepEqual(await strayTextNodes(page), [], p.hash);
      if (p.charts > 0) await assertChartsDrawn(page, p.hash, p.charts);
      await assertAccessible(page, p.hash);
      await assertNotBlank(page, await page.screenshot({ fullPage: false }), p.hash);
      errors.assertNone(p.hash);
    }
  });

  test('prompt → version diff → run → case → candidate → lineage by clicking', async () => {
    await openPage(page, at('/prompts'));
    await page.click(`#prompts a:text-is("${fx.prompt}")`);
    await waitReady(page);
    assert.match(page.url(), new RegExp(`#/prompts/${fx.prompt}$`));

    await page.fill('#diff-a', '1');
    await page.fill('#diff-b', fx.winnerBranch);
    await page.click('#diff-form button[type=submit]');
    await waitReady(page);
    const changed = await page
      .locator('#side-by-side tr.changed, #side-by-side tr.added, #side-by-side tr.removed')
      .count();
    assert.ok(changed > 0, 'the diff of the original and the winner shows changed lines');
    assert.ok((await page.locator('#side-by-side ins, #side-by-side td.ins-line').count()) > 0);

    await page.click('nav a[data-section=runs]');
    await waitReady(page);
    await page.click(`#runs a:text-is("${fx.evalRun}")`);
    await waitReady(page);
    await page.waitForSelector('#cases tbody tr a');
    const caseId = (await page.locator('#cases tbody tr a').first().textContent()) ?? '';
    await page.locator('#cases tbody tr a').first().click();
    await waitReady(page);
    assert.match((await page.textContent('h1')) ?? '', new RegExp(caseId));
    assert.match((await page.textContent('main')) ?? '', /Inputs[\s\S]*Expected[\s\S]*Output[\s\S]*Scorers/);

    await page.click('#case-candidate');
    await waitReady(page);
    assert.match((await page.textContent('h1')) ?? '', /Candidate/);
    await page.click('#candidate-lineage');
    await waitReady(page);
    await assertChartsDrawn(page, 'lineage', 1);
    assert.ok((await page.locator('#lineage-nodes tbody tr').count()) >= 1);
    errors.assertNone('click-through');
  });

  test('an evolution: its winner and parents open as candidates, and the lineage reaches the original', async () => {
    await openPage(page, at(`/evolutions/${fx.evolveRun}`));
    await assertChartsDrawn(page, 'evolution', 4);
    // Clicking the winner's point on the Pareto chart opens it.
    const point = await winnerPoint(page);
    await page.mouse.click(point.x, point.y);
    await page.waitForURL(new RegExp(`#/candidates/${fx.winnerHash}$`));
    await waitReady(page);
    await page.goBack();
    await waitReady(page);
    await page.click('#winner-link');
    await waitReady(page);
    assert.match((await page.textContent('main')) ?? '', new RegExp(fx.winnerHash));
    const parents = page.locator('a.parent');
    assert.ok((await parents.count()) >= 1, 'the winner has parents');
    await page.click('#candidate-lineage');
    await waitReady(page);
    const original = page.locator('#lineage-nodes tbody tr', { hasText: 'none (original)' });
    assert.ok((await original.count()) >= 1, 'the lineage reaches the human-written original');
    assert.match((await page.textContent('#lineage-nodes')) ?? '', new RegExp(fx.baselineHash.slice(0, 12)));
    errors.assertNone('evolution');
  });

  test('the case table searches as you type and filters failed cases', async () => {
    await openPage(page, at(`/runs/${fx.evalRun}`));
    await page.waitForSelector('#cases tbody tr');
    const all = await page.locator('#cases tbody tr').count();
    await page.check('#case-failed');
    await until(
      'the failed-only filter',
      async () => (await page.locator('#cases tbody tr').count()) !== all,
    );
    const failedRows = await page.locator('#cases tbody tr').count();
    const failedBadges = await page.locator('#cases tbody tr .badge.bad').count();
    assert.equal(failedBadges, failedRows, 'failed-only shows failed cases only');
    assert.ok(failedRows > 0 && failedRows < all);
    await page.uncheck('#case-failed');
    await until('all cases again', async () => (await page.locator('#cases tbody tr').count()) === all);
    // Search for words of one case's input: that case stays, most others go.
    const row = page.locator('#cases tbody tr').nth(3);
    const id = (await row.locator('a').textContent()) ?? '';
    const inputs = (await row.locator('td').nth(1).textContent()) ?? '';
    const words = inputs.replace(/^[\w-]+: /, '').slice(0, 24);
    assert.ok(words.length >= 8, `case ${id} shows its inputs as "name: value": ${inputs}`);
    await page.fill('#case-q', words);
    await until('the search', async () => {
      const rows = await page.locator('#cases tbody tr').allTextContents();
      return rows.length < all && rows.every((t) => t.includes(words));
    });
    assert.ok(
      (await page.locator('#cases tbody tr a').allTextContents()).includes(id),
      'the searched case is listed',
    );
    assert.match(page.url(), /q=/, 'the search is kept in the URL');
    errors.assertNone('case search');
  });

  test('two runs ticked in the list open their comparison', async () => {
    await openPage(page, at('/runs?kind=eval'));
    await page.check(`input[value="${fx.evalRun}"]`);
    await page.check(`input[value="${fx.winnerEvalRun}"]`);
    await page.click('button:text("Compare the two ticked runs")');
    await waitReady(page);
    assert.ok((await page.locator('#compare-summary tbody tr').count()) >= 1);
    assert.ok((await page.locator('#compare-cases tbody tr').count()) >= 10);
    errors.assertNone('compare');
  });

  test('the A/B page analyses the example document', async () => {
    await openPage(page, at('/ab'));
    await page.click('main form button[type=submit]');
    await page.waitForSelector('#ab-metrics tbody tr');
    assert.match((await page.textContent('#ab-result')) ?? '', /ship/);
    await assertChartsDrawn(page, 'ab', 1);
    await assertAccessible(page, 'ab result');
    errors.assertNone('ab');
  });
});
