import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '@council/database';
import fc from 'fast-check';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';
import { operatorHeaders } from './support/health.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { SANITY_VISIBLE_MS } from './support/sanity-bounds.js';
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
 * Seed 003 (Hội nghị giao ban quý I/2024): HĐND thành phố 1 kỳ họp chuyên đề,
 * 20 nghị quyết; HĐND cấp huyện 26 và 102; HĐND cấp xã 111 và 202. Spread
 * over real councils and filed through district-api, the city must show
 * exactly these totals (how fast is bench/sync-lag.mjs's to measure: here only
 * a sanity bound, SANITY_VISIBLE_MS).
 */

const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id status version } }`;
const STATS = `query($q: StatisticsQuery!) { statistics(query: $q) { asOf rows { level unit { code } period metric { code } value } } }`;

let district: RunningApp;
let city: RunningApp;
let worker: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;

beforeAll(async () => {
  db = await isolatedDatabase('sync');
  [district, city, worker] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API), startApp(SYNC_WORKER)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([district?.close(), city?.close(), worker?.close()]);
  await db?.restore();
});

async function level(period: string, metrics: string[]): Promise<Record<string, number>> {
  const token = await tokenFor(city.graphql, 'city');
  const data = await gqlOk(city.graphql, STATS, { q: { periods: [period], metrics, groupBy: ['LEVEL', 'METRIC'] } }, token);
  return Object.fromEntries(
    data.statistics.rows.map((r: { level: string; metric: { code: string }; value: number }) => [`${r.level} ${r.metric.code}`, r.value]),
  );
}

describe('statistics follow the reports', () => {
  const seed003 = SEED_003_BY_LEVEL;
  let wardReportIds: string[] = [];

  it('shows exactly the figures of seed 003 for Q1/2024, by level and metric', async () => {
    const token = await tokenFor(district.graphql, 'city');
    const filings = seed003Filings();

    const answers = await Promise.all(filings.map((f) => gqlOk(district.graphql, SUBMIT, { i: seed003Input(f) }, token)));
    const answeredAt = Date.now();
    wardReportIds = answers.filter((_, i) => filings[i].level === 'WARD').map((a) => a.submitReport.id);

    const value = await eventually(
      () => level('2024Q1', ['sessions.thematic', 'resolutions.issued']),
      (v) => JSON.stringify(v) === JSON.stringify(seed003),
      SANITY_VISIBLE_MS,
      25,
    );
    expect(value).toEqual(seed003);
    expect(Date.now() - answeredAt).toBeLessThan(SANITY_VISIBLE_MS);
  });

  it('counts the year as its quarters, and by district as each district’s subtree', async () => {
    expect(await level('2024', ['sessions.thematic', 'resolutions.issued'])).toEqual(seed003);
    const token = await tokenFor(city.graphql, 'city');
    const data = await gqlOk(
      city.graphql,
      STATS,
      { q: { periods: ['2024Q1'], metrics: ['resolutions.issued'], groupBy: ['UNIT'], unitLevel: 'DISTRICT' } },
      token,
    );
    expect(data.statistics.rows).toHaveLength(30);
    const total = data.statistics.rows.reduce((s: number, r: { value: number }) => s + r.value, 0);
    expect(total).toBe(102 + 202);
    // Each district row is its own figure plus its communes' (parents from the shipped data file).
    const file = JSON.parse(readFileSync(join(projectRoot(), 'data/hanoi-admin-units.json'), 'utf8')) as {
      districts: { code: string; wards: { code: string }[] }[];
    };
    const parentOf = new Map(file.districts.flatMap((d) => d.wards.map((w) => [w.code, d.code] as const)));
    const dR = spread(102, DISTRICTS.length);
    const wR = spread(202, WARDS.length);
    for (const row of data.statistics.rows as { unit: { code: string }; value: number }[]) {
      const own = DISTRICTS.includes(row.unit.code) ? dR[DISTRICTS.indexOf(row.unit.code)] : 0;
      const wards = WARDS.reduce((sum, w, i) => sum + (parentOf.get(w) === row.unit.code ? wR[i] : 0), 0);
      expect({ unit: row.unit.code, value: row.value }).toEqual({ unit: row.unit.code, value: own + wards });
    }
  });

  it('stops counting a returned report, and counts the correction', async () => {
    const token = await tokenFor(district.graphql, 'd017');
    const returned = await gqlOk(
      district.graphql,
      `mutation($id: ID!) { reviewReport(id: $id, decision: RETURN, comment: "Số nghị quyết chưa khớp biên bản") { status } }`,
      { id: wardReportIds[0] },
      token,
    );
    expect(returned.reviewReport.status).toBe('RETURNED');
    const without = spread(202, WARDS.length)[0];
    const returnedAt = Date.now();
    let r = await eventually(
      () => level('2024Q1', ['resolutions.issued']),
      (v) => v['WARD resolutions.issued'] === 202 - without,
      SANITY_VISIBLE_MS,
      25,
    );
    expect(r['WARD resolutions.issued']).toBe(202 - without);
    expect(Date.now() - returnedAt).toBeLessThan(SANITY_VISIBLE_MS);

    await gqlOk(
      district.graphql,
      SUBMIT,
      {
        i: {
          unitCode: WARDS[0],
          period: '2024Q1',
          values: [
            { metric: 'sessions.thematic', value: 3 },
            { metric: 'resolutions.issued', value: 7 },
          ],
        },
      },
      token,
    );
    r = await eventually(
      () => level('2024Q1', ['resolutions.issued']),
      (v) => v['WARD resolutions.issued'] === 202 - without + 7,
      SANITY_VISIBLE_MS,
    );
    expect(r['WARD resolutions.issued']).toBe(202 - without + 7);
  });

  it('lists who has not reported, counting only councils that exist', async () => {
    const token = await tokenFor(city.graphql, 'city');
    const q = `query($p: String!, $l: CouncilLevel!, $s: String) { completeness(period: $p, level: $l, scope: $s) { expected submitted onTime late missing { code hasCouncil } } }`;
    const wards = (await gqlOk(city.graphql, q, { p: '2024Q1', l: 'WARD' }, token)).completeness;
    expect(wards).toMatchObject({ expected: 404, submitted: WARDS.length });
    expect(wards.missing).toHaveLength(404 - WARDS.length);
    expect(wards.missing.every((u: { hasCouncil: boolean }) => u.hasCouncil)).toBe(true);
    expect(wards.onTime + wards.late).toBe(wards.submitted);
    // Filed in 2026 for a 2024 quarter: all late.
    expect(wards.late).toBe(WARDS.length);

    const thanhXuan = (await gqlOk(city.graphql, q, { p: '2024Q1', l: 'WARD', s: '009' }, token)).completeness;
    expect(thanhXuan).toMatchObject({ expected: 0, submitted: 0, missing: [] });
    const districts = (await gqlOk(city.graphql, q, { p: '2024Q1', l: 'DISTRICT' }, token)).completeness;
    expect(districts).toMatchObject({ expected: 30, submitted: DISTRICTS.length });
  });

  it('never counts a draft, not even one holding an ERROR: no event, no figures, still missing in completeness', async () => {
    const cityToken = await tokenFor(city.graphql, 'city');
    const token = await tokenFor(district.graphql, 'city');
    const q = `query { completeness(period: "2024Q1", level: WARD) { submitted missing { code } } }`;
    const before = (await gqlOk(city.graphql, q, {}, cityToken)).completeness;
    const [drafted, filed] = before.missing.map((u: { code: string }) => u.code);
    const figures = await level('2024Q1', ['resolutions.issued', 'voter_contacts.thematic']);

    const saved = await gqlOk(
      district.graphql,
      `mutation($i: ReportInput!) { saveReport(input: $i) { status findings { rule severity } } }`,
      {
        i: {
          unitCode: drafted,
          period: '2024Q1',
          values: [
            { metric: 'resolutions.issued', value: 500 },
            { metric: 'voter_contacts.meetings', value: 1 },
            { metric: 'voter_contacts.thematic', value: 40 },
          ],
        },
      },
      token,
    );
    expect(saved.saveReport).toMatchObject({ status: 'DRAFT', findings: [{ rule: 'PART_EXCEEDS_WHOLE', severity: 'ERROR' }] });
    const client = testClient(db.url);
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM district.outbox_event WHERE payload->>'unitCode' = $1`, [
        drafted,
      ]);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }

    // A submission after it, as a marker: once its figures show, the draft's would have too.
    await gqlOk(
      district.graphql,
      SUBMIT,
      { i: { unitCode: filed, period: '2024Q1', values: [{ metric: 'resolutions.issued', value: 2 }] } },
      token,
    );
    const after = await eventually(
      () => level('2024Q1', ['resolutions.issued', 'voter_contacts.thematic']),
      (v) => v['WARD resolutions.issued'] === figures['WARD resolutions.issued'] + 2,
      SANITY_VISIBLE_MS,
    );
    expect(after).toEqual({ ...figures, 'WARD resolutions.issued': figures['WARD resolutions.issued'] + 2 });
    const now = (await gqlOk(city.graphql, q, {}, cityToken)).completeness;
    expect(now.submitted).toBe(before.submitted + 1);
    expect(now.missing.map((u: { code: string }) => u.code)).toContain(drafted);
    expect(now.missing.map((u: { code: string }) => u.code)).not.toContain(filed);
  });

  it('keeps the district side and the city side equal (reconciliation finds no drift)', async () => {
    const res = await fetch(`${worker.url}/health`, { headers: operatorHeaders() });
    expect(res.status).toBe(200);
    const { ReconcileStatisticsProcessor } = await import('@council/sync');
    const reconciliation = worker.app.get(ReconcileStatisticsProcessor);
    expect(await reconciliation.run()).toEqual({ drift: 0, inFlight: 0 });

    // And it does see drift: a total nudged behind the consumer's back, then put right (every kind of drift, found by
    // the worker's scheduled run and shown on /health and in its log: test/reconciliation.e2e-spec.ts).
    const client = testClient(db.url);
    await client.connect();
    try {
      await client.query(
        `UPDATE city.rollup SET value = value + 1 WHERE scope_code = '01' AND period = '2024Q1' AND metric_code = 'resolutions.issued' AND level = 'WARD'`,
      );
      expect((await reconciliation.run()).drift).toBe(1);
      expect(reconciliation.last.sample[0]).toMatchObject({ cell: '01|WARD|2024Q1|resolutions.issued' });
    } finally {
      await client.query(
        `UPDATE city.rollup SET value = value - 1 WHERE scope_code = '01' AND period = '2024Q1' AND metric_code = 'resolutions.issued' AND level = 'WARD'`,
      );
      await client.end();
    }
    expect((await reconciliation.run()).drift).toBe(0);
  });
});

