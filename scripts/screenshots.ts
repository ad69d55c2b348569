/**
 * The README's dashboard screenshots: builds the quick-start fixture (simulated provider) in a temporary
 * folder, starts `evohub serve` there, and saves two PNGs from Debian's Chromium (an evolution run with its
 * fitness curves and Pareto front; a run's per-case table), each checked not to be blank.
 *
 *   npx node scripts/screenshots.ts [--out docs/images]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumSkip, launchChromium } from '../test/browser/support/chromium.ts';
import { buildFixture } from '../test/browser/support/fixture-repo.ts';
import { assertChartsDrawn, assertNotBlank, openPage } from '../test/browser/support/page-checks.ts';
import { serve } from '../test/browser/support/serve.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/images' } } });
const out = resolve(values.out);
const missing = chromiumSkip();
if (missing) {
  console.error(`screenshots: ${missing}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'evohub-screenshots-'));
const fx = buildFixture(dir);
const server = await serve(dir);
const browser = await launchChromium({ width: 1280, height: 860 });
try {
  const page = await browser.context.newPage();
  mkdirSync(out, { recursive: true });
  // Each shot: the page, what must be on screen first, and the part of the page from `from` to `to`.
  const shots = [
    {
      file: 'dashboard-evolution.png',
      hash: `/evolutions/${fx.evolveRun}`,
      charts: 4,
      wait: '#live[data-done="true"]',
      from: '#live',
      to: '.chart-figure:has([data-chart="Pareto front"])',
    },
    {
      file: 'dashboard-run-cases.png',
      hash: `/runs/${fx.evalRun}`,
      charts: 0,
      wait: '#cases tbody tr',
      from: 'h1',
      to: '#cases',
    },
  ];
  for (const s of shots) {
    await openPage(page, `${server.url}/#${s.hash}`);
    if (s.charts) await assertChartsDrawn(page, s.hash, s.charts);
    await page.waitForSelector(s.wait);
    // Page coordinates (scroll is 0 after a navigation), clipped to at most 1,100 px of height.
    const top = Math.max(0, ((await page.locator(s.from).first().boundingBox())?.y ?? 0) - 8);
    const end = await page.locator(s.to).first().boundingBox();
    const height = Math.min(1100, end ? end.y + end.height + 16 - top : 860);
    const png = await page.screenshot({ fullPage: true, clip: { x: 0, y: top, width: 1280, height } });
    const stats = await assertNotBlank(page, png, s.file);
    writeFileSync(join(out, s.file), png);
    console.log(`${join(values.out, s.file)}: ${stats.width}×${stats.height}, ${stats.colours} colours`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
