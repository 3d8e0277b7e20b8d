// Bulk loading for bench/statistics-national.mjs: 12 quarters of reports of every council of the national
// hierarchy, written by SQL (INSERT … SELECT) straight into the district tables, then the city side built by
// SQL from them exactly as the consumer (ReportSnapshotProcessor) would leave it. Loading ~135k reports
// through district-api would take many minutes and measure submitReport, not statistics.
//
// What the consumer would write, per report (latest version, latest status):
//   city.report_fact: one row, values = {metric: value} of the latest version, counts = status ≠ RETURNED;
//   city.rollup:      for each counting fact, every metric, under scope ∈ {unit, its district, its province}
//                     (distinct) and period ∈ {quarter, year}, level = the reporting unit's level, summed.
//                     The consumer adds only non-zero deltas, so a cell where every contribution is 0 never
//                     gets a row: HAVING bool_or(value <> 0) does the same.
// Not written (statistics never reads them): outbox events, the city's inbox, audit log entries.

/**
 * Figures per metric: lo + hash % span, times the level's factor; 0 where the metric does not apply at
 * the unit's level (confidence votes in wards); voter_contacts.thematic = meetings / 3 (a part ≤ whole).
 */
const METRIC_SHAPE = {
  'sessions.regular': [1, 2],
  'sessions.thematic': [0, 2],
  'sessions.urgent': [0, 2],
  'resolutions.issued': [2, 12],
  'documents.reviewed': [3, 15],
  'questioning.written': [0, 20],
  'questioning.sessions': [0, 2],
  'explanations.sessions': [0, 2],
  'supervisions.thematic': [0, 4],
  'surveys.conducted': [0, 4],
  'voter_contacts.meetings': [2, 10],
  'voter_contacts.thematic': [2, 10, 'voter_contacts.meetings', 3],
  'citizen_receptions.sessions': [2, 6],
  'petitions.received': [5, 60],
  'petitions.answered': [4, 50],
  'petitions.resolved': [2, 40],
  'complaints.received': [1, 30],
  'complaints.handled': [1, 25],
  'confidence_votes.persons': [0, 30],
  'briefings.held': [1, 3],
};
const LEVEL_FACTOR = { WARD: 1, DISTRICT: 4, CITY: 15 };

export const QUARTERS = [2022, 2023, 2024].flatMap((y) => [1, 2, 3, 4].map((q) => ({ year: y, quarter: q, code: `${y}Q${q}` })));

/**
 * Loads everything with one client (temp tables live in its session); returns per-step timings and counts.
 * `log(text)` reports progress.
 */
