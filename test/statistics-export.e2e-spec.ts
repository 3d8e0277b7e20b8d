/**
 * Any `statistics` query as a file (issue 15, part 4): GET/POST /exports/statistics.xlsx|.csv on city-api, over real
 * HTTP against the demo year 2024 folded by a real worker. The workbook read back with exceljs and the CSV read by
 * fast-csv must hold exactly city-api's own GraphQL answer for the same query, with the query, the time, who made it
 * and the basis written in the file; bad parameters, an export over the budget and another district's units are
 * refused with the same codes (and the same words) as the GraphQL field.
 */
import { vietnamDateTimeText } from '@council/core';
import { parseString } from '@fast-csv/parse';
import ExcelJS from 'exceljs';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { demoFiguresSettled } from './support/demo-figures.js';
import { gql, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';

type XlsxBytes = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const METRICS = ['sessions.thematic', 'resolutions.issued', 'voter_contacts.meetings'];
const YEAR = ['2024Q1', '2024Q2', '2024Q3', '2024Q4'];
/** What the file holds, as a GraphQL operation (the one the export reckons its cost on). */
const STATISTICS = `query StatisticsExport($query: StatisticsQuery!) {
  statistics(query: $query) { asOf rows { level period value unit { code name nameEn } metric { code nameVi nameEn } } }
}`;

interface Row {
  level: string | null;
  period: string | null;
  value: number;
  unit: { code: string; name: string } | null;
  metric: { code: string; nameVi: string; nameEn: string } | null;
}

let city: RunningApp;
let worker: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let token: string;

const answer = async (query: Record<string, unknown>): Promise<Row[]> =>
  (await gqlOk<{ statistics: { rows: Row[] } }>(city.graphql, STATISTICS, { query }, token)).statistics.rows;

function exportUrl(format: string, params: Record<string, string>): string {
  return `${city.url}/exports/statistics.${format}?${new URLSearchParams(params).toString()}`;
}

const get = (url: string, as?: string) => fetch(url, { headers: as ? { authorization: `Bearer ${as}` } : {} });
const post = (format: string, body: unknown, as: string) =>
  fetch(`${city.url}/exports/statistics.${format}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function workbook(res: Response): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as XlsxBytes);
  return wb;
}

function parseCsv(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(text, { headers: false })
      .on('data', (r: string[]) => rows.push(r))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

/** "06/12/2026 10:05" for the minutes a request may have taken place in. */
function minutesAround(from: number, to: number): string[] {
  const out = new Set<string>();
  for (let t = from; t < to; t += 30_000) out.add(vietnamDateTimeText(new Date(t)));
  out.add(vietnamDateTimeText(new Date(to)));
  return [...out];
}

beforeAll(async () => {
  db = await isolatedDatabase('statistics_export', { demo: true });
  [city, worker] = await Promise.all([startApp(CITY_API), startApp(SYNC_WORKER)]);
  token = await tokenFor(city.graphql, 'city');
  // The worker folds the demo year's reports into the city's totals.
  expect(await demoFiguresSettled(city.graphql, token)).toBe(true);
}, 180_000);

afterAll(async () => {
  for (const app of [city, worker]) await app?.close().catch(() => undefined);
  await db?.restore();
}, 60_000);

describe('a statistics query as a file', () => {
  it('XLSX: the GraphQL answer cell by cell, figures as numbers, with the query, time, who and basis', async () => {
    const query = { periods: YEAR, metrics: METRICS, scope: '01', groupBy: ['UNIT', 'METRIC'], unitLevel: 'DISTRICT' };
    const api = await answer(query);
    expect(api).toHaveLength(30 * METRICS.length);

    const before = Date.now();
    const res = await get(
      exportUrl('xlsx', { ...query, periods: YEAR.join(','), metrics: METRICS.join(','), groupBy: 'UNIT,METRIC', basis: 'AS_REPORTED' }),
      token,
    );
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="thong-ke-2024Q1-2024Q4.xlsx"');
    const wb = await workbook(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Số liệu', 'Tham số']);
    const ws = wb.getWorksheet('Số liệu')!;

    // Above the table: the query in words and as parameters, when, who, the basis.
    const lines = Array.from({ length: 14 }, (_, i) => String(ws.getCell(i + 1, 1).value ?? ''));
    expect(lines[0]).toBe('Thống kê hoạt động HĐND / People’s Council activity statistics');
    expect(lines).toContain(
      'Truy vấn: Quý I/2024, Quý II/2024, Quý III/2024, Quý IV/2024 · Thành phố Hà Nội · nhóm theo đơn vị (HĐND cấp huyện), chỉ tiêu · ' +
        'Kỳ họp chuyên đề; Nghị quyết ban hành; Hội nghị tiếp xúc cử tri',
    );
    expect(lines).toContain(
      'Tham số: periods=2024Q1,2024Q2,2024Q3,2024Q4&metrics=sessions.thematic,resolutions.issued,voter_contacts.meetings' +
        '&scope=01&groupBy=UNIT,METRIC&unitLevel=DISTRICT&basis=AS_REPORTED',
    );
    expect(lines).toContain('Người xuất: city (Chuyên viên thành phố)');
    expect(lines).toContain('Cơ sở so sánh: theo số liệu đã báo cáo');
    expect(lines).toContain('Basis: as reported');
    const generated = lines.find((l) => l.startsWith('Thời điểm xuất: '));
    expect(minutesAround(before, after).map((t) => `Thời điểm xuất: ${t} (giờ Việt Nam)`)).toContain(generated);

    // The header, Vietnamese with English below it, then exactly the API's rows in its order.
    const headerRow = Array.from({ length: ws.rowCount }, (_, i) => i + 1).find((r) => ws.getCell(r, 1).value === 'Mã đơn vị')!;
    const cells = (r: number) => Array.from({ length: 6 }, (_, c) => ws.getCell(r, c + 1).value);
    expect(cells(headerRow)).toEqual(['Mã đơn vị', 'Đơn vị', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Chỉ tiêu (tiếng Anh)', 'Giá trị']);
    expect(cells(headerRow + 1)).toEqual(['Unit code', 'Unit', 'Metric code', 'Metric', 'Metric (English)', 'Value']);
    const fromSheet = Array.from({ length: ws.rowCount - headerRow - 1 }, (_, i) => cells(headerRow + 2 + i));
    expect(fromSheet).toEqual(api.map((r) => [r.unit!.code, r.unit!.name, r.metric!.code, r.metric!.nameVi, r.metric!.nameEn, r.value]));
    for (let i = 0; i < api.length; i++) expect(ws.getCell(headerRow + 2 + i, 6).numFmt).toBe('#,##0');

    // The parameters sheet reproduces the query, down to the GraphQL variables.
    const params = wb.getWorksheet('Tham số')!;
    const named = new Map(
      Array.from({ length: params.rowCount - 1 }, (_, i) => [params.getCell(i + 2, 1).value, params.getCell(i + 2, 2).value]),
    );
    expect(named.get('periods')).toBe(YEAR.join(','));
    expect(named.get('basis')).toBe('AS_REPORTED');
    expect(JSON.parse(String(named.get('GraphQL')))).toEqual({ query: { ...query, basis: 'AS_REPORTED' } });
  });

  it('CSV from the GraphQL variables: BOM, CRLF, quoted text, plain numbers, the same figures as the answer', async () => {
    const query = {
      periods: ['2024Q1', '2024Q2'],
      metrics: METRICS,
      scope: '017',
      groupBy: ['UNIT', 'PERIOD', 'METRIC'],
      unitLevel: 'WARD',
    };
    const api = await answer(query);
    expect(api.length).toBeGreaterThan(METRICS.length * 2);

    const res = await post('csv', { query }, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="thong-ke-2024Q1-2024Q2-017.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n|\r/);
    expect(text).toContain('Cơ sở so sánh: theo số liệu đã báo cáo,Basis: as reported\r\n');
    expect(text.startsWith('Thống kê hoạt động HĐND,People’s Council activity statistics\r\n')).toBe(true);
    // Text with a comma is quoted.
    expect(text).toContain('\r\n"Truy vấn: Quý I/2024, Quý II/2024 · Huyện Đông Anh · nhóm theo đơn vị (HĐND cấp xã), kỳ, chỉ tiêu ·');

    const rows = await parseCsv(text);
    const header = rows.findIndex((r) => r[0] === 'Mã đơn vị / Unit code');
    expect(rows[header]).toEqual([
      'Mã đơn vị / Unit code',
      'Đơn vị / Unit',
      'Mã kỳ / Period code',
      'Kỳ / Period',
      'Mã chỉ tiêu / Metric code',
      'Chỉ tiêu / Metric',
      'Chỉ tiêu (tiếng Anh) / Metric (English)',
      'Giá trị / Value',
    ]);
    const body = rows.slice(header + 1);
    expect(body.map((r) => [r[0], r[1], r[2], r[4], Number(r[7])])).toEqual(
      api.map((r) => [r.unit!.code, r.unit!.name, r.period, r.metric!.code, r.value]),
    );
    // Numbers plain: digits only, no thousands separator, whatever their size.
    expect(body.every((r) => /^\d+$/.test(r[7]))).toBe(true);
    expect(body.map((r) => r[3])).toContain('Quý II/2024');
  });

  it('refuses bad parameters with a code and the field, as JSON, never a file', async () => {
    const base = { periods: '2024Q1', groupBy: 'METRIC' };
    const cases: [Record<string, string>, number, string, string | undefined][] = [
      [{ ...base, metrics: 'no.such.metric' }, 400, 'BAD_USER_INPUT', 'query.metrics[0]'],
      [{ ...base, periods: '2024Q5' }, 400, 'BAD_USER_INPUT', 'query.periods[0]'],
      [{ groupBy: 'METRIC' }, 400, 'BAD_USER_INPUT', 'query.periods'],
      [{ periods: '2024Q1' }, 400, 'BAD_USER_INPUT', 'query.groupBy'],
      [{ ...base, groupBy: 'COLOUR' }, 400, 'BAD_USER_INPUT', 'query.groupBy[0]'],
      [{ ...base, basis: 'TODAY' }, 400, 'BAD_USER_INPUT', 'basis'],
      // Today's units re-base rows of units only.
      [{ ...base, basis: 'CURRENT_UNITS' }, 400, 'BAD_USER_INPUT', 'query.basis'],
      [{ ...base, metric: 'sessions.thematic' }, 400, 'BAD_USER_INPUT', 'metric'],
      [{ ...base, scope: '99999' }, 400, 'BAD_USER_INPUT', 'query.scope'],
    ];
    for (const [params, status, code, field] of cases) {
      const res = await get(exportUrl('xlsx', params), token);
      const body = (await res.json()) as { code: string; field?: string; message: string; messageEn: string };
      expect([JSON.stringify(params), res.status, body.code, body.field]).toEqual([JSON.stringify(params), status, code, field]);
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(body.message).toMatch(/\p{L}/u);
    }
    // The basis names its allowed values.
    const basis = (await (await get(exportUrl('csv', { ...base, basis: 'TODAY' }), token)).json()) as { message: string };
    expect(basis.message).toContain('AS_REPORTED, CURRENT_UNITS');
    // Another file type.
    const pdf = await get(`${city.url}/exports/statistics.pdf?periods=2024Q1&groupBy=METRIC`, token);
    expect([pdf.status, ((await pdf.json()) as { code: string }).code]).toEqual([400, 'BAD_USER_INPUT']);
    // A body that is not the variables.
    const bad = await post('xlsx', { periods: ['2024Q1'] }, token);
    expect([bad.status, ((await bad.json()) as { field: string }).field]).toEqual([400, 'query']);
  });

  it('refuses an export over the budget with the very refusal the GraphQL query gets', async () => {
    // Ten years of quarters × every metric × every commune of the city: 960.000 rows, far over city staff's 50.000.
    const periods = Array.from({ length: 40 }, (_, i) => `${2015 + Math.floor(i / 4)}Q${(i % 4) + 1}`);
    const query = { periods, scope: '01', groupBy: ['UNIT', 'PERIOD', 'METRIC'], unitLevel: 'WARD' };
    const graphql = await gql(city.graphql, STATISTICS, { query }, token);
    expect(graphql.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const res = await post('xlsx', { query }, token);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; field: string; message: string; cost: unknown };
    expect(body.code).toBe('BAD_USER_INPUT');
    expect(body.message).toBe(graphql.errors![0].message);
    expect(body.message).toMatch(/^Truy vấn quá lớn: ước tính [\d.]+ dòng, vượt hạn mức 50\.000 dòng \(CITY_STAFF\)/);
    expect(body.field).toBe(graphql.errors![0].extensions!.field);
    expect(body.cost).toEqual(graphql.errors![0].extensions!.cost);

    // The same by link, as CSV.
    const link = await get(
      exportUrl('csv', { periods: periods.join(','), scope: '01', groupBy: 'UNIT,PERIOD,METRIC', unitLevel: 'WARD' }),
      token,
    );
    expect(link.status).toBe(400);
    expect(((await link.json()) as { message: string }).message).toBe(graphql.errors![0].message);
  });

  it('answers only whom the GraphQL field answers: signed out 401, a viewer and district staff 403', async () => {
    const url = exportUrl('xlsx', { periods: '2024Q1', groupBy: 'UNIT,METRIC', unitLevel: 'WARD', scope: '017' });
    const anonymous = await get(url);
    expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);

    // Thanh Xuân's staff asking for Đông Anh's communes: refused, as the GraphQL field refuses them, with no figure.
    const thanhXuan = await tokenFor(city.graphql, 'd009');
    const graphql = await gql(
      city.graphql,
      STATISTICS,
      { query: { periods: ['2024Q1'], groupBy: ['UNIT', 'METRIC'], unitLevel: 'WARD', scope: '017' } },
      thanhXuan,
    );
    expect(graphql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const as of [thanhXuan, await tokenFor(city.graphql, 'viewer')]) {
      for (const res of [
        await get(url, as),
        await post('csv', { query: { periods: ['2024Q1'], groupBy: ['METRIC'], scope: '017' } }, as),
      ]) {
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
      }
    }
  });
});
