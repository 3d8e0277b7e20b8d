/**
 * The demo year `npm start` loads (`prepare --demo`, apps/database-cli/src/seeding/demo.seed.ts), end to end. It is
 * filed and reviewed through the reporting lib's own writers, and must hold what the README promises: 2024's reports
 * for every Hanoi council, Q1 as the city's briefing of 19 April 2024 (seed 003), a few councils without Q4, one
 * commune's Q3 returned, Q4 awaiting review. A real sync worker must carry it to the city's statistics with nothing
 * out of place, and a second run must write nothing.
 *
 * Own database (seeded with the demo year) and queue prefix: no other test file's reports blur the totals.
 */
import type { ReportSnapshot } from '@council/messaging';
import { type ReportEntity, type ReportVersionEntity, snapshotOf } from '@council/reporting';
import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DEMO_USER, seedDemo } from '../apps/database-cli/src/seeding/demo.seed.js';
import { type RunningApp, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { killAllChildren, startSyncWorker } from './support/processes.js';
import { ownQueuePrefix } from './support/queue-prefix.js';
import { SANITY_VISIBLE_MS } from './support/sanity-bounds.js';
import { SEED_003_BY_LEVEL } from './support/seed-003.js';
import { testClient } from './support/sql.js';
import { openSyncDatabases, type SyncDatabases, waitUntilSettled } from './support/sync.js';

const STATISTICS = `query($q: StatisticsQuery!) { statistics(query: $q) { rows { level metric { code } value } } }`;
const RETURN_COMMENT = 'Đề nghị bổ sung số liệu tiếp xúc cử tri';

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let queuePrefix: ReturnType<typeof ownQueuePrefix> | undefined;
let city: RunningApp;
let sql: pg.Client;
let dbs: SyncDatabases;
/** Hanoi's councils as 2024 began: every one files 2024. */
let councils: number;

async function rows<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await sql.query(text, values)).rows as T[];
}

beforeAll(async () => {
  const env = assertTestEnvironment();
  queuePrefix = ownQueuePrefix('demo');
  db = await isolatedDatabase('demo', { demo: true });
  const worker = await startSyncWorker({ name: 'sync-worker (demo)', redisUrl: env.redisUrl });
  await worker.waitReady(60_000);
  city = await startApp(CITY_API);
  sql = testClient(db.url);
  await sql.connect();
  dbs = await openSyncDatabases();
  [{ councils }] = await rows<{ councils: number }>(
    `SELECT count(*)::int AS councils FROM hierarchy.council_unit
      WHERE root_code = '01' AND valid_to IS NULL AND council_from <= '2024-01-01' AND (council_to IS NULL OR council_to > '2024-01-01')`,
  );
}, 120_000);

afterAll(async () => {
  await killAllChildren();
  await Promise.all([dbs?.close(), sql?.end(), city?.close()]);
  await db?.restore();
  await queuePrefix?.restore();
});

