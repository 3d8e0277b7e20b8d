import { JobRegistry } from '@council/messaging';
import ExcelJS from 'exceljs';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { quarterFromNow } from './support/clock.js';
import { eventually } from './support/eventually.js';
import { gql, gqlOk, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { leaks, realisticValues, valueList } from './support/reporting.js';
import { SANITY_VISIBLE_MS } from './support/sanity-bounds.js';
import { testPool } from './support/sql.js';
import { expectUnchanged, tablesOf } from './support/table-state.js';

/**
 * Issue 15, part 1, over HTTP with the three processes: Xã Xuân Nộn (00457, under Đông Anh 017) files Q1/2024 and is
 * accepted; the city's briefing for the quarter is marked held, which freezes its figures and closes the quarter
 * city-wide (QuarterClosed through the worker). Saving, submitting and reviewing are then refused with PERIOD_CLOSED;
 * the commune asks to reopen, Đông Anh grants, the commune corrects, and the briefing shows the figures as presented
 * unchanged beside the corrected ones — on the API and in the workbook. Bad input is refused with its code and field,
 * and writes nothing.
 */
const PERIOD = '2024Q1';
const WARD = '00457';
const DISTRICT = '017';

const REPORT = `query($u: String!, $p: String!) { report(unitCode: $u, period: $p) {
  id status version values { metric { code } value }
  closure { closed reopened writable closure { scopeCode source closedBy } }
  reopenRequests { id status reason requestedBy decidedBy note endedAt } } }`;
const SAVE = `mutation($i: ReportInput!) { saveReport(input: $i) { id status } }`;
const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id status version } }`;
const REVIEW = `mutation($id: ID!, $d: ReviewDecision!, $c: String) { reviewReport(id: $id, decision: $d, comment: $c) { status } }`;
const REQUEST = `mutation($u: String!, $p: String!, $r: String!) { requestReopen(unitCode: $u, period: $p, reason: $r) { id status reason requestedBy } }`;
const GRANT = `mutation($id: ID!, $n: String) { grantReopen(id: $id, note: $n) { id status decidedBy note } }`;
const REFUSE = `mutation($id: ID!, $n: String) { refuseReopen(id: $id, note: $n) { id status decidedBy note } }`;
const PENDING = `query($p: String) { pendingReopenRequests(period: $p) { id unitCode status reason } }`;
const CLOSE = `mutation($p: String!, $s: String) { closeQuarter(period: $p, scopeCode: $s) { id period scopeCode source closedBy } }`;
const CLOSURES = `query($p: String!) { quarterClosures(period: $p) { scopeCode source closedBy } }`;
const SUMMARY = `query($p: String!) { briefingSummary(period: $p) {
  levels { level reported values { metric { code } value } }
  presented { changed frozenAt meeting { id heldAt }
    levels { level reportedPresented reportedCurrent cells { metric { code } presented current delta changed } } } } }`;

let district: RunningApp;
let city: RunningApp;
let worker: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let pool: pg.Pool;
/** The district side's tables: everything district-api writes (the city's move with the worker's catching up). */
let tables: string[];
/** What the relay stamps on outbox rows as it sends them, whatever the request under test does. */
const OUTBOX_BOOKKEEPING = ['sent_at', 'send_attempts', 'confirmed_at', 'recheck_at'];
const token: Record<string, string> = {};

// Two thematic sessions as filed (the seeded figures may have none): the correction adds a third.
const figures = { ...realisticValues('WARD', 15), 'sessions.thematic': 2 };
const thematic = figures['sessions.thematic'];
const input = (values: Record<string, number>) => ({ unitCode: WARD, period: PERIOD, values: valueList(values) });

/** The one error of a refused call, and that nothing in any table moved while it was refused. */
async function refused(
  call: () => Promise<GraphQLResponse>,
): Promise<{ code: string; field: unknown; message: string; messageEn: unknown }> {
  const res = await expectUnchanged(pool, tables, call, { 'district.outbox_event': OUTBOX_BOOKKEEPING });
  expect(res.data ?? null).toBeNull();
  expect(res.errors).toHaveLength(1);
  expect(leaks(res)).toEqual([]);
  const e = res.errors![0];
  return { code: String(e.extensions?.code), field: e.extensions?.field, message: e.message, messageEn: e.extensions?.messageEn };
}

const NOTIFICATIONS = `{ notifications(first: 100) { items { kind title body unitCode period link } } }`;
/** The reopening notifications in `user`'s centre at city-api (the worker writes them from ReopenChanged). */
const reopenNotices = async (user: string) =>
  ((await gqlOk(city.graphql, NOTIFICATIONS, {}, token[`${user}OnCity`])).notifications.items as { kind: string }[]).filter((n) =>
    n.kind.startsWith('REOPEN_'),
  );
const noticesEventually = (user: string, count: number) =>
  eventually(
    () => reopenNotices(user),
    (n) => n.length >= count,
    SANITY_VISIBLE_MS,
    200,
  );

/** The QUARTER_CLOSED notifications of `period` in `user`'s centre at city-api, as the web app lists them. */
const closedNotices = async (user: string, period: string) =>
  ((await gqlOk(city.graphql, NOTIFICATIONS, {}, token[`${user}OnCity`])).notifications.items as { kind: string; period: string }[]).filter(
    (n) => n.kind === 'QUARTER_CLOSED' && n.period === period,
  );
/** The closure's QuarterClosureRecorded has been handled by the worker, notifications and all: the relay confirmed its job. */
const closureHandled = (closureId: string) =>
  eventually(
    async () =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM district.outbox_event WHERE type = 'QuarterClosureRecorded' AND aggregate_id = $1 AND confirmed_at IS NOT NULL`,
          [closureId],
        )
      ).rows[0].n,
    (n) => n === 1,
    // The relay looks for a sent event's job only RESEND_AFTER_MS (5 s) after sending it.
    30_000,
    200,
  );
