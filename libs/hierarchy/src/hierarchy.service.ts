import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type Repository, type SelectQueryBuilder } from 'typeorm';
import { CouncilLevel, InvalidInputError, vietnamDate, type ScopeUnit } from '@council/core';
import { CouncilUnitEntity } from './council-unit.entity.js';

/** Whether a unit version has a council on a date (ISO YYYY-MM-DD compares as text). */
export function hasCouncilOn(unit: CouncilUnitEntity, asOf: string): boolean {
  return unit.councilFrom !== null && unit.councilFrom <= asOf && (unit.councilTo === null || unit.councilTo > asOf);
}

export function toScopeUnit(unit: CouncilUnitEntity, asOf: string): ScopeUnit {
  return { code: unit.code, level: unit.level, parentCode: unit.parentCode, hasCouncil: hasCouncilOn(unit, asOf) };
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
   * Units change a few times a term and every report reads its unit, each
   * quarter on its own date: the whole table (every version of every unit; a
   * few thousand rows even nationally) is kept in memory and read again after
   * a minute, so looking a unit up costs no query. A stale table is still
   * answered from while the next one loads.
   */
  private table: { at: number; byCode: Map<string, CouncilUnitEntity[]> } | null = null;
  private loading: Promise<Map<string, CouncilUnitEntity[]>> | null = null;
  private static readonly TABLE_MS = 60_000;

  constructor(@InjectRepository(CouncilUnitEntity) private readonly units: Repository<CouncilUnitEntity>) {}

  private asOf(qb: SelectQueryBuilder<CouncilUnitEntity>, asOf: string): SelectQueryBuilder<CouncilUnitEntity> {
    return qb.andWhere('u.validFrom <= :asOf', { asOf }).andWhere(
      new Brackets((w) => w.where('u.validTo IS NULL').orWhere('u.validTo > :asOf', { asOf })),
    );
  }

  private unitTable(): Promise<Map<string, CouncilUnitEntity[]>> | Map<string, CouncilUnitEntity[]> {
    const table = this.table;
    if (table && Date.now() - table.at < HierarchyService.TABLE_MS) return table.byCode;
    this.loading ??= this.units
      .find()
      .then((rows) => {
        const byCode = new Map<string, CouncilUnitEntity[]>();
        for (const row of rows) {
          const versions = byCode.get(row.code);
          if (versions) versions.push(row);
          else byCode.set(row.code, [row]);
        }
        this.table = { at: Date.now(), byCode };
        return byCode;
      })
      .finally(() => {
        this.loading = null;
      });
    // A stale table answers while the next one loads (a failed load is retried by the next caller).
    if (table) {
      this.loading.catch(() => undefined);
      return table.byCode;
    }
    return this.loading;
  }

  async findByCode(code: string, asOf = todayInVietnam()): Promise<CouncilUnitEntity | null> {
    const versions = (await this.unitTable()).get(code);
    // ISO dates compare as text; the same condition as asOf() above.
    return versions?.find((u) => u.validFrom <= asOf && (u.validTo === null || u.validTo > asOf)) ?? null;
  }

  /** The unit, or BAD_USER_INPUT naming the field: for codes that arrive in input. */
  async requireByCode(code: string, field: string, asOf = todayInVietnam()): Promise<CouncilUnitEntity> {
    const unit = await this.findByCode(code, asOf);
    if (!unit) {
      throw new InvalidInputError(field, {
        vi: `Không có đơn vị hành chính mã "${code}"`,
        en: `No administrative unit with code "${code}"`,
      });
    }
    return unit;
  }

  async findByCodes(codes: readonly string[], asOf = todayInVietnam()): Promise<CouncilUnitEntity[]> {
    if (codes.length === 0) return [];
    return this.asOf(this.units.createQueryBuilder('u').where({ code: In([...codes]) }), asOf).getMany();
  }

  async list(filter: { level?: CouncilLevel; parentCode?: string; rootCode?: string }, asOf = todayInVietnam()): Promise<CouncilUnitEntity[]> {
    const qb = this.units.createQueryBuilder('u').where('1 = 1');
    if (filter.level) qb.andWhere('u.level = :level', { level: filter.level });
    if (filter.parentCode) qb.andWhere('u.parentCode = :parentCode', { parentCode: filter.parentCode });
    if (filter.rootCode) qb.andWhere('u.rootCode = :rootCode', { rootCode: filter.rootCode });
    return this.asOf(qb, asOf).orderBy('u.code').getMany();
  }

  /** Children of many parents in one query (the DataLoader's batch). */
  async childrenOf(parentCodes: readonly string[], asOf = todayInVietnam()): Promise<Map<string, CouncilUnitEntity[]>> {
    const byParent = new Map<string, CouncilUnitEntity[]>(parentCodes.map((c) => [c, []]));
    if (parentCodes.length === 0) return byParent;
    const rows = await this.asOf(
      this.units.createQueryBuilder('u').where({ parentCode: In([...parentCodes]) }),
      asOf,
    )
      .orderBy('u.code')
      .getMany();
    for (const row of rows) byParent.get(row.parentCode!)?.push(row);
    return byParent;
  }
}