describe('the briefing screen', () => {
  const SUMMARY = `query($p: String!) { briefingSummary(period: $p) { period asOf levels { level councils reported values { metric { code nameVi } value } }
    directives { total completed overdue } } }`;

  it('shows, to a viewer, every level’s councils, who reported and the totals — the same figures as statistics', async () => {
    const viewer = await tokenFor(city.graphql, 'viewer');
    const { briefingSummary: s } = await gqlOk(city.graphql, SUMMARY, { p: '2024Q1' }, viewer);
    expect(s.period).toBe('2024Q1');
    expect(s.levels.map((l: { level: string; councils: number }) => [l.level, l.councils])).toEqual([
      ['CITY', 1],
      ['DISTRICT', 30],
      ['WARD', 404],
    ]);
    const cityToken = await tokenFor(city.graphql, 'city');
    const completeness = async (level: string) =>
      (
        await gqlOk(
          city.graphql,
          `query($l: CouncilLevel!) { completeness(period: "2024Q1", level: $l) { submitted } }`,
          { l: level },
          cityToken,
        )
      ).completeness.submitted;
    for (const l of s.levels) {
      expect(l.reported).toBe(await completeness(l.level));
      expect(l.values).toHaveLength(20); // every metric, zeros included
    }
    const figures = await level('2024Q1', ['sessions.thematic', 'resolutions.issued']);
    for (const l of s.levels)
      for (const v of l.values.filter((x: { metric: { code: string } }) =>
        ['sessions.thematic', 'resolutions.issued'].includes(x.metric.code),
      ))
        expect(v.value).toBe(figures[`${l.level} ${v.metric.code}`]);
    expect(s.levels[0].values.find((v: { metric: { code: string } }) => v.metric.code === 'resolutions.issued')).toMatchObject({
      value: 20,
      metric: { nameVi: 'Nghị quyết ban hành' },
    });
    expect(s.directives).toEqual({ total: 0, completed: 0, overdue: 0 });
  });

  it('is not for district staff, and refuses a malformed period', async () => {
    expect(errorCode(await gql(city.graphql, SUMMARY, { p: '2024Q1' }, await tokenFor(city.graphql, 'd009')))).toBe('FORBIDDEN');
    const bad = await gql(city.graphql, SUMMARY, { p: 'Q1-2024' }, await tokenFor(city.graphql, 'viewer'));
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('period');
  });
});

