import { NotificationKind } from '@council/core';

/**
 * Who is told of each kind, relative to the unit it is about: its own staff (UNIT), the staff of the council above
 * it — a commune's district, a district's city — (PARENT), or both. Nobody else: a unit's notifications never reach a
 * neighbour. Adding a kind: one line here, its words in libs/core (NOTIFICATION_TEXTS).
 */
export type RecipientRule = 'UNIT' | 'PARENT' | 'UNIT_AND_PARENT';

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
};

/** The roles that act for a unit and are told about it (viewers and administrators are not). */
export const RECIPIENT_ROLES = ['WARD_STAFF', 'DISTRICT_STAFF', 'CITY_STAFF'] as const;

/** The unit codes whose staff receive a notification of `rule` about `unit`. */
export function recipientUnits(rule: RecipientRule, unit: { code: string; parentCode: string | null }): string[] {
  const parent = unit.parentCode ? [unit.parentCode] : [];
  return rule === 'UNIT' ? [unit.code] : rule === 'PARENT' ? parent : [unit.code, ...parent];
}
