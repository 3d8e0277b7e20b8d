import { NotificationKind } from '@council/core';

/**
 * Who is told of each kind, relative to the unit it is about: its own staff (UNIT), the staff of the council above
 * it — a commune's district, a district's city — (PARENT), or both. Nobody else: a unit's notifications never reach a
 * neighbour. Adding a kind: one line here, its words in libs/core (NOTIFICATION_TEXTS).
 */
export type RecipientRule = 'UNIT' | 'PARENT' | 'UNIT_AND_PARENT' | 'ADMINS';

export const NOTIFICATION_RECIPIENTS: Readonly<Record<NotificationKind, RecipientRule>> = {
  [NotificationKind.REPORT_RETURNED]: 'UNIT',
  [NotificationKind.REPORT_ACCEPTED]: 'UNIT',
  [NotificationKind.DIRECTIVE_ASSIGNED]: 'UNIT',
  [NotificationKind.ASSIGNMENT_OVERDUE]: 'UNIT',
  [NotificationKind.QUARTER_DUE_SOON]: 'UNIT',
  [NotificationKind.REPORT_MISSING]: 'UNIT_AND_PARENT',
  [NotificationKind.REOPEN_REQUESTED]: 'PARENT',
  [NotificationKind.REOPEN_GRANTED]: 'UNIT',
  [NotificationKind.REOPEN_REFUSED]: 'UNIT',
  [NotificationKind.QUARTER_CLOSED]: 'UNIT',
  [NotificationKind.ACCOUNT_LOCKED]: 'ADMINS',
};

/** The roles that act for a unit and are told about it (viewers are not; administrators only of ADMINS kinds). */
export const RECIPIENT_ROLES = ['WARD_STAFF', 'DISTRICT_STAFF', 'CITY_STAFF'] as const;
export const ADMIN_ROLES = ['CITY_ADMIN'] as const;

/** The roles told of a kind of `rule`, wherever its unit is. */
export function rolesOf(rule: RecipientRule): readonly string[] {
  return rule === 'ADMINS' ? ADMIN_ROLES : RECIPIENT_ROLES;
}

/** A unit a notification is about, as it stood on the day in question, and the council above it then. */
export interface NoticeUnit {
  code: string;
  /** Its identity (issue 14): staff are matched by it where both sides have one, by code otherwise (`isUsersUnit`). */
  unitId?: string | null;
  parentCode: string | null;
  parentUnitId?: string | null;
}

/** A unit whose staff are told. */
export interface RecipientUnit {
  code: string;
  unitId: string | null;
}

/** Who receives a notification of `rule` about `unit`: the units (code and identity), and the roles there that are told. */
export function recipientsOf(rule: RecipientRule, unit: NoticeUnit): { units: RecipientUnit[]; roles: readonly string[] } {
  const own = [{ code: unit.code, unitId: unit.unitId ?? null }];
  const parent = unit.parentCode ? [{ code: unit.parentCode, unitId: unit.parentUnitId ?? null }] : [];
  const units = rule === 'UNIT' || rule === 'ADMINS' ? own : rule === 'PARENT' ? parent : [...own, ...parent];
  return { units, roles: rolesOf(rule) };
}

/** The kinds an account of `role` can be told of (its preferences list these only). */
export function kindsFor(role: string): NotificationKind[] {
  return (Object.keys(NOTIFICATION_RECIPIENTS) as NotificationKind[]).filter((kind) =>
    rolesOf(NOTIFICATION_RECIPIENTS[kind]).includes(role),
  );
}
