/**
 * Fault tests of the queued sync (issue #4): 1,000 reports and corrections
 * are filed through district-api while the sync worker is killed with
 * SIGKILL over and over and Redis is flushed once; once the system settles,
 * the city's figures must equal a recomputation from the district side and
 * from what the clients were told — nothing lost, nothing counted twice.
 * Once with one worker, once with two replicas.
 *
 * Everything points at a private redis-server (so FLUSHALL touches nobody
 * else's keys); the database is the test run's own.
 */
import { JOB_QUEUES } from '@council/messaging';
import { driftBetween, expectedFromDistrict, reconciliationText, summarizeReconciliation } from '@council/sync';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { councilsOf as councilsAt } from './support/eras.js';
import { gql, gqlOk, tokenFor } from './support/graphql.js';
import { killAllChildren, sleep, startSyncWorker, type SyncWorkerProcess } from './support/processes.js';
import { type PrivateRedis, startRedisServer, withEnv } from './support/redis-server.js';
import { prng, realisticValues, valueList } from './support/reporting.js';
import { sanityBoundMs } from './support/sanity-bounds.js';
import { describeState, openSyncDatabases, type SyncDatabases, syncState, waitUntilSettled } from './support/sync.js';

const testEnv = assertTestEnvironment();

// ---------------------------------------------------------------- units

type Level = 'CITY' | 'DISTRICT' | 'WARD';
interface Unit {
  code: string;
  level: Level;
}
/**
 * The councils a scenario files for: those of each of its quarters, as they were then (libs/core's history). One
 * scenario files two quarters of the district era (the city, 30 districts, 404 xã / thị trấn), the other two of
 * 2025's first half (the city, 30 districts, 366 communes with a council), so that neither depends on today's units.
 * No other file of the shared database submits reports for 2024Q3–2025Q2 (checked below: the figures are ours alone).
 */
const councilsOf = (period: string): Unit[] => councilsAt(period);

// ---------------------------------------------------------------- the plan

type Kind = 'submit' | 'correct' | 'accept' | 'return';
interface Target extends Unit {
  key: string;
  period: string;
}
interface Op {
  n: number;
  target: Target;
  kind: Kind;
  idempotencyKey: string;
  values?: Record<string, number>;
}
/** What the clients were told about a report, op after op (ops of one report never overlap). */
interface Acked {
  target: Target;
  reportId?: string;
  version: number;
  revisionSteps: number;
  status: 'SUBMITTED' | 'ACCEPTED' | 'RETURNED' | null;
  /** The figures of the current version, as sent. */
  values: Record<string, number> | null;
  acks: number;
  /** Acknowledged submissions (each must be exactly one version on the district side). */
  submits: number;
}

