import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '@council/database';
import ExcelJS from 'exceljs';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { leaks } from './support/reporting.js';
import {
  SEED_003_BY_LEVEL,
  SEED_003_DISTRICTS as DISTRICTS,
  SEED_003_WARDS as WARDS,
  seed003Filings,
  seed003Input,
  spread,
} from './support/seed-003.js';
import { testClient } from './support/sql.js';

/**
 * The briefing's take-away workbook (GET /briefing/:period/workbook.xlsx):
 * seed 003's Q1/2024 figures are filed through district-api as in the sync
 * test, a city directive is issued and one district completes its part; the
 * workbook a viewer downloads, read back with exceljs, must hold exactly
 * those figures.
 */
/** exceljs declares its own `Buffer` (an ArrayBuffer) for load(); Node's Buffer is what it really takes. */
type XlsxBytes = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];
const bytes = async (res: Response): Promise<XlsxBytes> => Buffer.from(await res.arrayBuffer()) as unknown as XlsxBytes;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id status } }`;
const STATS = `query($q: StatisticsQuery!) { statistics(query: $q) { rows { level metric { code } value } } }`;
const ISSUE = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id progress { total } } }`;
const DIRECTIVES = `{ directives { id progress { total completed } } }`;
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const file = JSON.parse(readFileSync(join(projectRoot(), 'data/hanoi-admin-units.json'), 'utf8')) as {
  districts: { code: string; name: string; wards: { code: string }[] }[];
};
const parentOf = new Map(file.districts.flatMap((d) => d.wards.map((w) => [w.code, d.code] as const)));
const dT = spread(26, DISTRICTS.length);
const dR = spread(102, DISTRICTS.length);
const wT = spread(111, WARDS.length);
const wR = spread(202, WARDS.length);

let district: RunningApp;
let city: RunningApp;
let worker: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
const dueDate = future(30);

async function download(period: string, token?: string): Promise<Response> {
  return fetch(`${city.url}/briefing/${encodeURIComponent(period)}/workbook.xlsx`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** A cell's value, a formula's cached result in place of the formula. */
function value(ws: ExcelJS.Worksheet, row: number, column: number): unknown {
  const v = ws.getCell(row, column).value;
  return v && typeof v === 'object' && 'formula' in v ? v.result : v;
}

/** The first row whose cell in `column` holds `text`. */
function rowWith(ws: ExcelJS.Worksheet, column: number, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, column).value === text) return r;
  throw new Error(`no row with "${text}" in column ${column} of ${ws.name}`);
}

function rowsFrom(ws: ExcelJS.Worksheet, first: number, until: (r: number) => boolean): number[] {
  const rows: number[] = [];
  for (let r = first; r <= ws.rowCount && !until(r); r++) rows.push(r);
  return rows;
}

