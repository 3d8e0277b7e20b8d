/**
 * Journeys through the web app's report pages, in Chromium against the real platform (test/support/web.ts):
 * a commune clerk files a quarter, with an error saved in a draft, typing that survives a reload, and a submission
 * whose answer the network loses; a report filed elsewhere, returned by the district and corrected in the browser leaves
 * nothing "unsent" behind once the server has it.
 */
import type { Page } from 'playwright-core';

import { DEV_PASSWORD, tokenFor } from './support/graphql.js';
import { ok, readReport, realisticValues, reviewReport, submitReport, valueList } from './support/reporting.js';
import { expectCleanPage, openPage, screenshot, seriousA11yViolations, signIn, startWebStack, type WebStack } from './support/web.js';

const WARD = '00457'; // Xã Xuân Nộn, Huyện Đông Anh
const CLERK = `w${WARD}`;

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_reports');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

const UNSENT = 'Có thay đổi chưa lưu lên máy chủ (đã giữ trên máy này)';
const RESTORED = 'Đã khôi phục nội dung bạn nhập dở trên máy này.';

const metricField = (page: Page, code: string) => page.locator(`#metric-${code.replace(/\./g, '-')}`);
const finding = (page: Page, code: string) => page.locator(`[data-finding="metric:${code}"]`);

async function serverReport(period: string) {
  const token = await tokenFor(stack.district.graphql, CLERK);
  const res = await readReport(stack.district.graphql, token, WARD, period);
  return res.data?.report ?? null;
}

