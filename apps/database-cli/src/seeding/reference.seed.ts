import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { hashPassword } from '@council/auth';
import {
  type AdminUnitsFile,
  buildHanoiUnitHistory,
  CouncilLevel,
  firstWholeQuarterDay,
  HANOI_ERAS,
  historySeedRows,
  METRIC_CATALOGUE,
  readHanoiHistoryFiles,
  Role,
  SEEDED_TERMS,
  seededCouncilTerms,
  type UnitHistory,
  type UnitSeedRow,
  unitsFromDataFile,
} from '@council/core';
import { projectRoot } from '@council/database';
import { unitIdentitySql } from '@council/hierarchy';
import type { DataSource, EntityManager } from 'typeorm';

export type UnitsDataset = 'hanoi' | 'vietnam';

export function loadUnits(dataset: UnitsDataset): UnitSeedRow[] {
  const file = `${dataset}-admin-units.json`;
  const json = JSON.parse(readFileSync(join(projectRoot(), 'data', file), 'utf8')) as AdminUnitsFile;
  return unitsFromDataFile(json, `data/${file}`);
}

/**
 * Upsert unit versions keyed by (code, validFrom): running it twice changes
 * nothing, and a corrected name in the data file updates the row in place.
 * One statement for all rows (unnest), so the national file (11k units) seeds in well under a second.
 */
export async function seedUnits(db: DataSource | EntityManager, rows: UnitSeedRow[]): Promise<void> {
  await writeUnitVersions(db, rows);
}

/**
 * The one writer of `hierarchy.council_unit` rows from seed data: upserted by (code, valid_from), a row that changed
 * updated in place, an unchanged one left alone. A row with a `unitKey` is tied to that identity; one without keeps
 * what it has (seedUnitIdentities fills it). One statement for all rows (unnest). Returns the rows written.
 */
async function writeUnitVersions(db: DataSource | EntityManager, rows: (UnitSeedRow & { unitKey?: string })[]): Promise<number> {
  const col = <K extends keyof UnitSeedRow>(k: K) => rows.map((r) => r[k]);
  const [{ n }]: { n: number }[] = await db.query(
    `WITH w AS (
       INSERT INTO hierarchy.council_unit (code, name, level, kind, parent_code, root_code, valid_from, valid_to, council_from, council_to, source, unit_id)
       SELECT x.code, x.name, x.level, x.kind, x.parent_code, x.root_code, x.valid_from, x.valid_to, x.council_from, x.council_to, x.source,
              (SELECT u.id FROM hierarchy.unit u WHERE u.key = x.unit_key)
         FROM unnest($1::varchar[], $2::varchar[], $3::hierarchy.council_level[], $4::varchar[], $5::varchar[], $6::varchar[],
                     $7::date[], $8::date[], $9::date[], $10::date[], $11::varchar[], $12::varchar[])
              AS x(code, name, level, kind, parent_code, root_code, valid_from, valid_to, council_from, council_to, source, unit_key)
       ON CONFLICT (code, valid_from) DO UPDATE SET
         name = EXCLUDED.name, level = EXCLUDED.level, kind = EXCLUDED.kind, parent_code = EXCLUDED.parent_code,
         root_code = EXCLUDED.root_code, valid_to = EXCLUDED.valid_to, council_from = EXCLUDED.council_from,
         council_to = EXCLUDED.council_to, source = EXCLUDED.source, unit_id = coalesce(EXCLUDED.unit_id, council_unit.unit_id)
       WHERE (council_unit.name, council_unit.level, council_unit.kind, council_unit.parent_code, council_unit.root_code,
              council_unit.valid_to, council_unit.council_from, council_unit.council_to, council_unit.source, council_unit.unit_id)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.parent_code, EXCLUDED.root_code,
              EXCLUDED.valid_to, EXCLUDED.council_from, EXCLUDED.council_to, EXCLUDED.source, coalesce(EXCLUDED.unit_id, council_unit.unit_id))
       RETURNING 1)
     SELECT count(*)::int AS n FROM w`,
    [
      col('code'),
      col('name'),
      col('level'),
      col('kind'),
      col('parentCode'),
      col('rootCode'),
      col('validFrom'),
      col('validTo'),
      col('councilFrom'),
      col('councilTo'),
      col('source'),
      rows.map((r) => r.unitKey ?? null),
    ],
  );
  return n;
}

