/**
 * What an operator's Prometheus reads on /metrics (issue 16, part 6), on real city-api, district-api and sync-worker
 * processes: per queue its jobs by state, its dead letters and the age of its oldest waiting job; the outbox's backlog
 * and its oldest unsent event; the sync lag from a report's submission to its figures applied on the city side; the
 * rollups' lag; the last reconciliation's drift; each connection pool's use. Each figure is made to move here, so a
 * series that reads a constant would fail. And the observability profile of docker/compose.yml: its files parse, Prometheus
 * scrapes the compose services at their ports with the operator token, and the Grafana dashboard and the alert rules
 * query only series these processes export.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadConfig } from '@council/core';
import { projectRoot } from '@council/database';
import { ReconcileStatisticsProcessor } from '@council/sync';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { parse } from 'yaml';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { metricTypes, promqlParses, scrape, seriesOf, sumOf } from './support/prometheus.js';
import { testClient } from './support/sql.js';

const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id } }`;

let district: RunningApp;
let city: RunningApp;
let worker: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let client: pg.Client;
const queue = (name: string) => worker.app.get<Queue>(getQueueToken(name), { strict: false });

beforeAll(async () => {
  // A database and queues of its own: the dead letter made here must not reach another file's checks.
  db = await isolatedDatabase('metrics');
  [district, city, worker] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API), startApp(SYNC_WORKER)]);
  client = testClient(db.url);
  await client.connect();
}, 60_000);

afterAll(async () => {
  await client?.end();
  await Promise.all([district?.close(), city?.close(), worker?.close()]);
  await db?.restore();
});

describe('/metrics for the operator', () => {
  it('declares each new series with its type', async () => {
    const types = metricTypes((await scrape(worker.url)).text);
    const expected = {
      council_queue_jobs: 'gauge',
      council_queue_dead_letters: 'gauge',
      council_queue_oldest_waiting_age_seconds: 'gauge',
      council_outbox_backlog: 'gauge',
      council_outbox_oldest_unsent_age_seconds: 'gauge',
      council_sync_lag_seconds: 'histogram',
      council_rollup_lag_seconds: 'gauge',
      council_reconciliation_drift: 'gauge',
      council_reconciliation_last_run_timestamp_seconds: 'gauge',
      council_db_pool_connections: 'gauge',
      council_db_pool_max: 'gauge',
    };
    expect(Object.fromEntries(Object.keys(expected).map((name) => [name, types.get(name)]))).toEqual(expected);
  });

  it('counts a report’s sync lag once it is applied on the city side, and the rollups catch up', async () => {
    const lagCount = async () => sumOf((await scrape(worker.url)).series, 'council_sync_lag_seconds_count', { event: 'ReportSubmitted' });
    const before = await lagCount();
    const token = await tokenFor(district.graphql, 'd001');
    await gqlOk(
      district.graphql,
      SUBMIT,
      { i: { unitCode: '001', period: '2024Q1', values: [{ metric: 'resolutions.issued', value: 7 }] } },
      token,
    );
    expect(await eventually(lagCount, (n) => n > before, 20_000)).toBe(before + 1);

    const { series } = await scrape(worker.url);
    // One observation, in some bucket (+Inf holds them all), with a time that is not negative.
    expect(sumOf(series, 'council_sync_lag_seconds_bucket', { event: 'ReportSubmitted', le: '+Inf' })).toBe(before + 1);
    expect(sumOf(series, 'council_sync_lag_seconds_sum', { event: 'ReportSubmitted' })).toBeGreaterThanOrEqual(0);
    const rollupLag = async () => sumOf((await scrape(worker.url)).series, 'council_rollup_lag_seconds');
    expect(await eventually(rollupLag, (s) => s === 0, 20_000)).toBe(0);
  });

  it('shows the outbox’s backlog and how long its oldest event has waited', async () => {
    const backlog = async () => {
      const { series } = await scrape(worker.url);
      return {
        unsent: sumOf(series, 'council_outbox_backlog', { side: 'district' }),
        age: sumOf(series, 'council_outbox_oldest_unsent_age_seconds', { side: 'district' }),
      };
    };
    expect(await eventually(backlog, (b) => b.unsent === 0, 20_000)).toEqual({ unsent: 0, age: 0 });
    // An event the relay cannot send (a type no queue takes) stays unsent: written ten minutes ago by the database's
    // clock, the one the figure is measured with.
    const id = randomUUID();
    await client.query(
      `INSERT INTO district.outbox_event (id, type, aggregate_id, payload, created_at)
       VALUES ($1, 'NoSuchEvent', 'metrics-test', '{}', now() - interval '10 minutes')`,
      [id],
    );
    try {
      const stuck = await eventually(backlog, (b) => b.unsent === 1);
      expect(stuck.unsent).toBe(1);
      expect(stuck.age).toBeGreaterThanOrEqual(600);
      expect(stuck.age).toBeLessThan(3600);
    } finally {
      await client.query(`DELETE FROM district.outbox_event WHERE id = $1`, [id]);
    }
  });

  it('shows a queue’s waiting jobs and the age of the oldest', async () => {
    const maintenance = queue('maintenance');
    await maintenance.pause();
    // Added two minutes ago, as the job's own timestamp says.
    const job = await maintenance.add('ReconcileStatistics', {}, { timestamp: Date.now() - 120_000 });
    try {
      const { series } = await scrape(worker.url);
      expect(sumOf(series, 'council_queue_jobs', { queue: 'maintenance', state: 'waiting' })).toBeGreaterThanOrEqual(1);
      const age = sumOf(series, 'council_queue_oldest_waiting_age_seconds', { queue: 'maintenance' });
      expect(age).toBeGreaterThanOrEqual(120);
      expect(age).toBeLessThan(3600);
      for (const name of ['to-city', 'to-district', 'maintenance']) {
        expect(
          seriesOf(series, 'council_queue_jobs', { queue: name })
            .map((s) => s.labels.state)
            .sort(),
        ).toEqual(['active', 'delayed', 'waiting']);
      }
    } finally {
      await job.remove();
      await maintenance.resume();
    }
  });

  it('counts a job that failed for good as a dead letter of its queue', async () => {
    const deadLetters = async () => sumOf((await scrape(worker.url)).series, 'council_queue_dead_letters', { queue: 'to-city' });
    const before = await deadLetters();
    // A job no handler takes, with one attempt: it fails at once and stays failed.
    await queue('to-city').add('NoSuchJob', {}, { attempts: 1 });
    expect(await eventually(deadLetters, (n) => n > before, 20_000)).toBe(before + 1);
  });

  it('shows the last reconciliation’s drift and when it ran', async () => {
    await worker.app.get(ReconcileStatisticsProcessor).run();
    const { series } = await scrape(worker.url);
    expect(seriesOf(series, 'council_reconciliation_drift').map((s) => [s.labels.kind, s.value])).toEqual([
      ['rollup_cells', 0],
      ['fact_mismatches', 0],
      ['behind', 0],
    ]);
    const ranAt = sumOf(series, 'council_reconciliation_last_run_timestamp_seconds');
    expect(Math.abs(ranAt - Date.now() / 1000)).toBeLessThan(300);
  });

  it('shows each connection pool’s use, in every process', async () => {
    const max = loadConfig(process.env).dbPoolSize;
    for (const [app, pools] of [
      [worker, ['sync-worker', 'sync-worker-city']],
      [city, ['city-api']],
      [district, ['district-api']],
    ] as const) {
      const { series } = await scrape(app.url);
      for (const pool of pools) {
        const state = (s: string) => sumOf(series, 'council_db_pool_connections', { pool, state: s });
        expect(state('total')).toBeGreaterThanOrEqual(1);
        expect(state('total')).toBeLessThanOrEqual(max);
        expect(state('idle')).toBeLessThanOrEqual(state('total'));
        expect(seriesOf(series, 'council_db_pool_connections', { pool, state: 'waiting' })).toHaveLength(1);
        expect(sumOf(series, 'council_db_pool_max', { pool })).toBe(max);
      }
    }
  });

  it('is still not there for anyone without the operator’s token', async () => {
    for (const app of [city, district, worker]) {
      expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(404);
    }
  });
});

describe('the observability profile (docker/)', () => {
  const docker = join(projectRoot(), 'docker');
  const yamlFile = (path: string) => parse(readFileSync(join(docker, path), 'utf8')) as Record<string, any>;
  const compose = yamlFile('compose.yml');
  const prometheus = yamlFile('prometheus/prometheus.yml');
  const dashboard = JSON.parse(readFileSync(join(docker, 'grafana/dashboards/council-operations.json'), 'utf8'));

  it('adds Prometheus and Grafana to compose as an optional profile', () => {
    for (const name of ['prometheus', 'grafana']) expect(compose.services[name].profiles).toEqual(['observability']);
    // The platform's own services stay out of any profile: a plain `up` starts them, not these.
    for (const name of ['city-api', 'district-api', 'sync-worker', 'web']) expect(compose.services[name].profiles).toBeUndefined();
    expect(compose.secrets.operator_token).toEqual({ environment: 'OPERATOR_TOKEN' });
    expect(compose.services.prometheus.secrets).toEqual(['operator_token']);
  });

  it('scrapes the three processes by their compose names and ports, with the operator token from the secret', () => {
    const [job] = prometheus.scrape_configs;
    expect(job.metrics_path).toBe('/metrics');
    expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/operator_token' });
    const env = compose['x-app-env'];
    const expected = [
      ['city-api', env.CITY_API_PORT],
      ['district-api', env.DISTRICT_API_PORT],
      ['sync-worker', env.SYNC_WORKER_PORT],
    ].map(([service, port]) => `${service}:${port}`);
    expect(job.static_configs.flatMap((c: { targets: string[] }) => c.targets)).toEqual(expected);
    for (const target of expected) expect(compose.services[target.split(':')[0]]).toBeDefined();
  });

  it('provisions the data source the dashboard names, and the dashboard’s folder', () => {
    const [source] = yamlFile('grafana/provisioning/datasources/prometheus.yml').datasources;
    expect(source).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    const uids = new Set(dashboard.panels.filter((p: { type: string }) => p.type !== 'row').map((p: any) => p.datasource.uid));
    expect([...uids]).toEqual([source.uid]);
    const [provider] = yamlFile('grafana/provisioning/dashboards/council.yml').providers;
    const mounted = compose.services.grafana.volumes.find((v: string) => v.startsWith('./grafana/dashboards:'));
    expect(mounted.split(':')[1]).toBe(provider.options.path);
  });

  it('queries only series the processes export', async () => {
    const exported = new Set<string>();
    for (const app of [city, district, worker]) for (const s of (await scrape(app.url)).series) exported.add(s.name);
    const queried = new Set<string>(
      dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) =>
        (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\bcouncil_[a-z0-9_]+/g)].map((m) => m[0])),
      ),
    );
    // What the issue asks the dashboard to show.
    for (const name of [
      'council_http_request_duration_seconds_bucket',
      'council_queue_jobs',
      'council_queue_dead_letters',
      'council_outbox_backlog',
      'council_sync_lag_seconds_bucket',
      'council_reconciliation_drift',
      'council_rollup_lag_seconds',
      'council_db_pool_connections',
    ])
      expect(queried).toContain(name);
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('writes every dashboard query and alert rule in PromQL that parses (Prometheus’s own grammar)', () => {
    const exprs: string[] = [
      ...dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr)),
      ...yamlFile('prometheus/alerts.yml').groups.flatMap((g: { rules: { expr: string }[] }) => g.rules.map((r) => r.expr)),
    ];
    expect(exprs.length).toBeGreaterThan(8);
    expect(exprs.filter((e) => !promqlParses(e))).toEqual([]);
    // Not vacuous: the grammar refuses a bracket left open.
    expect(promqlParses('sum(rate(council_outbox_backlog[5m])')).toBe(false);
  });

  it('loads alert rules that parse and use only series the processes export', async () => {
    // Referenced by prometheus.yml at the path compose mounts it on.
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(compose.services.prometheus.volumes).toContain('./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
    type Rule = { alert: string; expr: string; annotations: { summary: string } };
    const rules: Rule[] = yamlFile('prometheus/alerts.yml').groups.flatMap((g: { name: string; rules: Rule[] }) => {
      expect(g.name).toEqual(expect.any(String));
      return g.rules;
    });
    expect(rules.map((r) => r.alert)).toContain('SignInAccountLocked');
    const exported = new Set<string>();
    for (const app of [city, district, worker]) for (const s of (await scrape(app.url)).series) exported.add(s.name);
    for (const rule of rules) {
      expect(rule.annotations.summary).toEqual(expect.any(String));
      const used = [...rule.expr.matchAll(/\bcouncil_[a-z0-9_]+/g)].map((m) => m[0]);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((name) => !exported.has(name))).toEqual([]);
    }
  });
});