describe('the demo year', () => {
  it('files every council’s 2024, reviewed up to Q3 (one commune’s Q3 returned), Q4 awaiting review and missing for a few', async () => {
    const byStatus = await rows<{ period: string; status: string; n: number }>(
      `SELECT period, status::text, count(*)::int AS n FROM district.report GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const q4 = byStatus.find((r) => r.period === '2024Q4')!.n;
    expect(byStatus).toEqual([
      { period: '2024Q1', status: 'ACCEPTED', n: councils },
      { period: '2024Q2', status: 'ACCEPTED', n: councils },
      { period: '2024Q3', status: 'ACCEPTED', n: councils - 1 },
      { period: '2024Q3', status: 'RETURNED', n: 1 },
      { period: '2024Q4', status: 'SUBMITTED', n: q4 },
    ]);
    expect(q4).toBeLessThan(councils);
    expect(q4).toBeGreaterThan(councils * 0.8);

    const [returned] = await rows(
      `SELECT unit_level::text AS level, review_comment AS comment, reviewed_by AS by FROM district.report WHERE status = 'RETURNED'`,
    );
    expect(returned).toEqual({ level: 'WARD', comment: RETURN_COMMENT, by: DEMO_USER });

    // As the API writes them: one version each, on time, by the seed's actor; a SUBMIT audit entry per report and
    // an ACCEPT or RETURN per review; an event per change.
    const [versions] = await rows(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE submitted_by = $1 AND version = 1 AND NOT late)::int AS demo FROM district.report_version`,
      [DEMO_USER],
    );
    expect(versions).toEqual({ n: 3 * councils + q4, demo: 3 * councils + q4 });
    const audit = await rows(`SELECT action, username, count(*)::int AS n FROM district.audit_log GROUP BY 1, 2 ORDER BY 1`);
    expect(audit).toEqual([
      { action: 'ACCEPT', username: DEMO_USER, n: 3 * councils - 1 },
      { action: 'RETURN', username: DEMO_USER, n: 1 },
      { action: 'SUBMIT', username: DEMO_USER, n: 3 * councils + q4 },
    ]);
    const events = await rows(`SELECT type, count(*)::int AS n FROM district.outbox_event GROUP BY 1 ORDER BY 1`);
    expect(events).toEqual([
      { type: 'ReportAccepted', n: 3 * councils - 1 },
      { type: 'ReportReturned', n: 1 },
      { type: 'ReportSubmitted', n: 3 * councils + q4 },
    ]);
  });

  it('ends each report’s events with what snapshotOf says of its stored rows', async () => {
    const latest = await rows<{ payload: ReportSnapshot; report: ReportEntity; version: ReportVersionEntity }>(
      `SELECT DISTINCT ON (e.aggregate_id) e.payload,
              json_build_object('id', r.id, 'unitCode', r.unit_code, 'unitLevel', r.unit_level, 'rootCode', r.root_code, 'districtCode', r.district_code,
                                'period', r.period, 'status', r.status, 'revision', r.revision, 'late', r.late, 'dueDate', to_char(r.due_date, 'YYYY-MM-DD'),
                                'firstSubmittedAt', r.first_submitted_at) AS report,
              json_build_object('version', v.version, 'values', v.values, 'submittedAt', v.submitted_at) AS version
         FROM district.outbox_event e JOIN district.report r ON r.id::text = e.aggregate_id JOIN district.report_version v ON v.report_id = r.id AND v.version = r.version
        ORDER BY e.aggregate_id, (e.payload->>'revision')::int DESC`,
    );
    expect(latest.length).toBe((await rows(`SELECT 1 FROM district.report`)).length);
    for (const { payload, report, version } of latest) {
      const stored = snapshotOf(
        { ...report, firstSubmittedAt: new Date(report.firstSubmittedAt as unknown as string) } as ReportEntity,
        { ...version, submittedAt: new Date(version.submittedAt as unknown as string) } as ReportVersionEntity,
        new Date(payload.changedAt),
      );
      expect(payload).toEqual(stored);
    }
  });

  it('reaches the city: Q1/2024 as the briefing of 19 April 2024, every total equal to the district’s', async () => {
    // Settled: nothing unsent, the worker's reconcile() finds nothing, the totals equal a recomputation from the district side.
    await waitUntilSettled({ timeoutMs: 4 * SANITY_VISIBLE_MS, dbs });
    const token = await tokenFor(city.graphql, 'city');
    const { statistics } = await gqlOk(
      city.graphql,
      STATISTICS,
      { q: { periods: ['2024Q1'], groupBy: ['LEVEL', 'METRIC'], metrics: ['sessions.thematic', 'resolutions.issued'] } },
      token,
    );
    const figures = Object.fromEntries(
      (statistics.rows as { level: string; metric: { code: string }; value: number }[]).map((r) => [
        `${r.level} ${r.metric.code}`,
        r.value,
      ]),
    );
    expect(figures).toEqual(SEED_003_BY_LEVEL);
  });

  it('runs once: a database that has the demo year is left alone', async () => {
    const count = async () =>
      (
        await rows<{ n: number }>(
          `SELECT ((SELECT count(*) FROM district.report_version) + (SELECT count(*) FROM district.outbox_event))::int AS n`,
        )
      )[0].n;
    const before = await count();
    expect(await seedDemo(dbs.district)).toBe(0);
    expect(await count()).toBe(before);
  });
});