/**
 * Hanoi as the three eras hold it (issue 14, C8): the versions of libs/core's unit history (historySeedRows) in place
 * of the data file's one version per code, each tied to its identity (seedReorganisations writes those first). Rows
 * of the one-version seed left from an earlier `prepare` are removed; reports and accounts point at identities, not at
 * these rows. Upserted by (code, valid_from) like seedUnits: a second run writes nothing. Returns the rows written.
 */
export async function seedHanoiEras(db: DataSource | EntityManager): Promise<number> {
  const rows = historySeedRows(hanoiHistory(), 'data/hanoi-admin-units.json, data/reorganisation-2025/ (libs/core unit-history)');
  const rootCode = rows[0].rootCode;
  const [{ n: removed }]: { n: number }[] = await db.query(
    `WITH d AS (DELETE FROM hierarchy.council_unit c WHERE c.root_code = $1
                 AND NOT EXISTS (SELECT 1 FROM unnest($2::varchar[], $3::date[]) AS k(code, valid_from) WHERE k.code = c.code AND k.valid_from = c.valid_from)
               RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
    [rootCode, rows.map((r) => r.code), rows.map((r) => r.validFrom)],
  );
  const written = await writeUnitVersions(db, rows);
  return removed + written;
}

let history: UnitHistory | undefined;

/** Hanoi's units over time from the project's data files: built once, for the reorganisations and the terms. */
function hanoiHistory(): UnitHistory {
  return (history ??= buildHanoiUnitHistory(readHanoiHistoryFiles(projectRoot())));
}

/**
 * Hanoi's reorganisations of 2025 (issue 14, step 2): every unit identity of the three eras (`<code>@<first day>`),
 * the two events, and their links from the data files and the rules of libs/core's unit history. Only what is
 * missing is inserted (a link an administrator recorded is left alone, and so is anything already there): a second
 * run writes nothing. Returns the rows inserted.
 */
export async function seedReorganisations(db: DataSource | EntityManager): Promise<number> {
  const history = hanoiHistory();
  const units = history.units.map((u) => {
    const first = u.versions[0];
    const last = u.versions[u.versions.length - 1];
    return { key: u.key, code: first.code, level: first.level, name: last.name, from: first.from, to: last.to };
  });
  const source = 'data/hanoi-admin-units.json, data/reorganisation-2025/ (libs/core unit-history)';
  const inserted: { n: number }[] = await db.query(
    `WITH u AS (
       INSERT INTO hierarchy.unit (key, code, level, name, valid_from, valid_to, source)
       SELECT k, c, l, n, f, t, $7 FROM unnest($1::varchar[], $2::varchar[], $3::hierarchy.council_level[], $4::varchar[], $5::date[], $6::date[])
         AS x(k, c, l, n, f, t)
       ON CONFLICT (key) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
    [
      units.map((u) => u.key),
      units.map((u) => u.code),
      units.map((u) => u.level),
      units.map((u) => u.name),
      units.map((u) => u.from),
      units.map((u) => u.to),
      source,
    ],
  );
  let count = inserted[0].n;
  for (const e of history.events) {
    const events: { n: number }[] = await db.query(
      `WITH e AS (
         INSERT INTO hierarchy.reorganisation_event (resolution, title, title_en, effective_date, source)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM e`,
      [
        e.resolution.number,
        e.resolution.summary.vi,
        e.resolution.summary.en,
        e.effectiveFrom,
        ['Nghị quyết ' + e.resolution.number, ...e.alongside, source].join('; ').slice(0, 300),
      ],
    );
    const links: { n: number }[] = await db.query(
      `WITH l AS (
         INSERT INTO hierarchy.unit_link (event_id, from_unit_id, to_unit_id, from_code, from_name, to_code, to_name, kind, derivation,
                                          evidence, evidence_en, recorded_by)
         SELECT ev.id, f.id, t.id, x.fc, x.fn, x.tc, x.tn, x.kind, x.derivation, x.ev, x.ev_en, 'seed'
           FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[],
                       $8::hierarchy.unit_link_kind[], $9::varchar[], $10::text[], $11::text[])
                AS x(fk, tk, fc, fn, tc, tn, kind, derivation, ev, ev_en)
           JOIN hierarchy.reorganisation_event ev ON ev.effective_date = $1::date
           JOIN hierarchy.unit f ON f.key = x.fk
           JOIN hierarchy.unit t ON t.key = x.tk
         ON CONFLICT (from_unit_id, to_unit_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM l`,
      [
        e.effectiveFrom,
        e.links.map((l) => l.fromKey),
        e.links.map((l) => l.toKey),
        e.links.map((l) => l.fromCode),
        e.links.map((l) => l.fromName),
        e.links.map((l) => l.toCode),
        e.links.map((l) => l.toName),
        e.links.map((l) => l.share),
        e.links.map((l) => l.derivation),
        e.links.map((l) => l.evidence?.vi ?? null),
        e.links.map((l) => l.evidence?.en ?? null),
      ],
    );
    count += events[0].n + links[0].n;
  }
  return count;
}

/**
 * Ties every unit version, report and account to a unit identity (issue 14, docs/design/units-over-time-landing.md
 * C4), after seedReorganisations has written Hanoi's identities from its history:
 * 1. a unit of another province (the national dataset, which has no history here) gets one identity per code, over
 *    all its versions (`<code>@<first day>`);
 * 2. each version without one takes the identity of its code whose span meets its own, the earliest (the versions
 *    seeded before the eras, valid from 2020-03-01 with no end, take the 2021 one);
 * 3. each report without one, the identity of its code's version on its quarter's first day; each account, on today's
 *    (Vietnam) or else its code's latest.
 * Reports and accounts written since carry theirs from their writers; only rows left without one are touched, so a
 * second run writes nothing. Returns the rows written.
 */
export async function seedUnitIdentities(db: DataSource | EntityManager, today: string): Promise<number> {
  const counted = async (sql: string, params: unknown[] = []) => {
    const [{ n }]: { n: number }[] = await db.query(`WITH w AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM w`, params);
    return n;
  };
  const identities = await counted(
    `INSERT INTO hierarchy.unit (key, code, level, name, valid_from, valid_to, source)
     SELECT c.code || '@' || min(c.valid_from)::text, c.code, (array_agg(c.level ORDER BY c.valid_from))[1],
            (array_agg(c.name ORDER BY c.valid_from DESC))[1], min(c.valid_from),
            CASE WHEN bool_or(c.valid_to IS NULL) THEN NULL ELSE max(c.valid_to) END, min(c.source)
       FROM hierarchy.council_unit c
      WHERE NOT EXISTS (SELECT 1 FROM hierarchy.unit u WHERE u.code = c.code)
      GROUP BY c.code
     ON CONFLICT (key) DO NOTHING`,
  );
  // Each fills `unit_id` where it is null and something is found: a row with nothing to point at stays null, unwritten.
  const fill = (table: string, found: string, params: unknown[] = []) =>
    counted(
      `UPDATE ${table} t SET unit_id = x.unit_id FROM (SELECT r.id, ${found} AS unit_id FROM ${table} r WHERE r.unit_id IS NULL) x
        WHERE t.id = x.id AND x.unit_id IS NOT NULL`,
      params,
    );
  const versions = await fill(
    'hierarchy.council_unit',
    `(SELECT u.id FROM hierarchy.unit u
       WHERE u.code = r.code AND (r.valid_to IS NULL OR u.valid_from < r.valid_to) AND (u.valid_to IS NULL OR u.valid_to > r.valid_from)
       ORDER BY u.valid_from LIMIT 1)`,
  );
  const reports = await fill(
    'district.report',
    unitIdentitySql('r.unit_code', `make_date(left(r.period, 4)::int, right(r.period, 1)::int * 3 - 2, 1)`),
  );
  const accounts = await fill(
    'auth.user_account',
    `coalesce(${unitIdentitySql('r.unit_code', '$1::date')},
       (SELECT cu.unit_id FROM hierarchy.council_unit cu WHERE cu.code = r.unit_code ORDER BY cu.valid_from DESC LIMIT 1))`,
    [today],
  );
  return identities + versions + reports + accounts;
}

/**
 * Every council's terms. Hanoi's as its unit history gives them (seededCouncilTerms: the election days, each council's
 * end, the numbers the sources give, null elsewhere); another province (the national dataset, which has no history
 * here) gives each council it holds on a term's first whole quarter the election days. Only missing (unit, term) pairs
 * are inserted, so an administrator's term is left alone and a second run writes nothing. Returns the rows inserted.
 */
export async function seedCouncilTerms(db: DataSource | EntityManager): Promise<number> {
  const history = hanoiHistory();
  const rows = seededCouncilTerms(history);
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  const [{ n }]: { n: number }[] = await db.query(
    `WITH t AS (
       INSERT INTO hierarchy.council_term (unit_code, term_code, number, valid_from, valid_to, recorded_by)
       SELECT c, t, n, f, u, 'seed' FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::date[], $5::date[]) AS x(c, t, n, f, u)
       ON CONFLICT (unit_code, term_code) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM t`,
    [col((r) => r.unitCode), col((r) => r.termCode), col((r) => r.number), col((r) => r.from), col((r) => r.to)],
  );
  let count = n;
  const hanoi = history.units.find((u) => u.versions[0].level === CouncilLevel.CITY)!.versions[0].code;
  for (const term of SEEDED_TERMS) {
    const day = firstWholeQuarterDay(term.from);
    const [{ n: others }]: { n: number }[] = await db.query(
      `WITH t AS (
         INSERT INTO hierarchy.council_term (unit_code, term_code, valid_from, valid_to, recorded_by)
         SELECT u.code, $1, $2::date, least(u.council_to, $3::date), 'seed'
           FROM hierarchy.council_unit u
          WHERE u.root_code <> $5 AND u.valid_from <= $4::date AND (u.valid_to IS NULL OR u.valid_to > $4::date)
            AND u.council_from <= $4::date AND (u.council_to IS NULL OR u.council_to > $4::date)
         ON CONFLICT (unit_code, term_code) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM t`,
      [term.code, term.from, term.to, day, hanoi],
    );
    count += others;
  }
  return count;
}

/** The seeded catalogue; metrics an administrator added are left alone. */
export async function seedMetrics(db: DataSource | EntityManager): Promise<void> {
  for (const m of METRIC_CATALOGUE) {
    await db.query(
      `INSERT INTO hierarchy.metric (code, name_vi, name_en, metric_group, unit_vi, levels, part_of, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6::hierarchy.council_level[], $7, $8)
       ON CONFLICT (code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, metric_group = EXCLUDED.metric_group,
         unit_vi = EXCLUDED.unit_vi, levels = EXCLUDED.levels, part_of = EXCLUDED.part_of, sort_order = EXCLUDED.sort_order
       WHERE (metric.name_vi, metric.name_en, metric.metric_group, metric.unit_vi, metric.levels, metric.part_of, metric.sort_order)
         IS DISTINCT FROM (EXCLUDED.name_vi, EXCLUDED.name_en, EXCLUDED.metric_group, EXCLUDED.unit_vi, EXCLUDED.levels, EXCLUDED.part_of, EXCLUDED.sort_order)`,
      [m.code, m.nameVi, m.nameEn, m.group, m.unitVi, m.levels, m.partOf ?? null, m.sortOrder],
    );
  }
}

/**
 * Development users (API.md), never in production: admin, city and viewer at the city as it stands on `today`, and a
 * clerk for every council identity the hierarchy ever held (issue 14, C7): d<code> for a district, w<code> for a
 * commune. A code names a unit only with a day, so the plain name goes to the latest identity under the code, and an
 * earlier one whose code a later council bears gets its first month as a suffix (w00466: Xã Phúc Thịnh since
 * 2025-07-01; w00466.2021-07: Xã Nguyên Khê before it). All share one password, hashed once (hashing 600 times would
 * take a minute). A seed account whose unit, role or name the seed now gives otherwise is moved (its password kept);
 * every other account is left as it is. Returns the accounts added or moved.
 */
export async function seedDevUsers(db: DataSource | EntityManager, password: string, today: string, rootCode = '01'): Promise<number> {
  const [city]: { code: string; unitId: string }[] = await db.query(
    `SELECT code, unit_id AS "unitId" FROM hierarchy.council_unit
      WHERE code = $1 AND level = 'CITY' AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
    [rootCode, today],
  );
  if (!city) throw new Error(`no unit ${rootCode} to attach the development users to: seed the hierarchy first`);
  // Each identity that had a council in the platform's eras (the phường councils ended 2021-07-01, before them), by its
  // latest version with one; `later`: a later identity with a council bears its code.
  const councils: { code: string; level: CouncilLevel; name: string; unitId: string; since: string; later: boolean }[] = await db.query(
    `WITH latest AS (
       SELECT DISTINCT ON (cu.unit_id) cu.unit_id, cu.code, cu.level, cu.name, u.valid_from AS identity_from
         FROM hierarchy.council_unit cu JOIN hierarchy.unit u ON u.id = cu.unit_id
        WHERE cu.root_code = $1 AND cu.level IN ('DISTRICT', 'WARD') AND cu.council_from IS NOT NULL
          AND (cu.council_to IS NULL OR cu.council_to > $2::date)
        ORDER BY cu.unit_id, cu.valid_from DESC)
     SELECT l.code, l.level, l.name, l.unit_id AS "unitId", to_char(l.identity_from, 'YYYY-MM') AS since,
            EXISTS (SELECT 1 FROM latest o WHERE o.code = l.code AND o.identity_from > l.identity_from) AS later
       FROM latest l ORDER BY l.code, l.identity_from`,
    [rootCode, HANOI_ERAS[0].from],
  );
  const users: { username: string; role: Role; unitCode: string; unitId: string; name: string }[] = [
    { username: 'admin', role: Role.CITY_ADMIN, unitCode: city.code, unitId: city.unitId, name: 'Quản trị hệ thống' },
    { username: 'city', role: Role.CITY_STAFF, unitCode: city.code, unitId: city.unitId, name: 'Văn phòng Đoàn ĐBQH và HĐND thành phố' },
    { username: 'viewer', role: Role.VIEWER, unitCode: city.code, unitId: city.unitId, name: 'Màn hình giao ban' },
    ...councils.map((u) => ({
      username: `${u.level === CouncilLevel.DISTRICT ? 'd' : 'w'}${u.code}${u.later ? `.${u.since}` : ''}`,
      role: u.level === CouncilLevel.DISTRICT ? Role.DISTRICT_STAFF : Role.WARD_STAFF,
      unitCode: u.code,
      unitId: u.unitId,
      name: `Thường trực HĐND ${u.name}`,
    })),
  ];
  const existing = new Map(
    (
      (await db.query(`SELECT username, role, unit_code AS "unitCode", unit_id AS "unitId", display_name AS name, dev_seed AS seed
                         FROM auth.user_account`)) as {
        username: string;
        role: Role;
        unitCode: string;
        unitId: string | null;
        name: string;
        seed: boolean;
      }[]
    ).map((r) => [r.username, r]),
  );
  const missing = users.filter((u) => !existing.has(u.username));
  const moved = users.filter((u) => {
    const e = existing.get(u.username);
    return e?.seed && (e.role !== u.role || e.unitCode !== u.unitCode || e.unitId !== u.unitId || e.name !== u.name);
  });
  if (missing.length) {
    const hash = await hashPassword(password);
    await db.query(
      `INSERT INTO auth.user_account (username, password_hash, role, unit_code, display_name, dev_seed, unit_id)
       SELECT u, $2, r::auth.user_role, c, n, true, i
         FROM unnest($1::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::uuid[]) AS t(u, r, c, n, i)
       ON CONFLICT (username) DO NOTHING`,
      [missing.map((u) => u.username), hash, ...columnsOf(missing)],
    );
  }
  if (moved.length) {
    await db.query(
      `UPDATE auth.user_account a SET role = t.r::auth.user_role, unit_code = t.c, display_name = t.n, unit_id = t.i, updated_at = now()
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::uuid[]) AS t(u, r, c, n, i)
        WHERE a.username = t.u AND a.dev_seed`,
      [moved.map((u) => u.username), ...columnsOf(moved)],
    );
  }
  return missing.length + moved.length;
}

const columnsOf = (users: { role: Role; unitCode: string; name: string; unitId: string }[]) => [
  users.map((u) => u.role),
  users.map((u) => u.unitCode),
  users.map((u) => u.name),
  users.map((u) => u.unitId),
];