const closedCount = async (period: string): Promise<number> =>
  (await pool.query(`SELECT count(*)::int AS n FROM notify.notification WHERE kind = 'QUARTER_CLOSED' AND period = $1`, [period])).rows[0]
    .n;

const report = async () => (await gqlOk(district.graphql, REPORT, { u: WARD, p: PERIOD }, token.w00457)).report;
const summary = async () => (await gqlOk(city.graphql, SUMMARY, { p: PERIOD }, token.viewer)).briefingSummary;
const wardCell = (s: any, metric: string) =>
  s.presented?.levels.find((l: any) => l.level === 'WARD')?.cells.find((c: any) => c.metric.code === metric);

beforeAll(async () => {
  db = await isolatedDatabase('quarter_closing');
  pool = testPool(db.url, 2);
  tables = await tablesOf(pool, ['district']);
  [district, city, worker] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API), startApp(SYNC_WORKER)]);
  for (const u of ['w00457', 'd017', 'd001', 'city']) token[u] = await tokenFor(district.graphql, u);
  // w00379: a commune of Sóc Sơn, beside Đông Anh.
  for (const u of ['w00457', 'w00379', 'd017', 'd001', 'city']) token[`${u}OnCity`] = await tokenFor(city.graphql, u);
  token.viewer = await tokenFor(city.graphql, 'viewer');
}, 120_000);

afterAll(async () => {
  await Promise.all([district?.close(), city?.close(), worker?.close()]);
  await pool?.end();
  await db?.restore();
});

