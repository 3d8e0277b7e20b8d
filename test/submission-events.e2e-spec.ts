import { randomUUID } from 'node:crypto';

import type { ReportSnapshot } from '@council/messaging';
import { type ReportEntity, ReportingService, ReportStatus, type ReportVersionEntity, snapshotOf } from '@council/reporting';
import type pg from 'pg';

import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { ok, realisticValues, submitReport, valueList } from './support/reporting.js';
import { testClient } from './support/sql.js';

/**
 * The city learns of a submission from the event written with it. Two statements write one: the fast path (one
 * statement, the usual case) and the locked path (a submission that lost a race is decided again under the report's
 * row lock). Both build the event in SQL from what they stored; here each must say exactly what `snapshotOf` — the
 * definition of a report's snapshot — says of the rows it stored, so that neither can drift from the other.
 */

const PERIOD = '2023Q1';
const DISTRICT = '271';
const WARD = '09625';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
let district: RunningApp;
let reporting: ReportingService;
let client: pg.Client;
let token: string;

beforeAll(async () => {
  isolated = await isolatedDatabase('events');
  district = await startApp(DISTRICT_API);
  reporting = district.app.get(ReportingService);
  client = testClient(isolated.url);
  await client.connect();
  token = await tokenFor(district.graphql, 'd271');
}, 60_000);

afterAll(async () => {
  await client?.end();
  await district?.close();
  await isolated?.restore();
});

/** The events written for a report, oldest first. */
async function events(unitCode: string): Promise<ReportSnapshot[]> {
  const { rows } = await client.query<{ payload: ReportSnapshot }>(
    `SELECT payload FROM district.outbox_event WHERE type = 'ReportSubmitted' AND payload->>'unitCode' = $1 AND payload->>'period' = $2 ORDER BY (payload->>'version')::int`,
    [unitCode, PERIOD],
  );
  return rows.map((r) => r.payload);
}

/**
 * What `snapshotOf` says of each submitted version, from the stored rows: the report as it stood when that version
 * was submitted (only submissions happen here, so its revision is the version's number).
 */
async function expectedEvents(unitCode: string): Promise<ReportSnapshot[]> {
  const {
    rows: [report],
  } = await client.query(
    `SELECT id, unit_code AS "unitCode", unit_level AS "unitLevel", root_code AS "rootCode", district_code AS "districtCode", period, late,
            to_char(due_date, 'YYYY-MM-DD') AS "dueDate", first_submitted_at AS "firstSubmittedAt"
       FROM district.report WHERE unit_code = $1 AND period = $2`,
    [unitCode, PERIOD],
  );
  const { rows: versions } = await client.query(
    `SELECT version, values, submitted_at AS "submittedAt" FROM district.report_version WHERE report_id = $1 ORDER BY version`,
    [report.id],
  );
  return versions.map((v: ReportVersionEntity) =>
    snapshotOf({ ...report, status: ReportStatus.SUBMITTED, version: v.version, revision: v.version } as ReportEntity, v, v.submittedAt),
  );
}

/** Backends waiting for a lock on district.report. */
async function waitingOnReports(): Promise<number> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'district.report'::regclass AND NOT granted`,
  );
  return rows[0].n;
}

describe("a submission's event", () => {
  it('is, on the fast path, the snapshot of what the submission stored', async () => {
    const before = { ...reporting.paths };
    ok(
      await submitReport(
        district.graphql,
        token,
        { unitCode: DISTRICT, period: PERIOD, values: valueList(realisticValues('DISTRICT', 5)) },
        randomUUID(),
      ),
    );
    expect(reporting.paths).toEqual({ fast: before.fast + 1, locked: before.locked });

    const written = await events(DISTRICT);
    expect(written).toHaveLength(1);
    expect(written).toEqual(await expectedEvents(DISTRICT));
    expect(written[0]).toMatchObject({
      unitCode: DISTRICT,
      version: 1,
      revision: 1,
      status: 'SUBMITTED',
      counts: true,
      values: realisticValues('DISTRICT', 5),
    });
  });

  it('is, on the locked path that decides a race, the same snapshot of what that submission stored', async () => {
    const before = { ...reporting.paths };
    // Four submissions of one new report read its state together; a SHARE lock holds their writes until all four
    // wait on it. Then one writes on the fast path, and the three that lost the race go round the locked path.
    await client.query('BEGIN');
    await client.query('LOCK TABLE district.report IN SHARE MODE');
    const answers = [1, 2, 3, 4].map((seed) =>
      submitReport(
        district.graphql,
        token,
        { unitCode: WARD, period: PERIOD, values: valueList(realisticValues('WARD', 10 + seed)) },
        randomUUID(),
      ),
    );
    try {
      expect(await eventually(waitingOnReports, (n) => n === 4, 30_000)).toBe(4);
    } finally {
      await client.query('COMMIT');
    }
    const versions = (await Promise.all(answers)).map((res) => ok(res).submitReport.version);
    expect([...versions].sort()).toEqual([1, 2, 3, 4]);
    expect(reporting.paths).toEqual({ fast: before.fast + 1, locked: before.locked + 3 });

    const written = await events(WARD);
    expect(written).toHaveLength(4);
    expect(written).toEqual(await expectedEvents(WARD));
    // Both paths write the same fields.
    const [fast] = await events(DISTRICT);
    for (const event of written) expect(Object.keys(event).sort()).toEqual(Object.keys(fast!).sort());
  });
});
