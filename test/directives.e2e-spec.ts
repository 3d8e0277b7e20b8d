import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { eventually } from './support/eventually.js';
import { errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { startSyncWorker, type SyncWorkerProcess } from './support/processes.js';
import { testClient } from './support/sql.js';

const ISSUE = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id title dueDate targetUnitCodes progress { total pending } } }`;
const DIRECTIVE = `query($id: ID!) { directive(id: $id) { id issuedBy { code } progress { total pending acknowledged inProgress completed overdue }
  assignments { id status overdue progressPercent lastNote unit { code } children { id status unit { code } } } } }`;
const MINE = `query($u: String, $s: AssignmentStatus) { assignments(unitCode: $u, status: $s) { id status progressPercent lastNote overdue directiveId parentId completionReason
  unit { code } directive { title reference } children { id status } history { fromStatus toStatus progressPercent note username } } }`;
const UPDATE = `mutation($id: ID!, $s: AssignmentStatus!, $p: Int, $n: String, $r: String) { updateAssignment(id: $id, status: $s, progressPercent: $p, note: $n, completionReason: $r) { id status progressPercent lastNote completionReason } }`;

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let city: RunningApp;
let district: RunningApp;
let worker: RunningApp;
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function query(sql: string, params: unknown[] = []): Promise<any[]> {
  const client = testClient(db.url);
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await isolatedDatabase('directives');
  [city, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([city?.close(), district?.close(), worker?.close()]);
  await db?.restore();
});

describe('a city directive to every district, passed down to the communes', () => {
  let directiveId: string;

  it('fans out to 30 district assignments and one child for each of the 404 communes with a council', async () => {
    const token = await tokenFor(city.graphql, 'city');
    const issued = await gqlOk(
      city.graphql,
      ISSUE,
      {
        i: {
          title: 'Rà soát toàn bộ nhiệm vụ, kết luận chất vấn, giải trình',
          body: 'Đề nghị Thường trực HĐND cấp huyện rà soát lại toàn bộ nhiệm vụ, đặc biệt là các kết luận chất vấn, giải trình; thường xuyên tổ chức giao ban với HĐND xã, thị trấn.',
          reference: 'Chỉ thị 24-CT/TU',
          cascadeToWards: true,
          dueDate: future(30),
        },
      },
      token,
    );
    directiveId = issued.issueDirective.id;
    expect(issued.issueDirective.targetUnitCodes).toHaveLength(30);
    expect(issued.issueDirective.progress).toEqual({ total: 434, pending: 434 });

    const counts = await eventually(
      () =>
        query(
          `SELECT count(*) FILTER (WHERE parent_id IS NULL)::int AS top, count(*) FILTER (WHERE parent_id IS NOT NULL)::int AS children FROM district.assignment WHERE directive_id = $1`,
          [directiveId],
        ),
      (r) => r[0].top + r[0].children === 434,
    );
    expect(counts[0]).toEqual({ top: 30, children: 404 });
    const view = await eventually(
      () => gqlOk(city.graphql, DIRECTIVE, { id: directiveId }, token),
      (d) => d.directive.assignments.length === 30,
    );
    expect(view.directive.progress).toMatchObject({ total: 434, pending: 434, completed: 0, overdue: 0 });
    const dongAnh = view.directive.assignments.find((a: { unit: { code: string } }) => a.unit.code === '017');
    expect(dongAnh.children.length).toBeGreaterThan(0);
    expect(view.directive.assignments.find((a: { unit: { code: string } }) => a.unit.code === '009').children).toEqual([]); // Thanh Xuân: phường only, no council
  });

  it('lets Thanh Xuân acknowledge, work and complete its assignment, and the city sees each step', async () => {
    const token = await tokenFor(district.graphql, 'd009');
    const [mine] = (await gqlOk(district.graphql, MINE, { u: '009' }, token)).assignments;
    expect(mine).toMatchObject({
      status: 'PENDING',
      directive: { title: expect.stringContaining('Rà soát'), reference: 'Chỉ thị 24-CT/TU' },
    });
    await gqlOk(district.graphql, `mutation($id: ID!) { acknowledgeAssignment(id: $id) { status } }`, { id: mine.id }, token);
    await gqlOk(district.graphql, UPDATE, { id: mine.id, s: 'IN_PROGRESS', p: 60, n: 'Đã rà soát 12/20 kết luận chất vấn' }, token);
    const done = await gqlOk(district.graphql, UPDATE, { id: mine.id, s: 'COMPLETED', n: 'Hoàn thành rà soát' }, token);
    expect(done.updateAssignment).toMatchObject({ status: 'COMPLETED', progressPercent: 100 });

    const after = (await gqlOk(district.graphql, MINE, { u: '009' }, token)).assignments[0];
    expect(after.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['PENDING', 'ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED']);
    expect(after.history[2]).toMatchObject({ progressPercent: 60, note: 'Đã rà soát 12/20 kết luận chất vấn', username: 'd009' });

    const cityToken = await tokenFor(city.graphql, 'city');
    // progress and assignments are read by separate resolvers, so wait until both show the completion
    const thanhXuan = (d: { directive: { assignments: { unit: { code: string }; status: string }[] } }) =>
      d.directive.assignments.find((a) => a.unit.code === '009');
    const view = await eventually(
      () => gqlOk(city.graphql, DIRECTIVE, { id: directiveId }, cityToken),
      (d) => d.directive.progress.completed === 1 && thanhXuan(d)?.status === 'COMPLETED',
      3000,
    );
    expect(view.directive.progress).toMatchObject({ total: 434, completed: 1, pending: 433 });
    expect(view.directive.assignments.find((a: { unit: { code: string } }) => a.unit.code === '009')).toMatchObject({
      status: 'COMPLETED',
      progressPercent: 100,
      lastNote: 'Hoàn thành rà soát',
    });
  });

  it('does not let a district complete while its communes are open, unless it says why', async () => {
    const token = await tokenFor(district.graphql, 'd017');
    const [mine] = (await gqlOk(district.graphql, MINE, { u: '017' }, token)).assignments;
    const refused = await gql(district.graphql, UPDATE, { id: mine.id, s: 'COMPLETED' }, token);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0].extensions?.openChildren).toBe(mine.children.length);
    const forced = await gqlOk(
      district.graphql,
      UPDATE,
      { id: mine.id, s: 'COMPLETED', r: 'Các xã đã báo cáo trực tiếp tại hội nghị giao ban' },
      token,
    );
    expect(forced.updateAssignment).toMatchObject({
      status: 'COMPLETED',
      completionReason: 'Các xã đã báo cáo trực tiếp tại hội nghị giao ban',
    });
    // a commune still works on its own child assignment
    const ward = mine.children[0];
    const wardUser = `w${(await query(`SELECT unit_code FROM district.assignment WHERE id = $1`, [ward.id]))[0].unit_code}`;
    const moved = await gqlOk(
      district.graphql,
      UPDATE,
      { id: ward.id, s: 'IN_PROGRESS', p: 30 },
      await tokenFor(district.graphql, wardUser),
    );
    expect(moved.updateAssignment.status).toBe('IN_PROGRESS');
  });

  it("refuses a district touching another district's assignment, and writes nothing", async () => {
    const token = await tokenFor(district.graphql, 'd018');
    const other = (
      await query(`SELECT id, status, revision FROM district.assignment WHERE directive_id = $1 AND unit_code = '016'`, [directiveId])
    )[0];
    const res = await gql(district.graphql, UPDATE, { id: other.id, s: 'IN_PROGRESS', p: 10 }, token);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect((await query(`SELECT status, revision FROM district.assignment WHERE id = $1`, [other.id]))[0]).toEqual({
      status: other.status,
      revision: other.revision,
    });
    const list = await gql(district.graphql, MINE, { u: '016' }, token);
    expect(errorCode(list)).toBe('FORBIDDEN');
  });

  it('creates nothing new when the fan-out event is delivered again', async () => {
    const { DirectiveIssuedProcessor } = await import('../libs/directives/src/jobs/directive-issued.processor.js');
    const event = (await query(`SELECT id, payload FROM city.outbox_event WHERE aggregate_id = $1`, [directiveId]))[0];
    const processor = worker.app.get(DirectiveIssuedProcessor);
    expect(await processor.apply({ id: event.id, attempt: 2 }, event.payload)).toBe(0); // the same event: the inbox stops it
    expect(await processor.apply({ id: '00000000-0000-4000-8000-000000000001', attempt: 1 }, event.payload)).toBe(0); // even as a new event: the ids already exist
    expect((await query(`SELECT count(*)::int AS n FROM district.assignment WHERE directive_id = $1`, [directiveId]))[0].n).toBe(434);
  });

  it('shows an assignment past its due date as overdue, on both sides', async () => {
    // Move one assignment's due day into the past, as time would.
    const target = (await query(`SELECT id FROM district.assignment WHERE directive_id = $1 AND unit_code = '001'`, [directiveId]))[0];
    await query(`UPDATE district.assignment SET due_date = current_date - 2 WHERE id = $1`, [target.id]);
    const { AssignmentsService } = await import('../libs/directives/src/assignments.service.js');
    expect(await worker.app.get(AssignmentsService).markOverdue()).toBe(1);
    const token = await tokenFor(district.graphql, 'd001');
    expect((await gqlOk(district.graphql, MINE, { u: '001' }, token)).assignments[0].overdue).toBe(true);

    const cityToken = await tokenFor(city.graphql, 'city');
    const view = await eventually(
      () => gqlOk(city.graphql, DIRECTIVE, { id: directiveId }, cityToken),
      (d) =>
        d.directive.progress.overdue === 1 &&
        d.directive.assignments.find((a: { unit: { code: string } }) => a.unit.code === '001')?.overdue === true,
      3000,
    );
    expect(view.directive.assignments.find((a: { unit: { code: string } }) => a.unit.code === '001').overdue).toBe(true);
    const overdueList = await gqlOk(city.graphql, `{ directives(overdue: true) { id } }`, {}, cityToken);
    expect(overdueList.directives.map((d: { id: string }) => d.id)).toContain(directiveId);
    const byDistrict = await gqlOk(city.graphql, `{ directiveOverdueByDistrict { districtCode open overdue } }`, {}, cityToken);
    expect(byDistrict.directiveOverdueByDistrict.find((r: { districtCode: string }) => r.districtCode === '001')).toMatchObject({
      overdue: 1,
    });
  });
});

describe('directives of a district to its communes', () => {
  it('lets Đông Anh direct its own communes (default: all with a council), not another district’s', async () => {
    const token = await tokenFor(city.graphql, 'd017');
    const own = await gqlOk(
      city.graphql,
      ISSUE,
      { i: { title: 'Giao ban quý với HĐND xã', body: 'Tổ chức giao ban định kỳ với HĐND các xã, thị trấn.', dueDate: future(20) } },
      token,
    );
    const wards = await query(`SELECT count(*)::int AS n FROM hierarchy.council_unit WHERE parent_code = '017' AND council_to IS NULL`);
    expect(own.issueDirective.targetUnitCodes).toHaveLength(wards[0].n);
    const listed = await gqlOk(city.graphql, `{ directives { id issuedBy { code } } }`, {}, token);
    expect(listed.directives.every((d: { issuedBy: { code: string } }) => d.issuedBy.code === '017')).toBe(true);
    const foreign = await gql(city.graphql, ISSUE, { i: { title: 't', body: 'b', dueDate: future(5), targetUnitCodes: ['00529'] } }, token); // Xã Yên Thường, Gia Lâm
    expect(errorCode(foreign)).toBe('FORBIDDEN');
  });
});

/**
 * A fan-out is one transaction on each side: the district writes 30 + 404 assignments, the city's view takes them in.
 * To kill a worker *inside* one, the test holds a SHARE lock on the table the transaction writes last
 * (district.assignment_history, city.assignment_view): the worker's transaction then waits there, having written its
 * first rows, and pg_locks shows it doing so. The worker is killed at that moment, the lock released, a new worker
 * started. Meanwhile a sampler reads the counts every few milliseconds: nobody may ever see a part of a fan-out.
 */
describe('a worker killed during a fan-out', () => {
  const TOTAL = 434;
  /** Safety timeouts (a slow machine passes; a fault fails with a message rather than the test's timeout). */
  const WORKER_READY_SAFETY_MS = 60_000;
  const BLOCKED_SAFETY_MS = 60_000;

  /** A backend of the worker inside the fan-out: it holds its write lock on `wrote` and waits for `waitsFor`. */
  async function blockedInside(wrote: string, waitsFor: string): Promise<number | null> {
    const rows = await query(
      `SELECT w.pid FROM pg_locks w JOIN pg_locks h ON h.pid = w.pid
        WHERE w.relation = $2::regclass AND NOT w.granted
          AND h.relation = $1::regclass AND h.granted AND h.mode = 'RowExclusiveLock'`,
      [wrote, waitsFor],
    );
    return rows[0]?.pid ?? null;
  }

  it('is killed inside the transaction on each side, and still leaves exactly 30 + 404 assignments, never a part of them', async () => {
    await worker.close(); // the in-process worker steps aside: only the processes below consume
    const env = assertTestEnvironment();
    const spawnWorker = async (n: number): Promise<SyncWorkerProcess> => {
      const w = await startSyncWorker({ name: `fan-out-worker${n}`, redisUrl: env.redisUrl, env: { LOG_LEVEL: 'error' } });
      await w.waitReady(WORKER_READY_SAFETY_MS); // /health answers: the relay and the queue workers run
      return w;
    };
    // The locks the fan-outs will wait for, taken before anything is issued.
    const holder = testClient(db.url);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE district.assignment_history, city.assignment_view IN SHARE MODE');
    let lockHeld = true;
    const release = async () => {
      if (!lockHeld) return;
      lockHeld = false;
      await holder.query('COMMIT');
    };

    const seen = { district: new Set<number>(), city: new Set<number>() };
    let sampling = true;
    let sampler: Promise<void> | undefined;
    const workers: SyncWorkerProcess[] = [];
    try {
      workers.push(await spawnWorker(1));
      const token = await tokenFor(city.graphql, 'city');
      const issued = await gqlOk(
        city.graphql,
        ISSUE,
        {
          i: {
            title: 'Chuẩn bị kỳ họp giữa năm',
            body: 'Chuẩn bị tốt các điều kiện tổ chức kỳ họp thường lệ giữa năm.',
            cascadeToWards: true,
            dueDate: future(40),
          },
        },
        token,
      );
      const id = issued.issueDirective.id;
      sampler = (async () => {
        const reader = testClient(db.url);
        await reader.connect();
        try {
          while (sampling) {
            const { rows } = await reader.query(
              `SELECT (SELECT count(*)::int FROM district.assignment WHERE directive_id = $1) AS d, (SELECT count(*)::int FROM city.assignment_view WHERE directive_id = $1) AS c`,
              [id],
            );
            seen.district.add(rows[0].d);
            seen.city.add(rows[0].c);
            await new Promise((r) => setTimeout(r, 10));
          }
        } finally {
          await reader.end();
        }
      })();

      // 1. The district's fan-out: assignments written, history waiting. Kill.
      const districtBackend = await eventually(
        () => blockedInside('district.assignment', 'district.assignment_history'),
        (pid) => pid !== null,
        BLOCKED_SAFETY_MS,
        25,
      );
      expect(districtBackend).not.toBeNull();
      await workers[0].kill();
      // Interrupted: nothing of it was committed.
      expect((await query(`SELECT count(*)::int AS n FROM district.assignment WHERE directive_id = $1`, [id]))[0].n).toBe(0);

      // 2. The city's view: a new worker redoes the fan-out (the job comes back once its lock lapses); the city view
      //    is still locked, so the AssignmentsChanged event waits there. Kill again.
      // The city lock is taken again at once, alone; nothing consumes in between (no worker runs).
      await release();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE city.assignment_view IN SHARE MODE');
      lockHeld = true;
      workers.push(await spawnWorker(2));
      // Wait for both: the redone fan-out committed on the district side, and a city transaction held at the view.
      // (A city job of another event may reach the lock first; the fan-out's own event then queues behind it.)
      const districtThenCity = async () => ({
        assignments: (await query(`SELECT count(*)::int AS n FROM district.assignment WHERE directive_id = $1`, [id]))[0].n as number,
        cityBackend: await blockedInside('city.inbox_event', 'city.assignment_view'),
      });
      const step2 = await eventually(districtThenCity, (s) => s.assignments === TOTAL && s.cityBackend !== null, BLOCKED_SAFETY_MS, 25);
      expect(step2.cityBackend).not.toBeNull();
      expect(step2.assignments).toBe(TOTAL);
      await workers[1].kill();
      expect((await query(`SELECT count(*)::int AS n FROM city.assignment_view WHERE directive_id = $1`, [id]))[0].n).toBe(0);

      // 3. A worker that lives: everything arrives, once.
      await release();
      workers.push(await spawnWorker(3));
      const view = await eventually(
        () => query(`SELECT count(*)::int AS n FROM city.assignment_view WHERE directive_id = $1`, [id]),
        (r) => r[0].n === TOTAL,
        BLOCKED_SAFETY_MS,
      );
      expect(view[0].n).toBe(TOTAL);
      await new Promise((r) => setTimeout(r, 1500)); // any late duplicate would show now
      const final = await query(
        `SELECT count(*)::int AS n, count(DISTINCT unit_code)::int AS units FROM district.assignment WHERE directive_id = $1`,
        [id],
      );
      expect(final[0]).toEqual({ n: TOTAL, units: TOTAL });
      expect((await query(`SELECT count(*)::int AS n FROM city.assignment_view WHERE directive_id = $1`, [id]))[0].n).toBe(TOTAL);
      expect(
        (
          await query(
            `SELECT count(*)::int AS n FROM district.assignment_history h JOIN district.assignment a ON a.id = h.assignment_id WHERE a.directive_id = $1`,
            [id],
          )
        )[0].n,
      ).toBe(TOTAL);
      sampling = false;
      await sampler;
      // Whoever looked, at any moment, saw none or all of it.
      expect([...seen.district].sort((a, b) => a - b)).toEqual([0, TOTAL]);
      expect([...seen.city].sort((a, b) => a - b)).toEqual([0, TOTAL]);
    } finally {
      sampling = false;
      await sampler?.catch(() => undefined);
      await release().catch(() => undefined);
      await holder.end().catch(() => undefined);
      await Promise.all(workers.map((w) => w.kill().catch(() => undefined)));
    }
  }, 240_000);
});
