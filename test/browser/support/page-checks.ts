/**
 * What every page must pass in the browser tests: no console errors or uncaught exceptions, no serious or
 * critical axe-core violation, charts that drew something, and screenshots that are not blank.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Collects console errors, failed requests and uncaught exceptions from the moment it is called. */
export function watchErrors(page: Page): { errors: string[]; assertNone(where: string): void } {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A request the page aborted on navigating away (its AbortSignal) is not an error.
    const reason = r.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} ${reason}`);
  });
  return {
    errors,
    assertNone(where) {
      assert.deepEqual(errors.splice(0), [], `browser errors on ${where}`);
    },
  };
}

/** Waits until the shell says the page rendered (main[data-ready]); fails with the page's error text. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('main[data-ready]', { timeout: 15_000 });
  const state = await page.getAttribute('main', 'data-ready');
  if (state !== 'true') assert.fail(`page ${page.url()} failed: ${await page.textContent('main')}`);
}

export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitReady(page);
}

/**
 * The little of the DOM the in-page functions use, typed here because the project's TypeScript has no DOM lib
 * (adding it would retype the whole codebase). page.evaluate sends the function's source; the types vanish.
 */
type Pixels = { data: Uint8ClampedArray };
type Canvas2D = {
  getImageData(x: number, y: number, w: number, h: number): Pixels;
  drawImage(i: unknown, x: number, y: number): void;
};
type CanvasLike = { width: number; height: number; getContext(kind: '2d'): Canvas2D | null };
type InPage = {
  document: { querySelectorAll(sel: string): ArrayLike<CanvasLike> & Iterable<CanvasLike> };
  axe?: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> };
  createImageBitmap(b: Blob): Promise<{ width: number; height: number }>;
  OffscreenCanvas: new (w: number, h: number) => CanvasLike;
};

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * axe-core on the page as it stands. The script is evaluated through the DevTools protocol, which the page's
 * CSP (`default-src 'self'`, no inline scripts) does not govern, so the CSP stays on while we test.
 */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => Boolean((globalThis as unknown as InPage).axe))))
    await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const w = globalThis as unknown as InPage;
    const result = await w.axe!.run(w.document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
    [],
    `accessibility violations on ${where}`,
  );
}

/** For every ECharts canvas on the page: how many pixels differ from white (what the chart drew). */
export async function chartInk(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...(globalThis as unknown as InPage).document.querySelectorAll('.chart canvas')].map((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return 0;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4)
        if (
          (d[i + 3] as number) > 0 &&
          ((d[i] as number) < 240 || (d[i + 1] as number) < 240 || (d[i + 2] as number) < 240)
        )
          ink++;
      return ink;
    }),
  );
}

export async function assertChartsDrawn(page: Page, where: string, atLeast = 1): Promise<void> {
  await page.waitForFunction(
    (n) => (globalThis as unknown as InPage).document.querySelectorAll('.chart canvas').length >= n,
    atLeast,
    { timeout: 15_000 },
  );
  const ink = await chartInk(page);
  assert.ok(ink.length >= atLeast, `${where}: ${ink.length} charts, expected at least ${atLeast}`);
  for (const [i, n] of ink.entries()) assert.ok(n > 500, `${where}: chart ${i + 1} drew only ${n} pixels`);
}

export type ImageStats = {
  width: number;
  height: number;
  colours: number;
  nonWhite: number;
  lumaStdDev: number;
};

/**
 * Decodes a PNG screenshot in the browser (createImageBitmap on a Blob, no URL, so the CSP does not apply) and
 * measures it: distinct colours (quantised to 4 bits per channel), share of non-white pixels, luma spread.
 */
export async function imageStats(page: Page, png: Buffer): Promise<ImageStats> {
  return page.evaluate(async (b64: string) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const w = globalThis as unknown as InPage;
    const bmp = await w.createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new w.OffscreenCanvas(bmp.width, bmp.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    const colours = new Set<number>();
    let nonWhite = 0;
    let sum = 0;
    let sumSq = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      const r = d[i] as number;
      const g = d[i + 1] as number;
      const b = d[i + 2] as number;
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      if (r < 245 || g < 245 || b < 245) nonWhite++;
      const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      sum += y;
      sumSq += y * y;
    }
    const mean = sum / n;
    return {
      width: bmp.width,
      height: bmp.height,
      colours: colours.size,
      nonWhite: nonWhite / n,
      lumaStdDev: Math.sqrt(sumSq / n - mean * mean),
    };
  }, png.toString('base64'));
}

export async function assertNotBlank(page: Page, png: Buffer, where: string): Promise<ImageStats> {
  const s = await imageStats(page, png);
  assert.ok(s.colours >= 8, `${where}: screenshot has ${s.colours} colours`);
  assert.ok(s.nonWhite > 0.02, `${where}: screenshot is ${((1 - s.nonWhite) * 100).toFixed(1)}% white`);
  assert.ok(s.lumaStdDev > 10, `${where}: screenshot is flat (luma sd ${s.lumaStdDev.toFixed(1)})`);
  return s;
}

/** Polls `check` until it returns true (10 s at most): for what the page updates after a fetch. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
