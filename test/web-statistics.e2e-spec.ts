/**
 * The statistics explorer in Chromium against the real platform and the demo year 2024 (test/support/web.ts):
 * city staff explore 2024 by district for three metrics, check the table and the workbook against city-api's own
 * `statistics` answer, and read who reported Q1/2024.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import type { Request } from 'playwright-core';

import { gqlOk, tokenFor } from './support/graphql.js';
import { ok, submitReport, valueList } from './support/reporting.js';
import { ARTIFACTS, expectCleanPage, openPage, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

const METRICS = ['sessions.thematic', 'resolutions.issued', 'voter_contacts.meetings'];
const STATISTICS = `query S($query: StatisticsQuery!) { statistics(query: $query) { rows { unit { code name } metric { code nameVi } value } } }`;
const COMPLETENESS = `query C($period: String!, $level: CouncilLevel!) {
  completeness(period: $period, level: $level) { expected submitted onTime late missing { code name } } }`;

let stack: WebStack;
let token: string;

interface Row {
  unit: { code: string; name: string };
  metric: { code: string; nameVi: string };
  value: number;
}

const byDistrict = async (): Promise<Row[]> =>
  (
    await gqlOk<{ statistics: { rows: Row[] } }>(
      stack.city.graphql,
      STATISTICS,
      { query: { periods: ['2024'], metrics: METRICS, scope: '01', groupBy: ['UNIT', 'METRIC'], unitLevel: 'DISTRICT' } },
      token,
    )
  ).statistics.rows;

const sum = (rows: Row[]) => rows.reduce((s, r) => s + r.value, 0);

beforeAll(async () => {
  stack = await startWebStack('web_statistics', { demo: true });
  token = await tokenFor(stack.city.graphql, 'city');
  // The worker folds the demo year's reports into the city's totals: wait until they are there and stop moving.
  let last = -1;
  let still = 0;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const [total, q4] = await Promise.all([
      byDistrict().then(sum),
      gqlOk(stack.city.graphql, COMPLETENESS, { period: '2024Q4', level: 'WARD' }, token).then(
        (d: { completeness: { submitted: number } }) => d.completeness.submitted,
      ),
    ]);
    still = total > 0 && q4 > 0 && total === last ? still + 1 : 0;
    if (still >= 3) break;
    last = total;
    await new Promise((r) => setTimeout(r, 1000));
  }
  expect(still).toBeGreaterThanOrEqual(3);
}, 180_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/** "1.236" → 1236 */
const number = (text: string) => Number(text.replace(/\./g, '').trim());

