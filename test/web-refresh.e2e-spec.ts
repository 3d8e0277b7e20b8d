/**
 * A page left open outlives its access token (issue 16): the web app renews it with the refresh token and the person
 * keeps working — a report form saves, a briefing screen whose socket the server closed at the token's expiry (4401)
 * subscribes again — without ever seeing the sign-in page. Access tokens last 6 seconds here instead of 15 minutes.
 */
import type { Page, WebSocket } from 'playwright-core';

import { eventually } from './support/eventually.js';
import { expectCleanPage, openPage, readSession, signIn, startWebStack, type WebStack } from './support/web.js';

const WARD = '00457'; // Xã Xuân Nộn, Huyện Đông Anh
const EXPIRED = 'Phiên đăng nhập đã hết hạn';

let stack: WebStack;

beforeAll(async () => {
  // Configuration is read when an app is created: only this stack's APIs issue 6-second tokens.
  const saved = process.env.ACCESS_TOKEN_TTL_SECONDS;
  process.env.ACCESS_TOKEN_TTL_SECONDS = '6';
  try {
    stack = await startWebStack('web_refresh');
  } finally {
    if (saved === undefined) delete process.env.ACCESS_TOKEN_TTL_SECONDS;
    else process.env.ACCESS_TOKEN_TTL_SECONDS = saved;
  }
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/** Until the page's clock has passed `at` (the page may run on a clock of its own under TEST_CLOCK). */
const pageTimePassed = (page: Page, at: string) =>
  eventually(
    () => page.evaluate(() => Date.now()),
    (now) => now > Date.parse(at) + 500,
    30_000,
    250,
  );

it('lets a clerk save the form they have been typing in after their access token expired, without signing in again', async () => {
  const watch = await openPage(stack);
  const { page } = watch;
  const form = `/reports/${WARD}/2024Q3`;
  await page.goto(`${stack.url}${form}`);
  await signIn(page, `w${WARD}`);
  await page.waitForURL(`**${form}`);
  const highlights = page.getByLabel('Kết quả nổi bật');
  await highlights.fill('Tổ chức 3 cuộc giám sát chuyên đề');
  const first = (await readSession(page))!;

  await pageTimePassed(page, first.expiresAt);
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await page.getByText('Đã lưu bản nháp').waitFor();
  expect(page.url()).toBe(`${stack.url}${form}`);
  const renewed = (await readSession(page))!;
  expect(renewed.accessToken).not.toBe(first.accessToken);
  expect(renewed.refreshToken).not.toBe(first.refreshToken);

  // Twice more, across pages: each expiry is renewed in turn.
  await pageTimePassed(page, renewed.expiresAt);
  await page.goto(`${stack.url}/`);
  await page.waitForLoadState('networkidle');
  await pageTimePassed(page, (await readSession(page))!.expiresAt);
  await page.goto(`${stack.url}${form}`);
  expect(await highlights.inputValue()).toBe('Tổ chức 3 cuộc giám sát chuyên đề');
  expect(await page.getByText(EXPIRED).count()).toBe(0);
  expect(page.url()).toBe(`${stack.url}${form}`);
  await expectCleanPage(watch);
}, 180_000);

it('keeps a briefing screen live across its token’s expiry: the socket closed with 4401 opens again with a renewed token', async () => {
  const watch = await openPage(stack);
  const { page } = watch;
  const sockets: WebSocket[] = [];
  page.on('websocket', (ws) => sockets.push(ws));
  const screen = `${stack.url}/briefing/2024Q1`;
  await page.goto(screen);
  await signIn(page, 'viewer');
  await page.waitForURL(screen);
  await page.locator('#connection-state', { hasText: 'Trực tiếp' }).waitFor({ timeout: 30_000 });
  const first = (await readSession(page))!;

  const reopened = await eventually(
    () => Promise.resolve(sockets.length >= 2 && sockets[0].isClosed()),
    (yes) => yes,
    30_000,
    250,
  );
  expect(reopened).toBe(true);
  await page.locator('#connection-state', { hasText: 'Trực tiếp' }).waitFor({ timeout: 30_000 });
  expect(page.url()).toBe(screen);
  expect((await readSession(page))!.accessToken).not.toBe(first.accessToken);
  expect(await page.getByText(EXPIRED).count()).toBe(0);
  await expectCleanPage(watch);
}, 180_000);
