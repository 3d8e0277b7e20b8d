/**
 * The Excel journey in Chromium against the real platform (test/support/web.ts): Đông Anh's district staff download
 * the workbook of their 24 communes from the reports list, fill two communes' sheets (one with an error) outside the
 * browser, upload it, read the dry run's findings at their sheet and cell, import, and see the versions created; a
 * file that is not a workbook is refused in Vietnamese.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseQuarter, periodLabel } from '@council/core';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';

import { DISTRICT_ERA_QUARTER } from './support/eras.js';
import { tokenFor } from './support/graphql.js';
import { councilWards, readReport, realisticValues } from './support/reporting.js';
import { expectCleanPage, openPage, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';
import { metricRows } from './support/workbooks.js';

const DISTRICT = '017';
const communes = councilWards(DISTRICT);
/** A quarter of the district era (Đông Anh's communes under Đông Anh), not today's, which has no districts. */
const QUARTER = DISTRICT_ERA_QUARTER;
const QUARTER_LABEL = periodLabel(parseQuarter(QUARTER)).vi; // Quý II/2024

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_workbooks');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/**
 * The quarter picked as a user would: the list offers the current quarter first, back to Q1/2024 (a virtual list,
 * scrolled until the quarter shows).
 */
async function pickQuarter(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Quý' }).click();
  const option = page.locator(`.ant-select-item-option[title="${QUARTER_LABEL}"]`);
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-dropdown-list-holder');
  await dropdown.waitFor();
  for (let i = 0; i < 40 && !(await option.isVisible()); i++) {
    await dropdown.hover();
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(50);
  }
  await option.click();
  await page.locator('.ant-select-content', { hasText: QUARTER_LABEL }).waitFor(); // shown as the picked quarter
}

describe('a commune clerk takes the quarter’s template of their own council', () => {
  it('downloads one sheet, named by the commune, with the metrics in Vietnamese and no district-wide button', async () => {
    const commune = communes[3];
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/reports`);
    await signIn(page, `w${commune}`);
    await page.getByRole('button', { name: 'Tải mẫu Excel' }).waitFor();
    expect(await page.getByRole('button', { name: 'Tải mẫu cho cả quận/huyện' }).count()).toBe(0);
    await pickQuarter(page);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Tải mẫu Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`bao-cao-${commune}-${QUARTER}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheets = wb.worksheets.filter((ws) => ws.state === 'visible');
    expect(sheets.map((ws) => ws.name.slice(0, 5))).toEqual([commune]);
    const rows = metricRows(sheets[0]);
    expect(rows.size).toBeGreaterThan(10);
    expect(String(sheets[0].getCell(rows.get('sessions.regular')!, 2).value)).toMatch(/kỳ họp/i);
    await expectCleanPage(watch);
    await watch.context.close();
  });
});

describe('district staff bring their communes’ figures in from Excel', () => {
  it('download the template, upload it filled, read the findings with their cells, import', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(`${stack.url}/reports`);
    await signIn(page, 'd017');
    await page.getByRole('button', { name: 'Tải mẫu cho cả quận/huyện' }).waitFor();
    await pickQuarter(page);
    await screenshot(page, 'workbook-templates');
    await expectCleanPage(watch);

    const [download] = await Promise.all([
      // Generous: 24 sheets built on a machine that may be busy (a sanity bound, not a speed claim).
      page.waitForEvent('download', { timeout: 180_000 }),
      page.getByRole('button', { name: 'Tải mẫu cho cả quận/huyện' }).click({ timeout: 180_000 }),
    ]);
    expect(download.suggestedFilename()).toBe(`bao-cao-xa-${DISTRICT}-${QUARTER}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheets = wb.worksheets.filter((ws) => ws.state === 'visible');
    expect(sheets).toHaveLength(24);

    // Two communes filled; the second with a negative count, which Excel's validation would stop but a file can carry.
    const [good, bad] = sheets;
    for (const [i, ws] of [good, bad].entries()) {
      const figures = realisticValues('WARD', 40 + i);
      for (const [code, row] of metricRows(ws)) ws.getCell(row, 3).value = figures[code] ?? 0;
    }
    const badRow = metricRows(bad).get('sessions.regular')!;
    bad.getCell(badRow, 3).value = -2;
    const filled = join(tmpdir(), `web-workbooks-${process.pid}.xlsx`);
    writeFileSync(filled, Buffer.from(await wb.xlsx.writeBuffer()));

    await page.getByRole('link', { name: 'Nhập từ Excel' }).click();
    await page.waitForURL(`**/reports/import?period=${QUARTER}`);
    await page.locator('input[type=file]').setInputFiles(filled);
    await page.getByText('1 báo cáo sẵn sàng nhập, 0 không đổi, 1 có lỗi, 22 để trống.', { exact: false }).waitFor({ timeout: 180_000 });
    const badRowText = await page.getByRole('row', { name: new RegExp(bad.name) }).innerText();
    expect(badRowText).toContain(`Ô C${badRow}`);
    expect(badRowText).toMatch(/Có lỗi/);
    expect(badRowText).toMatch(/âm|không được nhỏ hơn 0/i);
    await screenshot(page, 'workbook-dry-run');
    await expectCleanPage(watch);

    await page.getByRole('button', { name: 'Nhập', exact: true }).click({ timeout: 180_000 });
    await page.getByText('Đã nhập: 1 phiên bản mới, 0 không đổi, 1 bị từ chối.').waitFor({ timeout: 180_000 });
    await screenshot(page, 'workbook-imported');
    await expectCleanPage(watch);
    const token = await tokenFor(stack.district.graphql, 'd017');
    expect((await readReport(stack.district.graphql, token, communes[0], QUARTER)).data?.report?.version).toBe(1);
    expect((await readReport(stack.district.graphql, token, communes[1], QUARTER)).data?.report).toBeNull();

    // Not a workbook at all: the server's reason, in Vietnamese, and nothing else.
    const notXlsx = join(tmpdir(), `web-workbooks-${process.pid}-text.xlsx`);
    writeFileSync(notXlsx, 'Bảng số liệu quý (không phải Excel)\n');
    await page.locator('input[type=file]').setInputFiles(notXlsx);
    await page.getByRole('alert').filter({ hasText: 'Tệp không phải bảng tính Excel' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'workbook-bad-file');
    await expectCleanPage(watch);
    await watch.context.close();
  }, 900_000);
});
