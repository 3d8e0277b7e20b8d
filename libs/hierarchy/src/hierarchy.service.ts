import { CouncilLevel, InvalidInputError, type ScopeUnit, vietnamDate, vietnameseDateText } from '@council/core';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import { CouncilUnitEntity } from './council-unit.entity.js';

/** Whether a unit version has a council on a date (ISO YYYY-MM-DD compares as text). */
export function hasCouncilOn(unit: CouncilUnitEntity, asOf: string): boolean {
  return unit.councilFrom !== null && unit.councilFrom <= asOf && (unit.councilTo === null || unit.councilTo > asOf);
}

/** The unit as scope rules read it on `asOf`; `parent` is its parent's version of that day. */
export function toScopeUnit(unit: CouncilUnitEntity, asOf: string, parent?: CouncilUnitEntity | null): ScopeUnit {
  return {
    code: unit.code,
    unitId: unit.unitId,
    level: unit.level,
    parentCode: unit.parentCode,
    parentUnitId: parent?.unitId ?? null,
    hasCouncil: hasCouncilOn(unit, asOf),
  };
}

/** Today in Vietnam time: what "now" means for which units exist and have a council. */
export function todayInVietnam(): string {
  return vietnamDate(new Date());
}

/**
 * Reads of the unit tree "as of" a date: each unit's version valid on that
 * date. Callers pass the date their question is about (a report's quarter);
 * the default is today.
 */
@Injectable()
export class HierarchyService {
  /**
   * Units change a few times a term and every report, statistic and screen
   * reads them, each on its own date: the whole table (every version of every
   * unit; ~12,000 rows even nationally) is kept in memory, indexed, and read
   * again after a minute, so a lookup or a listing costs no query. A stale
   * table is still answered from while the next one loads. The rows are frozen:
   * every request shares them.
   */
  private table: (UnitTable & { at: number }) | null = null;
  private loading: Promise<UnitTable> | null = null;
  private static readonly TABLE_MS = 60_000;

  constructor(@InjectRepository(CouncilUnitEntity) private readonly units: Repository<CouncilUnitEntity>) {}

  private unitTable(): Promise<UnitTable> | UnitTable {
    const table = this.table;
    if (table && Date.now() - table.at < HierarchyService.TABLE_MS) return table;
    this.loading ??= this.units
      .find({ order: { code: 'ASC', validFrom: 'ASC' } })
      .then((rows) => {
        const loaded = indexUnits(rows.map((r) => Object.freeze(r)));
        this.table = { ...loaded, at: Date.now() };
        return loaded;
      })
      .finally(() => {
        this.loading = null;
      });
    // A stale table answers while the next one loads (a failed load is retried by the next caller).
    if (table) {
      this.loading.catch(() => undefined);
      return table;
    }
    return this.loading;
  }

  async findByCode(code: string, asOf = todayInVietnam()): Promise<CouncilUnitEntity | null> {
    return (await this.unitTable()).byCode.get(code)?.find((u) => validOn(u, asOf)) ?? null;
  }

  /** The unit, or BAD_USER_INPUT naming the field: for codes that arrive in input. */
  async requireByCode(code: string, field: string, asOf = todayInVietnam()): Promise<CouncilUnitEntity> {
    const unit = await this.findByCode(code, asOf);
    if (!unit) {
      // The date is part of the answer: the code may name a unit on another day.
      throw new InvalidInputError(field, {
        vi: `Không có đơn vị hành chính mã "${code}" vào ngày ${vietnameseDateText(asOf)}`,
        en: `No administrative unit with code "${code}" on ${asOf}`,
      });
    }
    return unit;
  }

  async findByCodes(codes: readonly string[], asOf = todayInVietnam()): Promise<CouncilUnitEntity[]> {
    const { byCode } = await this.unitTable();
    return [...new Set(codes)].flatMap((code) => byCode.get(code)?.filter((u) => validOn(u, asOf)) ?? []);
  }

  /** Units valid on `asOf`, in code order; the most selective index answers. */
  async list(
    filter: { level?: CouncilLevel; parentCode?: string; rootCode?: string },
    asOf = todayInVietnam(),
  ): Promise<CouncilUnitEntity[]> {
    const t = await this.unitTable();
    const candidates = filter.parentCode
      ? (t.byParent.get(filter.parentCode) ?? [])
      : filter.rootCode
        ? (t.byRoot.get(filter.rootCode) ?? [])
        : filter.level
          ? (t.byLevel.get(filter.level) ?? [])
          : t.all;
    return candidates.filter(
      (u) =>
        validOn(u, asOf) &&
        (!filter.level || u.level === filter.level) &&
        (!filter.parentCode || u.parentCode === filter.parentCode) &&
        (!filter.rootCode || u.rootCode === filter.rootCode),
    );
  }

  /** The version of an identity (`hierarchy.unit`) valid on `asOf`, if it stood then. */
  async findByIdentity(unitId: string, asOf: string): Promise<CouncilUnitEntity | null> {
    return (await this.unitTable()).byIdentity.get(unitId)?.find((u) => validOn(u, asOf)) ?? null;
  }

  /**
   * The day the unit `code` named on `asOf` itself ended (merged, split, abolished): its identity's last version's end;
   * null while it stands. A version's `validTo` also marks a rename or a move (Huyện Sóc Sơn's on 2025-01-01).
   */
  async identityEnd(code: string, asOf: string): Promise<string | null> {
    const unit = await this.findByCode(code, asOf);
    if (!unit) return null;
    const versions = unit.unitId ? ((await this.unitTable()).byIdentity.get(unit.unitId) ?? [unit]) : [unit];
    return versions.some((v) => v.validTo === null)
      ? null
      : versions
          .map((v) => v.validTo!)
          .sort()
          .at(-1)!;
  }

  /** Children of many parents (the DataLoader's batch). */
  async childrenOf(parentCodes: readonly string[], asOf = todayInVietnam()): Promise<Map<string, CouncilUnitEntity[]>> {
    const { byParent } = await this.unitTable();
    return new Map(parentCodes.map((c) => [c, (byParent.get(c) ?? []).filter((u) => validOn(u, asOf))]));
  }
}

interface UnitTable {
  /** Every version, by code then validity. */
  all: readonly CouncilUnitEntity[];
  byCode: Map<string, CouncilUnitEntity[]>;
  byParent: Map<string, CouncilUnitEntity[]>;
  byRoot: Map<string, CouncilUnitEntity[]>;
  byLevel: Map<string, CouncilUnitEntity[]>;
  byIdentity: Map<string, CouncilUnitEntity[]>;
}

/** ISO dates compare as text. */
function validOn(u: CouncilUnitEntity, asOf: string): boolean {
  return u.validFrom <= asOf && (u.validTo === null || u.validTo > asOf);
}

function indexUnits(rows: CouncilUnitEntity[]): UnitTable {
  const push = (map: Map<string, CouncilUnitEntity[]>, key: string | null, row: CouncilUnitEntity) => {
    if (key === null) return;
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  };
  const t: UnitTable = { all: rows, byCode: new Map(), byParent: new Map(), byRoot: new Map(), byLevel: new Map(), byIdentity: new Map() };
  for (const row of rows) {
    push(t.byCode, row.code, row);
    push(t.byParent, row.parentCode, row);
    push(t.byRoot, row.rootCode, row);
    push(t.byLevel, row.level, row);
    push(t.byIdentity, row.unitId, row);
  }
  return t;
}