function shuffle<T>(items: T[], r: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * `first` first submissions over distinct units × periods, then `corrections`
 * resubmissions with changed figures and `reviews` accept/return decisions,
 * each attached to a random report (a review only after a submission), all
 * interleaved at random while keeping each report's own order.
 */
function buildPlan(
  seed: number,
  periods: string[],
  counts: { first: number; corrections: number; reviews: number },
): { ops: Op[]; targets: Target[] } {
  const r = prng(seed);
  const pairs = shuffle(
    periods.flatMap((period) => councilsOf(period).map((u) => ({ ...u, period, key: `${u.code}|${period}` }))),
    r,
  );
  if (pairs.length < counts.first) throw new Error(`only ${pairs.length} unit × period pairs`);
  const targets = pairs.slice(0, counts.first);
  const chains = new Map<string, Kind[]>(targets.map((t) => [t.key, ['submit']]));
  const extra = shuffle(
    [
      ...Array<Kind>(counts.corrections).fill('correct'),
      ...Array.from({ length: counts.reviews }, (_, i) => (i % 2 ? 'accept' : 'return') as Kind),
    ],
    r,
  );
  for (const kind of extra) {
    for (;;) {
      const chain = chains.get(targets[Math.floor(r() * targets.length)].key)!;
      const last = chain[chain.length - 1];
      if ((kind === 'accept' || kind === 'return') && (last === 'accept' || last === 'return')) continue;
      chain.push(kind);
      break;
    }
  }
  // A uniformly random interleaving of the chains: shuffle the keys, one per op, and give the k-th occurrence the k-th step.
  const slots = shuffle(
    targets.flatMap((t) => chains.get(t.key)!.map(() => t)),
    r,
  );
  const step = new Map<string, number>();
  const ops: Op[] = slots.map((target, n) => {
    const k = step.get(target.key) ?? 0;
    step.set(target.key, k + 1);
    const kind = chains.get(target.key)![k];
    const op: Op = { n, target, kind, idempotencyKey: `fault-${seed}-${n}` };
    if (kind === 'submit' || kind === 'correct') op.values = realisticValues(target.level, seed * 100_003 + n);
    return op;
  });
  return { ops, targets };
}

/** Filing's pace while the fleet is behind its kills (one op per this many ms, all clients together). */
const TRICKLE_PACE_MS = 250;
/** Safety timeout: how long the fleet may go without an effective kill before the run fails saying so. */
const KILL_SAFETY_MS = sanityBoundMs('KILL_SAFETY_MS', 120_000);
/** Effective kills per scenario. */
const KILLS = 6;

const median = (xs: number[]): number => (xs.length ? xs[Math.floor(xs.length / 2)] : NaN);

// ---------------------------------------------------------------- GraphQL

const SUBMIT = `mutation($input: ReportInput!, $key: String) { submitReport(input: $input, idempotencyKey: $key) { id status version values { metric { code } value } } }`;
const REVIEW = `mutation($id: ID!, $decision: ReviewDecision!, $comment: String) { reviewReport(id: $id, decision: $decision, comment: $comment) { id status version } }`;
const STATISTICS = `query($q: StatisticsQuery!) { statistics(query: $q) { rows { level period metric { code } value } asOf } }`;

// ---------------------------------------------------------------- the worker fleet under fire

/**
 * N worker replicas, killed with SIGKILL one at a time and restarted at once.
 * One replica: each kill comes 1.5–3 s after the worker became ready (so it
 * is busy), every fourth one while it is still starting up. Two replicas:
 * alternating kills, each 1.5–3 s after the other replica became ready.
 * A kill counts as *effective* when its victim was up (its /health answered)
 * and reports were still being filed: the clients pace themselves on those,
 * so the run lasts until enough of them have happened, however slowly the
 * workers start on this machine.
 */
class WorkerFleet {
  readonly slots: SyncWorkerProcess[] = [];
  readonly everStarted: SyncWorkerProcess[] = [];
  kills = 0;
  killsDuringStartup = 0;
  /** Kills of a worker that was up while reports were being filed. */
  effectiveKills = 0;
  /** Set by the scenario: are reports still being filed? */
  filing: () => boolean = () => false;
  private killWaiters: (() => void)[] = [];
  readonly unexpectedExits: string[] = [];
  /** Workers that could not start because dist/ was being rebuilt by someone else (reported, and replaced). */
  readonly environmentExits: string[] = [];
  /** Workers stopped by a signal we did not send (reported, and replaced). */
  readonly externalSignals: string[] = [];
  private started = 0;
  private stopping = false;
  private chaosLoop?: Promise<void>;
  private healthLoop?: Promise<void>;

  constructor(
    private readonly label: string,
    private readonly redisUrl: string,
    readonly replicas: number,
  ) {}

  private async spawn(slot: number): Promise<SyncWorkerProcess> {
    const w = await startSyncWorker({ name: `${this.label}-worker${slot}#${++this.started}`, redisUrl: this.redisUrl });
    void w.proc.exited.then((exit) => {
      if (w.proc.killedByUs) return;
      // dist/ rebuilt under our feet by a concurrent `npm run build` / `npm test` (tsc before tsc-alias): the environment, not the worker.
      if (w.readyAt === null && exit.code !== null && /Cannot find module '@council\//.test(w.proc.tail(20_000))) {
        this.environmentExits.push(`${w.name}: dist/ was being rebuilt (Cannot find module @council/…)`);
        return;
      }
      // A termination signal from outside (another process on this machine) is not a crash of the worker; anything else is.
      if (exit.signal === 'SIGTERM' || exit.signal === 'SIGINT' || exit.signal === 'SIGHUP')
        this.externalSignals.push(`${w.name}: ${exit.signal}`);
      else this.unexpectedExits.push(`${w.name} exited by itself ${JSON.stringify(exit)}:\n${w.proc.tail(3000)}`);
    });
    this.slots[slot] = w;
    this.everStarted.push(w);
    return w;
  }

  async start(): Promise<void> {
    const deadline = Date.now() + 45_000;
    for (let i = 0; i < this.replicas; i++) await this.spawn(i);
    for (;;) {
      await Promise.all(this.slots.map((w) => this.waitReadyOrStop(w)));
      const dead = this.slots.map((w, i) => [w, i] as const).filter(([w]) => !w.alive);
      if (dead.length === 0) break;
      if (this.unexpectedExits.length || Date.now() > deadline)
        throw new Error(`workers did not start:\n${[...this.unexpectedExits, ...this.environmentExits].join('\n')}\n${this.tails()}`);
      await sleep(1000);
      for (const [, i] of dead) await this.spawn(i);
    }
    this.healthLoop = this.pollHealth();
  }

  /** Start killing. */
  unleash(seed: number): void {
    this.chaosLoop = this.chaos(prng(seed));
  }

  private async pause(ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (!this.stopping && Date.now() < end) await sleep(Math.min(50, end - Date.now()));
    return !this.stopping;
  }

  private async waitReadyOrStop(w: SyncWorkerProcess): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!this.stopping && w.readyAt === null) {
      if (!w.alive) return;
      if (Date.now() > deadline) throw new Error(`${w.name} not ready after 30 s:\n${w.proc.tail()}`);
      if (await w.health(500)) w.readyAt = Date.now();
      else await sleep(100);
    }
  }

  private async chaos(r: () => number): Promise<void> {
    let turn = 0;
    while (!this.stopping) {
      const slot = turn % this.replicas;
      const victim = this.slots[slot];
      if (this.replicas === 1) {
        // Mostly 1.5–3 s after the worker became ready (it is busy by then); every fourth kill hits it starting up.
        if (turn % 4 === 3) {
          if (!(await this.pause(200 + r() * 800))) break;
        } else {
          await this.waitReadyOrStop(victim);
          if (!(await this.pause(1500 + r() * 1500))) break;
        }
      } else {
        // Alternating kills, each 1.5–3 s after the other replicas are ready: the replicas work side by side
        // between kills, and the fleet is never all down for long.
        for (let i = 0; i < this.replicas; i++) if (i !== slot && !this.slots[i].alive) await this.spawn(i);
        for (const other of this.slots) if (other !== victim) await this.waitReadyOrStop(other);
        if (!(await this.pause(1500 + r() * 1500))) break;
      }
      const effective = victim.readyAt !== null && this.filing();
      if (victim.readyAt === null) this.killsDuringStartup++;
      await victim.kill();
      this.kills++;
      if (effective) {
        this.effectiveKills++;
        for (const wake of this.killWaiters.splice(0)) wake();
      }
      await this.spawn(slot);
      turn++;
    }
  }

  /** Resolves once `n` effective kills have happened; throws after `safetyMs` without one (the fleet is stuck, say so). */
  async effectiveKillsReached(n: number, safetyMs: number): Promise<void> {
    while (this.effectiveKills < n) {
      const before = this.effectiveKills;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.killWaiters.push(resolve);
        timer = setTimeout(resolve, safetyMs);
      });
      clearTimeout(timer);
      if (this.effectiveKills === before) {
        throw new Error(
          `no effective kill within ${safetyMs} ms (KILL_SAFETY_MS; ${this.effectiveKills} of ${n} so far, ${this.kills} kills in all):\n${this.tails()}`,
        );
      }
    }
  }

  /** Keeps each process's latest /health, for its outbox counters (`resent`). */
  private async pollHealth(): Promise<void> {
    while (!this.stopping) {
      await Promise.all(this.slots.filter((w) => w.alive && w.readyAt !== null).map((w) => w.health(1000)));
      await sleep(300);
    }
  }

  /** Stop killing; from now on the workers are kept running (one that died is replaced). */
  async calm(): Promise<void> {
    this.stopping = true;
    await this.chaosLoop;
    await this.healthLoop;
    this.stopping = false;
    this.healthLoop = this.keepRunning();
  }

  private async keepRunning(): Promise<void> {
    while (!this.stopping) {
      for (let i = 0; i < this.replicas; i++) if (!this.slots[i]?.alive) await this.spawn(i);
      await Promise.all(this.slots.filter((w) => w.alive).map((w) => w.health(1000)));
      await sleep(300);
    }
  }

  /** `resent` summed over every process's last /health (a lower bound: a process killed right after resending is not counted). */
  async resentSeen(): Promise<number> {
    await Promise.all(this.slots.filter((w) => w.alive).map((w) => w.health(1000)));
    return this.everStarted.reduce((sum, w) => sum + Number(w.lastHealth?.outbox?.resent ?? 0), 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.chaosLoop?.catch(() => undefined);
    await this.healthLoop?.catch(() => undefined);
    await Promise.all(this.slots.map((w) => w.kill().catch(() => undefined)));
  }

  /** Start-up times (spawn → /health answers) of the processes that got that far, in ms. */
  startupTimes(): number[] {
    return this.everStarted
      .filter((w) => w.readyAt !== null)
      .map((w) => w.readyAt! - w.proc.startedAt)
      .sort((a, b) => a - b);
  }

  /** ERROR lines the worker processes logged (their output runs at LOG_LEVEL=warn). */
  errorLines(): string[] {
    return this.everStarted.flatMap((w) =>
      w.proc
        .tail(40_000)
        .split('\n')
        .filter((l) => /\bERROR\b/.test(l))
        .map((l) => `${w.name}: ${l.replace(/^.*?ERROR\s*/, '').slice(0, 200)}`),
    );
  }

  tails(): string {
    return this.everStarted
      .slice(-4)
      .map((w) => `--- ${w.name} (exit ${JSON.stringify(w.proc.exit)}):\n${w.proc.tail(2000)}`)
      .join('\n');
  }
}