export async function loadNational(client, log) {
  const steps = [];
  const step = async (label, sql, params) => {
    const t = Date.now();
    const res = await client.query(sql, params);
    steps.push({ step: label, ms: Date.now() - t, rows: res.rowCount ?? null });
    log(`  ${label}: ${res.rowCount ?? ''} ${res.rowCount !== null ? 'rows, ' : ''}${Date.now() - t} ms`);
    return res;
  };
  const { rows: metrics } = await client.query(
    `SELECT code, levels::text[] AS levels, sort_order FROM hierarchy.metric WHERE active ORDER BY sort_order`,
  );
  const unknown = metrics.filter((m) => !METRIC_SHAPE[m.code]);
  if (unknown.length) throw new Error(`no bench figures for metric(s) ${unknown.map((m) => m.code).join(', ')}`);

  await client.query(`SET work_mem = '256MB'`); // this loading session only
  await client.query('BEGIN');
  await step(
    'temp: metric shapes',
    `CREATE TEMP TABLE bm ON COMMIT DROP AS
      SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[], $6::int[]) AS t(code, lo, span, hash_code, div, sort)`,
    [
      metrics.map((m) => m.code),
      metrics.map((m) => METRIC_SHAPE[m.code][0]),
      metrics.map((m) => METRIC_SHAPE[m.code][1]),
      metrics.map((m) => METRIC_SHAPE[m.code][2] ?? m.code),
      metrics.map((m) => METRIC_SHAPE[m.code][3] ?? 1),
      metrics.map((m) => m.sort_order),
    ],
  );
  await client.query(`ALTER TABLE bm ADD COLUMN levels text[]`);
  await client.query(`UPDATE bm SET levels = m.levels::text[] FROM hierarchy.metric m WHERE m.code = bm.code`);
  await step(
    'temp: quarters',
    `CREATE TEMP TABLE bq ON COMMIT DROP AS
      SELECT t.period, make_date(t.y, 3 * t.q - 2, 1) AS qstart, (make_date(t.y, 3 * t.q - 2, 1) + interval '3 months')::date AS qend,
             (make_date(t.y, 3 * t.q - 2, 1) + interval '3 months' + interval '9 days')::date AS due
        FROM unnest($1::text[], $2::int[], $3::int[]) AS t(period, y, q)`,
    [QUARTERS.map((q) => q.code), QUARTERS.map((q) => q.year), QUARTERS.map((q) => q.quarter)],
  );
  // Every unit with a council when the quarter began (hasCouncilOn: council_from ≤ d < council_to), in its version valid then.
  await step(
    'temp: reports (every council × quarter)',
    `CREATE TEMP TABLE br ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, u.code AS unit_code, u.level::text AS level, u.root_code,
             CASE u.level WHEN 'DISTRICT' THEN u.code WHEN 'WARD' THEN u.parent_code END AS district_code,
             q.period, q.due, 1 + (abs(hashtext(u.code || q.period)) % 20 = 0)::int AS nv,
             CASE WHEN abs(hashtext(u.code || q.period || 's')) % 100 = 0 THEN 'RETURNED'
                  WHEN abs(hashtext(u.code || q.period || 's')) % 3 = 0 THEN 'ACCEPTED' ELSE 'SUBMITTED' END AS status,
             (q.qend::timestamp + make_interval(days => abs(hashtext(u.code || q.period || 'd')) % 14, secs => abs(hashtext(u.code || q.period || 't')) % 36000))
               AT TIME ZONE 'Asia/Ho_Chi_Minh' AS first_at
        FROM hierarchy.council_unit u JOIN bq q
          ON u.valid_from <= q.qstart AND (u.valid_to IS NULL OR u.valid_to > q.qstart)
         AND u.council_from IS NOT NULL AND u.council_from <= q.qstart AND (u.council_to IS NULL OR u.council_to > q.qstart)`,
  );
  await step(
    'temp: versions (5% corrected once)',
    `CREATE TEMP TABLE bv ON COMMIT DROP AS
      SELECT r.id AS report_id, v AS version, r.first_at + (v - 1) * interval '3 days' AS submitted_at,
             r.first_at + (v - 1) * interval '3 days' >= ((r.due + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AS late
        FROM br r CROSS JOIN LATERAL generate_series(1, r.nv) AS v`,
  );
  await step(
    'temp: values (20 metrics per version)',
    `CREATE TEMP TABLE bval ON COMMIT DROP AS
      SELECT v.report_id, v.version, m.code AS metric_code, m.sort,
             CASE WHEN NOT (r.level = ANY (m.levels)) THEN 0
                  ELSE ((m.lo + abs(hashtext(v.report_id::text || ':' || v.version || ':' || m.hash_code)) % m.span)
                        * CASE r.level WHEN 'CITY' THEN ${LEVEL_FACTOR.CITY} WHEN 'DISTRICT' THEN ${LEVEL_FACTOR.DISTRICT} ELSE ${LEVEL_FACTOR.WARD} END) / m.div END AS value
        FROM bv v JOIN br r ON r.id = v.report_id CROSS JOIN bm m`,
  );

  await step(
    'district.report',
    `INSERT INTO district.report
        (id, unit_code, unit_level, root_code, district_code, period, status, version, revision, due_date, first_submitted_at, late,
         reviewed_by, reviewed_at, review_comment, created_at, updated_at)
      SELECT r.id, r.unit_code, r.level::district.council_level, r.root_code, r.district_code, r.period, r.status::district.report_status,
             r.nv, r.nv + (r.status <> 'SUBMITTED')::int, r.due, r.first_at,
             r.first_at >= ((r.due + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'),
             CASE WHEN r.status <> 'SUBMITTED' THEN 'bench' END,
             CASE WHEN r.status <> 'SUBMITTED' THEN r.first_at + r.nv * interval '3 days' END,
             CASE WHEN r.status = 'RETURNED' THEN 'Bench: trả lại để bổ sung' END,
             r.first_at, r.first_at + r.nv * interval '3 days'
        FROM br r`,
  );
  await step(
    'district.report_version',
    `INSERT INTO district.report_version
        (report_id, version, submitted_at, submitted_by, late, values, findings, idempotency_key, content_hash)
      SELECT v.report_id, v.version, v.submitted_at, 'bench', v.late, x.vals,
             '[]'::jsonb, NULL, encode(sha256(convert_to(v.report_id::text || ':' || v.version, 'UTF8')), 'hex')
        FROM bv v
        JOIN (SELECT report_id, version, jsonb_agg(jsonb_build_object('metric', metric_code, 'value', value) ORDER BY sort) AS vals
                FROM bval GROUP BY report_id, version) x ON x.report_id = v.report_id AND x.version = v.version`,
  );
  await step(
    'district.report_value',
    `INSERT INTO district.report_value (report_id, version, metric_code, value)
      SELECT report_id, version, metric_code, value FROM bval`,
  );

  // The city side, from the district side's latest versions: what the consumer holds after applying every event.
  await step(
    'city.report_fact',
    `INSERT INTO city.report_fact
        (report_id, unit_code, unit_level, root_code, district_code, period, version, revision, status, counts, late,
         due_date, first_submitted_at, values, occurred_at, applied_at)
      SELECT r.id, r.unit_code, r.unit_level::text, r.root_code, r.district_code, r.period, r.version, r.revision, r.status::text,
             r.status <> 'RETURNED', r.late, r.due_date, r.first_submitted_at,
             (SELECT jsonb_object_agg(rv.metric_code, rv.value) FROM district.report_value rv WHERE rv.report_id = r.id AND rv.version = r.version),
             r.updated_at, now()
        FROM district.report r WHERE r.version > 0 AND r.status <> 'DRAFT'`,
  );
  await step(
    'city.rollup',
    `INSERT INTO city.rollup (scope_code, level, period, metric_code, value)
      SELECT s.scope, f.unit_level, p.period, kv.key, sum(kv.value::bigint)
        FROM city.report_fact f
        CROSS JOIN LATERAL jsonb_each_text(f.values) AS kv(key, value)
        CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[f.unit_code, f.district_code, f.root_code]) AS x WHERE x IS NOT NULL) AS s(scope)
        CROSS JOIN LATERAL (VALUES (f.period), (left(f.period, 4))) AS p(period)
       WHERE f.counts
       GROUP BY 1, 2, 3, 4
      HAVING bool_or(kv.value::bigint <> 0)`,
  );
  await client.query('COMMIT');
  await client.query(`RESET work_mem`);
  // What autovacuum would soon do anyway; it also gives the plain GROUP BY its best plans (index-only scans).
  const t = Date.now();
  for (const table of ['district.report', 'district.report_version', 'district.report_value', 'city.report_fact', 'city.rollup'])
    await client.query(`VACUUM ANALYZE ${table}`);
  steps.push({ step: 'VACUUM ANALYZE', ms: Date.now() - t, rows: null });
  log(`  VACUUM ANALYZE: ${Date.now() - t} ms`);
  return steps;
}

