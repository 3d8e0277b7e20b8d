/**
 * Quarterly reports (issue #3) end to end over HTTP: district-api in process,
 * real PostgreSQL and Redis. Each test uses its own units and quarters so the
 * tests do not depend on one another (except the steps of the review flow,
 * which are one story told in order).
 */
import { randomUUID } from 'node:crypto';

import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { quarterFromNow, vietnamDay } from './support/clock.js';
import { districtEraCommune } from './support/eras.js';
import { errorCode, tokenFor } from './support/graphql.js';
import {
  auditLog,
  councilWards,
  listReports,
  ok,
  phuongOf,
  readReport,
  realisticValues,
  ReportingDb,
  reportingPeriod,
  type ReportInput,
  reviewReport,
  saveReport,
  setDeadline,
  submitReport,
  valueList,
  valueMap,
} from './support/reporting.js';

let district: RunningApp;
let db: ReportingDb;
let api: string;
const tokens: Record<string, string> = {};
const as = async (user: string) => (tokens[user] ??= await tokenFor(api, user));

beforeAll(async () => {
  district = await startApp(DISTRICT_API);
  api = district.graphql;
  db = new ReportingDb();
});
afterAll(async () => {
  await db?.close();
  await district?.close();
});

const ERROR_RULES = [
  'PERIOD_INVALID',
  'PERIOD_NOT_STARTED',
  'VALUE_NOT_INTEGER',
  'VALUE_NEGATIVE',
  'VALUE_TOO_LARGE',
  'METRIC_UNKNOWN',
  'METRIC_DUPLICATE',
  'METRIC_NOT_APPLICABLE',
  'PART_EXCEEDS_WHOLE',
  'NARRATIVE_TOO_LONG',
];

/** The rules that refuse saving a draft too (libs/core STRUCTURAL_RULES): input a draft cannot hold. */
const SAVE_REFUSED_BY = ['PERIOD_INVALID', 'PERIOD_NOT_STARTED', 'VALUE_NOT_INTEGER', 'METRIC_UNKNOWN', 'METRIC_DUPLICATE'];

/** Within a minute of now: the server's clock and ours agree. */
function recent(iso: string | null | undefined): boolean {
  if (!iso) return false;
  const t = Date.parse(iso);
  return Number.isFinite(t) && Math.abs(Date.now() - t) < 60_000;
}

const byVersion = <T extends { version: number }>(list: T[]): T[] => [...list].sort((a, b) => a.version - b.version);

// A deadline no test run will reach: ten years from today.
const FAR_DEADLINE = vietnamDay(3653);
const NOT_STARTED = quarterFromNow(1).code;

/** Runs fn and checks that the district tables are exactly as before. */
async function writesNothing<T>(fn: () => Promise<T>): Promise<T> {
  const before = await db.snapshot();
  const result = await fn();
  expect(await db.snapshot()).toEqual(before);
  return result;
}

// ---------------------------------------------------------------------------