// ---------------------------------------------------------------- the suite

let redis: PrivateRedis;
let district: RunningApp;
let city: RunningApp;
let dbs: SyncDatabases;
let token: string;
let cityToken: string;
let currentFleet: WorkerFleet | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
  // Config is read from process.env when an app's module is created: point both in-process APIs at the private Redis.
  [district, city] = await withEnv({ REDIS_URL: redis.url }, () => Promise.all([startApp(DISTRICT_API), startApp(CITY_API)]));
  dbs = await openSyncDatabases();
  token = await tokenFor(district.graphql, 'city');
  cityToken = await tokenFor(city.graphql, 'city');
}, 60_000);

afterAll(async () => {
  await killAllChildren();
  await Promise.all([district?.close(), city?.close()]);
  await dbs?.close();
  await redis?.stop();
}, 30_000);

interface ScenarioResult {
  plan: { ops: Op[]; targets: Target[] };
  acked: Map<string, Acked>;
  ackedOps: number;
  errors: string[];
  fleet: WorkerFleet;
  flushes: number;
  flushedAt?: Date;
  submitPhaseMs: number;
  settleMs: number;
  quiesceMs: number;
}

/**
 * Runs the plan with `concurrency` clients, paced over about `paceMs` × ops,
 * while the fleet is under fire; flushes Redis once half-way; then lets the
 * workers run until the sync has settled and every event is confirmed.
 */
