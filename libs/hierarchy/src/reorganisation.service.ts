import type { RebaseIdentity, RebaseLink } from '@council/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { ReorganisationEventModel, ReorganisedUnitRow, UnitLinkRow } from './reorganisation.models.js';
import { eventModel } from './reorganisation.models.js';

/** The columns of a link row (UnitLinkRow), from `l` (the link), `e` (its event), `f` and `t` (its two identities). */
export const UNIT_LINK_COLUMNS = `e.id AS "eventId", e.resolution, e.title, e.title_en AS "titleEn", e.effective_date::text AS "effectiveDate",
  e.source AS "eventSource", l.kind, l.derivation, l.evidence, l.evidence_en AS "evidenceEn",
  f.key AS "fromKey", l.from_code AS "fromCode", l.from_name AS "fromName", f.level AS "fromLevel",
  f.valid_from::text AS "fromValidFrom", f.valid_to::text AS "fromValidTo",
  t.key AS "toKey", l.to_code AS "toCode", l.to_name AS "toName", t.level AS "toLevel",
  t.valid_from::text AS "toValidFrom", t.valid_to::text AS "toValidTo"`;

const FROM_LINKS = `hierarchy.unit_link l
  JOIN hierarchy.reorganisation_event e ON e.id = l.event_id
  JOIN hierarchy.unit f ON f.id = l.from_unit_id
  JOIN hierarchy.unit t ON t.id = l.to_unit_id`;

/**
 * Reads of the reorganisations (issue 14, step 2): events, and the links into and out of a unit. A unit is named by a
 * code and a day, which together name one identity (`hierarchy.unit`): `00008` on 2025-06-30 is Phường Liễu Giai, on
 * 2025-07-01 Phường Ngọc Hà, each with links of its own. Every read is batched (HierarchyLoaders): one statement per
 * request and kind, whatever the number of units asked about.
 */
@Injectable()
export class ReorganisationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async events(): Promise<ReorganisationEventModel[]> {
    const rows: Parameters<typeof eventModel>[0][] = await this.db.query(
      `SELECT e.id AS "eventId", e.resolution, e.title, e.title_en AS "titleEn", e.effective_date::text AS "effectiveDate", e.source AS "eventSource"
         FROM hierarchy.reorganisation_event e ORDER BY e.effective_date`,
    );
    return rows.map(eventModel);
  }

  /** The links of each event, old code then new code. */
  async linksOfEvents(eventIds: readonly string[]): Promise<Map<string, UnitLinkRow[]>> {
    const rows: UnitLinkRow[] = await this.db.query(
      `SELECT ${UNIT_LINK_COLUMNS} FROM ${FROM_LINKS} WHERE l.event_id = ANY($1::uuid[]) ORDER BY l.from_code, l.to_code`,
      [eventIds],
    );
    return group(rows, (r) => r.eventId);
  }

  /**
   * The units each event ended that no link leads out of, districts then communes, by code: abolished (the 30
   * districts on 2025-07-01) or waiting for an administrator to record where they went (issue 14: the 2025-01-01
   * merges no file and no rule settles).
   */
  async endedWithoutSuccessor(eventIds: readonly string[]): Promise<Map<string, ReorganisedUnitRow[]>> {
    const rows: (ReorganisedUnitRow & { eventId: string })[] = await this.db.query(
      `SELECT e.id AS "eventId", u.key, u.code, u.name, u.level, u.valid_from::text AS "validFrom", u.valid_to::text AS "validTo"
         FROM hierarchy.reorganisation_event e
         JOIN hierarchy.unit u ON u.valid_to = e.effective_date
        WHERE e.id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM hierarchy.unit_link l WHERE l.from_unit_id = u.id AND l.event_id = e.id)
        ORDER BY u.level, u.code`,
      [eventIds],
    );
    return group(rows, (r) => r.eventId);
  }

  /**
   * Everything `contributorsOn` needs to re-base figures onto `targets` (identity ids): every identity their links lead
   * back to, with its span, and the links into each. One recursive statement, whatever the number of targets.
   */
  async ancestry(targets: readonly string[]): Promise<{ identities: Map<string, RebaseIdentity>; linksInto: Map<string, RebaseLink[]> }> {
    const rows: (RebaseIdentity & { link: RebaseLink | null })[] = await this.db.query(
      `WITH RECURSIVE back(id) AS (
         SELECT unnest($1::uuid[])
         UNION
         SELECT l.from_unit_id FROM back b JOIN hierarchy.unit_link l ON l.to_unit_id = b.id
       )
       SELECT u.id, u.valid_from::text AS "validFrom", u.valid_to::text AS "validTo",
              CASE WHEN l.id IS NULL THEN NULL ELSE json_build_object('fromId', l.from_unit_id, 'toId', l.to_unit_id, 'kind', l.kind,
                'fromName', l.from_name, 'effectiveDate', e.effective_date::text) END AS link
         FROM back b JOIN hierarchy.unit u ON u.id = b.id
         LEFT JOIN hierarchy.unit_link l ON l.to_unit_id = b.id
         LEFT JOIN hierarchy.reorganisation_event e ON e.id = l.event_id`,
      [targets],
    );
    const identities = new Map(rows.map((r) => [r.id, { id: r.id, validFrom: r.validFrom, validTo: r.validTo }]));
    const linksInto = group(
      rows.flatMap((r) => (r.link ? [r.link] : [])),
      (l) => l.toId,
    );
    return { identities, linksInto };
  }

  /**
   * The links into (`predecessors`) or out of (`successors`) each unit, a unit being a code on a day (`code@day`
   * keys): the identity that bore the code that day.
   */
  async linksOfUnits(direction: 'predecessors' | 'successors', units: readonly { code: string; day: string }[]): Promise<UnitLinkRow[][]> {
    const side = direction === 'predecessors' ? 't' : 'f';
    const rows: (UnitLinkRow & { i: number })[] = await this.db.query(
      `SELECT x.i::int AS i, ${UNIT_LINK_COLUMNS}
         FROM unnest($1::varchar[], $2::date[]) WITH ORDINALITY AS x(code, day, i)
         JOIN hierarchy.unit u ON u.code = x.code AND u.valid_from <= x.day AND (u.valid_to IS NULL OR u.valid_to > x.day)
         JOIN ${FROM_LINKS} ON ${side}.id = u.id
        ORDER BY x.i, e.effective_date, l.from_code, l.to_code`,
      [units.map((u) => u.code), units.map((u) => u.day)],
    );
    const byIndex = group(rows, (r) => r.i);
    return units.map((_, i) => byIndex.get(i + 1) ?? []);
  }
}

function group<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return map;
}