describe('closing Q1/2024 and reopening one report', () => {
  let requestId: string;

  it('the commune files, Đông Anh accepts, and the briefing counts it', async () => {
    const filed = (await gqlOk(district.graphql, SUBMIT, { i: input(figures) }, token.w00457)).submitReport;
    expect(filed).toMatchObject({ status: 'SUBMITTED', version: 1 });
    await gqlOk(district.graphql, REVIEW, { id: filed.id, d: 'ACCEPT' }, token.d017);
    // The district's own report too, so a request of Đông Anh's own exists to test "granting your own" below.
    await gqlOk(
      district.graphql,
      SUBMIT,
      { i: { unitCode: DISTRICT, period: PERIOD, values: valueList(realisticValues('DISTRICT', 15)) } },
      token.d017,
    );
    const s = await eventually(
      summary,
      (x) =>
        x.levels.find((l: any) => l.level === 'WARD')?.reported === 1 && x.levels.find((l: any) => l.level === 'DISTRICT')?.reported === 1,
      20_000,
      200,
    );
    expect(s.presented).toBeNull();
  });

  it('marking the city’s briefing held freezes its figures and closes the quarter city-wide', async () => {
    const meeting = (
      await gqlOk(
        city.graphql,
        `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`,
        { i: { period: PERIOD, title: 'Hội nghị giao ban quý I/2024', startsAt: '2024-04-19T01:30:00.000Z' } },
        token.cityOnCity,
      )
    ).createBriefingMeeting;
    const held = await gqlOk(
      city.graphql,
      `mutation($id: ID!) { markBriefingMeetingHeld(id: $id) { id heldAt } }`,
      { id: meeting.id },
      token.cityOnCity,
    );
    expect(held.markBriefingMeetingHeld.heldAt).toEqual(expect.any(String));

    const closures = await eventually(
      async () => (await gqlOk(district.graphql, CLOSURES, { p: PERIOD }, token.w00457)).quarterClosures,
      (c) => c.length === 1,
      20_000,
      200,
    );
    expect(closures).toEqual([{ scopeCode: '01', source: `meeting:${meeting.id}`, closedBy: 'city' }]);
    // Audited like a closing by hand, under the name of who marked the meeting held.
    const closingAudit = (
      await gqlOk(district.graphql, `{ adminAuditLog(subject: "period:${PERIOD}") { action unitCode username } }`, {}, token.city)
    ).adminAuditLog;
    expect(closingAudit).toEqual([{ action: 'QUARTER_CLOSE', unitCode: '01', username: 'city' }]);
    expect((await report()).closure).toEqual({
      closed: true,
      reopened: false,
      writable: false,
      closure: { scopeCode: '01', source: `meeting:${meeting.id}`, closedBy: 'city' },
    });
    const s = await summary();
    expect(s.presented.meeting.id).toBe(meeting.id);
    expect(s.presented.changed).toBe(0);
    expect(wardCell(s, 'sessions.thematic')).toEqual({
      metric: { code: 'sessions.thematic' },
      presented: thematic,
      current: thematic,
      delta: 0,
      changed: false,
    });
  });

  it('tells every council of the city, in one batch: the commune’s clerk and another district’s staff see it once', async () => {
    const [told] = await eventually(
      () => closedNotices('w00457', PERIOD),
      (n) => n.length > 0,
      SANITY_VISIBLE_MS,
      200,
    );
    expect(told).toEqual({
      kind: 'QUARTER_CLOSED',
      title: 'Đã khoá sổ Quý I/2024',
      body: 'Quý I/2024 đã khoá sổ đối với Xã Xuân Nộn: báo cáo của quý không sửa hay gửi được nữa, trừ khi được cấp trên cho mở lại.',
      unitCode: WARD,
      period: PERIOD,
      link: `/reports/${WARD}/${PERIOD}`,
    });
    expect(await closedNotices('d001', PERIOD)).toEqual([expect.objectContaining({ unitCode: '001', title: 'Đã khoá sổ Quý I/2024' })]);
    // Every council's staff of the city (hundreds), once each.
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM notify.notification WHERE kind = 'QUARTER_CLOSED' AND period = $1`,
      [PERIOD],
    );
    expect(rows[0].n).toBeGreaterThan(400);
    expect(rows[0].users).toBe(rows[0].n);
  });

  it('refuses a save, a submission and a review of the closed quarter, writing nothing', async () => {
    const save = await refused(() => gql(district.graphql, SAVE, { i: input(figures) }, token.w00457));
    expect(save).toMatchObject({ code: 'PERIOD_CLOSED', field: 'input.period' });
    expect(save.message).toMatch(/^Quý I\/2024 đã khoá sổ ngày \d\d\/\d\d\/\d{4}/);
    expect(save.messageEn).toMatch(/^Q1 2024 was closed on/);
    expect(await refused(() => gql(district.graphql, SUBMIT, { i: input(figures) }, token.w00457))).toMatchObject({
      code: 'PERIOD_CLOSED',
      field: 'input.period',
    });
    const { id } = await report();
    expect(await refused(() => gql(district.graphql, REVIEW, { id, d: 'RETURN', c: 'Sửa lại' }, token.d017))).toMatchObject({
      code: 'PERIOD_CLOSED',
      field: 'period',
    });
  });

  it('refuses bad reopening requests with their code and field, writing nothing', async () => {
    expect(await refused(() => gql(district.graphql, REQUEST, { u: WARD, p: PERIOD, r: '   ' }, token.w00457))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    // Ba Đình's staff for a commune of Đông Anh.
    expect(await refused(() => gql(district.graphql, REQUEST, { u: WARD, p: PERIOD, r: 'Sửa số liệu' }, token.d001))).toMatchObject({
      code: 'FORBIDDEN',
      field: 'unitCode',
    });
    // Q2/2024 was never closed: there is nothing to reopen.
    const open = await refused(() => gql(district.graphql, REQUEST, { u: WARD, p: '2024Q2', r: 'Sửa số liệu' }, token.w00457));
    expect(open).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    expect(open.message).toContain('chưa khoá sổ');
  });

  it('the commune asks to reopen with a reason; the request shows on the report and in Đông Anh’s queue, audited', async () => {
    const reason = 'Bổ sung 1 kỳ họp chuyên đề tổ chức ngày 28/3 bị bỏ sót';
    const asked = (await gqlOk(district.graphql, REQUEST, { u: WARD, p: PERIOD, r: reason }, token.w00457)).requestReopen;
    expect(asked).toMatchObject({ status: 'PENDING', reason, requestedBy: 'w00457' });
    requestId = asked.id;
    expect((await report()).reopenRequests).toEqual([
      { id: requestId, status: 'PENDING', reason, requestedBy: 'w00457', decidedBy: null, note: null, endedAt: null },
    ]);
    expect((await gqlOk(district.graphql, PENDING, { p: PERIOD }, token.d017)).pendingReopenRequests).toEqual([
      { id: requestId, unitCode: WARD, status: 'PENDING', reason },
    ]);
    // Ba Đình sees none of Đông Anh's.
    expect((await gqlOk(district.graphql, PENDING, { p: PERIOD }, token.d001)).pendingReopenRequests).toEqual([]);
    // Đông Anh's staff are told, with the reason; the commune itself and Ba Đình are not.
    const [told] = await noticesEventually('d017', 1);
    expect(told).toMatchObject({ kind: 'REOPEN_REQUESTED', unitCode: WARD, period: PERIOD, link: `/reports/${WARD}/${PERIOD}` });
    expect((told as unknown as { body: string }).body).toContain(reason);
    expect(await reopenNotices('w00457')).toEqual([]);
    expect(await reopenNotices('d001')).toEqual([]);
    // A second request while one waits is a conflict.
    expect(await refused(() => gql(district.graphql, REQUEST, { u: WARD, p: PERIOD, r: 'Lần nữa' }, token.w00457))).toMatchObject({
      code: 'CONFLICT',
      field: 'unitCode',
    });
  });

  it('another district cannot grant it, and a district cannot grant its own council’s request', async () => {
    expect(await refused(() => gql(district.graphql, GRANT, { id: requestId }, token.d001))).toMatchObject({
      code: 'FORBIDDEN',
      field: 'id',
    });
    const own = (await gqlOk(district.graphql, REQUEST, { u: DISTRICT, p: PERIOD, r: 'Sửa số liệu của huyện' }, token.d017)).requestReopen;
    expect(await refused(() => gql(district.graphql, GRANT, { id: own.id }, token.d017))).toMatchObject({ code: 'FORBIDDEN', field: 'id' });
    // The city, the level above a district, refuses it with a note.
    const refusedByCity = (await gqlOk(district.graphql, REFUSE, { id: own.id, n: 'Không có căn cứ' }, token.city)).refuseReopen;
    expect(refusedByCity).toMatchObject({ status: 'REFUSED', decidedBy: 'city', note: 'Không có căn cứ' });
    // The city was asked (a district's level above); Đông Anh hears the refusal with its note.
    expect((await noticesEventually('city', 1)).map((n) => n.kind)).toEqual(['REOPEN_REQUESTED']);
    const refusal = (await noticesEventually('d017', 2)).find((n) => n.kind === 'REOPEN_REFUSED') as unknown as { body: string };
    expect(refusal.body).toContain('Không có căn cứ');
    const refusalAudit = (
      await gqlOk(
        district.graphql,
        `query($u: String, $p: String) { auditLog(unitCode: $u, period: $p) { action username } }`,
        { u: DISTRICT, p: PERIOD },
        token.city,
      )
    ).auditLog.map((a: { action: string; username: string }) => `${a.action} ${a.username}`);
    expect(refusalAudit.slice(0, 2)).toEqual(['REOPEN_REFUSE city', 'REOPEN_REQUEST d017']);
    expect(await refused(() => gql(district.graphql, GRANT, { id: own.id }, token.city))).toMatchObject({ code: 'CONFLICT', field: 'id' });
  });

  it('Đông Anh grants; the commune corrects; acceptance closes the report again', async () => {
    const granted = (await gqlOk(district.graphql, GRANT, { id: requestId, n: 'Đồng ý, gửi lại trong tuần' }, token.d017)).grantReopen;
    expect(granted).toMatchObject({ status: 'GRANTED', decidedBy: 'd017' });
    expect((await noticesEventually('w00457', 1)).map((n) => n.kind)).toEqual(['REOPEN_GRANTED']);
    expect((await report()).closure).toMatchObject({ closed: true, reopened: true, writable: true });

    const corrected = (await gqlOk(district.graphql, SUBMIT, { i: input({ ...figures, 'sessions.thematic': thematic + 1 }) }, token.w00457))
      .submitReport;
    expect(corrected).toMatchObject({ status: 'SUBMITTED', version: 2 });
    await gqlOk(district.graphql, REVIEW, { id: corrected.id, d: 'ACCEPT' }, token.d017);

    const after = await report();
    expect(after.closure).toMatchObject({ closed: true, reopened: false, writable: false });
    expect(after.reopenRequests[0]).toMatchObject({ status: 'GRANTED', endedAt: expect.any(String) });
    expect(await refused(() => gql(district.graphql, SAVE, { i: input(figures) }, token.w00457))).toMatchObject({ code: 'PERIOD_CLOSED' });

    const audit = (
      await gqlOk(
        district.graphql,
        `query($u: String, $p: String) { auditLog(unitCode: $u, period: $p) { action username } }`,
        { u: WARD, p: PERIOD },
        token.city,
      )
    ).auditLog.map((a: { action: string; username: string }) => `${a.action} ${a.username}`);
    expect(audit.slice(0, 4)).toEqual(['ACCEPT d017', 'SUBMIT w00457', 'REOPEN_GRANT d017', 'REOPEN_REQUEST w00457']);
  });

  it('the briefing keeps the figures as presented beside the corrected ones, the change marked', async () => {
    const s = await eventually(summary, (x) => wardCell(x, 'sessions.thematic')?.current === thematic + 1, 20_000, 200);
    expect(wardCell(s, 'sessions.thematic')).toEqual({
      metric: { code: 'sessions.thematic' },
      presented: thematic,
      current: thematic + 1,
      delta: 1,
      changed: true,
    });
    expect(s.presented.changed).toBe(1);
    expect(s.levels.find((l: any) => l.level === 'WARD').values.find((v: any) => v.metric.code === 'sessions.thematic').value).toBe(
      thematic + 1,
    );
  });

  it('and so does the workbook, read back with exceljs', async () => {
    const res = await fetch(`${city.url}/briefing/${PERIOD}/workbook.xlsx`, { headers: { authorization: `Bearer ${token.viewer}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as Parameters<ExcelJS.Workbook['xlsx']['load']>[0]);
    const ws = wb.getWorksheet('Tại hội nghị')!;
    expect(ws.getCell('A1').value).toBe('Số liệu tại hội nghị ngày 19/04/2024 và số liệu hiện nay — Quý I/2024');
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(2).value === 'sessions.thematic') row = n;
    });
    // The commune level: columns 9 (at the meeting), 10 (now), 11 (difference); the changed cells shaded.
    expect([9, 10, 11].map((c) => ws.getCell(row, c).value)).toEqual([thematic, thematic + 1, 1]);
    expect((ws.getCell(row, 10).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(ws.getCell(6, 9).value).toBe('Số liệu tại hội nghị ngày 19/04/2024');
    expect(ws.getCell(6, 10).value).toBe('Số liệu hiện nay');
  });
});