describe('plan against actual', () => {
  const PLAN = `mutation($i: AnnualPlanInput!) { setAnnualPlan(input: $i) { id year revision targets { metric { code } value } } }`;
  const PVA = `query($y: Int!, $s: String, $l: CouncilLevel) { planVsActual(year: $y, scope: $s, unitLevel: $l) { unit { code } metric { code } target actual percent } }`;

  it("compares Đông Anh's 2024 programme with what it reported, and follows a revised plan", async () => {
    const token = await tokenFor(district.graphql, 'd017');
    // Seed 001: "02 kỳ họp thường lệ và 01 kỳ họp chuyên đề, giám sát 02 nội dung chuyên đề".
    const targets = [
      { metric: 'sessions.regular', value: 2 },
      { metric: 'sessions.thematic', value: 1 },
      { metric: 'supervisions.thematic', value: 2 },
    ];
    const set = await gqlOk(
      district.graphql,
      PLAN,
      { i: { unitCode: '017', year: 2024, targets, note: 'Nghị quyết chương trình công tác năm 2024' } },
      token,
    );
    expect(set.setAnnualPlan.revision).toBe(1);
    await gqlOk(
      district.graphql,
      SUBMIT,
      {
        i: {
          unitCode: '017',
          period: '2024Q2',
          values: [
            { metric: 'sessions.regular', value: 1 },
            { metric: 'supervisions.thematic', value: 1 },
          ],
        },
      },
      token,
    );

    const cityToken = await tokenFor(city.graphql, 'city');
    const read = async () =>
      (await gqlOk(city.graphql, PVA, { y: 2024, l: 'DISTRICT' }, cityToken)).planVsActual as {
        unit: { code: string };
        metric: { code: string };
        target: number;
        actual: number;
        percent: number | null;
      }[];
    const ownThematic = spread(26, DISTRICTS.length)[DISTRICTS.indexOf('017')];
    const value = await eventually(
      read,
      (rows) => rows.some((r) => r.metric.code === 'sessions.regular' && r.actual === 1),
      SANITY_VISIBLE_MS,
    );
    expect(value.map((r) => [r.unit.code, r.metric.code, r.target, r.actual, r.percent])).toEqual([
      ['017', 'sessions.regular', 2, 1, 50],
      ['017', 'sessions.thematic', 1, ownThematic, ownThematic * 100],
      ['017', 'supervisions.thematic', 2, 1, 50],
    ]);

    await gqlOk(district.graphql, PLAN, { i: { unitCode: '017', year: 2024, targets: [{ metric: 'sessions.regular', value: 4 }] } }, token);
    const revised = await eventually(read, (rows) => rows.length === 1, SANITY_VISIBLE_MS);
    expect(revised).toEqual([
      { unit: { code: '017' }, metric: expect.objectContaining({ code: 'sessions.regular' }), target: 4, actual: 1, percent: 25 },
    ]);
  });

  it('refuses targets a report could not hold, and a neighbour’s plan', async () => {
    const token = await tokenFor(district.graphql, 'd017');
    const bad = await gql(
      district.graphql,
      PLAN,
      { i: { unitCode: '017', year: 2024, targets: [{ metric: 'sessions.regular', value: -2 }] } },
      token,
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.field).toBe('input.targets[0].value');
    const neighbour = await gql(district.graphql, PLAN, { i: { unitCode: '018', year: 2024, targets: [] } }, token);
    expect(errorCode(neighbour)).toBe('FORBIDDEN');
    // A year out of range, when setting a plan and when comparing: the same check, naming each field.
    const typo = await gql(district.graphql, PLAN, { i: { unitCode: '017', year: 224, targets: [] } }, token);
    expect(errorCode(typo)).toBe('BAD_USER_INPUT');
    expect(typo.errors?.[0].extensions?.field).toBe('input.year');
    const compare = await gql(city.graphql, PVA, { y: 1999 }, await tokenFor(city.graphql, 'city'));
    expect(errorCode(compare)).toBe('BAD_USER_INPUT');
    expect(compare.errors?.[0].extensions?.field).toBe('year');
  });
});

