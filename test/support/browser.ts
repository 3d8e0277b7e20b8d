/**
 * Headless Chromium for the browser tests (Debian's package through playwright-core), and its contexts.
 *
 * Under `TEST_CLOCK` (scripts/lib/clock.mjs) every other process of the run sees the faked day through libfaketime,
 * but Chromium's zygote does not start with it preloaded. So the browser is launched without it and each context's
 * page clock starts at this process's (faked) time instead, flowing naturally from there: the page and the servers
 * agree on what today is.
 */
import { existsSync } from 'node:fs';

import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

import { withoutFakeClock } from './processes.js';
import { PAGE_WAIT_SANITY_MS } from './sanity-bounds.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (sudo apt-get install chromium), or set CHROMIUM_PATH; npm test and .ci/run install it when they can`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    env: withoutFakeClock(),
    // Without the background-networking flags Chromium keeps trying to reach Google's hosts on a closed network.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A context whose pages see the run's clock (the faked one under TEST_CLOCK). */
export async function newBrowserContext(
  browser: Browser,
  options: BrowserContextOptions = {},
  { pageClock = true }: { pageClock?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(PAGE_WAIT_SANITY_MS);
  if (pageClock && process.env.FAKETIME) await context.clock.install({ time: Date.now() });
  return context;
}
