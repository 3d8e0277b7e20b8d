import { canReadUnit, canWriteUnit, ForbiddenError, type ScopeUnit } from '@council/core';
import { type CouncilUnitEntity, HierarchyService, toScopeUnit } from '@council/hierarchy';
import { Injectable } from '@nestjs/common';

import type { RequestContext } from './request-context.js';

/**
 * Which units the caller may touch, as the units stood on a date (a report's
 * quarter). Unknown codes are BAD_USER_INPUT naming the field; known units out
 * of scope are FORBIDDEN. Services call this before writing anything.
 */
@Injectable()
export class UnitScopeService {
  constructor(private readonly hierarchy: HierarchyService) {}

  /** The unit with its parent as they stood on `asOf`, as the rules of libs/core read them (identities included). */
  private async scopeOf(unit: CouncilUnitEntity, asOf: string): Promise<ScopeUnit> {
    const parent = unit.parentCode ? await this.hierarchy.findByCode(unit.parentCode, asOf) : null;
    return toScopeUnit(unit, asOf, parent);
  }

  private async scopeUnit(code: string, asOf: string, field: string) {
    const unit = await this.hierarchy.requireByCode(code, field, asOf);
    return { unit, scope: await this.scopeOf(unit, asOf) };
  }

  async writable(ctx: RequestContext, code: string, asOf: string, field: string): Promise<CouncilUnitEntity> {
    const user = ctx.requireUser();
    const { unit, scope } = await this.scopeUnit(code, asOf, field);
    if (!canWriteUnit(user, scope)) {
      const noCouncil = !scope.hasCouncil;
      throw new ForbiddenError(
        noCouncil
          ? { vi: `${unit.name} không có HĐND trong kỳ này`, en: `${unit.name} has no People's Council in this period` }
          : { vi: `Tài khoản ${user.username} không được báo cáo thay ${unit.name}`, en: `${user.username} may not act for ${unit.name}` },
        { field, unitCode: code },
      );
    }
    return unit;
  }

  /** Whether the caller's scope covers the unit `code` named on `asOf` (false when it named none): for checks that decide, not refuse. */
  async covers(ctx: RequestContext, code: string, asOf: string): Promise<boolean> {
    const unit = await this.hierarchy.findByCode(code, asOf);
    return !!unit && canReadUnit(ctx.requireUser(), await this.scopeOf(unit, asOf));
  }

  async readable(ctx: RequestContext, code: string, asOf: string, field: string): Promise<CouncilUnitEntity> {
    const user = ctx.requireUser();
    const { unit, scope } = await this.scopeUnit(code, asOf, field);
    if (!canReadUnit(user, scope)) {
      throw new ForbiddenError(
        { vi: `Không có quyền xem số liệu của ${unit.name}`, en: `Not allowed to read ${unit.name}` },
        { field, unitCode: code },
      );
    }
    return unit;
  }
}