describe('statistics refuse bad questions clearly', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a malformed period', { periods: ['2024Q5'], groupBy: ['LEVEL'] }, 'query.periods[0]'],
    ['overlapping periods', { periods: ['2024', '2024Q2'], groupBy: ['LEVEL'] }, 'query.periods[1]'],
    ['an unknown metric', { periods: ['2024Q1'], metrics: ['sessions.secret'], groupBy: ['LEVEL'] }, 'query.metrics[0]'],
    ['an unknown scope', { periods: ['2024Q1'], scope: '999', groupBy: ['LEVEL'] }, 'query.scope'],
    ['no period at all', { periods: [], groupBy: ['LEVEL'] }, 'query.periods'],
  ];
  it.each(cases)('%s → BAD_USER_INPUT naming the field', async (_name, q, field) => {
    const res = await gql(city.graphql, STATS, { q }, await tokenFor(city.graphql, 'city'));
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
  });

  it('refuses district staff and viewers (statistics are for city staff)', async () => {
    for (const user of ['d009', 'viewer']) {
      const res = await gql(city.graphql, STATS, { q: { periods: ['2024Q1'], groupBy: ['LEVEL'] } }, await tokenFor(city.graphql, user));
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
  });
});

describe('events that arrive together', () => {
  it('are applied in one transaction exactly as one by one: newest revision wins, a repeat or an older revision changes nothing', async () => {
    const { ReportSnapshotProcessor } = await import('@council/statistics');
    const processor = worker.app.get(ReportSnapshotProcessor);
    const period = '2019Q1'; // no other test files for it
    const reportId = '5b1c0f3e-7d7a-4c1e-9a51-000000000019';
    const event = (n: number) => `5b1c0f3e-7d7a-4c1e-9a51-0000000001${String(n).padStart(2, '0')}`;
    const snapshot = (revision: number, issued: number, counts = true) => ({
      reportId,
      unitCode: '00454',
      unitLevel: 'WARD' as const,
      rootCode: '01',
      districtCode: '017',
      period,
      version: revision,
      revision,
      status: counts ? ('SUBMITTED' as const) : ('RETURNED' as const),
      counts,
      values: { 'resolutions.issued': issued },
      late: false,
      dueDate: '2019-04-15',
      firstSubmittedAt: '2019-04-01T00:00:00.000Z',
      submittedAt: '2019-04-01T00:00:00.000Z',
      changedAt: '2019-04-01T00:00:00.000Z',
    });
    const wardTotal = async () => (await level(period, ['resolutions.issued']))['WARD resolutions.issued'] ?? 0;

    const first = { eventId: event(1), type: 'ReportSubmitted', snapshot: snapshot(1, 5) };
    const correction = { eventId: event(2), type: 'ReportSubmitted', snapshot: snapshot(2, 7) };
    const older = { eventId: event(3), type: 'ReportSubmitted', snapshot: snapshot(1, 100) };
    expect(await processor.applyAll([first, correction, first, older])).toEqual(['applied', 'applied', 'duplicate', 'stale']);
    expect(await wardTotal()).toBe(7); // the correction, once: not 5 + 7, not 100

    // Delivered again (a replay), alone or together with something new.
    const returned = { eventId: event(4), type: 'ReportReturned', snapshot: snapshot(3, 7, false) };
    expect(await processor.applyAll([correction, returned])).toEqual(['duplicate', 'applied']);
    expect(await wardTotal()).toBe(0);
    expect(await processor.applyAll([returned, first])).toEqual(['duplicate', 'duplicate']);
    expect(await wardTotal()).toBe(0);
  });
});