/** An independent recomputation of every total from the district side, as one FULL JOIN (the bench's own SQL, not the worker's reconcile()). */
export const RECONCILE_SQL = `
  WITH f AS (
    SELECT r.unit_code, r.district_code, r.root_code, r.unit_level::text AS level, r.period, rv.metric_code, rv.value
      FROM district.report r JOIN district.report_value rv ON rv.report_id = r.id AND rv.version = r.version
     WHERE r.version > 0 AND r.status IN ('SUBMITTED', 'ACCEPTED')),
  e AS (
    SELECT s.scope, f.level, p.period, f.metric_code, sum(f.value)::bigint AS v
      FROM f
      CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[f.unit_code, f.district_code, f.root_code]) AS x WHERE x IS NOT NULL) s(scope)
      CROSS JOIN LATERAL (VALUES (f.period), (left(f.period, 4))) p(period)
     GROUP BY 1, 2, 3, 4),
  a AS (SELECT scope_code, level, period, metric_code, value FROM city.rollup WHERE value <> 0)
  SELECT count(*) FILTER (WHERE coalesce(e.v, 0) <> coalesce(a.value, 0))::int AS drift,
         count(*) FILTER (WHERE coalesce(e.v, 0) <> 0)::int AS cells
    FROM (SELECT * FROM e WHERE v <> 0) e
    FULL JOIN a ON a.scope_code = e.scope AND a.level = e.level AND a.period = e.period AND a.metric_code = e.metric_code`;

/**
 * Two answers as [key, value] pairs, compared key by key; a missing key counts as 0 (city-api lists every unit,
 * zeros included; the GROUP BY only those with values).
 */
export function compareAnswers(a, b) {
  const x = new Map(a);
  const y = new Map(b);
  const keys = new Set([...x.keys(), ...y.keys()]);
  const diffs = [...keys].filter((k) => (x.get(k) ?? 0) !== (y.get(k) ?? 0));
  return {
    equal: diffs.length === 0,
    figures: keys.size,
    nonZero: [...keys].filter((k) => (x.get(k) ?? 0) !== 0).length,
    diffs: diffs.length,
    sample: diffs.slice(0, 5).map((k) => ({ key: k, http: x.get(k) ?? 0, plain: y.get(k) ?? 0 })),
  };
}
