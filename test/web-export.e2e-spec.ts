/**
 * The explorer's export menu in Chromium (issue 15, part 4): city staff open a range of quarters by district, pick
 * "Xuất số liệu gốc → Xuất Excel (XLSX)" and "→ Xuất CSV", and the files the browser saves hold exactly the figures on
 * screen, made by city-api with the query, the time, who and the basis in them.
 */
import { readFile } from 'node:fs/promises';

import ExcelJS from 'exceljs';

import { demoFiguresSettled } from './support/demo-figures.js';
import { tokenFor } from './support/graphql.js';
import { expectCleanPage, openPage, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

const METRICS = ['sessions.thematic', 'resolutions.issued', 'voter_contacts.meetings'];

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_export', { demo: true });
  expect(await demoFiguresSettled(stack.city.graphql, await tokenFor(stack.city.graphql, 'city'))).toBe(true);
}, 180_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/** "1.236" → 1236 */
const number = (text: string) => Number(text.replace(/\./g, '').trim());

it('city staff download what is on screen as XLSX and as CSV from the export menu', async () => {
  const watch = await openPage(stack);
  const { page } = watch;
  const link = `${stack.url}/statistics?pm=range&p=2024Q1,2024Q4&m=${METRICS.join(',')}&s=01&r=DISTRICT`;
  await page.goto(link);
  await signIn(page, 'city');
  await page.locator('[data-cell="total|voter_contacts.meetings"]').waitFor();
  const cells = await page
    .locator('[data-cell]')
    .evaluateAll((els) => els.map((el) => [el.getAttribute('data-cell')!, el.textContent ?? ''] as const));
  const onScreen = new Map(cells.filter(([k]) => !k.startsWith('total|')).map(([k, v]) => [k, number(v)]));
  expect(onScreen.size).toBe(30 * METRICS.length);

  // The menu, open, beside the page's own workbook button.
  await page.getByTestId('statistics-export').click();
  const xlsxItem = page.getByRole('menuitem', { name: 'Xuất Excel (XLSX)' });
  await xlsxItem.waitFor();
  await screenshot(page, 'statistics-export-menu');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), xlsxItem.click()]);
  expect(xlsx.suggestedFilename()).toBe('thong-ke-2024Q1-2024Q4.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  const ws = wb.getWorksheet('Số liệu')!;
  const lines = Array.from({ length: 14 }, (_, i) => String(ws.getCell(i + 1, 1).value ?? ''));
  expect(lines).toContain('Cơ sở so sánh: theo số liệu đã báo cáo');
  expect(lines).toContain('Người xuất: city (Chuyên viên thành phố)');
  expect(lines.find((l) => l.startsWith('Truy vấn: '))).toContain('Quý I/2024, Quý II/2024, Quý III/2024, Quý IV/2024 · Thành phố Hà Nội');
  const header = Array.from({ length: ws.rowCount }, (_, i) => i + 1).find((r) => ws.getCell(r, 1).value === 'Mã đơn vị')!;
  const inFile = new Map<string, number>();
  for (let r = header + 2; r <= ws.rowCount; r++)
    inFile.set(`${ws.getCell(r, 1).value}|${ws.getCell(r, 3).value}`, ws.getCell(r, 6).value as number);
  expect(inFile).toEqual(onScreen);

  // The same as CSV: a byte order mark first, the same figures.
  await page.getByTestId('statistics-export').click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Xuất CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe('thong-ke-2024Q1-2024Q4.csv');
  const bytes = await readFile(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = bytes.toString('utf8').split('\r\n');
  const first = rows.findIndex((l) => l.startsWith('Mã đơn vị / Unit code,')) + 1;
  const fromCsv = new Map(
    rows
      .slice(first)
      .filter(Boolean)
      .map((l) => l.split(','))
      .map((c) => [`${c[0]}|${c[2]}`, Number(c.at(-1))] as const),
  );
  expect(fromCsv).toEqual(onScreen);

  await page.keyboard.press('Escape');
  await screenshot(page, 'statistics-export');
  await expectCleanPage(watch);
}, 120_000);