describe('a ward files, its district returns, the ward corrects, the district accepts (Xã Xuân Nộn, 2024Q1)', () => {
  const unitCode = '00457';
  const period = '2024Q1';
  const v1 = realisticValues('WARD', 457);
  v1['resolutions.issued'] = 3;
  v1['documents.reviewed'] = 5;
  const v2 = { ...v1, 'resolutions.issued': 4, 'documents.reviewed': 6 };
  const comment = 'Đề nghị rà soát lại số nghị quyết ban hành trong quý (thiếu Nghị quyết số 04/NQ-HĐND).';
  let id: string;
  let firstSubmittedAt: string;

  it('saves a draft: DRAFT, version 0, not yet submitted, due 2024-04-10', async () => {
    const w = await as('w00457');
    const input: ReportInput = { unitCode, period, values: valueList(v1), highlights: 'Tổ chức thành công kỳ họp chuyên đề về quy hoạch.' };
    const r = ok(await saveReport(api, w, input)).saveReport;
    id = r.id;
    expect(r).toMatchObject({
      period,
      status: 'DRAFT',
      version: 0,
      dueDate: '2024-04-10',
      late: false,
      submittedAt: null,
      submittedBy: null,
      firstSubmittedAt: null,
    });
    expect(r.unit).toEqual({ code: unitCode, level: 'WARD' });
    expect(valueMap(r.values)).toEqual(v1);
    expect(r.highlights).toBe(input.highlights);

    const read = ok(await readReport(api, w, unitCode, period)).report!;
    expect(read).toMatchObject({ id, status: 'DRAFT', version: 0 });
    expect(read.versions).toEqual([]);
    expect(await db.outbox(unitCode, period)).toEqual([]);
  });

  it('submits: version 1, SUBMITTED, who and when, late (after 2024-04-10)', async () => {
    const r = ok(
      await submitReport(
        api,
        await as('w00457'),
        { unitCode, period, values: valueList(v1), highlights: 'Tổ chức thành công kỳ họp chuyên đề về quy hoạch.' },
        randomUUID(),
      ),
    ).submitReport;
    expect(r).toMatchObject({ id, status: 'SUBMITTED', version: 1, submittedBy: 'w00457', late: true, dueDate: '2024-04-10' });
    expect(recent(r.submittedAt)).toBe(true);
    expect(r.firstSubmittedAt).toBe(r.submittedAt);
    expect(r.findings.every((f) => f.severity === 'WARNING')).toBe(true);
    expect(valueMap(r.values)).toEqual(v1);
    firstSubmittedAt = r.firstSubmittedAt!;
  });

  it('is returned by its district with a comment', async () => {
    const r = ok(await reviewReport(api, await as('d017'), id, 'RETURN', comment)).reviewReport;
    expect(r).toMatchObject({ id, status: 'RETURNED', version: 1, reviewComment: comment, reviewedBy: 'd017' });
    expect(recent(r.reviewedAt)).toBe(true);
    expect(valueMap(r.values)).toEqual(v1);
    const read = ok(await readReport(api, await as('w00457'), unitCode, period)).report!;
    expect(read).toMatchObject({ status: 'RETURNED', reviewComment: comment, version: 1 });
  });

  it('is corrected as a draft: DRAFT again, still version 1, the draft values shown, version 1 unchanged', async () => {
    const w = await as('w00457');
    const r = ok(
      await saveReport(api, w, { unitCode, period, values: valueList(v2), highlights: 'Đã bổ sung Nghị quyết số 04/NQ-HĐND.' }),
    ).saveReport;
    expect(r).toMatchObject({ id, status: 'DRAFT', version: 1 });
    expect(valueMap(r.values)).toEqual(v2);
    const read = ok(await readReport(api, w, unitCode, period)).report!;
    expect(valueMap(read.values)).toEqual(v2);
    expect(read.versions).toHaveLength(1);
    expect(valueMap(read.versions![0].values)).toEqual(v1);
  });

  it('is resubmitted as version 2, keeping the first submission time', async () => {
    const r = ok(
      await submitReport(
        api,
        await as('w00457'),
        { unitCode, period, values: valueList(v2), highlights: 'Đã bổ sung Nghị quyết số 04/NQ-HĐND.' },
        randomUUID(),
      ),
    ).submitReport;
    expect(r).toMatchObject({ id, status: 'SUBMITTED', version: 2, submittedBy: 'w00457', late: true });
    expect(r.firstSubmittedAt).toBe(firstSubmittedAt);
    expect(Date.parse(r.submittedAt!)).toBeGreaterThanOrEqual(Date.parse(firstSubmittedAt));
    expect(valueMap(r.values)).toEqual(v2);
  });

  it('is accepted by its district', async () => {
    const r = ok(await reviewReport(api, await as('d017'), id, 'ACCEPT', 'Đồng ý.')).reviewReport;
    expect(r).toMatchObject({ id, status: 'ACCEPTED', version: 2, reviewedBy: 'd017' });
    expect(valueMap(r.values)).toEqual(v2);
  });

  it('keeps both versions readable with their own values, for the ward, its district and the city', async () => {
    for (const user of ['w00457', 'd017', 'city']) {
      const r = ok(await readReport(api, await as(user), unitCode, period)).report!;
      expect(r).toMatchObject({ id, status: 'ACCEPTED', version: 2 });
      const versions = byVersion(r.versions!);
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      expect(valueMap(versions[0].values)).toEqual(v1);
      expect(valueMap(versions[1].values)).toEqual(v2);
      expect(versions.map((v) => v.submittedBy)).toEqual(['w00457', 'w00457']);
      expect(versions.every((v) => v.late)).toBe(true);
      expect(versions[0].submittedAt).toBe(firstSubmittedAt);
      expect(versions[0].highlights).toBe('Tổ chức thành công kỳ họp chuyên đề về quy hoạch.');
      expect(versions[1].highlights).toBe('Đã bổ sung Nghị quyết số 04/NQ-HĐND.');
    }
  });

  it('has an audit trail, newest first, readable by city staff', async () => {
    const entries = ok(await auditLog(api, await as('city'), { unitCode, period })).auditLog;
    expect(entries.map((e) => e.action)).toEqual(['ACCEPT', 'SUBMIT', 'SAVE_DRAFT', 'RETURN', 'SUBMIT', 'SAVE_DRAFT']);
    expect(entries.map((e) => e.username)).toEqual(['d017', 'w00457', 'w00457', 'd017', 'w00457', 'w00457']);
    for (const e of entries) {
      expect(e).toMatchObject({ unitCode, period, reportId: id });
      expect(() => JSON.parse(e.changes)).not.toThrow();
    }
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(entries.filter((e) => e.action === 'SUBMIT').map((e) => e.version)).toEqual([2, 1]);
    expect(entries.find((e) => e.action === 'RETURN')!.version).toBe(1);
    expect(entries.find((e) => e.action === 'ACCEPT')!.version).toBe(2);
    // The correction says what changed.
    expect(entries[2].changes).toContain('resolutions.issued');
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);

    const limited = ok(await auditLog(api, await as('city'), { unitCode, period, limit: 2 })).auditLog;
    expect(limited.map((e) => e.id)).toEqual(entries.slice(0, 2).map((e) => e.id));
    expect(ok(await auditLog(api, await as('admin'), { unitCode, period })).auditLog).toHaveLength(6);
  });

  it('keeps the audit log from district, ward and viewer users', async () => {
    for (const user of ['d017', 'w00457', 'viewer']) {
      expect(errorCode(await auditLog(api, await as(user), { unitCode, period }))).toBe('FORBIDDEN');
    }
  });

  it('wrote one outbox row per submit, return and accept, each with the full snapshot', async () => {
    const rows = await db.outbox(unitCode, period);
    expect(rows.map((r) => r.type)).toEqual(['ReportSubmitted', 'ReportReturned', 'ReportSubmitted', 'ReportAccepted']);
    expect(rows.map((r) => r.payload.status)).toEqual(['SUBMITTED', 'RETURNED', 'SUBMITTED', 'ACCEPTED']);
    expect(rows.map((r) => Number(r.payload.version))).toEqual([1, 1, 2, 2]);
    expect(rows.map((r) => r.payload.values)).toEqual([v1, v1, v2, v2]);
    const revisions = rows.map((r) => Number(r.payload.revision));
    expect(new Set(revisions).size).toBe(4);
    for (const r of rows) {
      expect(r.payload).toMatchObject({ unitCode, period });
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

// ---------------------------------------------------------------------------

describe('scope: FORBIDDEN, and nothing written', () => {
  const period = '2024Q1';
  const values = valueList(realisticValues('DISTRICT', 18));

  it('refuses a district user submitting (or saving) for a neighbouring district', async () => {
    const d = await as('d017');
    await writesNothing(async () => {
      expect(errorCode(await submitReport(api, d, { unitCode: '018', period, values }, randomUUID()))).toBe('FORBIDDEN');
      expect(errorCode(await saveReport(api, d, { unitCode: '018', period, values }))).toBe('FORBIDDEN');
    });
    expect(ok(await readReport(api, await as('city'), '018', period)).report).toBeNull();
    expect(await db.outbox('018', period)).toEqual([]);
  });

  it('refuses a district user submitting for a ward of another district', async () => {
    const d = await as('d017');
    const wardValues = valueList(realisticValues('WARD', 529));
    await writesNothing(async () => {
      expect(errorCode(await submitReport(api, d, { unitCode: '00529', period, values: wardValues }, randomUUID()))).toBe('FORBIDDEN');
      expect(errorCode(await saveReport(api, d, { unitCode: '00529', period, values: wardValues }))).toBe('FORBIDDEN');
    });
    expect(ok(await readReport(api, await as('city'), '00529', period)).report).toBeNull();
  });

  it('lets a district file for its own wards, and keeps a ward user to its own ward', async () => {
    // Thuỵ Lâm's report, filed by Đông Anh on its behalf.
    const filed = ok(
      await submitReport(
        api,
        await as('d017'),
        { unitCode: '00460', period, values: valueList(realisticValues('WARD', 460)) },
        randomUUID(),
      ),
    ).submitReport;
    expect(filed).toMatchObject({ status: 'SUBMITTED', version: 1, submittedBy: 'd017' });
    expect(ok(await readReport(api, await as('w00460'), '00460', period)).report).toMatchObject({ id: filed.id });

    const w = await as('w00457');
    await writesNothing(async () => {
      expect(errorCode(await readReport(api, w, '00460', period))).toBe('FORBIDDEN'); // a sibling ward
      expect(errorCode(await readReport(api, w, '017', period))).toBe('FORBIDDEN'); // its own district
      expect(errorCode(await readReport(api, w, '00529', period))).toBe('FORBIDDEN');
      expect(
        errorCode(await submitReport(api, w, { unitCode: '00460', period, values: valueList(realisticValues('WARD', 1)) }, randomUUID())),
      ).toBe('FORBIDDEN');
      expect(errorCode(await saveReport(api, w, { unitCode: '017', period, values }))).toBe('FORBIDDEN');
      expect(errorCode(await reviewReport(api, w, filed.id, 'ACCEPT', null))).toBe('FORBIDDEN');
    });
    expect(ok(await readReport(api, await as('w00460'), '00460', period)).report).toMatchObject({ status: 'SUBMITTED', version: 1 });
  });

  it('lists only what the caller may read; a parentCode outside the scope is FORBIDDEN', async () => {
    ok(
      await submitReport(
        api,
        await as('d018'),
        { unitCode: '00532', period, values: valueList(realisticValues('WARD', 532)) },
        randomUUID(),
      ),
    );
    const scope017 = new Set(['017', ...councilWards('017')]);
    const inScope017 = (code: string) => scope017.has(code);

    const d017 = ok(await listReports(api, await as('d017'), { period })).reports;
    expect(d017.map((r) => r.unit.code)).toEqual(expect.arrayContaining(['00460']));
    expect(d017.every((r) => inScope017(r.unit.code))).toBe(true);
    expect(d017.map((r) => r.unit.code)).not.toContain('00532');

    const children = ok(await listReports(api, await as('d017'), { period, parentCode: '017' })).reports;
    expect(children.map((r) => r.unit.code)).toEqual(expect.arrayContaining(['00460']));
    expect(children.every((r) => inScope017(r.unit.code) && r.period === period)).toBe(true);

    expect(errorCode(await listReports(api, await as('d017'), { period, parentCode: '018' }))).toBe('FORBIDDEN');
    expect(errorCode(await listReports(api, await as('w00457'), { period, parentCode: '017' }))).toBe('FORBIDDEN');

    const ward = ok(await listReports(api, await as('w00460'), { period })).reports;
    expect(ward.map((r) => r.unit.code)).toEqual(['00460']);

    const cityList = ok(await listReports(api, await as('city'), { period })).reports.map((r) => r.unit.code);
    expect(cityList).toEqual(expect.arrayContaining(['00460', '00532']));

    const submitted = ok(await listReports(api, await as('city'), { period, status: 'SUBMITTED' })).reports;
    expect(submitted.length).toBeGreaterThanOrEqual(2);
    expect(submitted.every((r) => r.status === 'SUBMITTED' && r.period === period)).toBe(true);
  });

  it('lets a district review only its own wards, and not its own report', async () => {
    const other = ok(await readReport(api, await as('city'), '00532', period)).report!; // Gia Lâm's ward
    const own = ok(
      await submitReport(
        api,
        await as('d017'),
        { unitCode: '017', period: '2023Q4', values: valueList(realisticValues('DISTRICT', 17)) },
        randomUUID(),
      ),
    ).submitReport;
    await writesNothing(async () => {
      expect(errorCode(await reviewReport(api, await as('d017'), other.id, 'ACCEPT', null))).toBe('FORBIDDEN');
      expect(errorCode(await reviewReport(api, await as('d017'), own.id, 'ACCEPT', null))).toBe('FORBIDDEN');
      expect(errorCode(await reviewReport(api, await as('d017'), own.id, 'RETURN', 'Tự trả lại'))).toBe('FORBIDDEN');
    });
    // The city may review any report.
    expect(ok(await reviewReport(api, await as('city'), own.id, 'ACCEPT', null)).reviewReport.status).toBe('ACCEPTED');
  });

  it('gives a viewer no reports at all', async () => {
    const v = await as('viewer');
    const existing = ok(await readReport(api, await as('city'), '00460', period)).report!;
    await writesNothing(async () => {
      expect(errorCode(await readReport(api, v, '00460', period))).toBe('FORBIDDEN');
      expect(errorCode(await listReports(api, v, { period }))).toBe('FORBIDDEN');
      expect(errorCode(await listReports(api, v, {}))).toBe('FORBIDDEN');
      expect(errorCode(await saveReport(api, v, { unitCode: '00463', period, values }))).toBe('FORBIDDEN');
      expect(errorCode(await submitReport(api, v, { unitCode: '00463', period, values }, randomUUID()))).toBe('FORBIDDEN');
      expect(errorCode(await reviewReport(api, v, existing.id, 'ACCEPT', null))).toBe('FORBIDDEN');
      expect(errorCode(await setDeadline(api, v, '2023Q1', FAR_DEADLINE))).toBe('FORBIDDEN');
    });
  });

  it('lets nobody write a phường (no council since 2021-07-01), not even city staff', async () => {
    expect(phuongOf('009')).toContain('00343'); // Phường Nhân Chính, Quận Thanh Xuân
    const values = valueList(realisticValues('WARD', 343));
    await writesNothing(async () => {
      for (const user of ['d009', 'city', 'admin']) {
        expect(errorCode(await submitReport(api, await as(user), { unitCode: '00343', period, values }, randomUUID()))).toBe('FORBIDDEN');
        expect(errorCode(await saveReport(api, await as(user), { unitCode: '00343', period, values }))).toBe('FORBIDDEN');
      }
    });
  });

  it('answers an unknown unit with BAD_USER_INPUT naming input.unitCode', async () => {
    await writesNothing(async () => {
      for (const send of [saveReport, submitReport]) {
        const res = await send(api, await as('city'), { unitCode: '99999', period, values });
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!.field).toBe('input.unitCode');
      }
    });
  });

  it('requires sign-in', async () => {
    await writesNothing(async () => {
      expect(errorCode(await submitReport(api, '', { unitCode: '017', period, values }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await readReport(api, '', '017', period))).toBe('UNAUTHENTICATED');
    });
  });
});

// ---------------------------------------------------------------------------

describe('review and draft rules (Xã Bắc Hồng, 2023Q4)', () => {
  const unitCode = '00463';
  const period = '2023Q4';
  const values = realisticValues('WARD', 463);

  it('reviews only a SUBMITTED report, requires a comment to return, and refuses saving over a submitted report', async () => {
    const w = await as('w00463');
    const d = await as('d017');
    const draft = ok(await saveReport(api, w, { unitCode, period, values: valueList(values) })).saveReport;
    await writesNothing(async () => {
      expect(errorCode(await reviewReport(api, d, draft.id, 'ACCEPT', null))).toBe('CONFLICT');
      expect(errorCode(await reviewReport(api, d, draft.id, 'RETURN', 'Chưa nộp'))).toBe('CONFLICT');
    });

    const submitted = ok(await submitReport(api, w, { unitCode, period, values: valueList(values) }, randomUUID())).submitReport;
    expect(submitted).toMatchObject({ id: draft.id, status: 'SUBMITTED', version: 1 });

    await writesNothing(async () => {
      for (const comment of [null, '']) {
        const res = await reviewReport(api, d, submitted.id, 'RETURN', comment);
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!.field).toBe('comment');
      }
      const overwrite = await saveReport(api, w, { unitCode, period, values: valueList({ ...values, 'briefings.held': 9 }) });
      expect(errorCode(overwrite)).toBe('CONFLICT');
    });

    const accepted = ok(await reviewReport(api, d, submitted.id, 'ACCEPT', null)).reviewReport;
    expect(accepted.status).toBe('ACCEPTED');
    await writesNothing(async () => {
      expect(errorCode(await reviewReport(api, d, submitted.id, 'ACCEPT', null))).toBe('CONFLICT');
      expect(errorCode(await reviewReport(api, d, submitted.id, 'RETURN', 'Trả lại'))).toBe('CONFLICT');
      expect(errorCode(await saveReport(api, w, { unitCode, period, values: valueList(values) }))).toBe('CONFLICT');
    });
  });

  it('takes a correction of an ACCEPTED report as a new version, SUBMITTED again', async () => {
    const corrected = { ...values, 'briefings.held': values['briefings.held'] + 1 };
    const r = ok(
      await submitReport(api, await as('w00463'), { unitCode, period, values: valueList(corrected) }, randomUUID()),
    ).submitReport;
    expect(r).toMatchObject({ status: 'SUBMITTED', version: 2 });
    expect(valueMap(r.values)).toEqual(corrected);
    // …and a correction of a SUBMITTED one, too.
    const again = ok(await submitReport(api, await as('d017'), { unitCode, period, values: valueList(values) }, randomUUID())).submitReport;
    expect(again).toMatchObject({ status: 'SUBMITTED', version: 3, submittedBy: 'd017' });
    const versions = byVersion(ok(await readReport(api, await as('city'), unitCode, period)).report!.versions!);
    expect(versions.map((v) => valueMap(v.values))).toEqual([values, corrected, values]);
    expect((await db.outbox(unitCode, period)).map((r) => r.type)).toEqual([
      'ReportSubmitted',
      'ReportAccepted',
      'ReportSubmitted',
      'ReportSubmitted',
    ]);
  });
});

// ---------------------------------------------------------------------------

describe('idempotency and concurrency', () => {
  it('turns the same idempotency key sent 50 times at once into exactly one version (Xã Tả Thanh Oai, 2023Q1)', async () => {
    const unitCode = districtEraCommune('00649');
    const period = '2023Q1';
    const key = randomUUID();
    const input = { unitCode, period, values: valueList(realisticValues('WARD', 649)), highlights: 'Một lần duy nhất' };
    const w = await as(`w${unitCode}`);
    const before = await db.snapshot();

    const answers = await Promise.all(Array.from({ length: 50 }, () => submitReport(api, w, input, key)));
    const reports = answers.map((a) => ok(a).submitReport);
    expect(new Set(reports.map((r) => r.version))).toEqual(new Set([1]));
    expect(new Set(reports.map((r) => r.id)).size).toBe(1);
    expect(reports.every((r) => r.status === 'SUBMITTED')).toBe(true);

    const read = ok(await readReport(api, w, unitCode, period)).report!;
    expect(read.versions!.map((v) => v.version)).toEqual([1]);
    expect(await db.outbox(unitCode, period)).toHaveLength(1);
    const after = await db.snapshot();
    expect(Number(after.report) - Number(before.report)).toBe(1);
    expect(Number(after.report_version) - Number(before.report_version)).toBe(1);
    expect(Number(after.outbox_event) - Number(before.outbox_event)).toBe(1);
    const audit = ok(await auditLog(api, await as('city'), { unitCode, period })).auditLog;
    expect(audit.map((e) => e.action)).toEqual(['SUBMIT']);

    // Later, the same key again: still version 1, nothing new.
    await writesNothing(async () => {
      expect(ok(await submitReport(api, w, input, key)).submitReport.version).toBe(1);
    });
    // The same key with different content is a mistake, not a retry.
    await writesNothing(async () => {
      const res = await submitReport(api, w, { ...input, highlights: 'Nội dung khác' }, key);
      expect(errorCode(res)).toBe('CONFLICT');
    });
    // A new key is a new submission.
    expect(ok(await submitReport(api, w, input, randomUUID())).submitReport.version).toBe(2);
  });

  it('stores two different concurrent submissions as versions 1 and 2 (Xã Hữu Hoà, 2023Q1)', async () => {
    const unitCode = districtEraCommune('00652');
    const period = '2023Q1';
    const a = realisticValues('WARD', 6521);
    const b = { ...realisticValues('WARD', 6522), 'briefings.held': a['briefings.held'] + 1 };
    const w = await as(`w${unitCode}`);
    const [ra, rb] = (
      await Promise.all([
        submitReport(api, w, { unitCode, period, values: valueList(a) }, randomUUID()),
        submitReport(api, w, { unitCode, period, values: valueList(b) }, randomUUID()),
      ])
    ).map((res) => ok(res).submitReport);
    expect([ra.version, rb.version].sort()).toEqual([1, 2]);
    const read = ok(await readReport(api, w, unitCode, period)).report!;
    const versions = byVersion(read.versions!);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const byNumber = { [ra.version]: a, [rb.version]: b };
    expect(valueMap(versions[0].values)).toEqual(byNumber[1]);
    expect(valueMap(versions[1].values)).toEqual(byNumber[2]);
    expect(read.version).toBe(2);
    expect(valueMap(read.values)).toEqual(byNumber[2]);
    const outbox = await db.outbox(unitCode, period);
    expect(outbox.map((r) => Number(r.payload.version)).sort()).toEqual([1, 2]);
    for (const row of outbox) expect(row.payload.values).toEqual(byNumber[Number(row.payload.version)]);
  });

  it('numbers ten concurrent different submissions 1..10 with nothing lost (Xã Thanh Liệt, 2023Q1)', async () => {
    const unitCode = '00646';
    const period = '2023Q1';
    const w = await as('d020');
    const inputs = Array.from({ length: 10 }, (_, i) => ({
      unitCode,
      period,
      values: valueList({ ...realisticValues('WARD', 646), 'briefings.held': i }),
    }));
    const results = (await Promise.all(inputs.map((input) => submitReport(api, w, input, randomUUID())))).map(
      (res) => ok(res).submitReport,
    );
    expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const versions = byVersion(ok(await readReport(api, w, unitCode, period)).report!.versions!);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Each version holds what its own request sent.
    for (const [i, r] of results.entries()) {
      expect(valueMap(versions[r.version - 1].values)['briefings.held']).toBe(i);
    }
    expect(await db.outbox(unitCode, period)).toHaveLength(10);
  });
});

// ---------------------------------------------------------------------------

describe('deadlines and lateness', () => {
  it('defaults the due date to the 10th day after the quarter', async () => {
    const c = await as('city');
    expect((await reportingPeriod(api, c, '2024Q1')).reportingPeriod).toMatchObject({ period: '2024Q1', dueDate: '2024-04-10' });
    expect((await reportingPeriod(api, c, '2022Q4')).reportingPeriod).toMatchObject({ period: '2022Q4', dueDate: '2023-01-10' });
    const label = (await reportingPeriod(api, c, '2024Q3')).reportingPeriod;
    expect(label.dueDate).toBe('2024-10-10');
    expect(label.label.length).toBeGreaterThan(0);
  });

  it('marks a report submitted after its due date late (Xã Tiến Thắng, 2024Q2, due 2024-07-10)', async () => {
    const unitCode = districtEraCommune('08983');
    const r = ok(
      await submitReport(
        api,
        await as(`w${unitCode}`),
        { unitCode, period: '2024Q2', values: valueList(realisticValues('WARD', 8983)) },
        randomUUID(),
      ),
    ).submitReport;
    expect(r).toMatchObject({ status: 'SUBMITTED', dueDate: '2024-07-10', late: true });
    const read = ok(await readReport(api, await as('d250'), unitCode, '2024Q2')).report!;
    expect(read.late).toBe(true);
    expect(read.versions![0].late).toBe(true);
  });

  it('marks a report before a deadline ten years away on time (Huyện Mê Linh, 2023Q3)', async () => {
    const set = ok(await setDeadline(api, await as('city'), '2023Q3', FAR_DEADLINE)).setReportingDeadline;
    expect(set).toMatchObject({ period: '2023Q3', dueDate: FAR_DEADLINE });
    expect((await reportingPeriod(api, await as('d250'), '2023Q3')).reportingPeriod.dueDate).toBe(FAR_DEADLINE);
    const r = ok(
      await submitReport(
        api,
        await as('d250'),
        { unitCode: '250', period: '2023Q3', values: valueList(realisticValues('DISTRICT', 250)) },
        randomUUID(),
      ),
    ).submitReport;
    expect(r).toMatchObject({ status: 'SUBMITTED', dueDate: FAR_DEADLINE, late: false });
    expect(ok(await readReport(api, await as('d250'), '250', '2023Q3')).report!.versions![0].late).toBe(false);
  });

  it('counts the whole due day, in Vietnam time, as on time', async () => {
    const c = await as('city');
    ok(await setDeadline(api, c, '2023Q2', vietnamDay(0)));
    ok(await setDeadline(api, c, '2022Q4', vietnamDay(-1)));
    const today = ok(
      await submitReport(
        api,
        await as('w08977'),
        { unitCode: '08977', period: '2023Q2', values: valueList(realisticValues('WARD', 8977)) },
        randomUUID(),
      ),
    ).submitReport;
    expect(today).toMatchObject({ dueDate: vietnamDay(0), late: false });
    const yesterday = ok(
      await submitReport(
        api,
        await as('w08977'),
        { unitCode: '08977', period: '2022Q4', values: valueList(realisticValues('WARD', 8978)) },
        randomUUID(),
      ),
    ).submitReport;
    expect(yesterday).toMatchObject({ dueDate: vietnamDay(-1), late: true });
  });

  it('lets only city staff set a deadline', async () => {
    await writesNothing(async () => {
      for (const user of ['d250', `w${districtEraCommune('08983')}`, 'viewer']) {
        expect(errorCode(await setDeadline(api, await as(user), '2023Q1', FAR_DEADLINE))).toBe('FORBIDDEN');
      }
      const bad = await setDeadline(api, await as('city'), '2023Q5', FAR_DEADLINE);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors![0].extensions!.field).toBe('period');
    });
    expect((await reportingPeriod(api, await as('city'), '2023Q1')).reportingPeriod.dueDate).toBe('2023-04-10');
  });
});

// ---------------------------------------------------------------------------

describe('validation rules (Huyện Sóc Sơn and its communes)', () => {
  const base = realisticValues('DISTRICT', 16);
  const list = (overrides: Record<string, number> = {}) => valueList({ ...base, ...overrides });
  const indexOf = (values: { metric: string }[], metric: string) => values.findIndex((v) => v.metric === metric);

  const cases: { name: string; unitCode: string; input: () => ReportInput; rule: string; field: (input: ReportInput) => string }[] = [
    {
      name: 'a part larger than its whole (thematic voter contacts > meetings)',
      unitCode: '016',
      input: () => ({ unitCode: '016', period: '2023Q1', values: list({ 'voter_contacts.meetings': 3, 'voter_contacts.thematic': 5 }) }),
      rule: 'PART_EXCEEDS_WHOLE',
      field: (i) => `input.values[${indexOf(i.values, 'voter_contacts.thematic')}].value`,
    },
    {
      name: 'a negative value',
      unitCode: '016',
      input: () => ({ unitCode: '016', period: '2023Q1', values: list({ 'petitions.received': -4 }) }),
      rule: 'VALUE_NEGATIVE',
      field: (i) => `input.values[${indexOf(i.values, 'petitions.received')}].value`,
    },
    {
      name: 'a value over 1,000,000',
      unitCode: '016',
      input: () => ({ unitCode: '016', period: '2023Q1', values: list({ 'documents.reviewed': 1_000_001 }) }),
      rule: 'VALUE_TOO_LARGE',
      field: (i) => `input.values[${indexOf(i.values, 'documents.reviewed')}].value`,
    },
    {
      name: 'an unknown metric',
      unitCode: '016',
      input: () => ({ unitCode: '016', period: '2023Q1', values: [...list(), { metric: 'sessions.imaginary', value: 1 }] }),
      rule: 'METRIC_UNKNOWN',
      field: () => 'input.values[20].metric',
    },
    {
      name: 'the same metric twice',
      unitCode: '016',
      input: () => ({ unitCode: '016', period: '2023Q1', values: [...list(), { metric: 'sessions.regular', value: 1 }] }),
      rule: 'METRIC_DUPLICATE',
      field: () => 'input.values[20].metric',
    },
    {
      name: 'confidence votes at a commune',
      unitCode: '00379',
      input: () => ({
        unitCode: '00379',
        period: '2023Q1',
        values: valueList({ ...realisticValues('WARD', 379), 'confidence_votes.persons': 3 }),
      }),
      rule: 'METRIC_NOT_APPLICABLE',
      field: (i) => `input.values[${indexOf(i.values, 'confidence_votes.persons')}].metric`,
    },
    {
      name: 'a narrative over 20,000 characters',
      unitCode: '016',
      input: () => ({
        unitCode: '016',
        period: '2023Q1',
        values: list(),
        shortcomings: 'Hạn chế: việc tiếp xúc cử tri còn hình thức. '.repeat(500),
      }),
      rule: 'NARRATIVE_TOO_LONG',
      field: () => 'input.shortcomings',
    },
    ...['2024', '2024Q5', '24Q1', '2024q1', ' 2024Q1', '2024-Q1'].map((period) => ({
      name: `the period "${period}"`,
      unitCode: '016',
      input: () => ({ unitCode: '016', period, values: list() }),
      rule: 'PERIOD_INVALID',
      field: () => 'input.period',
    })),
    {
      name: `a quarter that has not started (${NOT_STARTED}, the next one)`,
      unitCode: '016',
      input: () => ({ unitCode: '016', period: NOT_STARTED, values: list() }),
      rule: 'PERIOD_NOT_STARTED',
      field: () => 'input.period',
    },
  ];

  it.each(cases)('blocks submission for $name, naming the rule and the field, writing nothing', async ({ input, rule, field }) => {
    const sent = input();
    const token = await as('d016');
    const res = await writesNothing(() => submitReport(api, token, sent, randomUUID()));
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const ext = res.errors![0].extensions!;
    expect(ext.rules).toEqual(expect.arrayContaining([rule]));
    expect((ext.rules as string[]).every((r) => ERROR_RULES.includes(r))).toBe(true);
    expect(ext.field).toBe(field(sent));
    expect(res.data?.submitReport ?? null).toBeNull();
  });

  it.each(cases)(
    'on saveReport, $name: refused only if a draft cannot hold it, else stored as an ERROR of the draft',
    async ({ input, rule, field }) => {
      // A quarter of its own (the submissions above must leave 2023Q1 empty), unless the period is the point.
      const sent = rule.startsWith('PERIOD_') ? input() : { ...input(), period: '2021Q4' };
      const token = await as('d016');
      if (SAVE_REFUSED_BY.includes(rule)) {
        const res = await writesNothing(() => saveReport(api, token, sent));
        expect(errorCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!).toMatchObject({ field: field(sent), rules: [rule] });
        return;
      }
      const r = ok(await saveReport(api, token, sent)).saveReport;
      expect(r).toMatchObject({ status: 'DRAFT', version: 0 });
      expect(r.values.map((v) => ({ metric: v.metric.code, value: v.value }))).toEqual(sent.values);
      expect(r.findings).toContainEqual(expect.objectContaining({ rule, severity: 'ERROR', field: field(sent).replace(/^input\./, '') }));
      expect(ok(await readReport(api, token, sent.unitCode, sent.period)).report!.findings).toEqual(r.findings);
      expect(await db.outbox(sent.unitCode, sent.period)).toEqual([]);
    },
  );

  it('names every broken rule at once', async () => {
    const values = [
      ...list({ 'petitions.received': -1, 'voter_contacts.meetings': 1, 'voter_contacts.thematic': 2 }),
      { metric: 'no.such_metric', value: 1 },
    ];
    const res = await writesNothing(async () =>
      submitReport(api, await as('d016'), { unitCode: '016', period: '2023Q1', values }, randomUUID()),
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.rules).toEqual(expect.arrayContaining(['VALUE_NEGATIVE', 'METRIC_UNKNOWN', 'PART_EXCEEDS_WHOLE']));
    expect(ok(await readReport(api, await as('d016'), '016', '2023Q1')).report).toBeNull();
  });

  it('accepts zero confidence votes at a commune, and a part equal to its whole', async () => {
    const values = {
      ...realisticValues('WARD', 3791),
      'confidence_votes.persons': 0,
      'voter_contacts.meetings': 4,
      'voter_contacts.thematic': 4,
    };
    const r = ok(
      await submitReport(api, await as('w00379'), { unitCode: '00379', period: '2022Q3', values: valueList(values) }, randomUUID()),
    ).submitReport;
    expect(r.status).toBe('SUBMITTED');
    expect(valueMap(r.values)).toEqual(values);
  });

  it("stores warnings without blocking: a value over 3× the unit's previous maximum, answers exceeding petitions received", async () => {
    const d = await as('d016');
    ok(await submitReport(api, d, { unitCode: '016', period: '2023Q2', values: list({ 'documents.reviewed': 10 }) }, randomUUID()));
    const values = list({ 'documents.reviewed': 40, 'petitions.received': 10, 'petitions.answered': 12 });
    const r = ok(await submitReport(api, d, { unitCode: '016', period: '2023Q3', values }, randomUUID())).submitReport;
    expect(r.status).toBe('SUBMITTED');
    expect(r.findings.every((f) => f.severity === 'WARNING')).toBe(true);
    const outlier = r.findings.find((f) => f.rule === 'VALUE_OUTLIER_HISTORY' && f.metric === 'documents.reviewed');
    expect(outlier).toBeDefined();
    expect(outlier!.message).toMatch(/3 lần/);
    expect(outlier!.messageEn).toMatch(/3 times/);
    expect(r.findings.some((f) => f.rule === 'PETITIONS_ANSWERED_EXCEED_RECEIVED' && f.metric === 'petitions.answered')).toBe(true);
    const version = ok(await readReport(api, d, '016', '2023Q3')).report!.versions![0];
    expect(version.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['VALUE_OUTLIER_HISTORY', 'PETITIONS_ANSWERED_EXCEED_RECEIVED']),
    );
  });

  it('counts narrative length in characters as written (20,000 Vietnamese characters sent decomposed is accepted)', async () => {
    const unit = 'Kết quả nổi bật: đã tổ chức giám sát chuyên đề về đất đai, xây dựng. ';
    const text = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
    expect(Array.from(text).length).toBe(20_000);
    const decomposed = text.normalize('NFD');
    expect(decomposed.length).toBeGreaterThan(20_000);
    const unitCode = districtEraCommune('00388');
    const w = await as(`w${unitCode}`);
    const r = ok(
      await submitReport(
        api,
        w,
        { unitCode, period: '2023Q1', values: valueList(realisticValues('WARD', 388)), highlights: decomposed },
        randomUUID(),
      ),
    ).submitReport;
    expect(r.status).toBe('SUBMITTED');
    expect(r.highlights!.normalize('NFC')).toBe(text);
    const over = await writesNothing(() =>
      submitReport(
        api,
        w,
        { unitCode, period: '2023Q2', values: valueList(realisticValues('WARD', 388)), highlights: text + 'ạ' },
        randomUUID(),
      ),
    );
    expect(errorCode(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0].extensions!.field).toBe('input.highlights');
  });
});

// ---------------------------------------------------------------------------

describe('a draft keeps what was typed, errors included; only submission is blocked (Huyện Sóc Sơn, 2022Q4)', () => {
  const unitCode = '016';
  const period = '2022Q4';
  // Two ERRORs a draft can hold (a part over its whole, a negative count) and a WARNING (more petitions answered than received).
  const typed = {
    ...realisticValues('DISTRICT', 1604),
    'voter_contacts.meetings': 3,
    'voter_contacts.thematic': 5,
    'complaints.received': -2,
    'petitions.received': 10,
    'petitions.answered': 12,
  };
  const fixed = { ...typed, 'voter_contacts.thematic': 3, 'complaints.received': 2 };
  const input: ReportInput = { unitCode, period, values: valueList(typed), highlights: 'Bản nháp, còn phải đối chiếu biên bản.' };
  const at = (metric: string) => `values[${input.values.findIndex((v) => v.metric === metric)}].value`;
  let id: string;

  it('saves the draft with its ERROR and WARNING findings, returns them, and sends nothing to the city', async () => {
    const d = await as('d016');
    const before = await db.snapshot();
    const r = ok(await saveReport(api, d, input)).saveReport;
    id = r.id;
    expect(r).toMatchObject({ status: 'DRAFT', version: 0, submittedAt: null, highlights: input.highlights });
    expect(valueMap(r.values)).toEqual(typed);
    expect(r.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'PART_EXCEEDS_WHOLE',
          severity: 'ERROR',
          field: at('voter_contacts.thematic'),
          metric: 'voter_contacts.thematic',
        }),
        expect.objectContaining({
          rule: 'VALUE_NEGATIVE',
          severity: 'ERROR',
          field: at('complaints.received'),
          metric: 'complaints.received',
        }),
        expect.objectContaining({ rule: 'PETITIONS_ANSWERED_EXCEED_RECEIVED', severity: 'WARNING', metric: 'petitions.answered' }),
      ]),
    );
    expect(r.findings.filter((f) => f.severity === 'ERROR').every((f) => f.message.length > 0 && f.messageEn.length > 0)).toBe(true);
    // One report row and one audit entry; no version, no figures as rows, no event for the city.
    const after = await db.snapshot();
    expect(Number(after.report) - Number(before.report)).toBe(1);
    expect(Number(after.audit_log) - Number(before.audit_log)).toBe(1);
    for (const t of ['report_version', 'report_value', 'outbox_event'] as const) {
      expect({ [t]: after[t], md5: after[`${t}_md5`] }).toEqual({ [t]: before[t], md5: before[`${t}_md5`] });
    }
    expect(await db.outbox(unitCode, period)).toEqual([]);
  });

  it('reads the draft back as typed, with the same findings, for its district and the city', async () => {
    const saved = ok(await readReport(api, await as('d016'), unitCode, period)).report!;
    expect(saved).toMatchObject({ id, status: 'DRAFT', version: 0 });
    expect(valueMap(saved.values)).toEqual(typed);
    expect(saved.versions).toEqual([]);
    const rules = saved.findings.map((f) => [f.rule, f.severity]);
    expect(rules).toEqual(
      expect.arrayContaining([
        ['PART_EXCEEDS_WHOLE', 'ERROR'],
        ['VALUE_NEGATIVE', 'ERROR'],
        ['PETITIONS_ANSWERED_EXCEED_RECEIVED', 'WARNING'],
      ]),
    );
    expect(ok(await readReport(api, await as('city'), unitCode, period)).report!.findings).toEqual(saved.findings);
    const listed = ok(await listReports(api, await as('d016'), { period, status: 'DRAFT' })).reports;
    expect(listed.map((r) => r.id)).toContain(id);
  });

  it('refuses to submit the draft as it stands, naming the first ERROR, and changes nothing', async () => {
    const res = await writesNothing(async () => submitReport(api, await as('d016'), input, randomUUID()));
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const ext = res.errors![0].extensions!;
    expect(ext.field).toBe(`input.${at('complaints.received')}`); // VALUE_NEGATIVE runs before PART_EXCEEDS_WHOLE
    expect(ext.rules).toEqual(expect.arrayContaining(['VALUE_NEGATIVE', 'PART_EXCEEDS_WHOLE']));
    expect(ext.rules).not.toContain('PETITIONS_ANSWERED_EXCEED_RECEIVED');
    const still = ok(await readReport(api, await as('d016'), unitCode, period)).report!;
    expect(still).toMatchObject({ id, status: 'DRAFT', version: 0 });
    expect(valueMap(still.values)).toEqual(typed);
  });

  it('submits once the errors are fixed: version 1 with the warning only, one event with the fixed figures', async () => {
    const r = ok(await submitReport(api, await as('d016'), { ...input, values: valueList(fixed) }, randomUUID())).submitReport;
    expect(r).toMatchObject({ id, status: 'SUBMITTED', version: 1 });
    expect(valueMap(r.values)).toEqual(fixed);
    expect(r.findings.map((f) => [f.rule, f.severity])).toContainEqual(['PETITIONS_ANSWERED_EXCEED_RECEIVED', 'WARNING']);
    expect(r.findings.every((f) => f.severity === 'WARNING')).toBe(true);
    const read = ok(await readReport(api, await as('d016'), unitCode, period)).report!;
    expect(read.findings.every((f) => f.severity === 'WARNING')).toBe(true);
    expect(read.versions!.map((v) => valueMap(v.values))).toEqual([fixed]);
    const events = await db.outbox(unitCode, period);
    expect(events.map((e) => [e.type, e.payload.status, e.payload.values])).toEqual([['ReportSubmitted', 'SUBMITTED', fixed]]);
    const audit = ok(await auditLog(api, await as('city'), { unitCode, period })).auditLog;
    expect(audit.map((e) => e.action)).toEqual(['SUBMIT', 'SAVE_DRAFT']);
  });
});