beforeAll(async () => {
  db = await isolatedDatabase('briefing_export');
  [district, city, worker] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API), startApp(SYNC_WORKER)]);

  // Seed 003, Q1/2024: the city 1 and 20, the districts 26 and 102, the communes 111 and 202.
  const staff = await tokenFor(district.graphql, 'city');
  const filings = seed003Filings();
  await Promise.all(filings.map((f) => gqlOk(district.graphql, SUBMIT, { i: seed003Input(f) }, staff)));
  const cityToken = await tokenFor(city.graphql, 'city');
  const byLevel = async () => {
    const data = await gqlOk(
      city.graphql,
      STATS,
      { q: { periods: ['2024Q1'], metrics: ['sessions.thematic', 'resolutions.issued'], groupBy: ['LEVEL', 'METRIC'] } },
      cityToken,
    );
    return Object.fromEntries(
      data.statistics.rows.map((r: { level: string; metric: { code: string }; value: number }) => [`${r.level} ${r.metric.code}`, r.value]),
    );
  };
  const expected = SEED_003_BY_LEVEL;
  expect(await eventually(byLevel, (v) => JSON.stringify(v) === JSON.stringify(expected), 10_000)).toEqual(expected);

  // A city directive to every district (seed 003's conclusion); Thanh Xuân completes its part.
  const issued = await gqlOk(
    city.graphql,
    ISSUE,
    {
      i: {
        title: 'Rà soát toàn bộ nhiệm vụ, đặc biệt là các kết luận chất vấn, giải trình',
        body: 'Đề nghị Thường trực HĐND cấp huyện rà soát lại toàn bộ nhiệm vụ, gắn với thực hiện nghiêm túc Chỉ thị số 24-CT/TU.',
        reference: 'Chỉ thị 24-CT/TU',
        dueDate,
      },
    },
    cityToken,
  );
  expect(issued.issueDirective.progress.total).toBe(30);
  // Issued during Q1/2024, not today: a period's summary counts the directives issued by its end.
  const client = testClient(db.url);
  await client.connect();
  await client.query(`UPDATE city.directive SET issued_at = timestamptz '2024-03-20 10:00+07' WHERE id = $1`, [issued.issueDirective.id]);
  await client.end();
  const d009 = await tokenFor(district.graphql, 'd009');
  const mine = await eventually(
    async () => (await gqlOk(district.graphql, `{ assignments(unitCode: "009") { id status } }`, {}, d009)).assignments as { id: string }[],
    (a) => a.length === 1,
    10_000,
  );
  await gqlOk(
    district.graphql,
    `mutation($id: ID!) { updateAssignment(id: $id, status: COMPLETED, note: "Đã rà soát xong") { status } }`,
    { id: mine[0].id },
    d009,
  );
  const done = await eventually(
    async () => (await gqlOk(city.graphql, DIRECTIVES, {}, cityToken)).directives,
    (d) => d[0]?.progress.completed === 1,
    10_000,
  );
  expect(done[0].progress).toEqual({ total: 30, completed: 1 });
  // And one issued today, to Thanh Xuân: long after Q1/2024, so in none of its sheets.
  await gqlOk(
    city.graphql,
    ISSUE,
    { i: { title: 'Chuẩn bị kỳ họp cuối năm', body: 'Đề nghị chuẩn bị nội dung kỳ họp.', targetUnitCodes: ['009'], dueDate } },
    cityToken,
  );
  await eventually(
    async () => (await gqlOk(city.graphql, DIRECTIVES, {}, cityToken)).directives,
    (d) => d.length === 2,
    10_000,
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([district?.close(), city?.close(), worker?.close()]);
  await db?.restore();
});

