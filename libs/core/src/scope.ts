/**
 * Which council units a user may act for. Pure: the caller supplies the unit
 * as it stands on the date in question (hasCouncil changes over time).
 */
import { CouncilLevel } from './levels.js';
import { Role } from './roles.js';

export interface ScopeUnit {
  code: string;
  /** Its identity (issue 14): a code names a unit only on a date, `00466` of 2024 is not `00466` of 2026. */
  unitId?: string | null;
  level: CouncilLevel;
  parentCode: string | null;
  /** The parent's identity on the same date. */
  parentUnitId?: string | null;
  hasCouncil: boolean;
}

export interface ScopeUser {
  role: Role;
  unitCode: string;
  /** The identity the account belongs to; absent or null (an account from before identities): its code decides. */
  unitId?: string | null;
}

/** Whether the user's unit is `code`/`id`: by identity when both sides know theirs, else by code. */
export function isUsersUnit(user: Pick<ScopeUser, 'unitCode' | 'unitId'>, code: string | null, id: string | null | undefined): boolean {
  return user.unitId && id ? id === user.unitId : code === user.unitCode;
}

/** Whether the unit is the user's own or, for district staff, one of its wards. */
function inScope(user: ScopeUser, target: ScopeUnit): boolean {
  switch (user.role) {
    case Role.CITY_ADMIN:
    case Role.CITY_STAFF:
      return true;
    case Role.DISTRICT_STAFF:
      return (
        isUsersUnit(user, target.code, target.unitId) ||
        (target.level === CouncilLevel.WARD && isUsersUnit(user, target.parentCode, target.parentUnitId))
      );
    case Role.WARD_STAFF:
      return isUsersUnit(user, target.code, target.unitId);
    // Stryker disable next-line ConditionalExpression: equivalent to the default; the case says so explicitly for readers.
    case Role.VIEWER:
      return false; // viewers read summaries only, never a unit's own reports
    default:
      return false; // an unknown role gets nothing
  }
}

/** Filing a report (or working an assignment) needs a council to file for. */
export function canWriteUnit(user: ScopeUser, target: ScopeUnit): boolean {
  return target.hasCouncil && inScope(user, target);
}

/**
 * Reading does not require a council today: a unit that lost its council
 * (Hanoi's 2021 urban-government pilot) still has the reports it filed before.
 */
export function canReadUnit(user: ScopeUser, target: ScopeUnit): boolean {
  return inScope(user, target);
}
