/**
 * The district's review pages in Chromium against the real platform (test/support/web.ts): Huyện Đông Anh (d017)
 * reviews its communes' reports for a quarter; Xã Xuân Nộn (w00457) submits, is returned with a comment, corrects
 * its figures in the browser and is accepted.
 */
import { periodLabel, previousQuarter, quarterAt } from '@council/core';
import type { Page } from 'playwright-core';

import { gqlOk, tokenFor } from './support/graphql.js';
import { ok, readReport, saveReport, submitReport, valueList } from './support/reporting.js';
import { expectCleanPage, openPage, screenshot, seriousA11yViolations, signIn, startWebStack, type WebStack } from './support/web.js';

const DISTRICT = '017'; // Huyện Đông Anh
const WARD = '00457'; // Xã Xuân Nộn
const DRAFTING_WARD = '00460'; // Xã Thuỵ Lâm: only a draft, which counts as not submitted
const PERIOD = '2024Q2';

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_review');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

interface DistrictView {
  councils: string[];
  reports: { status: string; late: boolean; unit: { code: string } }[];
}

/** What district-api tells the district about the quarter: its communes with a council and their reports. */
async function districtView(): Promise<DistrictView> {
  const token = await tokenFor(stack.district.graphql, `d${DISTRICT}`);
  const data = await gqlOk<{ councilUnits: { code: string; hasCouncil: boolean }[]; reports: DistrictView['reports'] }>(
    stack.district.graphql,
    `query($d: String!, $p: String!) { councilUnits(level: WARD, parentCode: $d) { code hasCouncil } reports(period: $p, parentCode: $d) { status late unit { code } } }`,
    { d: DISTRICT, p: PERIOD },
    token,
  );
  return { councils: data.councilUnits.filter((u) => u.hasCouncil).map((u) => u.code), reports: data.reports };
}

async function wardReport() {
  const token = await tokenFor(stack.district.graphql, `w${WARD}`);
  return ok(await readReport(stack.district.graphql, token, WARD, PERIOD)).report;
}

const tab = (page: Page, name: string, count: number) => page.getByRole('tab', { name: `${name} (${count})` });
const stat = async (page: Page, id: string) => (await page.getByTestId(id).innerText()).trim();