describe('the briefing workbook, Q1/2024', () => {
  let wb: ExcelJS.Workbook;

  it('downloads as a viewer: an XLSX attachment named for the period, with the four sheets', async () => {
    const res = await download('2024Q1', await tokenFor(city.graphql, 'viewer'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="giao-ban-2024Q1.xlsx"');
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await bytes(res));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo quận, huyện', 'Chưa báo cáo', 'Chỉ đạo']);
    for (const ws of wb.worksheets) expect(ws.views[0]).toMatchObject({ state: 'frozen' });
  });

  it('"Tổng hợp" states the period and, per level, the councils, who reported and seed 003’s figures — as numbers', async () => {
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getCell('A1').value).toBe('Số liệu giao ban HĐND thành phố Hà Nội — Quý I/2024');
    expect(String(ws.getCell('A3').value)).toMatch(
      /^Số liệu tính đến \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \(giờ Việt Nam\); so sánh với Quý IV\/2023\.$/,
    );
    expect([ws.getCell(6, 4).value, ws.getCell(6, 7).value, ws.getCell(6, 10).value]).toEqual([
      'HĐND thành phố',
      'HĐND cấp huyện',
      'HĐND cấp xã',
    ]);
    expect([ws.getCell(7, 4).value, ws.getCell(7, 5).value, ws.getCell(7, 6).value]).toEqual([
      'Quý I/2024',
      'Quý IV/2023',
      'Tăng (+), giảm (−)',
    ]);
    const perLevel = (r: number) => [4, 7, 10].map((c) => value(ws, r, c));
    expect(perLevel(rowWith(ws, 1, 'Số HĐND'))).toEqual([1, 30, 404]);
    expect(perLevel(rowWith(ws, 1, 'Đã gửi báo cáo'))).toEqual([1, DISTRICTS.length, WARDS.length]);
    // Filed now for a quarter of 2024: all late.
    expect(perLevel(rowWith(ws, 1, 'Trong đó: gửi muộn'))).toEqual([1, DISTRICTS.length, WARDS.length]);
    expect(perLevel(rowWith(ws, 1, 'Chưa gửi báo cáo'))).toEqual([0, 30 - DISTRICTS.length, 404 - WARDS.length]);

    const thematic = rowWith(ws, 3, 'sessions.thematic');
    const resolutions = rowWith(ws, 3, 'resolutions.issued');
    expect(ws.getCell(thematic, 1).value).toBe('Kỳ họp chuyên đề');
    expect(ws.getCell(resolutions, 1).value).toBe('Nghị quyết ban hành');
    expect(perLevel(thematic)).toEqual([1, 26, 111]);
    expect(perLevel(resolutions)).toEqual([20, 102, 202]);
    // Previous quarter (nothing filed): nothing to compare with, so no previous figure and no change (not "+102").
    expect([5, 6, 8, 9, 11, 12].map((c) => value(ws, resolutions, c))).toEqual([null, null, null, null, null, null]);
    expect(ws.getCell(resolutions, 7).numFmt).toBe('#,##0');
    // Every metric of the catalogue, zeros included.
    expect(value(ws, rowWith(ws, 3, 'sessions.regular'), 7)).toBe(0);
    expect(value(ws, rowWith(ws, 1, 'Tổng số nhiệm vụ được giao'), 4)).toBe(30);
    expect(value(ws, rowWith(ws, 1, 'Đã hoàn thành'), 4)).toBe(1);
  });

  it('"Theo quận, huyện" has one row per district: its own council’s figures, then its communes’ totals', async () => {
    const ws = wb.getWorksheet('Theo quận, huyện')!;
    const codes = new Map<string, number[]>();
    for (let c = 1; c <= ws.columnCount; c++) {
      const code = ws.getCell(6, c).value;
      if (typeof code === 'string') codes.set(code, [...(codes.get(code) ?? []), c]);
    }
    const [ownThematic, communeThematic] = codes.get('sessions.thematic')!;
    const [ownResolutions, communeResolutions] = codes.get('resolutions.issued')!;
    expect(ws.getCell(4, ownThematic).value).toBe('Số liệu của HĐND cấp huyện (của chính đơn vị)');
    expect(ws.getCell(4, communeThematic).value).toBe('Tổng của các HĐND cấp xã trực thuộc');
    expect(ws.getCell(5, ownThematic).value).toBe('Kỳ họp chuyên đề');

    const rows = rowsFrom(ws, 7, (r) => ws.getCell(r, 3).value === 'Cộng');
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => ws.getCell(r, 2).value)).toEqual(file.districts.map((d) => d.code));
    for (const r of rows) {
      const code = ws.getCell(r, 2).value as string;
      const i = DISTRICTS.indexOf(code);
      const communes = (counts: number[]) => WARDS.reduce((sum, w, k) => sum + (parentOf.get(w) === code ? counts[k] : 0), 0);
      expect({
        code,
        own: [value(ws, r, ownThematic), value(ws, r, ownResolutions)],
        communes: [value(ws, r, communeThematic), value(ws, r, communeResolutions)],
      }).toEqual({
        code,
        own: i >= 0 ? [dT[i], dR[i]] : [0, 0],
        communes: [communes(wT), communes(wR)],
      });
      expect(ws.getCell(r, 4).value).toBe(i >= 0 ? 'Đã báo cáo' : 'Chưa');
    }
    const thanhXuan = rowWith(ws, 2, '009');
    expect(ws.getCell(thanhXuan, 3).value).toBe('Quận Thanh Xuân');
    expect([value(ws, thanhXuan, 6), value(ws, thanhXuan, 8)]).toEqual([0, 0]); // no commune councils; its assignment is done
    expect(value(ws, rowWith(ws, 2, '017'), 8)).toBe(1);

    const total = rowWith(ws, 3, 'Cộng');
    expect(ws.getCell(total, ownResolutions).value).toMatchObject({ formula: expect.stringMatching(/^SUM\(/) });
    expect([
      value(ws, total, ownThematic),
      value(ws, total, ownResolutions),
      value(ws, total, communeThematic),
      value(ws, total, communeResolutions),
    ]).toEqual([26, 102, 111, 202]);
    expect([value(ws, total, 4), value(ws, total, 6), value(ws, total, 7)]).toEqual([DISTRICTS.length, 404, WARDS.length]);
  });

  it('"Chưa báo cáo" lists, by level, the councils that have not reported', async () => {
    const ws = wb.getWorksheet('Chưa báo cáo')!;
    const rows = rowsFrom(ws, 6, (r) => ws.getCell(r, 4).value == null);
    const byLevel = (level: string) => rows.filter((r) => ws.getCell(r, 3).value === level);
    expect(byLevel('HĐND thành phố')).toHaveLength(0);
    const districts = byLevel('HĐND cấp huyện');
    expect(districts.map((r) => ws.getCell(r, 4).value)).toEqual(file.districts.map((d) => d.code).filter((c) => !DISTRICTS.includes(c)));
    const bacTuLiem = districts.find((r) => ws.getCell(r, 4).value === '021')!;
    expect([ws.getCell(bacTuLiem, 2).value, ws.getCell(bacTuLiem, 5).value, ws.getCell(bacTuLiem, 6).value]).toEqual([
      '2024Q1',
      'Quận Bắc Từ Liêm',
      'Thành phố Hà Nội',
    ]);
    const wards = byLevel('HĐND cấp xã');
    expect(wards).toHaveLength(404 - WARDS.length);
    expect(wards.some((r) => WARDS.includes(ws.getCell(r, 4).value as string))).toBe(false);
    // The counts beside the list.
    const table = rowsFrom(ws, 6, (r) => ws.getCell(r, 8).value == null).map((r) => [8, 9, 10, 11, 14].map((c) => value(ws, r, c)));
    expect(table).toEqual([
      ['2024Q1', 'HĐND thành phố', 1, 1, 0],
      ['2024Q1', 'HĐND cấp huyện', 30, DISTRICTS.length, 30 - DISTRICTS.length],
      ['2024Q1', 'HĐND cấp xã', 404, WARDS.length, 404 - WARDS.length],
    ]);
  });

  it('"Chỉ đạo" lists the city’s directives with their progress', async () => {
    const ws = wb.getWorksheet('Chỉ đạo')!;
    const r = rowWith(ws, 2, 'Chỉ thị 24-CT/TU');
    expect(r).toBe(6);
    expect(ws.getCell(r, 3).value).toBe('Rà soát toàn bộ nhiệm vụ, đặc biệt là các kết luận chất vấn, giải trình');
    expect((ws.getCell(r, 5).value as Date).toISOString().slice(0, 10)).toBe(dueDate);
    expect([6, 7, 8, 9, 10, 11].map((c) => value(ws, r, c))).toEqual([30, 29, 0, 0, 1, 0]);
    expect(value(ws, r, 12)).toBeCloseTo(1 / 30);
    expect(ws.getCell(r + 1, 3).value).toBe('Cộng');
    expect(value(ws, r + 1, 6)).toBe(30);
  });
});