async function runScenario(options: {
  label: string;
  seed: number;
  periods: string[];
  replicas: number;
  concurrency: number;
  paceMs: number;
  /** Effective kills (of a worker that was up, while reports were being filed) the run must see. */
  kills: number;
  counts: { first: number; corrections: number; reviews: number };
}): Promise<ScenarioResult> {
  const plan = buildPlan(options.seed, options.periods, options.counts);
  const acked = new Map<string, Acked>(
    plan.targets.map((t) => [t.key, { target: t, version: 0, revisionSteps: 0, status: null, values: null, acks: 0, submits: 0 }]),
  );
  const fleet = new WorkerFleet(options.label, redis.url, options.replicas);
  currentFleet = fleet;
  await fleet.start();
  let ackedOps = 0;
  fleet.filing = () => ackedOps < plan.ops.length;
  fleet.unleash(options.seed);

  const pending = [...plan.ops];
  const busy = new Set<string>();
  const errors: string[] = [];
  let dispatched = 0;
  let nextDue = Date.now();
  // The k-th of every (kills + 1) parts of the plan waits for k effective kills: until they have come, filing slows to a
  // trickle (events keep flowing, so the next kill still lands on work in flight); the last op waits for the last kill.
  const killsNeededBefore = (i: number) => Math.floor((i * (options.kills + 1)) / plan.ops.length);
  let flushes = 0;
  let flushedAt: Date | undefined;
  let flushing: Promise<void> | undefined;
  const flushAt = Math.floor(plan.ops.length / 2);
  const t0 = Date.now();
  let lastAckAt = t0;

  const next = (): Op | undefined => {
    const i = pending.findIndex((op) => !busy.has(op.target.key));
    if (i < 0) return undefined;
    const [op] = pending.splice(i, 1);
    busy.add(op.target.key);
    return op;
  };

  const perform = async (op: Op): Promise<void> => {
    const state = acked.get(op.target.key)!;
    if (op.kind === 'submit' || op.kind === 'correct') {
      const input = { unitCode: op.target.code, period: op.target.period, values: valueList(op.values!) };
      // A retry after a transport failure carries the same idempotency key: one version, however often it arrives.
      for (let attempt = 1; ; attempt++) {
        let res;
        try {
          res = await gql<{ submitReport: { id: string; status: string; version: number } }>(
            district.graphql,
            SUBMIT,
            { input, key: op.idempotencyKey },
            token,
          );
        } catch (e) {
          if (attempt < 3) continue;
          throw new Error(`op ${op.n} ${op.kind} ${op.target.key}: no answer after ${attempt} attempts: ${(e as Error).message}`, {
            cause: e,
          });
        }
        if (res.errors?.length || !res.data)
          throw new Error(`op ${op.n} ${op.kind} ${op.target.key}: ${JSON.stringify(res.errors ?? res)}`);
        const answer = res.data.submitReport;
        if (answer.status !== 'SUBMITTED' || answer.version !== state.version + 1 || (state.reportId && answer.id !== state.reportId)) {
          throw new Error(`op ${op.n} ${op.kind} ${op.target.key}: answered ${JSON.stringify(answer)} after version ${state.version}`);
        }
        Object.assign(state, {
          reportId: answer.id,
          version: answer.version,
          status: 'SUBMITTED',
          values: op.values!,
          revisionSteps: state.revisionSteps + 1,
          submits: state.submits + 1,
        });
        break;
      }
    } else {
      const decision = op.kind === 'accept' ? 'ACCEPT' : 'RETURN';
      const res = await gql<{ reviewReport: { id: string; status: string; version: number } }>(
        district.graphql,
        REVIEW,
        {
          id: state.reportId,
          decision,
          comment: decision === 'RETURN' ? 'Số liệu chưa khớp, đề nghị rà soát lại / figures to be checked' : null,
        },
        token,
      );
      if (res.errors?.length || !res.data) throw new Error(`op ${op.n} ${op.kind} ${op.target.key}: ${JSON.stringify(res.errors ?? res)}`);
      const answer = res.data.reviewReport;
      const status = decision === 'ACCEPT' ? 'ACCEPTED' : 'RETURNED';
      if (answer.status !== status || answer.version !== state.version || answer.id !== state.reportId) {
        throw new Error(`op ${op.n} ${op.kind} ${op.target.key}: answered ${JSON.stringify(answer)}, expected ${status} v${state.version}`);
      }
      Object.assign(state, { status, revisionSteps: state.revisionSteps + 1 });
    }
    state.acks++;
  };

  const client = async (): Promise<void> => {
    for (;;) {
      if (pending.length === 0) return;
      const op = next();
      if (!op) {
        await sleep(5);
        continue;
      }
      const i = dispatched++;
      if (i === plan.ops.length - 1) await fleet.effectiveKillsReached(options.kills, KILL_SAFETY_MS);
      const behind = fleet.effectiveKills < killsNeededBefore(i);
      const due = Math.max(Date.now(), nextDue);
      nextDue = due + (behind ? TRICKLE_PACE_MS : options.paceMs);
      if (due > Date.now()) await sleep(due - Date.now());
      try {
        await perform(op);
        ackedOps++;
        lastAckAt = Date.now();
        if (ackedOps === flushAt) {
          flushes++;
          flushedAt = new Date();
          flushing = redis.flushAll();
        }
      } catch (e) {
        errors.push((e as Error).message);
      } finally {
        busy.delete(op.target.key);
      }
    }
  };

  let settleMs: number;
  let quiesceMs: number;
  let submitPhaseMs: number;
  try {
    await Promise.all(Array.from({ length: options.concurrency }, () => client()));
    await flushing;
    submitPhaseMs = lastAckAt - t0;
    await fleet.calm();
    await waitUntilSettled({ timeoutMs: 45_000, dbs });
    settleMs = Date.now() - lastAckAt;
    // Quiesce: every event's job confirmed completed by the relay (no copy left anywhere to apply late), and every
    // rollup change folded into the totals that statistics reads.
    const q0 = Date.now();
    for (;;) {
      const s = await syncState(dbs);
      if (s.unconfirmed === 0 && s.pendingDeltas === 0 && s.settled) break;
      if (Date.now() - q0 > 30_000) throw new Error(`events still unconfirmed 30 s after settling:\n${describeState(s)}`);
      await sleep(250);
    }
    quiesceMs = Date.now() - q0;
  } catch (e) {
    await fleet.stop();
    throw new Error(`${(e as Error).message}\n\nworker output (last processes):\n${fleet.tails()}`, { cause: e });
  }
  return { plan, acked, ackedOps, errors, fleet, flushes, flushedAt, submitPhaseMs, settleMs, quiesceMs };
}

