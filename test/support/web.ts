/**
 * The web app in a real browser against the real platform: a database of the file's own, city-api, district-api and
 * the sync-worker in this process, the gateway serving the pages built by `npm test`'s build step, and Chromium.
 * Every page a journey opens is watched for Content-Security-Policy violations, page errors and raw error text.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { projectRoot } from '@council/database';
import { createWebGateway } from '@council/gateway';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { CITY_API } from '../../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './apps.js';
import { launchBrowser, newBrowserContext } from './browser.js';
import { DEV_PASSWORD } from './graphql.js';
import { isolatedDatabase } from './isolated-database.js';

export const ARTIFACTS = join(projectRoot(), 'artifacts');

export interface WebStack {
  /** The gateway's address: what a person opens. */
  url: string;
  /** The stack's own database, for a test that must date a row back (what no API may do). */
  databaseUrl: string;
  city: RunningApp;
  district: RunningApp;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWebStack(name: string, options: { demo?: boolean; eras?: boolean } = {}): Promise<WebStack> {
  const db = await isolatedDatabase(name, { demo: options.demo, eras: options.eras });
  const [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
  const gateway: Server = createWebGateway({
    webRoot: join(projectRoot(), 'dist', 'web'),
    cityApi: new URL(city.url),
    districtApi: new URL(district.url),
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const { port } = gateway.address() as { port: number };
  const browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url: `http://127.0.0.1:${port}`,
    databaseUrl: db.url,
    city,
    district,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
      for (const app of [city, district, worker]) await app.close().catch(() => undefined);
      await db.restore();
    },
  };
}

/** What went wrong on a page that a person would notice, or that breaks the policy. */
export interface PageWatch {
  page: Page;
  context: BrowserContext;
  problems(): string[];
}

/**
 * A fresh browser profile (its own storage) at the size of a council office's screen, Vietnamese, Hanoi time, no motion.
 * `pageClock: false` leaves the page on the real clock under TEST_CLOCK: for a journey whose dates do not matter and
 * whose code cannot run on Playwright's fake timers (GraphiQL's animations).
 */
export async function openPage(stack: WebStack, { pageClock = true }: { pageClock?: boolean } = {}): Promise<PageWatch> {
  const context = await newBrowserContext(
    stack.browser,
    {
      viewport: { width: 1366, height: 768 },
      deviceScaleFactor: 1,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      // As a person who asked for less motion: nothing fades, so axe never reads a popup or message half drawn.
      reducedMotion: 'reduce',
    },
    { pageClock },
  );
  const page = await context.newPage();
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return {
    page,
    context,
    problems: () => problems,
  };
}

/** CSP violations recorded on the current document. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

export async function signIn(page: Page, username: string, password = DEV_PASSWORD): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** A page a person can use: no policy violation, no page error, no raw error text, nothing axe calls serious. */
export async function expectCleanPage(watch: PageWatch): Promise<void> {
  expect(await cspViolations(watch.page)).toEqual([]);
  expect(watch.problems()).toEqual([]);
  expect(await watch.page.locator('body').innerText()).not.toMatch(RAW_ERROR_TEXT);
  expect(await seriousA11yViolations(watch.page)).toEqual([]);
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `web-${name}.png`) });
}

/** Text a page must never show: a stack trace, raw GraphQL or SQL. */
export const RAW_ERROR_TEXT = /at [\w$.]+ \(|GraphQL error|Response not successful|ECONNREFUSED|syntax error at|\bSQL\b|Unexpected token/;

/** The web app's session as it keeps it in the browser (apps/web/src/shared/session.ts). */
export interface StoredSession {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

export const readSession = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('council.session') ?? 'null') as StoredSession | null);
export const writeSession = (page: Page, session: StoredSession) =>
  page.evaluate((s) => localStorage.setItem('council.session', JSON.stringify(s)), session);