describe('a city meeting held with the quarter left open', () => {
  it('freezes its figures and closes nothing when asked not to; the next held meeting of that quarter closes it', async () => {
    const QUARTER = '2023Q4';
    const meetingOf = async (title: string) =>
      (
        await gqlOk(
          city.graphql,
          `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`,
          { i: { period: QUARTER, title, startsAt: '2024-01-12T01:30:00.000Z' } },
          token.cityOnCity,
        )
      ).createBriefingMeeting.id as string;
    const HELD = `mutation($id: ID!, $c: Boolean) { markBriefingMeetingHeld(id: $id, closeQuarter: $c) { id heldAt } }`;
    const early = await meetingOf('Giao ban sớm quý IV/2023');
    expect((await gqlOk(city.graphql, HELD, { id: early, c: false }, token.cityOnCity)).markBriefingMeetingHeld.heldAt).toEqual(
      expect.any(String),
    );
    const later = await meetingOf('Hội nghị giao ban quý IV/2023');
    await gqlOk(city.graphql, HELD, { id: later }, token.cityOnCity);
    // Events reach the district side in order: once the later meeting's closure is there, the early one's would be too.
    const closures = await eventually(
      async () => (await gqlOk(district.graphql, CLOSURES, { p: QUARTER }, token.w00457)).quarterClosures,
      (c) => c.length > 0,
      20_000,
      200,
    );
    expect(closures).toEqual([{ scopeCode: '01', source: `meeting:${later}`, closedBy: 'city' }]);
    // And at the source: the early meeting wrote no closing event at all.
    const { rows } = await pool.query<{ source: string }>(
      `SELECT payload->>'source' AS source FROM city.outbox_event WHERE type = 'QuarterClosed' AND payload->>'period' = $1`,
      [QUARTER],
    );
    expect(rows).toEqual([{ source: `meeting:${later}` }]);
  });
});

