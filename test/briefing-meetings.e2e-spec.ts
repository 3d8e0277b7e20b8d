/**
 * Briefing meetings (hội nghị giao ban): the city's Q1/2024 briefing with its
 * 30 district connection points (seed 003), attendance, agenda, a conclusion
 * issued as a directive and followed up at the next quarter's briefing; a
 * district's own briefing with its communes; who may do what; bad input.
 * A database of this file's own: the counts below are exact.
 */
import fc from 'fast-check';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { BriefingLiveService } from '../libs/briefings/src/briefing-live.service.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { gql, gqlOk, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { leaks } from './support/reporting.js';
import { testPool } from './support/sql.js';

const MEETING_FIELDS = `id period title startsAt location createdAt host { code }
  connectionPoints { unit { code } location status attendees note updatedAt }
  attendance { expected present absent }
  agenda { id position title presenter { code } note }
  conclusions { id position text createdAt directives { id title } }
  directives { id title briefingMeetingId }`;
const CREATE = `mutation($input: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $input) { ${MEETING_FIELDS} } }`;
const MEETING = `query($id: ID!) { briefingMeeting(id: $id) { ${MEETING_FIELDS} } }`;
const MEETINGS = `query($period: String, $host: String) { briefingMeetings(period: $period, hostUnitCode: $host) { id period host { code } } }`;
const ATTEND = `mutation($m: ID!, $u: String!, $s: AttendanceStatus!, $a: Int, $n: String, $l: String) {
  recordAttendance(meetingId: $m, unitCode: $u, status: $s, attendees: $a, note: $n, location: $l) { unit { code } location status attendees note updatedAt } }`;
const AGENDA = `mutation($m: ID!, $input: AgendaItemInput!) { addAgendaItem(meetingId: $m, input: $input) { id position title presenter { code } note } }`;
const CONCLUDE = `mutation($m: ID!, $t: String!) { addConclusion(meetingId: $m, text: $t) { id position text createdAt directives { id } } }`;
const ISSUE = `mutation($input: IssueDirectiveInput!) { issueDirective(input: $input) { id briefingMeetingId progress { total } } }`;
const SUMMARY = `query($p: String!) { briefingSummary(period: $p) { period
  meeting { id period attendance { expected present absent } }
  previousBriefing { meeting { id period } directives { id title } progress { total pending acknowledged inProgress completed overdue } completedDirectives overdueDirectives } } }`;
const MINE = `query($u: String) { assignments(unitCode: $u) { id directiveId status } }`;

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let pool: pg.Pool;
let city: RunningApp;
let district: RunningApp;
let worker: RunningApp;
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const token = (user: string) => tokenFor(city.graphql, user);

async function query(sql: string, params: unknown[] = []): Promise<any[]> {
  return (await pool.query(sql, params)).rows;
}

/** Everything a meeting call could write: row counts, and every connection point's state as one checksum. */
async function snapshot(): Promise<Record<string, unknown>> {
  return (
    await query(`SELECT (SELECT count(*) FROM city.briefing_meeting)::int AS meetings,
      (SELECT count(*) FROM city.briefing_agenda_item)::int AS agenda,
      (SELECT count(*) FROM city.briefing_conclusion)::int AS conclusions,
      (SELECT count(*) FROM city.directive)::int AS directives,
      (SELECT count(*) FROM city.briefing_connection_point)::int AS points,
      (SELECT md5(coalesce(string_agg(concat_ws('|', meeting_id, unit_code, status, attendees, note, location, updated_at, updated_by), ',' ORDER BY meeting_id, unit_code), ''))
         FROM city.briefing_connection_point) AS point_states`)
  )[0];
}

async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
  const before = await snapshot();
  const result = await fn();
  expect(await snapshot()).toEqual(before);
  return result;
}

