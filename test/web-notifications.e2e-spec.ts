/**
 * The bell in Chromium against the real platform (test/support/web.ts): Xã Xuân Nộn's clerk (w00457) has the app open
 * when Huyện Đông Anh (d017) returns the commune's report; the bell rises without a reload, the notification opens
 * the report with the district's comment, and reading it brings the bell down. The neighbouring commune's clerk
 * (w00460), also signed in, is told nothing. Then the preferences panel keeps a choice.
 */
import type { Page } from 'playwright-core';

import { tokenFor } from './support/graphql.js';
import { withEnv } from './support/redis-server.js';
import { ok, reviewReport, submitReport, valueList } from './support/reporting.js';
import { expectCleanPage, openPage, type PageWatch, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

const WARD = '00457'; // Xã Xuân Nộn, Huyện Đông Anh
const NEIGHBOUR = '00460';
const PERIOD = '2024Q2';
const COMMENT = 'Số nghị quyết ban hành chưa khớp biên bản kỳ họp, đề nghị kiểm tra lại.';
const WAIT_MS = 30_000;

let stack: WebStack;

beforeAll(async () => {
  // No reminders (test/notification-reminders): whatever the date, the bells start at nothing.
  stack = await withEnv({ REMINDER_DAYS_BEFORE: '', REMINDER_DAYS_AFTER: '' }, () => startWebStack('web_notify'));
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/** The count on the bell, as a person reads it ('' when there is none). */
const bellCount = async (page: Page) => {
  const count = page.getByTestId('notification-badge').locator('.ant-badge-count');
  return (await count.count()) ? ((await count.getAttribute('title')) ?? (await count.innerText())).trim() : '';
};

async function signedIn(username: string): Promise<PageWatch> {
  const watch = await openPage(stack);
  await watch.page.goto(`${stack.url}/`);
  await signIn(watch.page, username);
  await watch.page.getByTestId('notification-badge').waitFor();
  return watch;
}

describe('the notification bell', () => {
  it('rises live when the district returns the report, opens the report, and rings for no one else', async () => {
    const clerkToken = await tokenFor(stack.district.graphql, `w${WARD}`);
    const report = ok(
      await submitReport(stack.district.graphql, clerkToken, {
        unitCode: WARD,
        period: PERIOD,
        values: valueList({ 'sessions.regular': 1, 'resolutions.issued': 3 }),
      }),
    ).submitReport;

    const clerk = await signedIn(`w${WARD}`);
    const neighbour = await signedIn(`w${NEIGHBOUR}`);
    expect(await bellCount(clerk.page)).toBe('');

    ok(await reviewReport(stack.district.graphql, await tokenFor(stack.district.graphql, 'd017'), report.id, 'RETURN', COMMENT));
    await clerk.page.getByTestId('notification-badge').locator('.ant-badge-count').waitFor({ timeout: WAIT_MS });
    expect(await bellCount(clerk.page)).toBe('1');
    await screenshot(clerk.page, 'notifications-bell');

    await clerk.page.getByRole('button', { name: /thông báo chưa đọc/ }).click();
    await clerk.page.waitForURL('**/notifications');
    const item = clerk.page.getByTestId('notification').first();
    await item.waitFor();
    expect(await item.innerText()).toContain('Báo cáo Quý II/2024 bị trả lại');
    expect(await item.innerText()).toContain(COMMENT);
    expect(await item.innerText()).toMatch(/\d\d:\d\d \d\d\/\d\d\/\d{4}/);
    await expectCleanPage(clerk);
    await screenshot(clerk.page, 'notifications-list');

    await item.getByRole('link', { name: 'Báo cáo Quý II/2024 bị trả lại' }).click();
    await clerk.page.waitForURL(`**/reports/${WARD}/${PERIOD}`);
    await clerk.page.getByTestId('return-comment').waitFor();
    expect(await clerk.page.getByTestId('return-comment').innerText()).toBe(COMMENT);
    await clerk.page.waitForFunction(() => !document.querySelector('[data-testid="notification-badge"] .ant-badge-count'), undefined, {
      timeout: WAIT_MS,
    });
    await screenshot(clerk.page, 'notifications-open-report');

    // The neighbour's bell never moved, and its centre is empty.
    expect(await bellCount(neighbour.page)).toBe('');
    await neighbour.page.getByRole('button', { name: 'Thông báo' }).click();
    await neighbour.page.getByText('Không có thông báo.').waitFor();
    await expectCleanPage(neighbour);
    await neighbour.context.close();
    await clerk.context.close();
  }, 180_000);

  it('keeps a choice of kinds per channel', async () => {
    const clerk = await signedIn(`w${WARD}`);
    await clerk.page.goto(`${stack.url}/notifications`);
    const panel = clerk.page.getByTestId('notification-preferences');
    await panel.getByRole('switch', { name: 'Thư điện tử: Báo cáo được chấp nhận' }).click();
    await panel.getByRole('button', { name: 'Lưu lựa chọn' }).click();
    await clerk.page.getByText('Đã lưu lựa chọn nhận thông báo.').waitFor();
    // Shown as saved, not as it was.
    expect(await panel.getByRole('switch', { name: 'Thư điện tử: Báo cáo được chấp nhận' }).getAttribute('aria-checked')).toBe('false');
    await screenshot(clerk.page, 'notifications-preferences');
    await clerk.page.reload();
    await panel.getByRole('switch', { name: 'Thư điện tử: Báo cáo được chấp nhận' }).waitFor();
    expect(await panel.getByRole('switch', { name: 'Thư điện tử: Báo cáo được chấp nhận' }).getAttribute('aria-checked')).toBe('false');
    expect(await panel.getByRole('switch', { name: 'Trong ứng dụng: Báo cáo được chấp nhận' }).getAttribute('aria-checked')).toBe('true');
    await expectCleanPage(clerk);
    await clerk.context.close();
  }, 120_000);
});
