/**
 * Sessions in the browser against the real platform (test/support/web.ts): an access token the server no longer
 * accepts mid-form is renewed unnoticed; a sign-in an administrator revoked mid-form, and a session whose time ran out
 * while the browser was closed, both say so in words on the sign-in page and bring the person back where they were,
 * with their typing; sign-in and saving work from the keyboard alone.
 */
import { DEV_JWT_SECRET } from '@council/core';
import { JwtService } from '@nestjs/jwt';
import type { Page } from 'playwright-core';

import { DEV_PASSWORD, gqlOk, tokenFor } from './support/graphql.js';
import { expectCleanPage, openPage, readSession, screenshot, startWebStack, type WebStack, writeSession } from './support/web.js';

const WARD = '00457'; // Xã Xuân Nộn, Huyện Đông Anh
const CLERK = `w${WARD}`;
const EXPIRED = 'Phiên đăng nhập đã hết hạn';

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_session');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/** The same claims, correctly signed, but expired a minute ago: what the browser holds after a long lunch. */
async function expiredCopy(token: string): Promise<string> {
  const jwt = new JwtService({ secret: DEV_JWT_SECRET });
  const { exp: _exp, iat: _iat, iss: _iss, ...claims } = jwt.decode<Record<string, unknown>>(token);
  return jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, { algorithm: 'HS256', issuer: 'council-platform' });
}

/** Sign-in with the keyboard only: type, Tab, type, Enter. */
async function signInByKeyboard(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  expect(await page.getByLabel('Mật khẩu').evaluate((e) => e === document.activeElement)).toBe(true);
  await page.keyboard.type(DEV_PASSWORD);
  await page.keyboard.press('Enter');
}

describe('a session the server stops accepting', () => {
  it('renews a refused access token unnoticed; a revoked sign-in sends the clerk to sign in with the reason, then back with their typing', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    const form = `/reports/${WARD}/2024Q3`;
    await page.goto(`${stack.url}${form}`);
    await signInByKeyboard(page, CLERK);
    await page.waitForURL(`**${form}`);
    const highlights = page.getByLabel('Kết quả nổi bật');
    await highlights.fill('Tổ chức 3 cuộc giám sát chuyên đề');

    // The access token in this browser is refused (same claims, signed by the server's key, a minute past), though
    // the page believes it good: the save is refused, the token renewed, the save sent again — nothing to see.
    const session = (await readSession(page))!;
    await writeSession(page, { ...session, accessToken: await expiredCopy(session.accessToken) });
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu bản nháp').waitFor();
    expect(page.url()).toBe(`${stack.url}${form}`);
    const renewed = (await readSession(page))!;
    expect(renewed.refreshToken).not.toBe(session.refreshToken);
    await expectCleanPage(watch);

    // An administrator signs the clerk out everywhere (a second later: tokens carry whole seconds).
    await new Promise((r) => setTimeout(r, 1100));
    await gqlOk(
      stack.district.graphql,
      'mutation($u: String!) { revokeUserSessions(username: $u) { username } }',
      { u: CLERK },
      await tokenFor(stack.district.graphql, 'admin'),
    );
    await highlights.fill('Tổ chức 4 cuộc giám sát chuyên đề');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.waitForURL(/\/sign-in\?/);
    await page.getByText(EXPIRED).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(form);
    await expectCleanPage(watch);
    await screenshot(page, 'session-expired');

    // Signed in again: the same form, the typing restored from this browser, and a draft saved from the keyboard.
    await signInByKeyboard(page, CLERK);
    await page.waitForURL(`**${form}`);
    expect(await highlights.inputValue()).toBe('Tổ chức 4 cuộc giám sát chuyên đề');
    const save = page.getByRole('button', { name: 'Lưu nháp' });
    await highlights.focus();
    for (let i = 0; i < 12 && !(await save.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await save.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('Đã lưu bản nháp').waitFor();
    await expectCleanPage(watch);
  });

  it('says a session that ran out while the browser was closed has expired, and returns to the page asked for', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/sign-in`);
    await signInByKeyboard(page, CLERK);
    await page.waitForURL(`${stack.url}/`);
    const session = (await readSession(page))!;
    const past = new Date(Date.now() - 60_000).toISOString();
    await writeSession(page, { ...session, expiresAt: past, refreshExpiresAt: past });

    await page.goto(`${stack.url}/directives`);
    await page.waitForURL(/\/sign-in\?/);
    await page.getByText(EXPIRED).waitFor();
    await signInByKeyboard(page, CLERK);
    await page.waitForURL(`**/directives`);
    await page.getByRole('heading', { name: /Nhiệm vụ được giao/ }).waitFor();
    await expectCleanPage(watch);
  });
});
