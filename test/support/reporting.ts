/**
 * Helpers for the quarterly-report e2e tests: the GraphQL operations of
 * district-api's reporting contract, realistic report values, and direct
 * PostgreSQL reads (row counts, checksums, outbox rows) to prove what was or
 * was not written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { METRIC_CODES, seededRandom } from '@council/core';
import { projectRoot } from '@council/database';
import type pg from 'pg';

import { sampleFigures } from '../../apps/database-cli/src/seeding/sample-figures.js';
import { assertTestEnvironment } from './env.js';
import { gql, gqlOk, type GraphQLResponse } from './graphql.js';
import { testPool } from './sql.js';
import { tableState } from './table-state.js';

// ---------------------------------------------------------------- GraphQL

export const REPORT_FIELDS = `
  id period status version dueDate late
  unit { code level }
  values { metric { code } value }
  highlights shortcomings proposals
  submittedAt submittedBy firstSubmittedAt
  reviewComment reviewedBy reviewedAt
  findings { rule severity message messageEn field metric }
`;

export const VERSION_FIELDS = `
  versions {
    version submittedAt submittedBy late
    values { metric { code } value }
    highlights shortcomings proposals
    findings { rule severity }
  }
`;

export interface MetricValueInput {
  metric: string;
  value: number;
}

export interface ReportInput {
  unitCode: string;
  period: string;
  values: MetricValueInput[];
  highlights?: string | null;
  shortcomings?: string | null;
  proposals?: string | null;
}

export interface Finding {
  rule: string;
  severity: string;
  message: string;
  messageEn: string;
  field: string | null;
  metric: string | null;
}

export interface Report {
  id: string;
  period: string;
  status: 'DRAFT' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
  version: number;
  dueDate: string;
  late: boolean;
  unit: { code: string; level: string };
  values: { metric: { code: string }; value: number }[];
  highlights: string | null;
  shortcomings: string | null;
  proposals: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  firstSubmittedAt: string | null;
  reviewComment: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  findings: Finding[];
  versions?: {
    version: number;
    submittedAt: string;
    submittedBy: string;
    late: boolean;
    values: { metric: { code: string }; value: number }[];
    highlights: string | null;
    shortcomings: string | null;
    proposals: string | null;
    findings: { rule: string; severity: string }[];
  }[];
}

const SAVE = `mutation Save($input: ReportInput!) { saveReport(input: $input) { ${REPORT_FIELDS} } }`;
const SUBMIT = `mutation Submit($input: ReportInput!, $key: String) { submitReport(input: $input, idempotencyKey: $key) { ${REPORT_FIELDS} } }`;
const REVIEW = `mutation Review($id: ID!, $decision: ReviewDecision!, $comment: String) { reviewReport(id: $id, decision: $decision, comment: $comment) { ${REPORT_FIELDS} } }`;
const READ = `query Read($unitCode: String!, $period: String!) { report(unitCode: $unitCode, period: $period) { ${REPORT_FIELDS} ${VERSION_FIELDS} } }`;
const LIST = `query List($period: String, $parentCode: String, $status: ReportStatus) { reports(period: $period, parentCode: $parentCode, status: $status) { id period status version unit { code } } }`;
const AUDIT = `query Audit($unitCode: String, $period: String, $limit: Int) { auditLog(unitCode: $unitCode, period: $period, limit: $limit) { id at username action unitCode period reportId version changes } }`;
const SET_DEADLINE = `mutation Deadline($period: String!, $dueDate: Date!) { setReportingDeadline(period: $period, dueDate: $dueDate) { period dueDate label } }`;
const PERIOD = `query Period($period: String!) { reportingPeriod(period: $period) { period dueDate label } }`;

export const saveReport = (endpoint: string, token: string, input: unknown): Promise<GraphQLResponse<{ saveReport: Report }>> =>
  gql(endpoint, SAVE, { input }, token);

export const submitReport = (
  endpoint: string,
  token: string,
  input: unknown,
  key?: string | null,
): Promise<GraphQLResponse<{ submitReport: Report }>> => gql(endpoint, SUBMIT, { input, key: key ?? null }, token);

export const reviewReport = (
  endpoint: string,
  token: string,
  id: string,
  decision: 'ACCEPT' | 'RETURN',
  comment?: string | null,
): Promise<GraphQLResponse<{ reviewReport: Report }>> => gql(endpoint, REVIEW, { id, decision, comment: comment ?? null }, token);

export const readReport = (
  endpoint: string,
  token: string,
  unitCode: string,
  period: string,
): Promise<GraphQLResponse<{ report: Report | null }>> => gql(endpoint, READ, { unitCode, period }, token);

export const listReports = (
  endpoint: string,
  token: string,
  args: { period?: string; parentCode?: string; status?: string } = {},
): Promise<GraphQLResponse<{ reports: { id: string; period: string; status: string; version: number; unit: { code: string } }[] }>> =>
  gql(endpoint, LIST, args, token);

export interface AuditEntry {
  id: string;
  at: string;
  username: string;
  action: 'SAVE_DRAFT' | 'SUBMIT' | 'ACCEPT' | 'RETURN';
  unitCode: string;
  period: string;
  reportId: string;
  version: number | null;
  changes: string;
}
export const auditLog = (
  endpoint: string,
  token: string,
  args: { unitCode?: string; period?: string; limit?: number } = {},
): Promise<GraphQLResponse<{ auditLog: AuditEntry[] }>> => gql(endpoint, AUDIT, args, token);

export const setDeadline = (endpoint: string, token: string, period: string, dueDate: string) =>
  gql<{ setReportingDeadline: { period: string; dueDate: string; label: string } }>(endpoint, SET_DEADLINE, { period, dueDate }, token);

export const reportingPeriod = (endpoint: string, token: string, period: string) =>
  gqlOk<{ reportingPeriod: { period: string; dueDate: string; label: string } }>(endpoint, PERIOD, { period }, token);

/** The data of a response that must have succeeded; otherwise throws with the errors. */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors ?? res)}`);
  return res.data;
}

// ---------------------------------------------------------------- values

/** `{ metric: value }` → the `values` list of a ReportInput. */
export function valueList(values: Record<string, number>): MetricValueInput[] {
  return Object.entries(values).map(([metric, value]) => ({ metric, value }));
}

/** A report's (or version's) values as `{ metric: value }`. */
export function valueMap(values: { metric: { code: string }; value: number }[]): Record<string, number> {
  return Object.fromEntries(values.map((v) => [v.metric.code, v.value]));
}

/** All 20 seeded metrics with plausible quarterly counts for a council of the given level (reproducible per seed). */
export function realisticValues(level: 'CITY' | 'DISTRICT' | 'WARD', seed: number): Record<string, number> {
  return sampleFigures(level, seededRandom(seed));
}

/** A small deterministic PRNG, so "random" figures are reproducible. */
export const prng = seededRandom;

export const ALL_METRICS: readonly string[] = METRIC_CODES;

// ---------------------------------------------------------------- hierarchy

interface UnitsFile {
  city: { code: string; name: string };
  districts: { code: string; name: string; type: string; wards: { code: string; name: string; type: string }[] }[];
}
const UNITS = JSON.parse(readFileSync(join(projectRoot(), 'data', 'hanoi-admin-units.json'), 'utf8')) as UnitsFile;

/** Every GSO code of Hanoi's seeded units: the city, its districts and their wards. */
export const KNOWN_UNIT_CODES: ReadonlySet<string> = new Set([
  UNITS.city.code,
  ...UNITS.districts.map((d) => d.code),
  ...UNITS.districts.flatMap((d) => d.wards.map((w) => w.code)),
]);

/** The wards of a district that have a council (xã, thị trấn). */
export function councilWards(districtCode: string): string[] {
  const d = UNITS.districts.find((x) => x.code === districtCode);
  if (!d) throw new Error(`no district ${districtCode}`);
  return d.wards.filter((w) => w.type !== 'phuong').map((w) => w.code);
}

export function phuongOf(districtCode: string): string[] {
  const d = UNITS.districts.find((x) => x.code === districtCode);
  if (!d) throw new Error(`no district ${districtCode}`);
  return d.wards.filter((w) => w.type === 'phuong').map((w) => w.code);
}

// ---------------------------------------------------------------- database

export const DISTRICT_TABLES = ['report', 'report_version', 'report_value', 'audit_log', 'outbox_event', 'reporting_period'] as const;

export class ReportingDb {
  private readonly pool: pg.Pool;

  constructor() {
    const { databaseUrl } = assertTestEnvironment();
    this.pool = testPool(databaseUrl, 3);
  }

  query<R extends pg.QueryResultRow = any>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(sql, params);
  }

  /**
   * Row counts and checksums of the six district tables, flat (`report`: its
   * count, `report_md5`: its checksum…): equal snapshots mean nothing was
   * inserted, deleted or updated.
   */
  async snapshot(): Promise<Record<string, string>> {
    const state = await tableState(
      this.pool,
      DISTRICT_TABLES.map((t) => `district.${t}`),
    );
    return Object.fromEntries(
      DISTRICT_TABLES.flatMap((t) => [
        [t, String(state[`district.${t}`].rows)],
        [`${t}_md5`, state[`district.${t}`].md5],
      ]),
    );
  }

  /** Outbox rows for one unit and quarter, in the order they were written (by payload revision). */
  async outbox(unitCode: string, period: string): Promise<{ id: string; type: string; payload: OutboxPayload }[]> {
    const { rows } = await this.pool.query<{ id: string; type: string; payload: OutboxPayload }>(
      `SELECT id::text AS id, type, payload FROM district.outbox_event WHERE payload->>'unitCode' = $1 AND payload->>'period' = $2`,
      [unitCode, period],
    );
    return rows.sort(
      (a, b) => Number(a.payload.revision) - Number(b.payload.revision) || Number(a.payload.version) - Number(b.payload.version),
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export interface OutboxPayload {
  unitCode: string;
  period: string;
  version: number;
  revision: number;
  status: string;
  values: Record<string, number>;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- errors

/** Nothing internal in a response: no stack, no SQL, no driver or ORM names. */
export function leaks(res: GraphQLResponse, echoed: string[] = []): string[] {
  // Opaque tokens (JWTs, refresh tokens) are random base64url: by chance one can spell `pg_`
  // (about one sign-in in 200 does). A token is not a message, so it is not searched.
  let text = JSON.stringify(res).replace(/"(accessToken|refreshToken)":"[^"]*"/g, '"$1":""');
  // Error messages may quote (a shortened) user input; what the user sent is not a leak.
  for (const e of echoed) {
    if (!e) continue;
    const oneLine = e.replace(/\s+/g, ' ');
    for (const v of [e, oneLine, oneLine.slice(0, 40), oneLine.slice(0, 60)])
      if (v) text = text.split(JSON.stringify(v).slice(1, -1)).join('');
  }
  const patterns: [string, RegExp][] = [
    ['stack trace', /stacktrace|\bat [\w$.<>]+ \(|\.(?:js|ts):\d+:\d+/i],
    ['SQL', /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b.*\b(FROM|VALUES|SET|WHERE)\b/],
    ['database error', /QueryFailedError|violates|duplicate key|relation "|column "|syntax error at|typeorm|postgres|pg_/i],
    ['internal error', /INTERNAL_SERVER_ERROR/],
  ];
  return patterns.filter(([, re]) => re.test(text)).map(([name]) => name);
}
