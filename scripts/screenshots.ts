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
  const shots = [
    {
      file: 'dashboard-evolution.png',
      hash: `/evolutions/${fx.evolveRun}`,
      charts: 4,
      scrollTo: 'h2:text("Fitness")',
    },
    { file: 'dashboard-run-cases.png', hash: `/runs/${fx.evalRun}`, charts: 0, scrollTo: null },
  ];
  for (const s of shots) {
    await openPage(page, `${server.url}/#${s.hash}`);
    if (s.charts) await assertChartsDrawn(page, s.hash, s.charts);
    if (s.scrollTo) await page.locator(s.scrollTo).scrollIntoViewIfNeeded();
    const png = await page.screenshot();
    const stats = await assertNotBlank(page, png, s.file);
    writeFileSync(join(out, s.file), png);
    console.log(`${join(values.out, s.file)}: ${stats.width}×${stats.height}, ${stats.colours} colours`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
