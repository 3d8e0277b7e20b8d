/**
 * The directives pages in Chromium against the real platform (test/support/web.ts): the city issues a directive to
 * Huyện Đông Anh, passed down to its communes, through the form; the district and one of its communes acknowledge
 * and report progress in their inboxes; the city's tracking page shows the progress the API reports, down to the
 * commune.
 */
import type { Page } from 'playwright-core';

import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { expectCleanPage, openPage, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

const DISTRICT = '017'; // Huyện Đông Anh
const WARD = '00457'; // Xã Xuân Nộn, under Đông Anh
const TITLE = 'Rà soát kiến nghị cử tri trước kỳ họp cuối năm';
const REFERENCE = 'Chỉ thị 24-CT/TU';

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_directives');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/** dd/mm/yyyy of the day `days` after today in Hanoi, and its ISO form. */
function dueIn(days: number): { shown: string; iso: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const iso = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  return { shown: `${d}/${m}/${y}`, iso };
}

/** The inbox lists the assignment once the sync-worker has carried the directive to district-api. */
async function openAssignment(page: Page): Promise<void> {
  const link = page.getByRole('link', { name: TITLE }).first();
  for (let attempt = 0; attempt < 30; attempt++) {
    if (await link.isVisible()) break;
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByRole('heading', { name: /Nhiệm vụ được giao/ }).waitFor();
  }
  await link.click();
  await page.waitForURL('**/directives/assignments/*');
  await page.getByRole('heading', { name: TITLE }).waitFor();
}

/** Antd's radio buttons keep the input itself out of sight: the label is what a person clicks. */
async function chooseStatus(page: Page, name: string): Promise<void> {
  await page.locator('label', { has: page.getByRole('radio', { name }) }).click();
  expect(await page.getByRole('radio', { name }).isChecked()).toBe(true);
}

const DIRECTIVE_PROGRESS = `query ($id: ID!) { directive(id: $id) { progress { total pending acknowledged inProgress completed overdue } } }`;
type Progress = Record<'total' | 'pending' | 'acknowledged' | 'inProgress' | 'completed' | 'overdue', number>;

describe('a directive from the city to a district and its communes', () => {
  it('is issued in the form, carried out in the inboxes and tracked down to the commune', async () => {
    const due = dueIn(30);

    // The city issues it: Đông Anh picked in the tree, passed down to its communes, due in a month.
    const city = await openPage(stack);
    await city.page.goto(`${stack.url}/directives`);
    await signIn(city.page, 'city');
    await city.page.getByRole('heading', { name: 'Theo dõi thực hiện chỉ đạo' }).waitFor();
    await expectCleanPage(city);
    await city.page.getByRole('button', { name: 'Ban hành chỉ đạo' }).click();
    await city.page.waitForURL('**/directives/new');
    await city.page.getByLabel('Tiêu đề').fill(TITLE);
    await city.page.getByLabel('Căn cứ').fill(REFERENCE);
    await city.page.getByLabel('Nội dung chỉ đạo').fill('Tổng hợp, trả lời kiến nghị của cử tri; báo cáo kết quả trước kỳ họp.');
    await city.page.getByLabel('Đơn vị thực hiện').click();
    await city.page.getByLabel('Đơn vị thực hiện').fill('Đông Anh');
    await city.page.locator('.ant-select-tree').getByTitle('Huyện Đông Anh', { exact: true }).click();
    await city.page.keyboard.press('Escape');
    expect(await city.page.locator('.ant-select-selection-item', { hasText: 'Huyện Đông Anh' }).count()).toBe(1);
    expect(await city.page.getByRole('switch', { name: 'Giao tiếp cho cấp xã' }).getAttribute('aria-checked')).toBe('true');
    await city.page.getByLabel('Hạn hoàn thành').click();
    await city.page.getByLabel('Hạn hoàn thành').fill(due.shown);
    await city.page.keyboard.press('Tab');
    // The calendar closes once focus leaves the field; axe must not read it half faded.
    await city.page.locator('.ant-picker-dropdown').waitFor({ state: 'hidden' });
    expect(await city.page.getByLabel('Hạn hoàn thành').inputValue()).toBe(due.shown);
    await expectCleanPage(city);
    await screenshot(city.page, 'directives-issue');
    await city.page.locator('form').getByRole('button', { name: 'Ban hành chỉ đạo' }).click();
    await city.page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
    const directiveId = city.page.url().split('/').pop()!;
    await city.page.getByRole('heading', { name: TITLE }).waitFor();
    expect(await city.page.locator('body').innerText()).toContain(due.shown);

    // The district acknowledges; completing while its communes are open needs a reason, which the server names.
    const district = await openPage(stack);
    await district.page.goto(`${stack.url}/directives`);
    await signIn(district.page, `d${DISTRICT}`);
    await district.page.getByRole('heading', { name: /Nhiệm vụ được giao/ }).waitFor();
    await openAssignment(district.page);
    await district.page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await district.page.locator('[data-status="ACKNOWLEDGED"]').first().waitFor();
    await chooseStatus(district.page, 'Đã hoàn thành');
    await district.page.getByRole('button', { name: 'Lưu cập nhật' }).click();
    const reasonError = district.page.locator('[data-server-error="completionReason"]');
    await reasonError.waitFor();
    expect(await reasonError.innerText()).toMatch(/chưa hoàn thành.*lý do/);
    await district.page.waitForTimeout(400); // the message fades in
    await expectCleanPage(district);
    await chooseStatus(district.page, 'Đang thực hiện');
    await district.page.getByLabel('Tỷ lệ hoàn thành (%)').fill('50');
    await district.page.getByLabel('Ghi chú').fill('Đã giao các xã rà soát, tổng hợp');
    await district.page.getByRole('button', { name: 'Lưu cập nhật' }).click();
    await district.page.getByText('Đã cập nhật tiến độ').waitFor();
    await district.page.locator('[data-status="IN_PROGRESS"]').first().waitFor();
    expect(await district.page.getByTestId('assignment-percent').innerText()).toBe('50%');
    expect(await district.page.getByTestId('assignment-history').innerText()).toContain('Đã giao các xã rà soát, tổng hợp');
    await expectCleanPage(district);
    // The inbox, with the communes' assignments beside the district's own, each saying whose it is.
    await district.page.getByRole('button', { name: 'Quay lại' }).click();
    await district.page.getByText('Tất cả', { exact: true }).click();
    await district.page
      .getByRole('row', { name: /Xã Xuân Nộn/ })
      .first()
      .waitFor();
    await expectCleanPage(district);
    await screenshot(district.page, 'directives-inbox');
    await district.context.close();

    // The commune acknowledges and completes its part.
    const ward = await openPage(stack);
    await ward.page.goto(`${stack.url}/directives`);
    await signIn(ward.page, `w${WARD}`);
    await ward.page.getByRole('heading', { name: /Nhiệm vụ được giao/ }).waitFor();
    await openAssignment(ward.page);
    await ward.page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await ward.page.locator('[data-status="ACKNOWLEDGED"]').first().waitFor();
    await chooseStatus(ward.page, 'Đã hoàn thành');
    await ward.page.getByLabel('Ghi chú').fill('Đã trả lời 12 kiến nghị');
    await ward.page.getByRole('button', { name: 'Lưu cập nhật' }).click();
    await ward.page.getByText('Nhiệm vụ đã hoàn thành, không cập nhật thêm được.').waitFor();
    expect(await ward.page.getByTestId('assignment-percent').innerText()).toBe('100%');
    await expectCleanPage(ward);
    await ward.context.close();

    // Back on the city's side once the sync-worker has brought both updates: the numbers are the API's.
    const cityToken = await tokenFor(stack.city.graphql, 'city');
    const progress = await eventually(
      async () =>
        (await gqlOk<{ directive: { progress: Progress } }>(stack.city.graphql, DIRECTIVE_PROGRESS, { id: directiveId }, cityToken))
          .directive.progress,
      (p) => p.inProgress === 1 && p.completed === 1,
      20_000,
      250,
    );
    expect(progress.total).toBeGreaterThan(2);
    await city.page.reload();
    await city.page.getByRole('heading', { name: TITLE }).waitFor();
    for (const [key, value] of Object.entries(progress))
      expect(await city.page.getByTestId(`progress-${key}`).first().innerText()).toBe(new Intl.NumberFormat('vi-VN').format(value));
    const districtRow = city.page.locator(`tr[data-unit="${DISTRICT}"]`);
    expect(await districtRow.locator('[data-status]').getAttribute('data-status')).toBe('IN_PROGRESS');
    expect(await districtRow.innerText()).toContain('Đã giao các xã rà soát, tổng hợp');
    await districtRow.locator('button.ant-table-row-expand-icon').click();
    const wardRow = city.page.locator(`tr[data-unit="${WARD}"]`);
    await wardRow.waitFor();
    expect(await wardRow.locator('[data-status]').getAttribute('data-status')).toBe('COMPLETED');
    expect(await wardRow.innerText()).toContain('Đã trả lời 12 kiến nghị');
    expect(await wardRow.innerText()).toContain('100%');
    await expectCleanPage(city);
    await screenshot(city.page, 'directives-track');

    // The list shows the same numbers.
    await city.page.getByRole('button', { name: 'Quay lại' }).click();
    const listed = city.page.getByRole('row', { name: new RegExp(TITLE) });
    await listed.waitFor();
    expect(await listed.getByTestId('progress-completed').innerText()).toBe(String(progress.completed));
    expect(await listed.getByTestId('progress-total').innerText()).toBe(new Intl.NumberFormat('vi-VN').format(progress.total));
    await expectCleanPage(city);
    await screenshot(city.page, 'directives-list');
    await city.context.close();
  }, 180_000);
});