describe('the rollup compactor', () => {
  it('folds a pile of pending deltas into the totals exactly once, by a plan that cannot go quadratic', async () => {
    const { COMPACT_STATEMENT } = await import('@council/statistics');
    const sql = testClient(db.url);
    await sql.connect();
    try {
      // The table is a queue: mostly empty when analysed, which is when the planner once chose a nested loop
      // (4 s of a core for 3,600 deltas).
      await sql.query('ANALYZE city.rollup_delta');
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = (await sql.query(`EXPLAIN (FORMAT JSON) ${COMPACT_STATEMENT}`)).rows;
      // No join, and no list searched row by row (`= ANY(array)` as a filter): each step linear in the rows.
      const steps: string[] = [];
      type PlanNode = { [key: string]: unknown; Plans?: PlanNode[] };
      const walk = (n: PlanNode) => {
        steps.push(`${n['Node Type']} ${n['Relation Name'] ?? ''} ${n['Filter'] ?? ''} ${n['Index Cond'] ?? ''}`);
        for (const c of n.Plans ?? []) walk(c);
      };
      walk(plan.Plan);
      expect(steps.some((s) => s.includes('rollup_delta'))).toBe(true);
      expect(steps.filter((s) => /Nested Loop|Hash Join|Merge Join|ANY/.test(s))).toEqual([]);

      // 3,000 deltas of 1 for one ward's 2018Q1 resolutions (a period no other test files), under each scope
      // that holds the ward (itself, its district, the city) as the consumer writes them: 3,000, once.
      const period = '2018Q1';
      await sql.query(
        `INSERT INTO city.rollup_delta (scope_code, level, period, metric_code, delta)
         SELECT s, 'WARD', $1, 'resolutions.issued', 1 FROM unnest(ARRAY['00454', '017', '01']) s, generate_series(1, 3000)`,
        [period],
      );
      const pending = () =>
        sql.query(`SELECT count(*)::int AS n FROM city.rollup_delta WHERE period = $1`, [period]).then((r) => r.rows[0].n as number);
      expect(await eventually(pending, (n) => n === 0)).toBe(0); // the worker's compactor moved them
      const { rows } = await sql.query(
        `SELECT value::int AS value FROM city.rollup WHERE period = $1 AND scope_code = '00454' AND metric_code = 'resolutions.issued'`,
        [period],
      );
      expect(rows).toEqual([{ value: 3000 }]);
      expect((await level(period, ['resolutions.issued']))['WARD resolutions.issued']).toBe(3000);
    } finally {
      // Totals with no reports behind them: gone again, or reconciliation would rightly call them drift.
      await sql.query(`DELETE FROM city.rollup WHERE period = '2018Q1'`);
      await sql.end();
    }
  });
});

