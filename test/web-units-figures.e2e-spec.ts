/**
 * The statistics explorer across Hanoi's eras (issue 14) in Chromium, on a database seeded with the three eras and the
 * reports of test/support/era-filings.ts: city staff read 2024 by commune as reported, switch the basis to today's
 * units and see the new Xã Kim Anh with its three predecessors' sum and Xã Sóc Sơn left out with the reason, then read
 * 2025, where code 00382 is two communes with figures of their own.
 */
import type pg from 'pg';
import type { Page } from 'playwright-core';

import { ERA_METRIC, eraSum, fileEraReports } from './support/era-filings.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { testPool } from './support/sql.js';
import { expectCleanPage, openPage, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

let stack: WebStack;
let db: pg.Pool;

beforeAll(async () => {
  stack = await startWebStack('web_units_figures', { eras: true });
  db = testPool(stack.databaseUrl, 2);
  await fileEraReports(stack.district.graphql, db);
}, 180_000);

afterAll(async () => {
  await db?.end();
  await stack?.close();
}, 60_000);

/** "1.236" → 1236 */
const number = (text: string) => Number(text.replace(/\./g, '').trim());
/** The figure in the table row that names `name`. */
const figureOf = async (page: Page, name: string) =>
  number(await page.locator('tbody tr', { hasText: name }).locator(`[data-cell$="|${ERA_METRIC}"]`).innerText());

describe('city staff compare figures across the reorganisation', () => {
  it('read 2024 as reported, then re-based onto today’s communes, then 2025 with a code that named two communes', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/statistics?pm=year&p=2024&m=${ERA_METRIC}&s=01&r=WARD`);
    await signIn(page, 'city');
    await page.locator(`[data-cell="total|${ERA_METRIC}"]`).waitFor();
    // As reported: Xã Minh Trí under 00382, its own figure.
    expect(await figureOf(page, 'Xã Minh Trí')).toBe(eraSum(0));
    expect(await page.getByText('Xã Kim Anh').count()).toBe(0);

    // Today's units: the basis is offered with rows by unit, and the link carries it.
    await page.getByLabel('Cơ sở so sánh').click();
    await page.locator('.ant-select-item-option', { hasText: 'Đơn vị hiện nay' }).click();
    await page.getByTestId('not-comparable').waitFor();
    expect(new URL(page.url()).searchParams.get('b')).toBe('CURRENT_UNITS');
    expect(await page.getByTestId('statistics-title').innerText()).toBe(
      'Năm 2024 · Thành phố Hà Nội · theo xã, thị trấn · quy đổi theo đơn vị hiện nay',
    );
    expect(await figureOf(page, 'Xã Kim Anh')).toBe(eraSum(0, 1, 2));
    expect(await page.locator('tbody tr', { hasText: 'Xã Sóc Sơn' }).count()).toBe(0);
    const warning = page.getByTestId('not-comparable');
    const reasons = await warning.locator('li').allInnerTexts();
    const socSon = reasons.find((r) => r.startsWith('không so sánh được: Xã Sóc Sơn nhận một phần của '));
    expect(socSon).toBeDefined();
    for (const name of ['Xã Quang Tiến', 'Xã Mai Đình', 'Xã Phú Minh']) expect(socSon).toContain(name);
    // Every one of today's 126 communes is either a row or a reason.
    const rows = await page.locator('tbody tr[data-row-key]').count();
    expect(rows + reasons.length).toBe(126);
    expect(await warning.innerText()).toContain(`${reasons.length} đơn vị không so sánh được`);
    await screenshot(page, 'statistics-current-units');
    await expectCleanPage(watch);

    // 2025 as reported: 00382 is Xã Minh Trí until 30/06 and Xã Kim Anh from 01/07, each row with its own figure.
    await page.goto(`${stack.url}/statistics?pm=year&p=2025&m=${ERA_METRIC}&s=01&r=WARD`);
    await page.locator(`[data-cell="total|${ERA_METRIC}"]`).waitFor();
    expect(await page.locator('tbody tr', { hasText: '00382' }).allInnerTexts()).toEqual([
      expect.stringContaining('Xã Minh Trí'),
      expect.stringContaining('Xã Kim Anh'),
    ]);
    expect(await figureOf(page, 'Xã Minh Trí')).toBe(eraSum(6));
    expect(await figureOf(page, 'Xã Kim Anh')).toBe(eraSum(8));
    expect(number(await page.locator(`[data-cell="total|${ERA_METRIC}"]`).innerText())).toBe(eraSum(6, 7, 8));
    await screenshot(page, 'statistics-2025-by-commune');
    await expectCleanPage(watch);
  });
});

describe('city staff record a directive issued in August 2025', () => {
  it('pick the day, see the communes of that day as the targets, and track it at 126 communes', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/directives/new`);
    await signIn(page, 'city');
    await page.getByLabel('Tiêu đề').fill('Triển khai Nghị quyết về sắp xếp đơn vị hành chính');
    await page.getByLabel('Nội dung chỉ đạo').fill('Các xã, phường rà soát và báo cáo kết quả.');
    // The day of issue first: the targets offered are the units below the city that day.
    await page.getByLabel('Ngày ban hành').click();
    await page.getByLabel('Ngày ban hành').fill('12/08/2025');
    await page.keyboard.press('Tab');
    await page.locator('.ant-picker-dropdown').first().waitFor({ state: 'hidden' });
    await page.getByLabel('Đơn vị thực hiện').click();
    await page.getByLabel('Đơn vị thực hiện').fill('Kim Anh');
    await page.locator('.ant-select-tree').getByTitle('Xã Kim Anh', { exact: true }).waitFor();
    expect(await page.locator('.ant-select-tree').getByTitle('Huyện Sóc Sơn', { exact: true }).count()).toBe(0);
    await page.getByLabel('Đơn vị thực hiện').fill('');
    await page.keyboard.press('Escape');
    // No districts that day: nothing to pass on to communes.
    expect(await page.getByRole('switch', { name: 'Giao tiếp cho cấp xã' }).count()).toBe(0);
    await page.getByLabel('Hạn hoàn thành').click();
    await page.getByLabel('Hạn hoàn thành').fill('30/09/2025');
    await page.keyboard.press('Tab');
    await page.locator('.ant-picker-dropdown').last().waitFor({ state: 'hidden' });
    await expectCleanPage(watch);
    await screenshot(page, 'directives-issue-august-2025');
    await page.locator('form').getByRole('button', { name: 'Ban hành chỉ đạo' }).click();
    await page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Triển khai Nghị quyết về sắp xếp đơn vị hành chính' }).waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('12/08/2025');
    expect(body).toContain('126');
    await expectCleanPage(watch);
  });
});

