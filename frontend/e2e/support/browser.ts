import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { screenshotDir } from './paths';

// Debian's chromium; Playwright's own browser downloads are not used. Playwright gives each launch a fresh
// profile (its own --user-data-dir in a new temporary folder), so no state carries over between runs.
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A browser context of its own (cookies, localStorage): one per user, as separate people would have. */
export async function newUser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: inject('apiUrl'), viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** Screenshots of a test's steps, numbered in order, under test-output/e2e/screenshots/<test>/. */
export function stepShots(testName: string) {
  const dir = join(screenshotDir, slug(testName));
  mkdirSync(dir, { recursive: true });
  let step = 0;
  return async (page: Page, label: string) => {
    step += 1;
    await page.screenshot({ path: join(dir, `${String(step).padStart(2, '0')}-${slug(label)}.png`), fullPage: true });
  };
}