describe('a district reviews its communes’ quarterly reports', () => {
  it('sees who is missing and who waits, returns a report with a comment, and accepts the corrected one', async () => {
    // The commune submits through the API; a neighbour only saves a draft.
    const wardToken = await tokenFor(stack.district.graphql, `w${WARD}`);
    const first = ok(
      await submitReport(stack.district.graphql, wardToken, {
        unitCode: WARD,
        period: PERIOD,
        values: valueList({ 'sessions.regular': 1, 'resolutions.issued': 3 }),
        highlights: 'Tổ chức kỳ họp thường lệ giữa năm',
      }),
    ).submitReport;
    expect(first).toMatchObject({ status: 'SUBMITTED', version: 1 });
    const neighbourToken = await tokenFor(stack.district.graphql, `w${DRAFTING_WARD}`);
    ok(
      await saveReport(stack.district.graphql, neighbourToken, {
        unitCode: DRAFTING_WARD,
        period: PERIOD,
        values: valueList({ 'sessions.regular': 1 }),
      }),
    );

    // The counts the page must show, from the API's own data.
    const view = await districtView();
    const waiting = view.reports.filter((r) => r.status === 'SUBMITTED');
    expect(waiting.map((r) => r.unit.code)).toEqual([WARD]);
    const missing = view.councils.filter((c) => !view.reports.some((r) => r.unit.code === c && r.status !== 'DRAFT'));
    expect(missing).toContain(DRAFTING_WARD);
    expect(missing.length).toBe(view.councils.length - 1);
    const lateCount = waiting.filter((r) => r.late).length;

    // The district, signed out, follows a link to the quarter: the sign-in page, then the list.
    const district = await openPage(stack);
    const page = district.page;
    await page.goto(`${stack.url}/review?period=${PERIOD}`);
    await signIn(page, `d${DISTRICT}`);
    await page.waitForURL(`**/review?period=${PERIOD}`);
    await tab(page, 'Chờ xét duyệt', 1).waitFor();
    expect(await tab(page, 'Chờ xét duyệt', 1).getAttribute('aria-selected')).toBe('true');
    await tab(page, 'Chưa gửi', missing.length).waitFor();
    await tab(page, 'Bị trả lại', 0).waitFor();
    await tab(page, 'Đã chấp nhận', 0).waitFor();
    expect(await stat(page, 'expected')).toBe(String(view.councils.length));
    expect(await stat(page, 'submitted')).toBe('1');
    expect(await stat(page, 'late')).toBe(String(lateCount));
    expect(await stat(page, 'on-time')).toBe(String(1 - lateCount));
    expect(await page.getByTestId('due-date').innerText()).toBe('10/07/2024');
    const waitingRow = page.getByTestId('group-waiting').getByRole('row', { name: /Xã Xuân Nộn/ });
    expect(await waitingRow.innerText()).toContain('Đã gửi');
    if (lateCount) expect(await waitingRow.innerText()).toContain('Gửi muộn');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'review-list');

    // The missing group, by keyboard: the draft is there, as a draft.
    await tab(page, 'Chờ xét duyệt', 1).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.waitForURL(/group=missing/);
    const missingTable = page.getByTestId('group-missing');
    await missingTable.getByRole('row', { name: /Xã Thuỵ Lâm/ }).waitFor();
    expect(await missingTable.getByRole('row', { name: /Xã Thuỵ Lâm/ }).innerText()).toContain('Nháp');
    expect(await missingTable.getByRole('row', { name: /Thị trấn Đông Anh/ }).innerText()).toContain('Chưa lập');
    expect(await missingTable.locator('tbody tr').count()).toBe(Math.min(20, missing.length));
    await page.mouse.move(0, 0); // no row under the pointer: axe reads the page as it rests
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The report: values under the catalogue's groups, narrative, findings, history.
    await tab(page, 'Chờ xét duyệt', 1).click();
    await page.getByTestId('group-waiting').getByRole('link', { name: 'Xã Xuân Nộn', exact: true }).click();
    await page.waitForURL(`**/review/${WARD}/${PERIOD}`);
    await page.getByRole('heading', { name: /Quý II\/2024 · Xã Xuân Nộn/ }).waitFor();
    expect(await page.locator('[data-metric="sessions.regular"]').innerText()).toBe('1');
    expect(await page.locator('[data-metric="resolutions.issued"]').innerText()).toBe('3');
    await page.getByText('Tổ chức kỳ họp thường lệ giữa năm').waitFor();
    expect(await page.getByTestId('version-history').getByRole('row').count()).toBe(2); // header + version 1
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'review-report');

    // Returned without a comment: refused on the page, the message beside the field; nothing changes on the server.
    await page.getByRole('button', { name: 'Trả lại' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Ý kiến xét duyệt').waitFor();
    await dialog.getByLabel('Ý kiến xét duyệt').fill('   ');
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await dialog.getByTestId('comment-error').waitFor();
    expect(await dialog.getByTestId('comment-error').innerText()).toContain('Hãy ghi ý kiến');
    expect(await dialog.getByLabel('Ý kiến xét duyệt').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'review-return-dialog');
    expect((await wardReport())?.status).toBe('SUBMITTED');

    // Returned with a comment: the list opens on the returned group with the commune in it.
    const comment = 'Số nghị quyết ban hành chưa khớp biên bản kỳ họp, đề nghị kiểm tra lại.';
    await dialog.getByLabel('Ý kiến xét duyệt').fill(comment);
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await page.waitForURL(/group=returned/);
    await tab(page, 'Bị trả lại', 1).waitFor();
    await tab(page, 'Chờ xét duyệt', 0).waitFor();
    await page
      .getByTestId('group-returned')
      .getByRole('row', { name: /Xã Xuân Nộn/ })
      .waitFor();
    expect(await stat(page, 'submitted')).toBe('0');
    expect(await wardReport()).toMatchObject({ status: 'RETURNED', reviewComment: comment, reviewedBy: `d${DISTRICT}` });
    await expectCleanPage(district);

    // The commune reads the comment on its form, corrects a figure and submits again, in its own browser.
    const commune = await openPage(stack);
    await commune.page.goto(`${stack.url}/reports/${WARD}/${PERIOD}`);
    await signIn(commune.page, `w${WARD}`);
    await commune.page.getByTestId('return-comment').waitFor();
    expect(await commune.page.getByTestId('return-comment').innerText()).toBe(comment);
    await expectCleanPage(commune);
    const resolutions = commune.page.locator('#metric-resolutions-issued');
    expect(await resolutions.inputValue()).toBe('3');
    await resolutions.fill('4');
    await commune.page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await commune.page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
    await commune.page.getByTestId('submit-confirmed').waitFor();
    expect(await commune.page.getByTestId('submit-confirmed').innerText()).toContain('Phiên bản 2');
    expect(await wardReport()).toMatchObject({ status: 'SUBMITTED', version: 2 });
    await commune.context.close();

    // Waiting again; the history shows what changed; accepted.
    await page.goto(`${stack.url}/review?period=${PERIOD}`);
    await tab(page, 'Chờ xét duyệt', 1).waitFor();
    await tab(page, 'Bị trả lại', 0).waitFor();
    await page.getByTestId('group-waiting').getByRole('link', { name: 'Xã Xuân Nộn', exact: true }).click();
    await page.waitForURL(`**/review/${WARD}/${PERIOD}`);
    await page.getByTestId('version-history').waitFor();
    expect(await page.locator('[data-metric="resolutions.issued"]').innerText()).toBe('4');
    const history = await page.getByTestId('version-history').innerText();
    expect(history).toMatch(/3\s*→\s*4/);
    await page.getByRole('button', { name: 'Chấp nhận' }).click();
    await dialog.getByLabel('Ý kiến xét duyệt').fill('Báo cáo đã được sửa, đầy đủ.');
    await dialog.getByRole('button', { name: 'Chấp nhận' }).click();
    await page.waitForURL(/group=accepted/);
    await tab(page, 'Đã chấp nhận', 1).waitFor();
    await page
      .getByTestId('group-accepted')
      .getByRole('row', { name: /Xã Xuân Nộn/ })
      .waitFor();
    expect(await stat(page, 'submitted')).toBe('1');
    await page.waitForTimeout(500); // the confirmation message fades in: axe must not read it half faded
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Without ?period=, the latest quarter that has ended.
    await page.goto(`${stack.url}/review`);
    const latestEnded = periodLabel(previousQuarter(quarterAt(new Date()))).vi;
    await page.getByRole('heading', { name: new RegExp(`· ${latestEnded.replace('/', '\\/')}`) }).waitFor();
    await expectCleanPage(district);
    await district.context.close();

    expect(await wardReport()).toMatchObject({ status: 'ACCEPTED', version: 2 });
  }, 180_000);
});
