/**
 * A database of a test file's own holding something of every kind that a
 * refused write could damage or a refused read could leak: directives (the
 * city's to Đông Anh 017 and its neighbour Gia Lâm 018, passed down to their
 * communes; Gia Lâm's own to its communes), assignments with notes, annual
 * plans, the city's and Gia Lâm's briefing meetings with agenda and
 * conclusions, and Gia Lâm's own report. Once everything is fanned out and
 * relayed, the worker stops: from then on nothing moves in the database but
 * what the apps are asked to do, so a whole-table checksum is exact.
 */
import { vietnamDate } from '@council/core';
import type pg from 'pg';

import { CITY_API } from '../../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './apps.js';
import { eventually } from './eventually.js';
import { gqlOk, type GraphQLResponse, tokenFor } from './graphql.js';
import { isolatedDatabase } from './isolated-database.js';
import { leaks, ok, realisticValues, submitReport, valueList } from './reporting.js';
import { testPool } from './sql.js';
import { tablesOf } from './table-state.js';

/** A date `days` after today in Vietnam, so a due date is never in the past whatever the clock says. */
export const daysFromNow = (days: number): string => vietnamDate(new Date(Date.now() + days * 86_400_000));

/** Text that stands only in the fixtures: if a refused answer contains one, it leaked. */
export const SECRETS = {
  directiveTitle: 'Gia Lâm: rà soát nội bộ hồ sơ đất đai (mật)',
  directiveBody: 'Nội dung chỉ đạo nội bộ của Thường trực HĐND huyện Gia Lâm gửi các xã, không dành cho đơn vị khác.',
  directiveReference: 'Thông báo 77-TB/HĐND-GL',
  assignmentNote: 'Gia Lâm: đã làm việc với 3 hộ dân khiếu nại kéo dài',
  reportHighlights: 'Gia Lâm: tổ chức kỳ họp chuyên đề về giải phóng mặt bằng Vành đai 4',
  planNote: 'Gia Lâm: Nghị quyết 15/NQ-HĐND về chương trình công tác năm',
  conclusionText: 'Gia Lâm: các xã hoàn thành rà soát trước ngày 30.',
} as const;

export const PLAN_YEAR = 2024;
export const MEETING_PERIOD = '2024Q1';
export const REPORT_PERIOD = '2024Q1';
/** Đông Anh's one commune that has filed REPORT_PERIOD (Gia Lâm's is `gialamCommune`): what completeness counts. */
export const DONG_ANH_FILED = '00460';

export interface CouncilFixtures {
  city: RunningApp;
  district: RunningApp;
  pool: pg.Pool;
  /** The city's directive to 017 and 018 (passed down), and Gia Lâm's own to its communes. */
  cityDirectiveId: string;
  gialamDirectiveId: string;
  /** Assignment ids by unit code, of the city's directive. */
  assignments: Record<string, string>;
  /** Gia Lâm's first commune with a council, and that commune's assignment of Gia Lâm's directive. */
  gialamCommune: string;
  gialamCommuneAssignment: string;
  cityMeetingId: string;
  gialamMeetingId: string;
  gialamReportId: string;
  token(endpoint: 'city' | 'district', user: string): Promise<string>;
  /** Every table of the city and district schemas: what any write could touch. */
  tables: string[];
}