describe('a directive of 2024 tracked today', () => {
  it('names each assignment’s unit as it stood then, and says when it ended', async () => {
    const token = await tokenFor(stack.city.graphql, 'city');
    const { issueDirective } = await gqlOk(
      stack.city.graphql,
      `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`,
      {
        i: {
          title: 'Rà soát kiến nghị cử tri năm 2024',
          body: 'Báo cáo kết quả.',
          targetUnitCodes: ['016'],
          issuedOn: '2024-06-10',
          dueDate: '2024-09-30',
        },
      },
      token,
    );
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/directives/${issueDirective.id}`);
    await signIn(page, 'city');
    const row = page.locator('tr[data-unit="016"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('Huyện Sóc Sơn');
    expect(await row.locator('[data-ended]').innerText()).toBe('Không còn từ 01/07/2025');
    await expectCleanPage(watch);
  });
});

describe('the briefing screen across 2025-07-01', () => {
  it('shows the city and its 126 communes for Q3/2025, and says the district level ended', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/briefing/2025Q3`);
    await signIn(page, 'viewer');
    await page.waitForURL(/\/briefing\/2025Q3$/);
    await page.locator('#levels [data-ended="true"]').waitFor();
    expect(await page.locator('#levels article').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))).toEqual([
      'CITY',
      'WARD',
      'DISTRICT',
    ]);
    expect(await page.locator('.level-WARD .reported').innerText()).toContain('đã báo cáo 1/126');
    expect(await page.locator('[data-ended="true"]').innerText()).toContain(
      '30 HĐND ở kỳ trước; không còn từ 01/07/2025, nên không so sánh',
    );
    await screenshot(page, 'briefing-2025Q3');
    await expectCleanPage(watch);
  });
});