/** Every check of "zero lost, zero counted twice" for one scenario's reports, plus the global ones. */
async function verifyScenario(label: string, periods: string[], result: ScenarioResult): Promise<void> {
  const { plan, acked } = result;
  expect(result.errors).toEqual([]);
  expect(result.ackedOps).toBe(plan.ops.length);

  // 0. Nobody else filed reports for these quarters (the figures below are ours alone).
  const keys = plan.targets.map((t) => t.key);
  const [{ foreign }] = await dbs.district.query(
    `SELECT count(*)::int AS foreign FROM district.report WHERE period = ANY($1) AND version > 0 AND NOT (unit_code || '|' || period = ANY($2))`,
    [periods, keys],
  );
  expect(foreign).toBe(0);

  // 1. The whole system has settled: no unsent event, the worker's own reconcile() (no grace) finds nothing (so every
  // fact is at the district's revision), and the second opinion agrees (zero drift from the district recomputation).
  const state = await syncState(dbs);
  const r = state.reconciliation;
  expect({
    unsent: state.unsent,
    reconcile: {
      rollupCells: r.rollupCells.slice(0, 20),
      factMismatches: r.factMismatches.slice(0, 20),
      behind: r.behind.slice(0, 20),
      inFlight: r.inFlight,
    },
    drift: state.drift.slice(0, 20),
  }).toEqual({
    unsent: 0,
    reconcile: { rollupCells: [], factMismatches: [], behind: [], inFlight: 0 },
    drift: [],
  });

  // 1b. ... and city.rollup alone (what statistics reads, without pending deltas) equals the recomputation too.
  const rollupOnly: { k: string; v: string }[] = await dbs.city.query(
    `SELECT scope_code || '|' || level || '|' || period || '|' || metric_code AS k, value AS v FROM city.rollup WHERE value <> 0`,
  );
  const rollupDrift = driftBetween(await expectedFromDistrict(dbs.district), new Map(rollupOnly.map((r) => [r.k, Number(r.v)])));
  expect(rollupDrift.slice(0, 20)).toEqual([]);
  expect(state.pendingDeltas).toBe(0);

  // 2. The district side holds exactly what the clients were told (every acknowledged answer counted).
  const districtRows: { key: string; id: string; version: number; status: string; revision: number }[] = await dbs.district.query(
    `SELECT unit_code || '|' || period AS key, id::text AS id, version, status, revision FROM district.report WHERE period = ANY($1)`,
    [periods],
  );
  const byKey = new Map(districtRows.map((r) => [r.key, r]));
  const districtMismatches: string[] = [];
  for (const a of acked.values()) {
    const row = byKey.get(a.target.key);
    if (!row || row.id !== a.reportId || row.version !== a.version || row.status !== a.status || row.revision !== a.revisionSteps) {
      districtMismatches.push(
        `${a.target.key}: told v${a.version} ${a.status} rev ${a.revisionSteps}, district holds ${row ? `v${row.version} ${row.status} rev ${row.revision}` : 'nothing'}`,
      );
    }
  }
  expect(districtMismatches).toEqual([]);
  expect(districtRows).toHaveLength(plan.targets.length);
  const versions: { id: string; n: number }[] = await dbs.district.query(
    `SELECT v.report_id::text AS id, count(*)::int AS n FROM district.report_version v JOIN district.report r ON r.id = v.report_id WHERE r.period = ANY($1) GROUP BY 1`,
    [periods],
  );
  const versionCount = new Map(versions.map((v) => [v.id, v.n]));
  expect([...acked.values()].filter((a) => versionCount.get(a.reportId!) !== a.submits).map((a) => a.target.key)).toEqual([]);

  // 3. The city holds each report's last acknowledged state: version, status, whether it counts, its figures.
  const facts: { id: string; version: number; revision: number; status: string; counts: boolean; values: Record<string, number> }[] =
    await dbs.city.query(
      `SELECT report_id::text AS id, version, revision, status, counts, values FROM city.report_fact WHERE period = ANY($1)`,
      [periods],
    );
  const factById = new Map(facts.map((f) => [f.id, f]));
  const factMismatches: string[] = [];
  for (const a of acked.values()) {
    const f = factById.get(a.reportId!);
    const ok =
      f &&
      f.version === a.version &&
      f.revision === a.revisionSteps &&
      f.status === a.status &&
      f.counts === (a.status !== 'RETURNED') &&
      JSON.stringify(Object.entries(f.values).sort()) === JSON.stringify(Object.entries(a.values!).sort());
    if (!ok)
      factMismatches.push(
        `${a.target.key}: told v${a.version} ${a.status}, city holds ${f ? `v${f.version} rev ${f.revision} ${f.status} counts=${f.counts}` : 'nothing'}`,
      );
  }
  expect(factMismatches).toEqual([]);
  expect(facts).toHaveLength(plan.targets.length);

  // 4. Each event exactly once: one outbox event per acknowledged op, and the inbox holds exactly the outbox's events.
  const [{ ours }] = await dbs.district.query(
    `SELECT count(*)::int AS ours FROM district.outbox_event WHERE payload->>'period' = ANY($1)`,
    [periods],
  );
  expect(ours).toBe(result.ackedOps);
  const cityTypes = Object.entries(JOB_QUEUES)
    .filter(([, q]) => q === 'to-city')
    .map(([t]) => t);
  const outboxIds: { id: string }[] = await dbs.district.query(`SELECT id::text AS id FROM district.outbox_event WHERE type = ANY($1)`, [
    cityTypes,
  ]);
  const inboxIds: { id: string }[] = await dbs.city.query(`SELECT event_id::text AS id FROM city.inbox_event`);
  const outboxSet = new Set(outboxIds.map((r) => r.id));
  const inboxSet = new Set(inboxIds.map((r) => r.id));
  expect(inboxIds.length).toBe(inboxSet.size);
  expect(outboxIds.filter((r) => !inboxSet.has(r.id))).toEqual([]);
  expect(inboxIds.filter((r) => !outboxSet.has(r.id))).toEqual([]);
  expect(inboxSet.size).toBe(outboxSet.size);

  // 5. The city's figures, over HTTP, equal the sum of the acknowledged latest versions that count.
  const metrics = ['resolutions.issued', 'sessions.thematic', 'voter_contacts.thematic'];
  const expected = new Map<string, number>();
  for (const a of acked.values()) {
    if (a.status !== 'SUBMITTED' && a.status !== 'ACCEPTED') continue;
    for (const m of metrics) {
      const k = `${a.target.period}|${a.target.level}|${m}`;
      expected.set(k, (expected.get(k) ?? 0) + (a.values![m] ?? 0));
    }
  }
  const stats = await gqlOk<{ statistics: { rows: { level: string; period: string; metric: { code: string }; value: number }[] } }>(
    city.graphql,
    STATISTICS,
    { q: { periods, metrics, groupBy: ['PERIOD', 'LEVEL', 'METRIC'] } },
    cityToken,
  );
  const actual = new Map(
    stats.statistics.rows.filter((r) => r.value !== 0).map((r) => [`${r.period}|${r.level}|${r.metric.code}`, r.value]),
  );
  for (const [k, v] of [...expected]) if (v === 0) expected.delete(k);
  expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
  // The headline figure: the city's resolutions.issued over these quarters, against the clients' recomputation.
  const total = (m: Map<string, number>) => [...m].filter(([k]) => k.endsWith('|resolutions.issued')).reduce((s, [, v]) => s + v, 0);
  expect(total(actual)).toBe(total(expected));
  expect(total(expected)).toBeGreaterThan(0);

  // 6. Nothing in the dead-letter state.
  const failed = await redis.client().zcard(`${testEnv.queuePrefix}:to-city:failed`);
  expect(failed).toBe(0);
  expect(result.fleet.unexpectedExits).toEqual([]);

  // The chaos really happened.
  expect(result.fleet.effectiveKills).toBeGreaterThanOrEqual(KILLS);
  expect(result.flushes).toBe(1);

  // Summary.
  const [resend] = await dbs.district.query(
    `SELECT count(*) FILTER (WHERE send_attempts > 1)::int AS events, coalesce(sum(send_attempts - 1) FILTER (WHERE send_attempts > 1), 0)::int AS extra,
            count(*) FILTER (WHERE send_attempts > 1 AND created_at > $2)::int AS after_flush
       FROM district.outbox_event WHERE payload->>'period' = ANY($1)`,
    [periods, result.flushedAt],
  );
  const kinds = plan.ops.reduce<Record<string, number>>((acc, op) => ({ ...acc, [op.kind]: (acc[op.kind] ?? 0) + 1 }), {});
  const finals = [...acked.values()].reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.status!]: (acc[a.status!] ?? 0) + 1 }), {});
  console.log(
    [
      `[${label}] ${result.ackedOps} acknowledged ops (${kinds.submit} first submissions, ${kinds.correct} corrections, ${kinds.accept ?? 0} accepts, ${kinds.return ?? 0} returns) ` +
        `over ${plan.targets.length} reports in ${periods.join(', ')}; final ${JSON.stringify(finals)}`,
      `[${label}] ${result.fleet.replicas} worker replica(s): ${result.fleet.kills} kill -9 (${result.fleet.effectiveKills} of a running worker while reports were filed, ${result.fleet.killsDuringStartup} during start-up), ${result.flushes} FLUSHALL, ` +
        `${result.fleet.everStarted.length} worker processes in all${result.fleet.environmentExits.length ? `, ${result.fleet.environmentExits.length} could not start while dist/ was rebuilt by another process` : ''}${result.fleet.externalSignals.length ? `, ${result.fleet.externalSignals.length} stopped by a signal from outside the test (${result.fleet.externalSignals.join(', ')})` : ''} (start-up to /health: median ${median(result.fleet.startupTimes())} ms, max ${Math.max(...result.fleet.startupTimes())} ms)`,
      `[${label}] submit phase ${(result.submitPhaseMs / 1000).toFixed(1)} s; settled ${(result.settleMs / 1000).toFixed(1)} s after the last answer; ` +
        `all events confirmed ${(result.quiesceMs / 1000).toFixed(1)} s later`,
      `[${label}] resent: ${resend.events} event(s) sent more than once (${resend.extra} extra sends, district.outbox_event.send_attempts; ${resend.after_flush} of them created after the FLUSHALL); ` +
        `relay /health outbox.resent summed over processes ≥ ${await result.fleet.resentSeen()}`,
      `[${label}] worker ERROR log lines: ${result.fleet.errorLines().length}${result.fleet.errorLines().length ? ` — e.g. ${result.fleet.errorLines().slice(0, 3).join(' | ')}` : ''}`,
      `[${label}] city ${metrics[0]} over ${periods.join('+')}: ${total(actual)} = recomputed from acknowledged answers ${total(expected)}; drift cells ${state.drift.length}; ` +
        `reconcile(): ${reconciliationText(summarizeReconciliation(r), 0)}`,
    ].join('\n'),
  );
}

describe('queued sync under kill -9 and a Redis flush', () => {
  afterEach(async () => {
    // The workers of a failed scenario must not run on into the next (the private Redis stays up).
    await currentFleet?.stop().catch(() => undefined);
    currentFleet = undefined;
  });

  it('one worker: 1,000 reports and corrections, the worker killed over and over, Redis flushed once — zero lost, zero counted twice', async () => {
    const periods = ['2024Q3', '2024Q4'];
    const result = await runScenario({
      label: 'one worker',
      seed: 4101,
      periods,
      replicas: 1,
      concurrency: 10,
      paceMs: 25,
      kills: KILLS,
      counts: { first: 650, corrections: 250, reviews: 100 },
    });
    await verifyScenario('one worker', periods, result);
  }, 420_000);

  it('two replicas: the same, killing one or the other — zero lost, zero counted twice', async () => {
    const periods = ['2025Q1', '2025Q2'];
    const result = await runScenario({
      label: 'two replicas',
      seed: 4202,
      periods,
      replicas: 2,
      concurrency: 10,
      paceMs: 25,
      kills: KILLS,
      counts: { first: 650, corrections: 250, reviews: 100 },
    });
    await verifyScenario('two replicas', periods, result);
  }, 420_000);
});