const ISSUE = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id progress { total } } }`;
const UPDATE = `mutation($id: ID!, $s: AssignmentStatus!, $p: Int, $n: String) { updateAssignment(id: $id, status: $s, progressPercent: $p, note: $n) { id } }`;
const PLAN = `mutation($i: AnnualPlanInput!) { setAnnualPlan(input: $i) { id } }`;
const CREATE_MEETING = `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`;
const CONCLUDE = `mutation($m: ID!, $t: String!) { addConclusion(meetingId: $m, text: $t) { id } }`;

/** What the fixtures opened, last first: closed by closeCouncilFixtures even when the set-up failed or timed out half-way. */
const opened: (() => Promise<unknown>)[] = [];

export async function closeCouncilFixtures(): Promise<void> {
  while (opened.length) await opened.pop()!().catch(() => undefined);
}

export async function councilFixtures(suffix: string): Promise<CouncilFixtures> {
  const db = await isolatedDatabase(suffix);
  opened.push(() => db.restore());
  const pool = testPool(db.url, 3);
  opened.push(() => pool.end());
  // Each app closes once, whoever asks first (the worker is stopped early, then again by closeCouncilFixtures).
  const started = (app: Promise<RunningApp>) =>
    app.then((a) => {
      const close = a.close;
      let closing: Promise<void> | undefined;
      a.close = () => (closing ??= close());
      opened.push(a.close);
      return a;
    });
  const [city, district, worker] = await Promise.all([
    started(startApp(CITY_API)),
    started(startApp(DISTRICT_API)),
    started(startApp(SYNC_WORKER)),
  ]);
  const token = (endpoint: 'city' | 'district', user: string) => tokenFor((endpoint === 'city' ? city : district).graphql, user);
  const rows = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;
  const c = city.graphql;
  const d = district.graphql;
  const cityDirective = (
    await gqlOk(
      c,
      ISSUE,
      {
        i: {
          title: 'Rà soát kết luận chất vấn',
          body: 'Rà soát toàn bộ kết luận chất vấn, giải trình.',
          targetUnitCodes: ['017', '018'],
          cascadeToWards: true,
          dueDate: daysFromNow(30),
        },
      },
      await token('city', 'city'),
    )
  ).issueDirective;
  const gialamDirective = (
    await gqlOk(
      c,
      ISSUE,
      {
        i: { title: SECRETS.directiveTitle, body: SECRETS.directiveBody, reference: SECRETS.directiveReference, dueDate: daysFromNow(20) },
      },
      await token('city', 'd018'),
    )
  ).issueDirective;
  const expected = cityDirective.progress.total + gialamDirective.progress.total;
  const fanned = await eventually(
    () => rows(`SELECT count(*)::int AS n FROM district.assignment`),
    (r) => r[0].n === expected,
    30_000,
    100,
  );
  if (fanned[0].n !== expected) throw new Error(`fan-out: ${fanned[0].n} of ${expected} assignments`);

  const assignments = Object.fromEntries(
    (await rows(`SELECT unit_code, id FROM district.assignment WHERE directive_id = $1`, [cityDirective.id])).map((r) => [
      r.unit_code as string,
      r.id as string,
    ]),
  );
  const [{ unit_code: gialamCommune, id: gialamCommuneAssignment }] = await rows(
    `SELECT unit_code, id FROM district.assignment WHERE directive_id = $1 ORDER BY unit_code LIMIT 1`,
    [gialamDirective.id],
  );
  // Work under way with a note on Gia Lâm's side, for a neighbour to (fail to) touch or read.
  await gqlOk(d, UPDATE, { id: assignments['018'], s: 'IN_PROGRESS', p: 40, n: SECRETS.assignmentNote }, await token('district', 'd018'));
  await gqlOk(d, UPDATE, { id: gialamCommuneAssignment, s: 'ACKNOWLEDGED' }, await token('district', `w${gialamCommune}`));

  const targets = (seed: number, level: 'DISTRICT' | 'WARD') => valueList(realisticValues(level, seed)).slice(0, 4);
  await gqlOk(d, PLAN, { i: { unitCode: '017', year: PLAN_YEAR, targets: targets(17, 'DISTRICT') } }, await token('district', 'd017'));
  await gqlOk(
    d,
    PLAN,
    { i: { unitCode: '018', year: PLAN_YEAR, targets: targets(18, 'DISTRICT'), note: SECRETS.planNote } },
    await token('district', 'd018'),
  );
  await gqlOk(d, PLAN, { i: { unitCode: '00460', year: PLAN_YEAR, targets: targets(460, 'WARD') } }, await token('district', 'w00460'));

  const cityMeetingId = (
    await gqlOk(
      c,
      CREATE_MEETING,
      {
        i: { period: MEETING_PERIOD, title: 'Giao ban quý I/2024', startsAt: '2024-04-19T01:30:00Z', agenda: [{ title: 'Kết quả quý I' }] },
      },
      await token('city', 'city'),
    )
  ).createBriefingMeeting.id;
  const gialamMeetingId = (
    await gqlOk(
      c,
      CREATE_MEETING,
      {
        i: {
          period: MEETING_PERIOD,
          title: 'Giao ban HĐND huyện Gia Lâm với các xã',
          startsAt: '2024-04-24T01:30:00Z',
          agenda: [{ title: 'Báo cáo các xã' }],
        },
      },
      await token('city', 'd018'),
    )
  ).createBriefingMeeting.id;
  await gqlOk(c, CONCLUDE, { m: cityMeetingId, t: 'Các quận, huyện báo cáo đúng hạn.' }, await token('city', 'city'));
  await gqlOk(c, CONCLUDE, { m: gialamMeetingId, t: SECRETS.conclusionText }, await token('city', 'd018'));

  const report = ok(
    await submitReport(
      d,
      await token('district', 'd018'),
      { unitCode: '018', period: REPORT_PERIOD, values: valueList(realisticValues('DISTRICT', 18)), highlights: SECRETS.reportHighlights },
      `fixture-${suffix}`,
    ),
  ).submitReport;

  // One commune on each side has filed the quarter too (Gia Lâm's with a secret), for completeness to count or keep to itself.
  for (const [unitCode, highlights] of [
    [DONG_ANH_FILED, null],
    [gialamCommune, SECRETS.reportHighlights],
  ] as const) {
    ok(
      await submitReport(
        d,
        await token('district', `w${unitCode}`),
        { unitCode, period: REPORT_PERIOD, values: valueList(realisticValues('WARD', Number(unitCode))), highlights },
        `fixture-${suffix}-${unitCode}`,
      ),
    );
  }

  // Every event relayed and applied (the city's copy of every assignment too): then the worker may stop.
  const settled = await eventually(
    () =>
      rows(`SELECT (SELECT count(*) FROM city.outbox_event WHERE confirmed_at IS NULL)::int + (SELECT count(*) FROM district.outbox_event WHERE confirmed_at IS NULL)::int AS open,
                   (SELECT count(*) FROM city.assignment_view)::int AS views`),
    (r) => r[0].open === 0 && r[0].views === expected,
    30_000,
    100,
  );
  if (settled[0].open !== 0 || settled[0].views !== expected) throw new Error(`not settled: ${JSON.stringify(settled[0])}`);
  await worker.close();

  return {
    city,
    district,
    pool,
    cityDirectiveId: cityDirective.id,
    gialamDirectiveId: gialamDirective.id,
    assignments,
    gialamCommune,
    gialamCommuneAssignment,
    cityMeetingId,
    gialamMeetingId,
    gialamReportId: report.id,
    token,
    tables: await tablesOf(pool, ['city', 'district']),
  };
}

/**
 * The fixtures for a test file: set up before its tests, closed after them.
 * The object is filled in by beforeAll, so tests read it, never the describe bodies.
 */
export function useCouncilFixtures(suffix: string): CouncilFixtures {
  const fixtures = {} as CouncilFixtures;
  beforeAll(async () => {
    Object.assign(fixtures, await councilFixtures(suffix));
  }, 120_000);
  afterAll(closeCouncilFixtures);
  return fixtures;
}

/**
 * A refusal as a user sees it: an error with `code` (and `field`, when given),
 * no data, nothing internal, and none of the fixtures' private text.
 */
export function expectRefusal(res: GraphQLResponse, code: string, field?: string, echoed: string[] = []): void {
  // No error at all shows here as { code: undefined }, beside the data that came instead.
  const err = res.errors?.[0];
  expect({ code: err?.extensions?.code, ...(field === undefined ? {} : { field: err?.extensions?.field }) }).toEqual({
    code,
    ...(field === undefined ? {} : { field }),
  });
  expect(Object.values((res.data as Record<string, unknown> | null | undefined) ?? {}).filter((v) => v !== null)).toEqual([]);
  expect(leaks(res, echoed)).toEqual([]);
  const text = JSON.stringify(res);
  expect(Object.values(SECRETS).filter((s) => text.includes(s))).toEqual([]);
}