describe('city staff explore the statistics in the browser', () => {
  it('draw 2024 by district for three metrics, download exactly that as XLSX, and read who reported Q1', async () => {
    const watch = await openPage(stack);
    const { page } = watch;
    const api = await byDistrict();
    expect(new Set(api.map((r) => r.unit.code)).size).toBe(30);
    const expected = new Map(api.map((r) => [`${r.unit.code}|${r.metric.code}`, r.value]));
    for (const m of METRICS) expected.set(`total|${m}`, sum(api.filter((r) => r.metric.code === m)));

    // The explorer opens the latest year with figures, by district, with three key metrics: all in the link.
    await page.goto(`${stack.url}/statistics`);
    await signIn(page, 'city');
    await page.waitForURL(/\/statistics\?/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ pm: 'year', p: '2024', m: METRICS.join(','), s: '01', r: 'DISTRICT' });

    // The link alone reproduces the view; it opens and draws quickly, asking city-api once for the figures and once for
    // the names: what the app asked for as it started (features/statistics/prefetch.ts) is not asked for again.
    const asked: string[] = [];
    const watchRequests = (request: Request) => {
      const body = request.url().endsWith('/api/city/graphql') ? (request.postDataJSON() as { operationName?: string } | null) : null;
      if (body?.operationName) asked.push(body.operationName);
    };
    page.on('request', watchRequests);
    const started = Date.now();
    await page.goto(url.toString());
    await page.locator('[data-cell="total|voter_contacts.meetings"]').waitFor();
    await page.locator('[data-testid="statistics-chart"] canvas').waitFor();
    page.off('request', watchRequests);
    expect(asked.filter((op) => op.startsWith('Statistics')).sort()).toEqual(['StatisticsCatalogue', 'StatisticsTable']);
    console.log(`explorer drawn ${Date.now() - started} ms after the link was opened (page load included)`);
    expect(await page.getByTestId('statistics-title').innerText()).toBe('Năm 2024 · Thành phố Hà Nội · theo quận, huyện, thị xã');
    expect(await page.getByTestId('statistics-chart').getAttribute('aria-label')).toContain('Biểu đồ: Năm 2024');

    // Every number in the table is the API's, totals included.
    const cells = await page
      .locator('[data-cell]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-cell')!, el.textContent ?? ''] as const));
    expect(cells).toHaveLength(expected.size);
    expect(new Map(cells.map(([k, v]) => [k, number(v)]))).toEqual(expected);
    expect(cells.some(([, v]) => /\d\.\d{3}/.test(v))).toBe(true); // thousands read 1.236
    await screenshot(page, 'statistics-explorer');
    await page.getByTestId('statistics-chart').screenshot({ path: join(ARTIFACTS, 'web-statistics-explorer-chart.png') });
    await expectCleanPage(watch);

    // The workbook holds exactly what is on screen: title with period and scope, the same rows, columns and totals.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải bảng đang xem (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('thong-ke-2024-01-DISTRICT.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('Năm 2024 · Thành phố Hà Nội · theo quận, huyện, thị xã');
    const header = (ws.getRow(5).values as unknown[]).slice(1);
    const names = new Map(api.map((r) => [r.metric.code, r.metric.nameVi]));
    expect(header).toEqual(['Mã', 'Đơn vị', ...METRICS.map((m) => names.get(m))]);
    const fromSheet = new Map<string, number>();
    const units: string[] = [];
    for (let r = 6; r <= ws.rowCount; r++) {
      const values = (ws.getRow(r).values as unknown[]).slice(1);
      const key = values[0] ? String(values[0]) : values[1] === 'Tổng cộng' ? 'total' : null;
      if (!key) continue;
      if (key !== 'total') units.push(key);
      METRICS.forEach((m, i) => fromSheet.set(`${key}|${m}`, values[2 + i] as number));
    }
    expect(units).toEqual([...new Set(api.map((r) => r.unit.code))]);
    expect(fromSheet).toEqual(expected);

    // Rows by level, picked on the page: the link follows, and the new table is drawn at once.
    const switched = Date.now();
    await page.getByLabel('Hàng theo').click();
    await page.locator('.ant-select-item-option', { hasText: 'Cấp HĐND' }).click();
    await page.locator('[data-cell="WARD|sessions.thematic"]').waitFor();
    console.log(`rows by level drawn ${Date.now() - switched} ms after the choice`);
    expect(new URL(page.url()).searchParams.get('r')).toBe('LEVEL');
    const levels = (
      await gqlOk(
        stack.city.graphql,
        `query L($query: StatisticsQuery!) { statistics(query: $query) { rows { level metric { code } value } } }`,
        { query: { periods: ['2024'], metrics: METRICS, scope: '01', groupBy: ['LEVEL', 'METRIC'] } },
        token,
      )
    ).statistics.rows as { level: string; metric: { code: string }; value: number }[];
    const byLevel = await page
      .locator('[data-cell]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-cell')!, el.textContent ?? ''] as const));
    expect(new Map(byLevel.filter(([k]) => !k.startsWith('total|')).map(([k, v]) => [k, number(v)]))).toEqual(
      new Map(levels.map((r) => [`${r.level}|${r.metric.code}`, r.value])),
    );

    // Completeness of Q1/2024, district level: the counts and the missing councils as the API says.
    await page.getByRole('tab', { name: 'Tình hình gửi báo cáo' }).click();
    await page.waitForURL(/\/statistics\/completeness/);
    await page.goto(`${stack.url}/statistics/completeness?p=2024Q1&l=WARD&s=01`);
    await page.locator('[data-count="expected"]').waitFor();
    const { completeness } = await gqlOk(stack.city.graphql, COMPLETENESS, { period: '2024Q1', level: 'WARD' }, token);
    const shown = await page
      .locator('[data-count]')
      .evaluateAll((els) => Object.fromEntries(els.map((el) => [el.getAttribute('data-count')!, el.textContent ?? ''])));
    expect(Object.fromEntries(Object.entries(shown).map(([k, v]) => [k, number(v)]))).toEqual({
      expected: completeness.expected,
      submitted: completeness.submitted,
      onTime: completeness.onTime,
      late: completeness.late,
      missing: completeness.missing.length,
    });
    expect(completeness.expected).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { level: 2 }).innerText()).toContain('Quý I/2024');
    await screenshot(page, 'statistics-completeness');
    await expectCleanPage(watch);

    // Q4/2024, where a few councils have not reported yet: the list names exactly the API's missing councils.
    await page.goto(`${stack.url}/statistics/completeness?p=2024Q4&l=WARD&s=01`);
    const q4 = (await gqlOk(stack.city.graphql, COMPLETENESS, { period: '2024Q4', level: 'WARD' }, token)).completeness;
    expect(q4.missing.length).toBeGreaterThan(0);
    await page
      .locator('[data-count="missing"]')
      .filter({ hasText: String(q4.missing.length) })
      .waitFor();
    const listed = await page.locator('tbody tr[data-row-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')));
    expect(listed).toEqual(q4.missing.slice(0, 20).map((u: { code: string }) => u.code));
    await screenshot(page, 'statistics-completeness-missing');
    await expectCleanPage(watch);

    // Plan against actual: the demo year sets no plans, so the page says so.
    await page.getByRole('tab', { name: 'Kế hoạch và thực hiện' }).click();
    await page.getByText('Chưa có kế hoạch năm nào được giao cho phạm vi này.').waitFor();
    await expectCleanPage(watch);
    await watch.context.close();
  }, 180_000);

  it('switch the explorer to the 2021–2026 council term, whose figures are city-api’s for the term, by district', async () => {
    // The demo files 2024 only: a 2023 report of Đông Anh makes the term differ from the year on screen before it.
    const year = sum(await byDistrict());
    const districtToken = await tokenFor(stack.district.graphql, 'd017');
    ok(
      await submitReport(
        stack.district.graphql,
        districtToken,
        { unitCode: '017', period: '2023Q2', values: valueList({ 'sessions.thematic': 7 }) },
        randomUUID(),
      ),
    );
    const termQuery = { periods: ['NK2021-2026'], metrics: METRICS, scope: '01', groupBy: ['UNIT', 'METRIC'], unitLevel: 'DISTRICT' };
    const byTerm = async () =>
      (await gqlOk<{ statistics: { rows: Row[] } }>(stack.city.graphql, STATISTICS, { query: termQuery }, token)).statistics;
    const deadline = Date.now() + 60_000;
    while (sum((await byTerm()).rows) !== year + 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const term = { statistics: await byTerm() };
    expect(sum(term.statistics.rows)).toBe(year + 7);

    const watch = await openPage(stack);
    const { page } = watch;
    const expected = new Map(term.statistics.rows.map((r) => [`${r.unit.code}|${r.metric.code}`, r.value]));
    for (const m of METRICS) expected.set(`total|${m}`, sum(term.statistics.rows.filter((r) => r.metric.code === m)));
    expect(expected.get('total|sessions.thematic')).toBeGreaterThan(0);

    await page.goto(`${stack.url}/statistics?pm=year&p=2024&m=${METRICS.join(',')}&s=01&r=DISTRICT`);
    await signIn(page, 'city');
    await page.locator('[data-cell="total|sessions.thematic"]').waitFor();
    // The term the year on screen falls in, named with its number, as city-api records it.
    await page.locator('.ant-segmented-item', { hasText: 'Nhiệm kỳ' }).click();
    await page.waitForURL(/pm=term/);
    expect(new URL(page.url()).searchParams.get('p')).toBe('NK2021-2026');
    await page.getByText('Nhiệm kỳ 2021–2026, khóa XVI').waitFor();
    await page.getByTestId('statistics-title').filter({ hasText: 'Nhiệm kỳ 2021–2026 · Thành phố Hà Nội' }).waitFor();
    // Drawn once the term's answer is in (the year's stays on screen while it loads).
    const total = String(expected.get('total|sessions.thematic')).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    await page
      .locator('[data-cell="total|sessions.thematic"]')
      .filter({ hasText: new RegExp(`^${total}$`) })
      .waitFor();
    const cells = await page
      .locator('[data-cell]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-cell')!, el.textContent ?? ''] as const));
    expect(new Map(cells.map(([k, v]) => [k, number(v)]))).toEqual(expected);
    await screenshot(page, 'statistics-explorer-term');
    await expectCleanPage(watch);
    await watch.context.close();
  }, 120_000);
});
