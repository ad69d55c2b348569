/**
 * Debian's Chromium driven by playwright-core: where it is, why a test skips without it, and a launch with a
 * fresh profile and every background connection off (the test machines' closed network refuses them).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.EVOHUB_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The `skip` option of a browser test: false when Chromium is here (or in CI, where missing is a failure). */
export function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI) return false;
  return `chromium is not installed at ${CHROMIUM} (npm run provision, or set EVOHUB_CHROMIUM)`;
}

export type Browser = { context: BrowserContext; close(): Promise<void> };

export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'evohub-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
