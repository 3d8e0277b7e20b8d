import { parseQuarter, previousQuarter } from '@council/core';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type pg from 'pg';

import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { DISTRICT_ERA_QUARTER } from './support/eras.js';
import { tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { councilWards, ok, realisticValues, submitReport, valueList } from './support/reporting.js';
import { testPool } from './support/sql.js';
import { tablesOf, tableState } from './support/table-state.js';
import { metricRows } from './support/workbooks.js';

/**
 * Report workbooks over HTTP (libs/report-workbooks on district-api): Đông Anh's 24 commune councils in one workbook,
 * downloaded, filled here with exceljs, dry-run, imported into 24 versions and imported again into none; and every
 * kind of bad file refused with its code, in Vietnamese and English, with nothing written to any district table.
 */
type XlsxBytes = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DISTRICT = '017'; // Huyện Đông Anh: 24 xã and thị trấn with a council
const NEIGHBOUR = '018'; // Huyện Gia Lâm
// A quarter of the district era (Đông Anh's communes under Đông Anh), not today's: the 2025 reorganisation ended it.
const quarter = DISTRICT_ERA_QUARTER;
const earlier = previousQuarter(parseQuarter(quarter)).code;
const communes = councilWards(DISTRICT);

let district: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let pool: pg.Pool;
let tables: string[];
let d017: string;
let d018: string;

beforeAll(async () => {
  db = await isolatedDatabase('report_workbooks');
  district = await startApp(DISTRICT_API);
  pool = testPool(db.url, 2);
  tables = await tablesOf(pool, ['district']);
  [d017, d018] = await Promise.all([tokenFor(district.graphql, 'd017'), tokenFor(district.graphql, 'd018')]);
  // Last quarter filed for the first commune (shown beside), this quarter already filed for the second (pre-filled).
  ok(await submitReport(district.graphql, d017, { unitCode: communes[0], period: earlier, values: valueList({ 'sessions.regular': 7 }) }));
  ok(
    await submitReport(district.graphql, d017, {
      unitCode: communes[1],
      period: quarter,
      values: valueList({ 'sessions.regular': 2 }),
      highlights: 'Đã gửi trước',
    }),
  );
}, 120_000);

afterAll(async () => {
  await district?.close();
  await pool?.end();
  await db?.restore();
});

const get = (path: string, token?: string) =>
  fetch(`${district.url}/workbooks/reports/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function post(
  action: 'dry-run' | 'import',
  file: Buffer | Uint8Array,
  token = d017,
  period = quarter,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'bao-cao.xlsx');
  const res = await fetch(`${district.url}/workbooks/reports/${period}/${action}`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A multipart upload of `size` bytes sent as a stream (chunked: no Content-Length, so only the upload's own limit
 * can stop it, while it arrives).
 */
function postStreamed(action: string, size: number): Promise<Response> {
  const boundary = 'council-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\n`,
  );
  const chunk = Buffer.alloc(1024 * 1024, 7);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(head);
      if (sent < size) {
        controller.enqueue(chunk);
        sent += chunk.length;
      } else {
        controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
        controller.close();
      }
    },
  });
  return fetch(`${district.url}/workbooks/reports/${quarter}/${action}`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { authorization: `Bearer ${d017}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  } as RequestInit);
}

async function load(bytes: ArrayBuffer | Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes as ArrayBuffer) as unknown as XlsxBytes);
  return wb;
}

const save = async (wb: ExcelJS.Workbook): Promise<Buffer> => Buffer.from(await wb.xlsx.writeBuffer());
const reportSheets = (wb: ExcelJS.Workbook) => wb.worksheets.filter((ws) => ws.state === 'visible');

/** Each sheet filled with plausible figures of its own (every metric the sheet lists), and a highlight. */
function fill(wb: ExcelJS.Workbook, seed: number): void {
  reportSheets(wb).forEach((ws, i) => {
    const figures = realisticValues('WARD', seed + i);
    for (const [code, row] of metricRows(ws)) ws.getCell(row, 3).value = figures[code] ?? 0;
  });
}

async function districtTemplate(period = quarter, token = d017, code = DISTRICT): Promise<Buffer> {
  const res = await get(`${period}/districts/${code}.xlsx`, token);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const state = () => tableState(pool, tables);
const versions = async () => Number((await pool.query(`SELECT count(*) AS n FROM district.report_version`)).rows[0].n);

describe('a district workbook of 24 communes', () => {
  it('is a sheet per commune council, named by code and short name, pre-filled, with last quarter beside and whole numbers only', async () => {
    const res = await get(`${quarter}/districts/${DISTRICT}.xlsx`, d017);
    expect(res.headers.get('content-type')).toContain(XLSX);
    expect(res.headers.get('content-disposition')).toContain(`bao-cao-xa-${DISTRICT}-${quarter}.xlsx`);
    const wb = await load(await res.arrayBuffer());
    const sheets = reportSheets(wb);
    expect(sheets).toHaveLength(24);
    expect(sheets.map((s) => s.name.slice(0, 5))).toEqual(communes);
    expect(sheets[0].name).toMatch(/^\d{5} [^\d]/);
    expect(sheets[0].name).not.toMatch(/ Xã | Thị trấn /);
    // The metadata an upload is checked against, out of sight.
    expect(wb.worksheets.filter((ws) => ws.state === 'veryHidden')).toHaveLength(1);

    const [first, second] = sheets;
    const rows = metricRows(first);
    const regular = rows.get('sessions.regular')!;
    expect(first.getCell(5, 2).value).toBe('Chỉ tiêu');
    expect(String(first.getCell(regular, 2).value)).toMatch(/kỳ họp/i);
    expect(first.getCell(regular, 4).value).toBe(7); // last quarter, beside
    expect(first.getCell(regular, 3).value).toBeNull(); // nothing filed this quarter
    expect(first.getCell(regular, 3).numFmt).toBe('#,##0');
    expect(first.getCell(regular, 3).dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 1_000_000] });
    expect(second.getCell(metricRows(second).get('sessions.regular')!, 3).value).toBe(2); // filed: pre-filled
    // Grouped as the catalogue groups them: the first group heading sits above the first metric.
    expect(first.getCell(Math.min(...rows.values()) - 1, 1).value).toBe('Kỳ họp');
  });

  it('round-trips: dry run without writing, 24 versions imported, then the same file imports nothing', async () => {
    const wb = await load(await districtTemplate());
    fill(wb, 500);
    const file = await save(wb);

    const before = await state();
    const dry = await post('dry-run', file);
    expect(dry.status).toBe(200);
    expect(await state()).toEqual(before);
    expect(dry.body.reports).toHaveLength(24);
    expect(dry.body.reports.filter((r: any) => r.status === 'READY')).toHaveLength(24);
    expect(dry.body.reports.flatMap((r: any) => r.findings).filter((f: any) => f.severity === 'ERROR')).toEqual([]);

    const count = await versions();
    const imported = await post('import', file);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 24, unchanged: 0, refused: 0 });
    expect(await versions()).toBe(count + 24);
    expect(imported.body.reports.find((r: any) => r.unitCode === communes[1]).version).toBe(2);

    const after = await state();
    const again = await post('import', file);
    expect(again.body).toMatchObject({ created: 0, unchanged: 24, refused: 0 });
    expect(await state()).toEqual(after);

    // A fresh template of what is now filed, sent back untouched (other bytes, same content): nothing new either.
    const fresh = await districtTemplate();
    expect((await post('dry-run', fresh)).body.reports.map((r: any) => r.status)).toEqual(Array(24).fill('UNCHANGED'));
    expect((await post('import', fresh)).body).toMatchObject({ created: 0, unchanged: 24 });
    expect(await state()).toEqual(after);
  }, 600_000); // five passes over 24 reports on a busy machine: generous, not a speed claim
});

describe('findings at their cells', () => {
  it('shows a rule error with its sheet and cell, and imports that report not at all', async () => {
    const res = await get(`${quarter}/units/${communes[2]}.xlsx`, d017);
    const wb = await load(await res.arrayBuffer());
    const [ws] = reportSheets(wb);
    const rows = metricRows(ws);
    for (const row of rows.values()) ws.getCell(row, 3).value = 1;
    const negative = rows.get('sessions.regular')!;
    ws.getCell(negative, 3).value = -3; // Excel's validation would refuse it; a file can still carry it
    const file = await save(wb);

    const dry = await post('dry-run', file);
    expect(dry.status).toBe(200);
    const [report] = dry.body.reports;
    expect(report.status).toBe('INVALID');
    const error = report.findings.find((f: any) => f.rule === 'VALUE_NEGATIVE');
    expect(error).toMatchObject({ severity: 'ERROR', sheet: ws.name, cell: `C${negative}` });
    expect(error.message).toContain(`Trang tính ${ws.name} ô C${negative}`);

    const before = await state();
    expect((await post('import', file)).body).toMatchObject({ created: 0, refused: 1 });
    expect(await state()).toEqual(before);
  });
});

describe('bad files are refused with their reason, and nothing is written', () => {
  let good: ExcelJS.Workbook;
  beforeAll(async () => {
    good = await load(await districtTemplate());
    fill(good, 900);
  });

  /** Both actions refuse it with the status and code, in both languages, and no district table moves. */
  async function refused(file: Buffer | Uint8Array, status: number, code: string, token = d017, period = quarter) {
    const before = await state();
    const answers = [await post('dry-run', file, token, period), await post('import', file, token, period)];
    for (const a of answers) {
      expect({ status: a.status, code: a.body.code }).toEqual({ status, code });
      expect(a.body.message).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
      expect(a.body.messageEn).toEqual(expect.any(String));
      expect(JSON.stringify(a.body)).not.toMatch(/ at \w+ \(|node_modules|\.ts:\d+/);
    }
    expect(await state()).toEqual(before);
    return answers[0].body;
  }

  it('another quarter', async () => {
    const other = await load(await districtTemplate(earlier));
    fill(other, 1);
    const body = await refused(await save(other), 400, 'WORKBOOK_WRONG_PERIOD');
    expect(body.message).toContain(earlier);
  });

  it('a unit outside the uploader’s scope', async () => {
    const gialam = await load(await districtTemplate(quarter, d018, NEIGHBOUR));
    fill(gialam, 2);
    const body = await refused(await save(gialam), 403, 'FORBIDDEN');
    expect(body.sheet).toMatch(/^\d{5} /);
    expect(body.message).toContain('Trang tính');
  });

  it('a renamed sheet', async () => {
    const wb = await load(await save(good));
    reportSheets(wb)[3].name = 'Xã của tôi';
    const body = await refused(await save(wb), 400, 'WORKBOOK_SHEET_UNKNOWN');
    expect(body.problems.map((p: any) => p.code).sort()).toEqual(['WORKBOOK_SHEET_MISSING', 'WORKBOOK_SHEET_UNKNOWN']);
  });

  it('a formula where a figure goes, named with its cell', async () => {
    const wb = await load(await save(good));
    const ws = reportSheets(wb)[4];
    const row = [...metricRows(ws).values()][2];
    ws.getCell(row, 3).value = { formula: 'C8*2', result: 4 } as ExcelJS.CellFormulaValue;
    const body = await refused(await save(wb), 400, 'CELL_FORMULA');
    expect(body.problems).toEqual([expect.objectContaining({ code: 'CELL_FORMULA', sheet: ws.name, cell: `C${row}` })]);
    expect(body.message).toContain(`ô C${row}`);
  });

  it('text in a number cell, and a formula, each named with its cell', async () => {
    const wb = await load(await save(good));
    const ws = reportSheets(wb)[5];
    const rows = [...metricRows(ws).values()];
    ws.getCell(rows[0], 3).value = 'mười hai';
    ws.getCell(rows[1], 3).value = { formula: '1+2', result: 3 } as ExcelJS.CellFormulaValue;
    const body = await refused(await save(wb), 400, 'CELL_NOT_NUMBER');
    expect(body.problems).toEqual([
      expect.objectContaining({ code: 'CELL_NOT_NUMBER', sheet: ws.name, cell: `C${rows[0]}` }),
      expect.objectContaining({ code: 'CELL_FORMULA', sheet: ws.name, cell: `C${rows[1]}` }),
    ]);
    expect(body.problems[0].message).toBe(`Trang tính "${ws.name}" ô C${rows[0]}: "mười hai" không phải là số`);
  });

  it('a 20 MB file, before it is parsed', async () => {
    await refused(Buffer.alloc(20 * 1024 * 1024, 7), 413, 'WORKBOOK_TOO_LARGE');
  });

  it('a 20 MB file streamed with no length given, stopped at the limit while it arrives', async () => {
    const before = await state();
    for (const action of ['dry-run', 'import']) {
      const res = await postStreamed(action, 20 * 1024 * 1024);
      const body = await res.json();
      expect({ status: res.status, code: body.code }).toEqual({ status: 413, code: 'WORKBOOK_TOO_LARGE' });
      expect(body.message).toContain('MB');
    }
    expect(await state()).toEqual(before);
  });

  it('a zip bomb, before exceljs inflates it: by its declared sizes, and when its headers lie', async () => {
    const zip = await JSZip.loadAsync(await save(good));
    zip.file('xl/media/filler.bin', Buffer.alloc(100 * 1024 * 1024)); // 100 MB of zeros: about 100 KB deflated
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await refused(bomb, 400, 'WORKBOOK_ZIP_BOMB');

    // The same entry declaring 1,000 bytes in both its headers: inflating stops at what it declared.
    const lying = Buffer.from(bomb);
    const name = Buffer.from('xl/media/filler.bin');
    for (let p = lying.indexOf(name); p >= 0; p = lying.indexOf(name, p + 1)) {
      const local = lying.readUInt32LE(p - 30) === 0x04034b50;
      lying.writeUInt32LE(1000, local ? p - 30 + 22 : p - 46 + 24);
    }
    await refused(lying, 400, 'WORKBOOK_ZIP_BOMB');
  }, 60_000);

  it('a file that is not a workbook at all, or not sent as a file', async () => {
    await refused(Buffer.from('Đây không phải là bảng tính\n'), 415, 'WORKBOOK_NOT_XLSX');
    const zip = new JSZip();
    zip.file('readme.txt', 'không phải xlsx');
    await refused(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 415, 'WORKBOOK_NOT_XLSX');
    const res = await fetch(`${district.url}/workbooks/reports/${quarter}/dry-run`, {
      method: 'POST',
      body: JSON.stringify({ file: 'x' }),
      headers: { authorization: `Bearer ${d017}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(415);
    expect((await res.json()).code).toBe('WORKBOOK_NOT_MULTIPART');
  });

  it('nobody signed in, or a template of a unit out of scope', async () => {
    expect((await get(`${quarter}/districts/${DISTRICT}.xlsx`)).status).toBe(401);
    const res = await get(`${quarter}/districts/${NEIGHBOUR}.xlsx`, d017);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/json');
    const anonymous = await fetch(`${district.url}/workbooks/reports/${quarter}/import`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
  });
});