describe('report snapshots delivered in any order, any grouping, twice, by two consumers at once', () => {
  it('leave each report at its newest revision and the totals at exactly those figures (property)', async () => {
    const { ReportSnapshotProcessor, liveRollup } = await import('@council/statistics');
    const processor = worker.app.get(ReportSnapshotProcessor);
    const sql = testClient(db.url);
    await sql.connect();
    // Two wards of district 017 and the district itself: their figures count under the unit, 017 and the city.
    const units = [
      { unitCode: '00454', unitLevel: 'WARD' as const, districtCode: '017' },
      { unitCode: '00457', unitLevel: 'WARD' as const, districtCode: '017' },
      { unitCode: '017', unitLevel: 'DISTRICT' as const, districtCode: '017' },
    ];
    const metrics = ['resolutions.issued', 'sessions.thematic'];
    const state = fc.record({ counts: fc.boolean(), values: fc.dictionary(fc.constantFrom(...metrics), fc.nat(50)) });
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...units.map(() => fc.array(state, { minLength: 1, maxLength: 4 }))),
          fc.infiniteStream(fc.nat()),
          async (histories, random) => {
            run++;
            const year = 1990 + run; // a year of its own per run: its totals start at zero
            const period = `${year}Q1`;
            const reportId = (u: number) => `6c2d1e4f-8a8b-4d2f-9b62-${String(year).padStart(4, '0')}000000${u}0`;
            const eventId = (u: number, r: number) =>
              `6c2d1e4f-8a8b-4d2f-9b62-${String(year).padStart(4, '0')}0000${u}${String(r).padStart(3, '0')}`;
            const events = histories.flatMap((history, u) =>
              history.map((h, k) => ({
                eventId: eventId(u, k + 1),
                type: h.counts ? 'ReportSubmitted' : 'ReportReturned',
                snapshot: {
                  reportId: reportId(u),
                  ...units[u],
                  rootCode: '01',
                  period,
                  version: k + 1,
                  revision: k + 1,
                  status: h.counts ? ('SUBMITTED' as const) : ('RETURNED' as const),
                  counts: h.counts,
                  values: h.values,
                  late: false,
                  dueDate: `${year}-04-15`,
                  firstSubmittedAt: `${year}-04-01T00:00:00.000Z`,
                  submittedAt: `${year}-04-01T00:00:00.000Z`,
                  changedAt: `${year}-04-01T00:00:00.000Z`,
                },
              })),
            );
            // Shuffled, some delivered twice, cut into batches dealt to two consumers that write at the same time.
            const next = () => random.next().value as number;
            const deliveries = [...events, ...events.filter(() => next() % 3 === 0)]
              .map((e) => ({ e, key: next() }))
              .sort((a, b) => a.key - b.key)
              .map((d) => d.e);
            const lanes: (typeof events)[][] = [[], []];
            for (let i = 0; i < deliveries.length;) {
              const size = 1 + (next() % 4);
              lanes[next() % 2].push(deliveries.slice(i, i + size));
              i += size;
            }
            const outcomes = (
              await Promise.all(
                lanes.map(async (batches) => {
                  const out: string[] = [];
                  for (const batch of batches) out.push(...(await processor.applyAll(batch)));
                  return out;
                }),
              )
            ).flat();
            expect(outcomes.filter((o) => o === 'applied').length).toBeLessThanOrEqual(events.length);

            const facts = (await sql.query(`SELECT report_id::text AS id, revision FROM city.report_fact WHERE period = $1`, [period]))
              .rows;
            expect(Object.fromEntries(facts.map((f) => [f.id, f.revision]))).toEqual(
              Object.fromEntries(histories.map((h, u) => [reportId(u), h.length])),
            );

            const expected = new Map<string, number>();
            histories.forEach((history, u) => {
              const last = history[history.length - 1];
              if (!last.counts) return;
              const unit = units[u];
              for (const scope of new Set([unit.unitCode, unit.districtCode, '01']))
                for (const p of [period, String(year)])
                  for (const [metric, value] of Object.entries(last.values)) {
                    const key = `${scope}|${unit.unitLevel}|${p}|${metric}`;
                    expected.set(key, (expected.get(key) ?? 0) + value);
                  }
            });
            const { rows } = await sql.query(
              `SELECT scope_code || '|' || level || '|' || period || '|' || metric_code AS k, sum(value)::int AS v
                 FROM ${liveRollup('period = ANY($1)')} r GROUP BY 1 HAVING sum(value) <> 0`,
              [[period, String(year)]],
            );
            expect(Object.fromEntries(rows.map((r) => [r.k, r.v]))).toEqual(Object.fromEntries([...expected].filter(([, v]) => v !== 0)));
          },
        ),
        { numRuns: 20 },
      );
    } finally {
      await sql.end();
    }
  });
});
