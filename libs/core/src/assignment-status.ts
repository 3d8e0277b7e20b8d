/**
 * The life of a directive assignment: PENDING → ACKNOWLEDGED → IN_PROGRESS →
 * COMPLETED. Steps may be skipped forwards (a unit may report work in progress
 * without acknowledging first), never taken back; COMPLETED is final.
 */
export enum AssignmentStatus {
  PENDING = 'PENDING',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}

const ORDER = [AssignmentStatus.PENDING, AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.COMPLETED];

export function canMoveAssignment(from: AssignmentStatus, to: AssignmentStatus): boolean {
  if (from === AssignmentStatus.COMPLETED) return false;
  return ORDER.indexOf(to) >= ORDER.indexOf(from);
}

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, { vi: string; en: string }> = {
  [AssignmentStatus.PENDING]: { vi: 'Chưa tiếp nhận', en: 'Pending' },
  [AssignmentStatus.ACKNOWLEDGED]: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  [AssignmentStatus.IN_PROGRESS]: { vi: 'Đang thực hiện', en: 'In progress' },
  [AssignmentStatus.COMPLETED]: { vi: 'Đã hoàn thành', en: 'Completed' },
};

/** Overdue: not completed, and its due day (Vietnam time) has passed. */
export function isOverdue(status: AssignmentStatus | string, dueDate: string, today: string): boolean {
  return status !== AssignmentStatus.COMPLETED && dueDate < today;
}