describe('a commune clerk files the quarter in the browser', () => {
  it('signs in where the link pointed, keeps a draft with an error, survives a reload, fixes it and submits once', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    const period = '2024Q2';

    // A link to the form, opened signed out: the sign-in page, then the form itself.
    await page.goto(`${stack.url}/reports/${WARD}/${period}`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await signIn(page, CLERK, 'wrong-password');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/mật khẩu|đăng nhập/i);
    await signIn(page, CLERK, DEV_PASSWORD);
    await page.waitForURL(`**/reports/${WARD}/${period}`);
    await metricField(page, 'voter_contacts.meetings').waitFor();

    // More thematic voter contacts than contacts: the rule of libs/core flags it beside the field as it is typed.
    await metricField(page, 'sessions.regular').fill('1');
    await metricField(page, 'voter_contacts.meetings').fill('2');
    await metricField(page, 'voter_contacts.thematic').fill('5');
    await finding(page, 'voter_contacts.thematic').waitFor();
    expect(await finding(page, 'voter_contacts.thematic').innerText()).toMatch(/bộ phận|không được lớn hơn/);
    expect(await page.getByRole('button', { name: 'Gửi báo cáo' }).isDisabled()).toBe(true);
    // A field lying under the sticky Save and Submit bar is brought above it when the keyboard reaches it, finding and all.
    const thematic = metricField(page, 'voter_contacts.thematic');
    await thematic.evaluate((e) => window.scrollBy(0, e.getBoundingClientRect().top - (window.innerHeight - 45)));
    await metricField(page, 'voter_contacts.meetings').focus();
    await page.keyboard.press('Tab');
    expect(await thematic.evaluate((e) => e === document.activeElement)).toBe(true);
    const bar = (await page.getByRole('button', { name: 'Lưu nháp' }).boundingBox())!;
    const shown = (await finding(page, 'voter_contacts.thematic').boundingBox())!;
    expect(shown.y + shown.height).toBeLessThanOrEqual(bar.y);
    await screenshot(page, 'report-form-error');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Saved with its error: half-done work is kept on the server, as a draft that does not count.
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.getByText('Đã lưu bản nháp').waitFor();
    const draft = await serverReport(period);
    expect(draft?.status).toBe('DRAFT');
    expect(draft?.findings.map((f: { rule: string }) => f.rule)).toContain('PART_EXCEEDS_WHOLE');

    // Typing not yet saved survives a reload: it was kept in the browser.
    await page.getByLabel('Kết quả nổi bật').fill('Tổ chức 2 hội nghị tiếp xúc cử tri');
    await page.reload();
    await page.getByText('Đã khôi phục nội dung bạn nhập dở trên máy này.').waitFor();
    expect(await page.getByLabel('Kết quả nổi bật').inputValue()).toBe('Tổ chức 2 hội nghị tiếp xúc cử tri');

    // Fixed, confirmed, submitted: one version, as the server has it.
    await metricField(page, 'voter_contacts.thematic').fill('1');
    await finding(page, 'voter_contacts.thematic').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByTestId('submit-confirmed').waitFor();
    expect(await page.getByTestId('submit-confirmed').innerText()).toContain('Phiên bản 1');
    await screenshot(page, 'report-submitted');
    const filed = await serverReport(period);
    expect(filed).toMatchObject({ status: 'SUBMITTED', version: 1, highlights: 'Tổ chức 2 hội nghị tiếp xúc cử tri' });
    const values = Object.fromEntries(filed!.values.map((v: { metric: { code: string }; value: number }) => [v.metric.code, v.value]));
    expect(values).toMatchObject({ 'sessions.regular': 1, 'voter_contacts.meetings': 2, 'voter_contacts.thematic': 1 });

    // The list shows the quarter as sent; a reload shows nothing left over from the browser's copy.
    await page.goto(`${stack.url}/reports`);
    const row = page.getByRole('row', { name: /Quý II\/2024/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('Đã gửi');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'report-list');
    await expectCleanPage(watch);
    await watch.context.close();
  }, 120_000);

  it('retries a submission whose answer the network lost with the same key: one version', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    const period = '2024Q3';
    await page.goto(`${stack.url}/reports/${WARD}/${period}`);
    await signIn(page, CLERK);
    await metricField(page, 'sessions.regular').waitFor();
    await metricField(page, 'sessions.regular').fill('2');
    await metricField(page, 'resolutions.issued').fill('7');

    // The first submission reaches the server and is committed, but its answer never comes back; the next ones pass.
    const keys: string[] = [];
    let cut = true;
    await page.route('**/api/district/graphql', async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string; variables?: { idempotencyKey?: string } };
      if (body.operationName !== 'SubmitReport') return route.continue();
      keys.push(body.variables?.idempotencyKey ?? '');
      if (!cut) return route.continue();
      await route.fetch();
      cut = false;
      await page.context().setOffline(true);
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByText('Mất kết nối tới máy chủ. Đang thử gửi lại…').first().waitFor();
    await screenshot(page, 'report-offline');
    await page.context().setOffline(false);
    await page.getByTestId('submit-confirmed').waitFor({ timeout: 15_000 });

    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    const filed = await serverReport(period);
    expect(filed).toMatchObject({ status: 'SUBMITTED', version: 1 });
    expect(await page.getByTestId('submit-confirmed').innerText()).toContain('Phiên bản 1');
    await expectCleanPage(watch);
    await watch.context.close();
  }, 120_000);

  it('corrects a returned report filed elsewhere: once submitted nothing is left unsent, after a reload too', async () => {
    // Filed through the API as an import or another client would: every metric, a commune's confidence votes (0) too,
    // which the form neither shows nor sends. The district returns it.
    const period = '2024Q1';
    const figures = realisticValues('WARD', 21);
    expect(figures['confidence_votes.persons']).toBe(0);
    const clerk = await tokenFor(stack.district.graphql, CLERK);
    const filed = ok(
      await submitReport(stack.district.graphql, clerk, { unitCode: WARD, period, values: valueList(figures) }),
    ).submitReport;
    const district = await tokenFor(stack.district.graphql, 'd017');
    ok(await reviewReport(stack.district.graphql, district, filed.id, 'RETURN', 'Số nghị quyết chưa khớp biên bản kỳ họp.'));

    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/reports/${WARD}/${period}`);
    await signIn(page, CLERK);
    await page.getByTestId('return-comment').waitFor();
    const resolutions = metricField(page, 'resolutions.issued');
    expect(await resolutions.inputValue()).toBe(String(figures['resolutions.issued']));
    expect(await page.getByText(UNSENT).count()).toBe(0);

    // Corrected: unsent until the server has it.
    const corrected = figures['resolutions.issued'] + 1;
    await resolutions.fill(String(corrected));
    await page.getByText(UNSENT).waitFor();
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByTestId('submit-confirmed').waitFor();
    expect(await page.getByTestId('submit-confirmed').innerText()).toContain('Phiên bản 2');
    expect(await page.getByText(UNSENT).count()).toBe(0);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('council.report.')));
    expect(stored).toEqual([]);
    await page.mouse.move(0, 0);
    await expectCleanPage(watch);
    await screenshot(page, 'report-corrected');
    expect(await serverReport(period)).toMatchObject({ status: 'SUBMITTED', version: 2 });

    // Reloaded: the server's version, nothing restored, nothing unsent.
    await page.reload();
    await page.waitForFunction(
      (v) => (document.querySelector('#metric-resolutions-issued') as { value?: string } | null)?.value === v,
      String(corrected),
    );
    expect(await page.getByText(UNSENT).count()).toBe(0);
    expect(await page.getByText(RESTORED).count()).toBe(0);
    await expectCleanPage(watch);
    await watch.context.close();
  }, 120_000);
});