function expectRefused(res: GraphQLResponse, code: 'BAD_USER_INPUT' | 'FORBIDDEN', field?: string, echoed: string[] = []): void {
  expect(res.errors?.length).toBeGreaterThan(0);
  const err = res.errors![0];
  expect(err.extensions?.code).toBe(code);
  if (field !== undefined) expect(err.extensions?.field).toBe(field);
  expect(leaks(res, echoed)).toEqual([]);
  expect(Object.values((res.data as Record<string, unknown> | null | undefined) ?? {}).filter((v) => v !== null)).toEqual([]);
}

const Q1_BRIEFING = {
  period: '2024Q1',
  title: 'Hội nghị giao ban Thường trực HĐND thành phố với Thường trực HĐND quận, huyện, thị xã quý I/2024',
  startsAt: '2024-04-19T01:30:00.000Z', // 8:30 sáng 19/4, giờ Việt Nam
  location: 'Điểm cầu HĐND thành phố',
  agenda: [
    {
      title: 'Kết quả hoạt động của HĐND các cấp thành phố quý I/2024',
      presenterUnitCode: '01',
      note: 'Chánh Văn phòng Đoàn ĐBQH và HĐND thành phố trình bày',
    },
    { title: 'Dự thảo Quy chế phối hợp tiếp nhận, giải quyết, trả lời kiến nghị của cử tri gửi HĐND thành phố' },
  ],
};

let cityMeeting: string;
let dongAnhMeeting: string;