// ---------------------------------------------------------------------------

describe('figures round-trip exactly (the seed-003 example)', () => {
  it("files a district's, a commune's and the city council's own quarter with the figures of seed 003", async () => {
    const cases: { user: string; unitCode: string; level: 'CITY' | 'DISTRICT' | 'WARD'; figures: Record<string, number> }[] = [
      { user: 'city', unitCode: '01', level: 'CITY', figures: { 'sessions.thematic': 1, 'resolutions.issued': 20 } },
      { user: 'd018', unitCode: '018', level: 'DISTRICT', figures: { 'sessions.thematic': 2, 'resolutions.issued': 7 } },
      {
        user: 'w00469',
        unitCode: districtEraCommune('00469'),
        level: 'WARD',
        figures: { 'sessions.thematic': 1, 'resolutions.issued': 3 },
      },
    ];
    for (const c of cases) {
      const values = { ...realisticValues(c.level, Number(c.unitCode) + 3), ...c.figures };
      const narrative = {
        highlights: 'HĐND đã tiến hành 26 kỳ họp chuyên đề, ban hành 102 nghị quyết.',
        shortcomings: 'Một số kiến nghị cử tri chưa được giải quyết dứt điểm.',
        proposals: 'Đề nghị UBND thành phố sớm trả lời.',
      };
      const r = ok(
        await submitReport(
          api,
          await as(c.user),
          { unitCode: c.unitCode, period: '2024Q1', values: valueList(values), ...narrative },
          randomUUID(),
        ),
      ).submitReport;
      expect(r).toMatchObject({
        status: 'SUBMITTED',
        version: 1,
        submittedBy: c.user,
        unit: { code: c.unitCode, level: c.level },
        ...narrative,
      });
      const read = ok(await readReport(api, await as('city'), c.unitCode, '2024Q1')).report!;
      expect(valueMap(read.values)).toEqual(values);
      expect(read.values).toHaveLength(20);
      expect(read).toMatchObject(narrative);
      const [row] = await db.outbox(c.unitCode, '2024Q1');
      expect(row.payload.values).toEqual(values);
    }
  });

  it("keeps the city council's own report from district users, and lets an administrator review it", async () => {
    expect(errorCode(await readReport(api, await as('d017'), '01', '2024Q1'))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await submitReport(
          api,
          await as('d017'),
          { unitCode: '01', period: '2024Q1', values: valueList({ 'sessions.thematic': 9 }) },
          randomUUID(),
        ),
      ),
    ).toBe('FORBIDDEN');
    const own = ok(await readReport(api, await as('admin'), '01', '2024Q1')).report!;
    expect(ok(await reviewReport(api, await as('admin'), own.id, 'ACCEPT', null)).reviewReport).toMatchObject({
      status: 'ACCEPTED',
      reviewedBy: 'admin',
    });
  });
});

// ---------------------------------------------------------------------------

describe('the audit log as a whole', () => {
  it('is newest first across every unit, and `limit` keeps the newest entries', async () => {
    // By now this file (and any before it) has written dozens of entries, so their ids run past 9 → 10 (and often 99 → 100).
    const all = ok(await auditLog(api, await as('city'), { limit: 1000 })).auditLog;
    expect(all.length).toBeGreaterThan(20);
    const times = all.map((e) => Date.parse(e.at));
    // Concurrent transactions may interleave by a hair; anything more is the wrong order.
    const inversions = times
      .slice(1)
      .map((t, i) => ({ at: i + 1, by: t - times[i] }))
      .filter((x) => x.by > 50);
    expect(inversions).toEqual([]);
    const newest = [...times].sort((a, b) => b - a).slice(0, 3);
    const limited = ok(await auditLog(api, await as('city'), { limit: 3 })).auditLog.map((e) => Date.parse(e.at));
    expect(limited).toEqual(newest);
  });
});
