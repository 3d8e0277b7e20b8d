import { type Bilingual, CouncilLevel, unitNameEn } from '@council/core';
import { type CouncilUnitEntity, hasCouncilOn, HierarchyService } from '@council/hierarchy';
import { Injectable } from '@nestjs/common';

export interface NamedUnit {
  code: string;
  parentCode: string | null;
  name: Bilingual;
}

const named = (unit: CouncilUnitEntity): NamedUnit => ({
  code: unit.code,
  parentCode: unit.parentCode,
  name: { vi: unit.name, en: unitNameEn(unit.name, unit.kind) },
});

/**
 * A unit's name in both languages and its parent (whose staff some kinds also tell), as the unit was on `asOf` (a
 * report's quarter: units are reorganised over time), today by default.
 */
@Injectable()
export class UnitNames {
  constructor(private readonly hierarchy: HierarchyService) {}

  async of(code: string, asOf?: string): Promise<NamedUnit> {
    const unit = await this.hierarchy.findByCode(code, asOf);
    return unit ? named(unit) : { code, parentCode: null, name: { vi: code, en: code } };
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
    return [...units.values()].filter((u) => hasCouncilOn(u, asOf)).map(named);
  }
}
