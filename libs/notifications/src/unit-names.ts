import { type Bilingual, unitNameEn } from '@council/core';
import { HierarchyService } from '@council/hierarchy';
import { Injectable } from '@nestjs/common';

export interface NamedUnit {
  code: string;
  parentCode: string | null;
  name: Bilingual;
}

/**
 * A unit's name in both languages and its parent (whose staff some kinds also tell), as the unit was on `asOf` (a
 * report's quarter: units are reorganised over time), today by default.
 */
@Injectable()
export class UnitNames {
  constructor(private readonly hierarchy: HierarchyService) {}

  async of(code: string, asOf?: string): Promise<NamedUnit> {
    const unit = await this.hierarchy.findByCode(code, asOf);
    if (!unit) return { code, parentCode: null, name: { vi: code, en: code } };
    return { code, parentCode: unit.parentCode, name: { vi: unit.name, en: unitNameEn(unit.name, unit.kind) } };
  }
}
