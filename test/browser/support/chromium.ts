import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROBE_SCRIPT } from './probe.js';
import { ROOT } from '@insights/testkit';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = { width: 1280, height: 900 };

/** The system Chromium (playwright-core downloads no browser); CHROMIUM_PATH points elsewhere. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A fresh context (its own sessionStorage) with the progress probe in every document. Reduced
 * motion: charts draw at once and the progress bar does not ease, so what a screenshot or a
 * reading shows is what the page holds.
 */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce', locale: 'en-US', timezoneId: 'UTC' });
  await context.addInitScript({ content: PROBE_SCRIPT });
  return { context, page: await context.newPage() };
}

/**
 * Saves a viewport screenshot to .local/screenshots/ (gitignored, every run); with
 * UPDATE_SCREENSHOTS=1 also to docs/screenshots/, the copies the documentation shows.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const local = join(ROOT, '.local', 'screenshots', `${name}.png`);
  await mkdir(join(ROOT, '.local', 'screenshots'), { recursive: true });
  await page.screenshot({ path: local, animations: 'disabled', caret: 'hide' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await copyFile(local, join(ROOT, 'docs', 'screenshots', `${name}.png`));
  }
  return local;
}
