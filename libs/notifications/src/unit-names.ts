import { type Bilingual, CouncilLevel, unitNameEn } from '@council/core';
import { type CouncilUnitEntity, hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { Injectable } from '@nestjs/common';

import type { NoticeUnit } from './notification-recipients.js';

export interface NamedUnit extends NoticeUnit {
  name: Bilingual;
}

type Version = Pick<CouncilUnitEntity, 'code' | 'unitId' | 'parentCode' | 'name' | 'kind'>;

/** A unit version as a notification's unit: its name in both languages, its identity and its parent's on the same day. */
export function noticeUnit(unit: Version, parent: Pick<CouncilUnitEntity, 'unitId'> | null | undefined): NamedUnit {
  return {
    code: unit.code,
    unitId: unit.unitId,
    parentCode: unit.parentCode,
    parentUnitId: parent?.unitId ?? null,
    name: { vi: unit.name, en: unitNameEn(unit.name, unit.kind) },
  };
}

/**
 * A unit's name in both languages and its parent (whose staff some kinds also tell), with both identities, as they
 * were on `asOf` (a report's quarter: units are reorganised over time, and a code may name another unit later), today
 * by default.
 */
@Injectable()
export class UnitNames {
  constructor(private readonly hierarchy: HierarchyService) {}

  async of(code: string, asOf?: string): Promise<NamedUnit> {
    const unit = await this.hierarchy.findByCode(code, asOf);
    if (!unit) return { code, parentCode: null, name: { vi: code, en: code } };
    return noticeUnit(unit, unit.parentCode ? await this.hierarchy.findByCode(unit.parentCode, asOf) : null);
  }

  /** The councils a closing of `scopeCode` covers on `asOf`: its own and those under it (a district's communes, a city's every one). */
  async councilsOf(scopeCode: string, asOf: string): Promise<NamedUnit[]> {
    const scope = await this.hierarchy.findByCode(scopeCode, asOf);
    if (!scope) return [];
    const under = await this.hierarchy.list(
      scope.level === CouncilLevel.CITY ? { rootCode: scope.code } : { parentCode: scope.code },
      asOf,
    );
    const units = new Map([scope, ...under].map((u) => [u.code, u]));
    const scopeParent = scope.parentCode ? await this.hierarchy.findByCode(scope.parentCode, asOf) : null;
    return [...units.values()]
      .filter((u) => hasCouncilOn(u, asOf))
      .map((u) => noticeUnit(u, u.parentCode ? (units.get(u.parentCode) ?? scopeParent) : null));
  }
}