describe('closing by hand', () => {
  it('city staff close Q2/2024 for Ba Đình: its council’s report is closed, Đông Anh’s commune is not; audited', async () => {
    const closed = (await gqlOk(district.graphql, CLOSE, { p: '2024Q2', s: '001' }, token.city)).closeQuarter;
    expect(closed).toMatchObject({ period: '2024Q2', scopeCode: '001', source: 'manual', closedBy: 'city' });
    // Đông Anh's commune still saves its Q2 draft.
    expect((await gqlOk(district.graphql, SAVE, { i: { ...input(figures), period: '2024Q2' } }, token.w00457)).saveReport.status).toBe(
      'DRAFT',
    );
    // Ba Đình's own report is closed.
    expect(
      await refused(() =>
        gql(
          district.graphql,
          SAVE,
          { i: { unitCode: '001', period: '2024Q2', values: valueList(realisticValues('DISTRICT', 2)) } },
          token.d001,
        ),
      ),
    ).toMatchObject({ code: 'PERIOD_CLOSED', field: 'input.period' });
    const audit = (
      await gqlOk(district.graphql, `{ adminAuditLog(subject: "period:2024Q2") { action unitCode username } }`, {}, token.city)
    ).adminAuditLog;
    expect(audit).toEqual([{ action: 'QUARTER_CLOSE', unitCode: '001', username: 'city' }]);
  });

  it('closing Q3/2024 for Đông Anh tells its councils once, however often it is closed or its event delivered; not Sóc Sơn’s', async () => {
    const period = '2024Q3';
    const first = (await gqlOk(district.graphql, CLOSE, { p: period, s: DISTRICT }, token.city)).closeQuarter;
    await closureHandled(first.id);
    expect(await closedNotices('w00457', period)).toEqual([
      expect.objectContaining({ unitCode: WARD, title: 'Đã khoá sổ Quý III/2024', link: `/reports/${WARD}/${period}` }),
    ]);
    expect(await closedNotices('d017', period)).toEqual([expect.objectContaining({ unitCode: DISTRICT })]);
    expect(await closedNotices('w00379', period)).toEqual([]);
    expect(await closedNotices('d001', period)).toEqual([]);
    const written = await closedCount(period);

    // Closed again (a new fact) and the first closure's event delivered again: nobody is told twice.
    const again = (await gqlOk(district.graphql, CLOSE, { p: period, s: DISTRICT }, token.city)).closeQuarter;
    await closureHandled(again.id);
    const { rows } = await pool.query(`SELECT id, payload FROM district.outbox_event WHERE aggregate_id = $1`, [first.id]);
    await worker.app.get(JobRegistry).handlerFor('QuarterClosureRecorded')!(rows[0].payload, { id: rows[0].id, attempt: 2 });
    expect(await closedCount(period)).toBe(written);
    expect(await closedNotices('w00457', period)).toHaveLength(1);
  });

  it('refuses a commune as the scope, a quarter not begun, and anyone but city staff', async () => {
    expect(await refused(() => gql(district.graphql, CLOSE, { p: '2024Q2', s: WARD }, token.city))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'scopeCode',
    });
    const notBegun = quarterFromNow(1).code;
    expect(await refused(() => gql(district.graphql, CLOSE, { p: notBegun }, token.city))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'period',
    });
    expect((await refused(() => gql(district.graphql, CLOSE, { p: '2024Q2' }, token.d017))).code).toBe('FORBIDDEN');
  });
});