describe('a quarter closed, and the same file sent twice at once', () => {
  const closed = previousQuarter(parseQuarter(earlier)).code;
  const twice = previousQuarter(parseQuarter(closed)).code;

  it('a dry run says each report of a closed quarter cannot be sent, and the import sends none', async () => {
    const wb = await load(await districtTemplate(closed));
    fill(wb, 700);
    const file = await save(wb);
    const city = await tokenFor(district.graphql, 'city');
    const res = await fetch(district.graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${city}` },
      body: JSON.stringify({
        query: `mutation($p: String!, $s: String) { closeQuarter(period: $p, scopeCode: $s) { id } }`,
        variables: { p: closed, s: DISTRICT },
      }),
    });
    expect((await res.json()).errors).toBeUndefined();

    const before = await state();
    const dry = await post('dry-run', file, d017, closed);
    expect(dry.status).toBe(200);
    expect(dry.body.reports.map((r: any) => r.status)).toEqual(Array(24).fill('INVALID'));
    const finding = dry.body.reports[0].findings[0];
    expect(finding).toMatchObject({ rule: 'PERIOD_CLOSED', severity: 'ERROR' });
    expect(finding.message).toMatch(/đã khoá sổ ngày \d{2}\/\d{2}\/\d{4}/);
    const imported = await post('import', file, d017, closed);
    expect(imported.body).toMatchObject({ created: 0, refused: 24 });
    expect(await state()).toEqual(before);
  });

  it('two uploads of one file at the same moment make its 24 versions once', async () => {
    const wb = await load(await districtTemplate(twice));
    fill(wb, 800);
    const file = await save(wb);
    const count = await versions();
    const answers = await Promise.all([post('import', file, d017, twice), post('import', file, d017, twice)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    // Each report made once, by whichever upload got there first: the other finds it made (or the same), nothing new.
    expect(answers[0].body.created + answers[1].body.created).toBe(24);
    expect(answers.map((a) => a.body.refused)).toEqual([0, 0]);
    expect(await versions()).toBe(count + 24);
  }, 600_000);
});