beforeAll(async () => {
  db = await isolatedDatabase('meetings');
  pool = testPool(db.url, 2);
  [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([city?.close(), district?.close(), worker?.close()]);
  await pool?.end();
  await db?.restore();
});

describe('the city’s briefing of Q1/2024 with 30 connection points', () => {
  it('creates the meeting with one expected connection point per district, and its agenda', async () => {
    const created = (await gqlOk(city.graphql, CREATE, { input: Q1_BRIEFING }, await token('city'))).createBriefingMeeting;
    cityMeeting = created.id;
    expect(created).toMatchObject({
      period: '2024Q1',
      title: Q1_BRIEFING.title,
      startsAt: Q1_BRIEFING.startsAt,
      location: Q1_BRIEFING.location,
      host: { code: '01' },
    });
    expect(created.connectionPoints).toHaveLength(30);
    expect(created.connectionPoints.map((p: { unit: { code: string } }) => p.unit.code)).toEqual(
      expect.arrayContaining(['001', '009', '017', '250', '271']),
    );
    expect(
      created.connectionPoints.every((p: { status: string; attendees: unknown }) => p.status === 'EXPECTED' && p.attendees === null),
    ).toBe(true);
    expect(created.attendance).toEqual({ expected: 30, present: 0, absent: 0 });
    expect(created.agenda).toEqual([
      expect.objectContaining({
        position: 1,
        title: Q1_BRIEFING.agenda[0].title,
        presenter: { code: '01' },
        note: Q1_BRIEFING.agenda[0].note,
      }),
      expect.objectContaining({ position: 2, title: Q1_BRIEFING.agenda[1].title, presenter: null, note: null }),
    ]);
    expect(created.conclusions).toEqual([]);
    expect(created.directives).toEqual([]);
    const rows = await query(
      `SELECT host_unit_code, root_code, period, created_by, (SELECT count(*)::int FROM city.briefing_connection_point WHERE meeting_id = m.id) AS points FROM city.briefing_meeting m WHERE id = $1`,
      [cityMeeting],
    );
    expect(rows).toEqual([{ host_unit_code: '01', root_code: '01', period: '2024Q1', created_by: 'city', points: 30 }]);
  });

  it('records attendance, and the counts follow', async () => {
    const t = await token('city');
    const present = (
      await gqlOk(
        city.graphql,
        ATTEND,
        { m: cityMeeting, u: '009', s: 'PRESENT', a: 25, n: 'Đồng chí Chủ tịch HĐND quận dự', l: 'Hội trường UBND quận Thanh Xuân' },
        t,
      )
    ).recordAttendance;
    expect(present).toMatchObject({
      unit: { code: '009' },
      status: 'PRESENT',
      attendees: 25,
      note: 'Đồng chí Chủ tịch HĐND quận dự',
      location: 'Hội trường UBND quận Thanh Xuân',
    });
    await gqlOk(city.graphql, ATTEND, { m: cityMeeting, u: '017', s: 'PRESENT', a: 18 }, t);
    await gqlOk(city.graphql, ATTEND, { m: cityMeeting, u: '271', s: 'ABSENT', n: 'Mất kết nối đường truyền' }, t);
    // A new record replaces the attendance; the location stays.
    const again = (await gqlOk(city.graphql, ATTEND, { m: cityMeeting, u: '009', s: 'PRESENT', a: 30 }, t)).recordAttendance;
    expect(again).toMatchObject({ status: 'PRESENT', attendees: 30, note: null, location: 'Hội trường UBND quận Thanh Xuân' });
    const m = (await gqlOk(city.graphql, MEETING, { id: cityMeeting }, t)).briefingMeeting;
    expect(m.attendance).toEqual({ expected: 27, present: 2, absent: 1 });
    expect(m.connectionPoints.find((p: { unit: { code: string } }) => p.unit.code === '271')).toMatchObject({
      status: 'ABSENT',
      attendees: null,
      note: 'Mất kết nối đường truyền',
    });
    expect(
      (await query(`SELECT updated_by FROM city.briefing_connection_point WHERE meeting_id = $1 AND unit_code = '009'`, [cityMeeting]))[0]
        .updated_by,
    ).toBe('city');
  });

  it('adds an agenda item at the end', async () => {
    const item = (
      await gqlOk(
        city.graphql,
        AGENDA,
        { m: cityMeeting, input: { title: 'Ý kiến của Thường trực HĐND cấp huyện', presenterUnitCode: '017' } },
        await token('admin'),
      )
    ).addAgendaItem;
    expect(item).toMatchObject({ position: 3, title: 'Ý kiến của Thường trực HĐND cấp huyện', presenter: { code: '017' } });
  });

  it('issues a conclusion as directives linked to the meeting; they show under the conclusion and the meeting', async () => {
    const t = await token('city');
    const conclusion = (
      await gqlOk(
        city.graphql,
        CONCLUDE,
        {
          m: cityMeeting,
          t: 'Đề nghị Thường trực HĐND cấp huyện rà soát lại toàn bộ nhiệm vụ, đặc biệt là các kết luận chất vấn, giải trình.',
        },
        t,
      )
    ).addConclusion;
    expect(conclusion).toMatchObject({ position: 1, directives: [] });
    const other = (
      await gqlOk(
        city.graphql,
        CONCLUDE,
        { m: cityMeeting, t: 'Chuẩn bị tốt các điều kiện tổ chức kỳ họp chuyên đề, kỳ họp thường lệ giữa năm.' },
        t,
      )
    ).addConclusion;
    expect(other.position).toBe(2);

    const a = (
      await gqlOk(
        city.graphql,
        ISSUE,
        {
          input: {
            title: 'Rà soát kết luận chất vấn, giải trình',
            body: conclusion.text,
            reference: 'Chỉ thị 24-CT/TU',
            targetUnitCodes: ['009'],
            dueDate: future(30),
            briefingMeetingId: cityMeeting,
            briefingConclusionId: conclusion.id,
          },
        },
        t,
      )
    ).issueDirective;
    expect(a).toMatchObject({ briefingMeetingId: cityMeeting, progress: { total: 1 } });
    // The conclusion alone names its meeting.
    const b = (
      await gqlOk(
        city.graphql,
        ISSUE,
        {
          input: {
            title: 'Giao ban định kỳ với HĐND xã, thị trấn',
            body: conclusion.text,
            targetUnitCodes: ['017'],
            dueDate: future(30),
            briefingConclusionId: conclusion.id,
          },
        },
        t,
      )
    ).issueDirective;
    expect(b.briefingMeetingId).toBe(cityMeeting);
    expect(
      await query(`SELECT briefing_meeting_id, briefing_conclusion_id FROM city.directive WHERE id = ANY($1) ORDER BY issued_at`, [
        [a.id, b.id],
      ]),
    ).toEqual([
      { briefing_meeting_id: cityMeeting, briefing_conclusion_id: conclusion.id },
      { briefing_meeting_id: cityMeeting, briefing_conclusion_id: conclusion.id },
    ]);

    const m = (await gqlOk(city.graphql, MEETING, { id: cityMeeting }, t)).briefingMeeting;
    expect(m.directives.map((d: { id: string }) => d.id)).toEqual([a.id, b.id]);
    expect(m.conclusions.map((c: { directives: { id: string }[] }) => c.directives.map((d) => d.id))).toEqual([[a.id, b.id], []]);
  });

  it('shows this period’s meeting on the Q1 summary, and at the Q2 briefing the Q1 one as previous, with its directives’ progress', async () => {
    const directives = (await query(`SELECT id, target_unit_codes FROM city.directive WHERE briefing_meeting_id = $1`, [cityMeeting])).map(
      (d) => ({ id: d.id as string, unit: (d.target_unit_codes as string[])[0] }),
    );
    const [thanhXuan, dongAnh] = ['009', '017'].map((u) => directives.find((d) => d.unit === u)!.id);
    // Thanh Xuân completes its part (on district-api, after the fan-out).
    const d009 = await tokenFor(district.graphql, 'd009');
    const mine = await eventually(
      async () =>
        (await gqlOk(district.graphql, MINE, { u: '009' }, d009)).assignments.find(
          (a: { directiveId: string }) => a.directiveId === thanhXuan,
        ),
      (a) => a !== undefined,
      10_000,
    );
    await gqlOk(district.graphql, `mutation($id: ID!) { acknowledgeAssignment(id: $id) { status } }`, { id: mine.id }, d009);
    await gqlOk(
      district.graphql,
      `mutation($id: ID!) { updateAssignment(id: $id, status: COMPLETED, note: "Đã rà soát xong") { status } }`,
      { id: mine.id },
      d009,
    );
    const view = await eventually(
      () => query(`SELECT directive_id, status FROM city.assignment_view WHERE directive_id = ANY($1)`, [[thanhXuan, dongAnh]]),
      (rows) => rows.length === 2 && rows.some((r) => r.directive_id === thanhXuan && r.status === 'COMPLETED'),
      10_000,
    );
    expect(view).toHaveLength(2);
    // Đông Anh's due day passes, as time would.
    await query(`UPDATE city.assignment_view SET due_date = current_date - 2 WHERE directive_id = $1`, [dongAnh]);

    const q1 = (await gqlOk(city.graphql, SUMMARY, { p: '2024Q1' }, await token('city'))).briefingSummary;
    expect(q1.meeting).toEqual({ id: cityMeeting, period: '2024Q1', attendance: { expected: 27, present: 2, absent: 1 } });
    expect(q1.previousBriefing).toBeNull();

    for (const user of ['city', 'viewer']) {
      const q2 = (await gqlOk(city.graphql, SUMMARY, { p: '2024Q2' }, await token(user))).briefingSummary;
      expect(q2.meeting).toBeNull();
      expect(q2.previousBriefing).toMatchObject({
        meeting: { id: cityMeeting, period: '2024Q1' },
        progress: { total: 2, pending: 1, acknowledged: 0, inProgress: 0, completed: 1, overdue: 1 },
        completedDirectives: 1,
        overdueDirectives: 1,
      });
      expect(q2.previousBriefing.directives.map((d: { id: string }) => d.id).sort()).toEqual([thanhXuan, dongAnh].sort());
    }
    // A year's briefing looks back to the year before: none here.
    expect((await gqlOk(city.graphql, SUMMARY, { p: '2024' }, await token('city'))).briefingSummary.previousBriefing).toBeNull();
    expect((await gqlOk(city.graphql, SUMMARY, { p: '2025' }, await token('city'))).briefingSummary.previousBriefing.meeting.id).toBe(
      cityMeeting,
    );
  });
});

describe('a district’s own briefing with its communes', () => {
  it('lets Đông Anh host its communes that have a council, all expected, and tells live screens of each change', async () => {
    const t = await token('d017');
    const live = city.app.get(BriefingLiveService, { strict: false });
    const told: string[] = [];
    const publish = live.publishMeetingChanged.bind(live);
    live.publishMeetingChanged = async (host: string, period: string) => {
      told.push(`${host} ${period}`);
      await publish(host, period);
    };
    const created = (
      await gqlOk(
        city.graphql,
        CREATE,
        {
          input: {
            period: '2024Q1',
            title: 'Giao ban Thường trực HĐND huyện Đông Anh với HĐND các xã, thị trấn quý I/2024',
            startsAt: '2024-04-25T01:00:00Z',
          },
        },
        t,
      )
    ).createBriefingMeeting;
    dongAnhMeeting = created.id;
    const communes = await query(
      `SELECT code FROM hierarchy.council_unit WHERE parent_code = '017' AND level = 'WARD' AND valid_from <= '2024-01-01' AND (valid_to IS NULL OR valid_to > '2024-01-01')
          AND council_from <= '2024-01-01' AND (council_to IS NULL OR council_to > '2024-01-01') ORDER BY code`,
    );
    expect(communes.length).toBeGreaterThan(20);
    expect(created.host.code).toBe('017');
    expect(created.connectionPoints.map((p: { unit: { code: string } }) => p.unit.code)).toEqual(communes.map((c) => c.code));
    expect(created.attendance).toEqual({ expected: communes.length, present: 0, absent: 0 });

    const commune = communes[0].code;
    expect((await gqlOk(city.graphql, ATTEND, { m: dongAnhMeeting, u: commune, s: 'PRESENT', a: 7 }, t)).recordAttendance).toMatchObject({
      unit: { code: commune },
      status: 'PRESENT',
    });
    await gqlOk(city.graphql, AGENDA, { m: dongAnhMeeting, input: { title: 'Báo cáo của HĐND xã', presenterUnitCode: commune } }, t);
    const conclusion = (await gqlOk(city.graphql, CONCLUDE, { m: dongAnhMeeting, t: 'Các xã hoàn thành báo cáo quý đúng hạn.' }, t))
      .addConclusion;
    const issued = (
      await gqlOk(
        city.graphql,
        ISSUE,
        {
          input: {
            title: 'Báo cáo quý đúng hạn',
            body: conclusion.text,
            targetUnitCodes: [commune],
            dueDate: future(10),
            briefingMeetingId: dongAnhMeeting,
            briefingConclusionId: conclusion.id,
          },
        },
        t,
      )
    ).issueDirective;
    expect(issued.briefingMeetingId).toBe(dongAnhMeeting);

    const own = (await gqlOk(city.graphql, MEETINGS, {}, t)).briefingMeetings;
    expect(own.map((m: { id: string }) => m.id)).toEqual([dongAnhMeeting]);
    live.publishMeetingChanged = publish;
    expect(told).toEqual(Array(4).fill('017 2024Q1')); // created, attendance, agenda, conclusion
  });

  it('refuses a district touching the city’s or another district’s meeting, and writes nothing', async () => {
    const t = await token('d018'); // Gia Lâm: a connection point of the city's meeting, not its manager
    const attempts: [string, Record<string, unknown>][] = [
      [ATTEND, { m: cityMeeting, u: '018', s: 'PRESENT', a: 12 }],
      [
        ATTEND,
        {
          m: dongAnhMeeting,
          u: (await query(`SELECT unit_code FROM city.briefing_connection_point WHERE meeting_id = $1 LIMIT 1`, [dongAnhMeeting]))[0]
            .unit_code,
          s: 'ABSENT',
        },
      ],
      [AGENDA, { m: cityMeeting, input: { title: 'Chen vào chương trình' } }],
      [AGENDA, { m: dongAnhMeeting, input: { title: 'Chen vào chương trình' } }],
      [CONCLUDE, { m: cityMeeting, t: 'Kết luận giả' }],
      [CONCLUDE, { m: dongAnhMeeting, t: 'Kết luận giả' }],
      [CREATE, { input: { period: '2024Q2', hostUnitCode: '017', title: 'Giao ban thay huyện khác', startsAt: '2024-07-20T01:00:00Z' } }],
      [CREATE, { input: { period: '2024Q2', hostUnitCode: '01', title: 'Giao ban thay thành phố', startsAt: '2024-07-20T01:00:00Z' } }],
      [MEETING, { id: cityMeeting }],
      [MEETING, { id: dongAnhMeeting }],
      [MEETINGS, { host: '017' }],
    ];
    for (const [q, vars] of attempts) expectRefused(await unchanged(() => gql(city.graphql, q, vars, t)), 'FORBIDDEN');
    expect((await gqlOk(city.graphql, MEETINGS, {}, t)).briefingMeetings).toEqual([]);
    // Nor can it hang a directive on another unit's meeting.
    const foreign = await unchanged(() =>
      gql(city.graphql, ISSUE, { input: { title: 't', body: 'b', dueDate: future(5), briefingMeetingId: dongAnhMeeting } }, t),
    );
    expectRefused(foreign, 'BAD_USER_INPUT', 'input.briefingMeetingId');
  });

  it('lets a viewer read every meeting of the city but change none; commune staff read none', async () => {
    const v = await token('viewer');
    const all = (await gqlOk(city.graphql, MEETINGS, { period: '2024' }, v)).briefingMeetings;
    expect(all.map((m: { id: string }) => m.id).sort()).toEqual([cityMeeting, dongAnhMeeting].sort());
    expect(
      (await gqlOk(city.graphql, MEETINGS, { period: '2024Q1', host: '01' }, v)).briefingMeetings.map((m: { id: string }) => m.id),
    ).toEqual([cityMeeting]);
    expect((await gqlOk(city.graphql, MEETINGS, { period: '2024Q2' }, v)).briefingMeetings).toEqual([]);
    const m = (await gqlOk(city.graphql, MEETING, { id: dongAnhMeeting }, v)).briefingMeeting;
    expect(m.directives).toHaveLength(1);
    for (const [q, vars] of [
      [CREATE, { input: { ...Q1_BRIEFING, period: '2024Q2' } }],
      [ATTEND, { m: cityMeeting, u: '001', s: 'PRESENT' }],
      [CONCLUDE, { m: cityMeeting, t: 'x' }],
    ] as [string, Record<string, unknown>][]) {
      expectRefused(await unchanged(() => gql(city.graphql, q, vars, v)), 'FORBIDDEN');
    }
    const w = await token('w00457');
    expectRefused(await gql(city.graphql, MEETINGS, {}, w), 'FORBIDDEN');
    expectRefused(await gql(city.graphql, MEETING, { id: cityMeeting }, w), 'FORBIDDEN');
  });
});

describe('bad input', () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  const valid = { period: '2024Q3', title: 'Giao ban quý III/2024', startsAt: '2024-10-18T01:30:00Z' };

  it.each<[string, string, () => Record<string, unknown>, string]>([
    ['a period that is no period', CREATE, () => ({ input: { ...valid, period: 'Q1/2024' } }), 'input.period'],
    ['quarter 5', CREATE, () => ({ input: { ...valid, period: '2024Q5' } }), 'input.period'],
    ['a blank title', CREATE, () => ({ input: { ...valid, title: '   ' } }), 'input.title'],
    ['a title of 501 characters', CREATE, () => ({ input: { ...valid, title: 'à'.repeat(501) } }), 'input.title'],
    ['an unknown host', CREATE, () => ({ input: { ...valid, hostUnitCode: '99999' } }), 'input.hostUnitCode'],
    ['a commune as host', CREATE, () => ({ input: { ...valid, hostUnitCode: '00457' } }), 'input.hostUnitCode'],
    ['a start time that is not one', CREATE, () => ({ input: { ...valid, startsAt: 'sáng 19/4' } }), 'input.startsAt'],
    ['a start in 1900', CREATE, () => ({ input: { ...valid, startsAt: '1900-01-01T00:00:00Z' } }), 'input.startsAt'],
    [
      'a presenter that takes no part',
      CREATE,
      () => ({ input: { ...valid, agenda: [{ title: 'a' }, { title: 'b', presenterUnitCode: '00457' }] } }),
      'input.agenda[1].presenterUnitCode',
    ],
    ['an agenda item without a title', CREATE, () => ({ input: { ...valid, agenda: [{ title: '' }] } }), 'input.agenda[0].title'],
    ['a malformed meeting id', ATTEND, () => ({ m: 'not-a-uuid', u: '009', s: 'PRESENT' }), 'meetingId'],
    ['an unknown meeting', ATTEND, () => ({ m: missing, u: '009', s: 'PRESENT' }), 'meetingId'],
    ['an unknown unit', ATTEND, () => ({ m: cityMeeting, u: '99999', s: 'PRESENT' }), 'unitCode'],
    ['a unit that is not a connection point of the meeting', ATTEND, () => ({ m: cityMeeting, u: '00457', s: 'PRESENT' }), 'unitCode'],
    ['negative attendees', ATTEND, () => ({ m: cityMeeting, u: '009', s: 'PRESENT', a: -1 }), 'attendees'],
    ['attendees at an absent point', ATTEND, () => ({ m: cityMeeting, u: '009', s: 'ABSENT', a: 3 }), 'attendees'],
    ['an unknown status', ATTEND, () => ({ m: cityMeeting, u: '009', s: 'LATE' }), 's'],
    ['an agenda item for an unknown meeting', AGENDA, () => ({ m: missing, input: { title: 'x' } }), 'meetingId'],
    ['an agenda item with an empty title', AGENDA, () => ({ m: cityMeeting, input: { title: '' } }), 'input.title'],
    [
      'an agenda presenter from outside the meeting',
      AGENDA,
      () => ({ m: cityMeeting, input: { title: 'x', presenterUnitCode: '00457' } }),
      'input.presenterUnitCode',
    ],
    ['an empty conclusion', CONCLUDE, () => ({ m: cityMeeting, t: ' \n ' }), 'text'],
    ['a conclusion of 20,001 characters', CONCLUDE, () => ({ m: cityMeeting, t: 'x'.repeat(20_001) }), 'text'],
    ['a conclusion for a malformed id', CONCLUDE, () => ({ m: `${missing.slice(0, -1)}g`, t: 'x' }), 'meetingId'],
    [
      'a directive for an unknown meeting',
      ISSUE,
      () => ({ input: { title: 't', body: 'b', dueDate: future(3), briefingMeetingId: missing } }),
      'input.briefingMeetingId',
    ],
    [
      'a directive for a malformed meeting id',
      ISSUE,
      () => ({ input: { title: 't', body: 'b', dueDate: future(3), briefingMeetingId: '------------------------------------' } }),
      'input.briefingMeetingId',
    ],
    [
      'a directive for another host’s meeting',
      ISSUE,
      () => ({ input: { title: 't', body: 'b', dueDate: future(3), briefingMeetingId: dongAnhMeeting } }),
      'input.briefingMeetingId',
    ],
    [
      'a directive for an unknown conclusion',
      ISSUE,
      () => ({ input: { title: 't', body: 'b', dueDate: future(3), briefingMeetingId: cityMeeting, briefingConclusionId: missing } }),
      'input.briefingConclusionId',
    ],
  ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_name, q, vars, field) => {
    const t = await token('city');
    const res = await unchanged(() => gql(city.graphql, q, vars(), t));
    expectRefused(
      res,
      'BAD_USER_INPUT',
      field,
      Object.values(vars()).flatMap((v) =>
        typeof v === 'string' ? [v] : typeof v === 'object' && v ? Object.values(v).filter((x): x is string => typeof x === 'string') : [],
      ),
    );
  });

  it('refuses a conclusion of another meeting for the issued directive', async () => {
    const other = (await query(`SELECT id FROM city.briefing_conclusion WHERE meeting_id = $1`, [dongAnhMeeting]))[0].id;
    const res = await unchanged(async () =>
      gql(
        city.graphql,
        ISSUE,
        { input: { title: 't', body: 'b', dueDate: future(3), briefingMeetingId: cityMeeting, briefingConclusionId: other } },
        await token('city'),
      ),
    );
    expectRefused(res, 'BAD_USER_INPUT', 'input.briefingConclusionId');
  });

  const anyText = (maxLength = 12) =>
    fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary-ascii', maxLength }), fc.string({ unit: 'grapheme', maxLength }));

  it('refuses every period that is not "YYYYQn" or "YYYY" (2000–2100), naming input.period', async () => {
    const badPeriod = fc.oneof(
      anyText().filter((s) => !/^\d{4}(Q[1-4])?$/.test(s)),
      fc
        .tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('Q0', 'Q5', 'q1', ' Q1', '-Q2', 'Q1 ', ''))
        .map(([y, s]) => `${String(y).padStart(4, '0')}${s}`)
        .filter((s) => !/^\d{4}(Q[1-4])?$/.test(s) || !/^(20\d\d|2100)/.test(s)),
      fc.integer({ min: 0, max: 1999 }).map((y) => String(y).padStart(4, '0')),
      fc.integer({ min: 2101, max: 9999 }).map((y) => `${y}Q1`),
    );
    await fc.assert(
      fc.asyncProperty(badPeriod, fc.constantFrom('city', 'd017'), async (period, who) => {
        const res = await unchanged(async () => gql(city.graphql, CREATE, { input: { ...valid, period } }, await token(who)));
        expectRefused(res, 'BAD_USER_INPUT', 'input.period', [period]);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses attendance that is out of range or at a point the meeting does not have, naming the field', async () => {
    const t = await token('city');
    const points = new Set(
      (await query(`SELECT unit_code FROM city.briefing_connection_point WHERE meeting_id = $1`, [cityMeeting])).map(
        (r) => r.unit_code as string,
      ),
    );
    const status = fc.constantFrom('EXPECTED', 'PRESENT', 'ABSENT');
    const badAttendees = fc.oneof(fc.integer({ min: -2147483648, max: -1 }), fc.integer({ min: 100_001, max: 2147483647 }));
    const notAPoint = fc.oneof(anyText(), fc.stringMatching(/^\d{2,5}$/)).filter((u) => !points.has(u));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constantFrom(...points), status, badAttendees).map(([u, s, a]) => ({ vars: { u, s, a }, field: 'attendees' })),
          fc
            .tuple(fc.constantFrom(...points), fc.integer({ min: 1, max: 100_000 }))
            .map(([u, a]) => ({ vars: { u, s: 'ABSENT', a }, field: 'attendees' })),
          fc.tuple(notAPoint, status).map(([u, s]) => ({ vars: { u, s }, field: 'unitCode' })),
        ),
        async ({ vars, field }) => {
          const res = await unchanged(() => gql(city.graphql, ATTEND, { m: cityMeeting, ...vars }, t));
          expectRefused(res, 'BAD_USER_INPUT', field, [String(vars.u)]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