describe('the workbook of a year', () => {
  it('sums the year and lists who has not reported, quarter by quarter', async () => {
    const res = await download('2024', await tokenFor(city.graphql, 'city'));
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="giao-ban-2024.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await bytes(res));
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getCell('A1').value).toBe('Số liệu giao ban HĐND thành phố Hà Nội — Năm 2024');
    expect([4, 7, 10].map((c) => value(ws, rowWith(ws, 3, 'resolutions.issued'), c))).toEqual([20, 102, 202]);
    expect([5, 8, 11].map((c) => ws.getCell(7, c).value)).toEqual(['Năm 2023', 'Năm 2023', 'Năm 2023']);
    const missing = wb.getWorksheet('Chưa báo cáo')!;
    const quarters = rowsFrom(missing, 6, (r) => missing.getCell(r, 8).value == null).map(
      (r) => `${value(missing, r, 8)} ${value(missing, r, 9)} ${value(missing, r, 14)}`,
    );
    expect(quarters).toEqual([
      '2024Q1 HĐND thành phố 0',
      `2024Q1 HĐND cấp huyện ${30 - DISTRICTS.length}`,
      `2024Q1 HĐND cấp xã ${404 - WARDS.length}`,
      '2024Q2 HĐND thành phố 1',
      '2024Q2 HĐND cấp huyện 30',
      '2024Q2 HĐND cấp xã 404',
      '2024Q3 HĐND thành phố 1',
      '2024Q3 HĐND cấp huyện 30',
      '2024Q3 HĐND cấp xã 404',
      '2024Q4 HĐND thành phố 1',
      '2024Q4 HĐND cấp huyện 30',
      '2024Q4 HĐND cấp xã 404',
    ]);
  });
});

describe('errors on the download are JSON with GraphQL’s codes, never a stack', () => {
  async function error(res: Response): Promise<Record<string, unknown>> {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBeNull();
    const body = (await res.json()) as Record<string, unknown>;
    expect(leaks(body as never)).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/stack|\.ts:\d|\.js:\d/i);
    return body;
  }

  it('refuses a request without a token: 401 UNAUTHENTICATED', async () => {
    const res = await download('2024Q1');
    expect(res.status).toBe(401);
    expect(await error(res)).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('refuses district staff: 403 FORBIDDEN', async () => {
    const res = await download('2024Q1', await tokenFor(city.graphql, 'd009'));
    expect(res.status).toBe(403);
    expect(await error(res)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a malformed period: 400 BAD_USER_INPUT naming the field', async () => {
    const viewer = await tokenFor(city.graphql, 'viewer');
    for (const period of ['2024Q5', 'Q1-2024', '1999']) {
      const res = await download(period, viewer);
      expect(res.status).toBe(400);
      expect(await error(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period', message: expect.stringContaining(period) });
    }
  });
});
